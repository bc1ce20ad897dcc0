// `pause [2w|1m|until DATE]` and `resume` (SPEC §3): a time-boxed pause of the person's active
// pairs, at most six months, the partner told politely. A 'pause.resume' job ends it on time with
// a notice to both, so no pause is ever forgotten; `resume` ends it early and the job then finds
// nothing to do. Check-ins that fall due during the pause are skipped (checkin-schedule.ts).
import { resolvePauseEnd } from '../../domain/duration.ts';
import type { Pair } from '../../domain/model.ts';
import { transitionPair } from '../../db/repositories/pair.repository.ts';
import { pauseErrorText } from '../../ui/command-help.ts';
import { formatDateTime } from '../../ui/i18n/format.ts';
import { message } from '../../ui/model.ts';
import { mention, paragraph, richText } from '../../ui/rich-text.ts';
import { planNextCheckins } from './checkin-schedule.ts';
import type { BaseCtx } from '../context.ts';
import { reply, type Effect } from '../effects.ts';
import { myPairs } from '../my-pairs.ts';
import { pairById, partnerOf, readerOf } from '../pair-members.ts';
import type { FlowModule } from '../registry.ts';

const text = (body: string): Effect => reply(message(richText(body)));

/** Paused → active, with a notice to the members named; the caller says who gets one. */
async function resumePair(ctx: BaseCtx, pair: Pair, actorId: string | null, tell: readonly string[]): Promise<Pair | undefined> {
  const resumed = await transitionPair(ctx.db, pair.id, { from: ['paused'], to: 'active', patch: { paused_until: null }, actorId, at: ctx.now });
  if (!resumed) return undefined;
  for (const personId of tell) {
    await ctx.notify({
      workspaceId: pair.workspaceId, kind: 'pair.resumed', to: { kind: 'person', personId },
      key: `pair.resumed:${pair.id}:${ctx.now.getTime()}:${personId}`, payload: { matchId: pair.id, auto: actorId === null }, matchId: pair.id,
    });
  }
  await planNextCheckins(ctx, resumed);
  return resumed;
}

export const pauseFlow: FlowModule = {
  commands: {
    pause: async (ctx, command) => {
      const end = resolvePauseEnd(command.pause, ctx.now, ctx.person.timezone);
      if (!end.ok) return [text(pauseErrorText(ctx.locale, end.reason))];
      const pairs = await myPairs(ctx, ['active']);
      let paused = 0;
      for (const pair of pairs) {
        // Paused (or ended) by the partner at the same moment: not this pause's to announce.
        if (!(await transitionPair(ctx.db, pair.id, { from: ['active'], to: 'paused', patch: { paused_until: end.resumeAt }, actorId: ctx.person.id, at: ctx.now }))) continue;
        paused += 1;
        await ctx.notify({
          workspaceId: pair.workspaceId, kind: 'pair.paused', to: { kind: 'person', personId: partnerOf(pair, ctx.person.id) },
          key: `pair.paused:${pair.id}:${ctx.now.getTime()}`, payload: { matchId: pair.id, by: ctx.person.id }, matchId: pair.id,
        });
        ctx.later({ name: 'pause.resume', key: `pause.resume:${pair.id}`, runAt: end.resumeAt, payload: { matchId: pair.id } });
      }
      if (paused === 0) return [text(ctx.t('pause.no_active'))];
      return [text(ctx.t('pause.done', { date: formatDateTime(ctx.locale, end.resumeAt, ctx.person.timezone) }))];
    },
    resume: async (ctx) => {
      const pairs = await myPairs(ctx, ['paused']);
      if (pairs.length === 0) return [text(ctx.t('pause.nothing_to_resume'))];
      for (const pair of pairs) await resumePair(ctx, pair, ctx.person.id, [partnerOf(pair, ctx.person.id)]);
      return [text(ctx.t('pause.resumed_now'))];
    },
  },
  jobs: {
    'pause.resume': async (ctx, payload) => {
      const pair = await pairById(ctx.db, payload.matchId);
      // Resumed early, paused again until later, or ended: this run has nothing to do.
      if (!pair || pair.state !== 'paused' || !pair.pausedUntil || pair.pausedUntil > ctx.now) return;
      await resumePair(ctx, pair, null, [pair.menteeId, pair.mentorId]);
    },
  },
  compose: {
    'pair.paused': async (ctx, delivery, recipients) => {
      const pair = await pairById(ctx.db, delivery.payload.matchId);
      const reader = recipients[0];
      if (!pair || !reader || pair.state !== 'paused' || !pair.pausedUntil) return undefined;
      const { t, locale, timeZone } = readerOf(reader);
      return message(richText(paragraph(mention(partnerOf(pair, reader.id)), ' ', t('pause.partner_paused', { date: formatDateTime(locale, pair.pausedUntil, timeZone) }))));
    },
    'pair.resumed': async (ctx, delivery, recipients) => {
      const pair = await pairById(ctx.db, delivery.payload.matchId);
      const reader = recipients[0];
      if (!pair || !reader || pair.state !== 'active') return undefined;
      const { t } = readerOf(reader);
      const body = delivery.payload.auto === true ? t('pause.auto_resumed') : t('pause.partner_resumed');
      return message(richText(paragraph(body, ' ', mention(partnerOf(pair, reader.id)))));
    },
  },
};
