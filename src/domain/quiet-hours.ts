// Quiet hours for late prompts. Prompts are planned for about 10:00 on a working day in each
// person's time zone; one that goes out late (an outage, a backlog, a platform rate limit) could
// land in the middle of their night. A prompt is held for the recipient's next working morning when:
// - it is late: more than QUIET_LATE_MS after its planned time, and
// - the recipient's local time is outside the working day: before 08:00, from 19:00, or a weekend.
// A prompt on time is never held (a program with a sub-day demo cadence keeps its rhythm), and
// what a person asked for themselves (replies, forms) never goes through here.
import { workingMorning } from './checkin-plan.ts';
import { wallClockAt } from './time-zone.ts';

/** Later than this after its planned time, a prompt counts as delayed. */
export const QUIET_LATE_MS = 30 * 60_000;
/** The local working day a delayed prompt may arrive in: [08:00, 19:00), Monday to Friday. */
export const WORKDAY_START_HOUR = 8;
export const WORKDAY_END_HOUR = 19;

/** The message kinds scheduled for people by the bot's timers (not answers to their own actions). */
export const QUIET_KINDS: ReadonlySet<string> = new Set([
  'checkin.prompt', 'checkin.missed', 'pulse.prompt', 'survey.reminder', 'proposal.reminder', 'lead.digest',
]);

export function isWorkingTime(instant: Date, timeZone: string): boolean {
  const wall = wallClockAt(instant, timeZone);
  const weekday = new Date(Date.UTC(wall.year, wall.month - 1, wall.day)).getUTCDay();
  return weekday >= 1 && weekday <= 5 && wall.hour >= WORKDAY_START_HOUR && wall.hour < WORKDAY_END_HOUR;
}

/**
 * When a prompt of `kind` planned for `plannedAt` may go out to a person in `timeZone`: undefined
 * for now, or the recipient's next working morning (10:00 local, Monday after a weekend).
 */
export function quietHoldUntil(kind: string, plannedAt: Date, now: Date, timeZone: string): Date | undefined {
  if (!QUIET_KINDS.has(kind)) return undefined;
  if (now.getTime() - plannedAt.getTime() <= QUIET_LATE_MS) return undefined;
  if (isWorkingTime(now, timeZone)) return undefined;
  const today = workingMorning(now, timeZone);
  return today > now ? today : workingMorning(new Date(now.getTime() + 24 * 3_600_000), timeZone);
}
