// A few days after the intro, a friendly nudge to both members if nobody has reported a first
// meeting yet (SPEC §6). A check-in answered "met: yes" dates the first meeting (checkin.flow.ts).
import { listCheckins } from '../../db/repositories/checkin.repository.ts';
import { t } from '../../ui/i18n/t.ts';
import { message } from '../../ui/model.ts';
import { richText } from '../../ui/rich-text.ts';
import { localeOf } from '../actor.ts';
import { pairById } from '../pair-members.ts';
import type { FlowModule } from '../registry.ts';
import { askChemistry } from './chemistry.ts';

export const firstMeetingFlow: FlowModule = {
  jobs: {
    'pair.first_meeting_nudge': async (ctx, payload) => {
      const pair = await pairById(ctx.db, payload.matchId);
      if (!pair || pair.state !== 'active' || pair.firstMeetingAt) return;
      if ((await listCheckins(ctx.db, pair.id)).some((c) => c.met === 'yes')) return;
      await ctx.notify({
        workspaceId: pair.workspaceId, kind: 'pair.first_meeting_nudge', to: { kind: 'group', personIds: [pair.menteeId, pair.mentorId] },
        key: `pair.first_meeting_nudge:${pair.id}`, payload: { matchId: pair.id }, matchId: pair.id,
      });
      // The first meeting's deadline has passed without one: the chemistry check asks now.
      await askChemistry(ctx, pair);
    },
  },
  compose: {
    'pair.first_meeting_nudge': async (ctx, delivery, recipients, reader) => {
      const pair = await pairById(ctx.db, delivery.payload.matchId);
      if (!pair || pair.state !== 'active' || pair.firstMeetingAt) return undefined;
      const locales = [...new Set((reader ? [reader] : recipients).map(localeOf))];
      return message(richText(...locales.map((locale) => t(locale, 'pair.first_meeting_nudge'))));
    },
  },
};
