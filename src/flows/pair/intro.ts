// Once both members accept: one group message introduces them with the charter the article asks
// for (goals, cadence, session length, communication mode, confidentiality) and a first
// informal meeting to set up; the pair becomes active, its first check-ins are planned and a
// nudge is set in case the first meeting does not happen.
import { isSubDayCadence, workingMorning } from '../../domain/checkin-plan.ts';
import { parseIsoDuration } from '../../domain/duration.ts';
import type { Pair, Person } from '../../domain/model.ts';
import { COMMUNICATION_MODES } from '../../domain/survey-answers.ts';
import { findEnrollment } from '../../db/repositories/enrollment.repository.ts';
import { transitionPair } from '../../db/repositories/pair.repository.ts';
import { getProgram } from '../../db/repositories/program.repository.ts';
import type { Locale } from '../../ui/i18n/catalog.ts';
import { formatDayLong, formatList } from '../../ui/i18n/format.ts';
import { t } from '../../ui/i18n/t.ts';
import { card, type RichText } from '../../ui/model.ts';
import { bold, bullets, mention, paragraph, richText } from '../../ui/rich-text.ts';
import { localeOf } from '../actor.ts';
import { cadenceText } from './cadence-text.ts';
import { planNextCheckins } from './checkin-schedule.ts';
import type { ScheduledJob } from '../../ports/scheduler.ts';
import type { BaseCtx } from '../context.ts';
import { pairById } from '../pair-members.ts';
import { sendFirstGuides } from './guide.flow.ts';
import { findTimeButtons } from './find-time.flow.ts';
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

/** A mode inside the charter's sentence: "by video call", « en visioconférence » (not the survey's capitalised option). */
function modePhrase(locale: Locale, mode: string): string {
  return mode === 'video' ? t(locale, 'reason.mode.video') : mode === 'phone' ? t(locale, 'reason.mode.phone') : t(locale, 'reason.mode.in_person');
}

async function sharedModes(ctx: BaseCtx, pair: Pair): Promise<string[]> {
  const mentee = await findEnrollment(ctx.db, pair.roundId, pair.menteeId, 'mentee');
  const mentor = await findEnrollment(ctx.db, pair.roundId, pair.mentorId, 'mentor');
  const modes = (answers: Record<string, unknown> | null | undefined): string[] => (Array.isArray(answers?.modes) ? answers.modes as string[] : [...COMMUNICATION_MODES]);
  const theirs = modes(mentor?.answers);
  return modes(mentee?.answers).filter((m) => theirs.includes(m));
}

function introSections(locale: Locale, pair: Pair, input: { programName: string; cadence: string; sessionMinutes: number; modes: string[]; firstMeeting: string; note?: string }): RichText[] {
  const modes = input.modes.length > 0 ? formatList(locale, input.modes.map((m) => modePhrase(locale, m))) : t(locale, 'pair.intro.mode_any');
  return [
    richText(paragraph(mention(pair.menteeId), ' ', t(locale, 'pair.intro.meet'), ' ', mention(pair.mentorId), t(locale, 'pair.intro.program', { program: input.programName }))),
    richText(paragraph(bold(t(locale, 'pair.intro.first_heading'))), paragraph(t(locale, 'pair.intro.first_body', { minutes: input.sessionMinutes, date: input.firstMeeting }))),
    richText(paragraph(bold(t(locale, 'pair.intro.charter_heading'))), bullets(
      t(locale, 'pair.intro.charter_goals'),
      t(locale, 'pair.intro.charter_cadence', { cadence: cadenceText(locale, input.cadence) }),
      t(locale, 'pair.intro.charter_session', { minutes: input.sessionMinutes }),
      t(locale, 'pair.intro.charter_mode', { modes }),
      t(locale, 'pair.intro.charter_confidential'),
    )),
    ...(input.note ? [richText(paragraph(bold(t(locale, 'pair.intro.note_heading'))), paragraph(input.note))] : []),
  ];
}

/** The program's note in the reader's language; in the other one when it is the only language of the message. */
function noteFor(note: { en?: string; fr?: string } | undefined, locale: Locale, languages: number): { note?: string } {
  const text = note?.[locale] ?? (languages === 1 ? note?.[locale === 'en' ? 'fr' : 'en'] : undefined);
  return text ? { note: text } : {};
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
      const modes = await sharedModes(ctx, pair);
      // One message for both: written in each of their languages when they differ (a personal
      // copy, on Teams, in its reader's only).
      const locales = [...new Set((reader ? [reader] : recipients).map(localeOf))];
      const sections = locales.flatMap((locale) => introSections(locale, pair, {
        programName: program.name, cadence: program.settings.checkinCadence, sessionMinutes: program.settings.sessionMinutes,
        modes, firstMeeting: formatDayLong(locale, firstMeetingAt, zone),
        ...noteFor(program.settings.introNote, locale, locales.length),
      }));
      const title = locales.map((locale) => t(locale, 'pair.intro.title')).join(' · ');
      return card({ header: { title, subtitle: program.name }, sections, actions: findTimeButtons(ctx, locales[0] ?? 'en', pair) });
    },
  },
};
