// Once both members accept: one group message introduces them with the agreement the article asks
// for (goals, cadence, session length, communication mode, confidentiality, how to end; see
// agreement.flow.ts), which each confirms there, and a first informal meeting to set up; the pair becomes active, its first check-ins are planned and a
// nudge is set in case the first meeting does not happen.
import { isSubDayCadence, workingMorning } from '../../domain/checkin-plan.ts';
import { parseIsoDuration } from '../../domain/duration.ts';
import type { Pair, Person } from '../../domain/model.ts';
import { getAgreement } from '../../db/repositories/agreement.repository.ts';
import { transitionPair } from '../../db/repositories/pair.repository.ts';
import { getProgram } from '../../db/repositories/program.repository.ts';
import type { Locale } from '../../ui/i18n/catalog.ts';
import { formatDayLong } from '../../ui/i18n/format.ts';
import { t } from '../../ui/i18n/t.ts';
import { card, type RichText } from '../../ui/model.ts';
import { bold, mention, paragraph, richText } from '../../ui/rich-text.ts';
import { localeOf } from '../actor.ts';
import { agreementButtons, termsSection } from './agreement-card.ts';
import { planNextCheckins } from './checkin-schedule.ts';
import type { ScheduledJob } from '../../ports/scheduler.ts';
import { pairRef, type BaseCtx } from '../context.ts';
import { pairById } from '../pair-members.ts';
import { sendFirstGuides } from './guide.flow.ts';
import { findTimeButtons } from './find-time.flow.ts';
import { noteFor } from '../program-note.ts';
import type { FlowModule } from '../registry.ts';

const FIRST_MEETING_NUDGE_MS = 5 * 86_400_000;

/** Accepted → active, with the intro, the first check-ins and the first-meeting nudge. */
export async function introducePair(ctx: BaseCtx, pair: Pair): Promise<Pair | undefined> {
  const active = await transitionPair(ctx.db, pair.id, { from: ['accepted'], to: 'active', patch: { activated_at: ctx.now }, actorId: null, at: ctx.now });
  if (!active) return undefined;
  await ctx.notify({
    workspaceId: pair.workspaceId, kind: 'pair.intro', to: { kind: 'group', personIds: [pair.menteeId, pair.mentorId] },
    key: `pair.intro:${pair.id}`, payload: { matchId: pair.id }, matchId: pair.id,
  });
  await sendFirstGuides(ctx, active);
  await planNextCheckins(ctx, active);
  const program = await getProgram(ctx.db, pair.programId);
  ctx.later(firstMeetingNudgeJob(pair.id, ctx.now, program?.settings.checkinCadence ?? 'P1M'));
  return active;
}

/** The first-meeting nudge of a pair activated at `activatedAt` (also rebuilt by reconciliation). */
export function firstMeetingNudgeJob(matchId: string, activatedAt: Date, checkinCadence: string): ScheduledJob {
  const cadence = parseIsoDuration(checkinCadence);
  // A demo program on a seconds-long cadence gets its nudge within the demo too, two periods in
  // so that the first check-in has had the chance to report a meeting.
  const delay = cadence.ok && isSubDayCadence(cadence.duration)
    ? 2 * ((cadence.duration.hours * 60 + cadence.duration.minutes) * 60 + cadence.duration.seconds) * 1000
    : FIRST_MEETING_NUDGE_MS;
  return { name: 'pair.first_meeting_nudge', key: `pair.first_meeting_nudge:${matchId}`, runAt: new Date(activatedAt.getTime() + delay), payload: { matchId } };
}

function introSections(locale: Locale, pair: Pair, input: { programName: string; sessionMinutes: number; firstMeeting: string; agreement: RichText; note?: string }): RichText[] {
  return [
    richText(paragraph(mention(pair.menteeId), ' ', t(locale, 'pair.intro.meet'), ' ', mention(pair.mentorId), t(locale, 'pair.intro.program', { program: input.programName }))),
    richText(paragraph(bold(t(locale, 'pair.intro.first_heading'))), paragraph(t(locale, 'pair.intro.first_body', { minutes: input.sessionMinutes, date: input.firstMeeting }))),
    input.agreement,
    richText(t(locale, 'agreement.ask')),
    ...(input.note ? [richText(paragraph(bold(t(locale, 'pair.intro.note_heading'))), paragraph(input.note))] : []),
  ];
}

export const introFlow: FlowModule = {
  compose: {
    'pair.intro': async (ctx, delivery, recipients: readonly Person[], reader?: Person) => {
      const pair = await pairById(ctx.db, delivery.payload.matchId);
      const program = pair && await getProgram(ctx.db, pair.programId);
      if (!pair || !program || !['active', 'paused'].includes(pair.state)) return undefined;
      const mentee = recipients.find((p) => p.id === pair.menteeId) ?? recipients[0];
      const zone = mentee?.timezone ?? 'UTC';
      const firstMeetingAt = workingMorning(new Date(ctx.now.getTime() + 3 * 86_400_000), zone);
      const agreement = await getAgreement(ctx.db, pair.id);
      // One message for both: written in each of their languages when they differ (a personal
      // copy, on Teams, in its reader's only).
      const locales = [...new Set((reader ? [reader] : recipients).map(localeOf))];
      const sections: RichText[] = [];
      for (const locale of locales) {
        sections.push(...introSections(locale, pair, {
          programName: program.name, sessionMinutes: program.settings.sessionMinutes, firstMeeting: formatDayLong(locale, firstMeetingAt, zone),
          agreement: await termsSection(ctx.db, pair, agreement, locale, zone), ...noteFor(program.settings.introNote, locale, locales.length),
        }));
      }
      const title = locales.map((locale) => t(locale, 'pair.intro.title')).join(' · ');
      // The agreement's buttons are signed for the pair: either member confirms on the shared message.
      const locale = locales[0] ?? 'en';
      const actions = [
        ...(agreement ? agreementButtons(locale, pair, agreement.version, (kind, subjects) => pairRef(ctx, pair.id, kind, subjects)) : []),
        ...findTimeButtons(ctx, locale, pair),
      ];
      return card({ header: { title, subtitle: program.name }, sections, actions });
    },
  },
};
