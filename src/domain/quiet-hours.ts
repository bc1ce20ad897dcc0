// Quiet hours for late prompts. Prompts are planned for about 10:00 on a working day in each
// person's time zone; one that goes out late (an outage, a backlog, a platform rate limit) could
// land in the middle of their night. A prompt is held for the recipient's next working morning when:
// - it is late: more than QUIET_LATE_MS after its planned time, and
// - the recipient's local time is outside their working day: their own hours and weekdays when they
//   gave them (people.work_start_min, work_end_min, work_days), else before 08:00, from 19:00, or a
//   weekend; for a message to several people, outside the working day of any of them.
// A prompt on time is never held (a program with a sub-day demo cadence keeps its rhythm), and
// what a person asked for themselves (replies, forms) never goes through here.
import { workingMorning } from './checkin-plan.ts';
import { isoWeekday, isWithinWorkingHours, ownWorkingHours, type WorkingHours } from './profile.ts';
import { instantOf, wallClockAt } from './time-zone.ts';

/** Later than this after its planned time, a prompt counts as delayed. */
export const QUIET_LATE_MS = 30 * 60_000;
/** The local working day a delayed prompt may arrive in: [08:00, 19:00), Monday to Friday. */
export const WORKDAY_START_HOUR = 8;
export const WORKDAY_END_HOUR = 19;

/** The message kinds scheduled for people by the bot's timers (not answers to their own actions). */
export const QUIET_KINDS: ReadonlySet<string> = new Set([
  'checkin.prompt', 'checkin.missed', 'pulse.prompt', 'circle.pulse', 'survey.reminder', 'proposal.reminder', 'lead.digest', 'pair.closing_reminder', 'shortlist.reminder',
]);

/**
 * A person's working hours as stored on `people` (work_start_min, work_end_min: minutes after local
 * midnight, [start, end); work_days: ISO weekday digits, '12345' = Monday to Friday). Any of them
 * unset, or out of range, means the default working day above.
 */
export interface WorkHours {
  readonly startMin: number | null;
  readonly endMin: number | null;
  readonly days: string | null;
}

/** Who a late prompt is for: their zone and, when they gave them, their working hours. */
export interface QuietRecipient {
  readonly timezone: string;
  readonly workHours?: WorkHours | undefined;
}

/** Working hours, and whether they are the person's own (else the default quiet-hours day below). */
interface WorkWindow extends WorkingHours { readonly own: boolean }

const DEFAULT_WINDOW: WorkWindow = { startMin: WORKDAY_START_HOUR * 60, endMin: WORKDAY_END_HOUR * 60, days: [1, 2, 3, 4, 5], own: false };
/** Group messages look this far ahead for a time that is working time for all recipients. */
const COMMON_TIME_DAYS = 7;
const STEP_MS = 15 * 60_000;
const DAY_MS = 24 * 3_600_000;

function windowOf(hours: WorkHours | undefined): WorkWindow {
  const own = hours && ownWorkingHours({ work_start_min: hours.startMin, work_end_min: hours.endMin, work_days: hours.days });
  return own ? { ...own, own: true } : DEFAULT_WINDOW;
}

export function isWorkingTime(instant: Date, timeZone: string, hours?: WorkHours): boolean {
  return isWithinWorkingHours(windowOf(hours), timeZone, instant);
}

/**
 * The recipient's next working morning after `now`: with the default day, 10:00 local (Monday
 * after a weekend); with their own hours, two hours into their next working window (half-way
 * into a shorter one).
 */
function nextMorning(now: Date, recipient: QuietRecipient): Date {
  const window = windowOf(recipient.workHours);
  const { timezone } = recipient;
  if (!window.own) {
    const today = workingMorning(now, timezone);
    return today > now ? today : workingMorning(new Date(now.getTime() + DAY_MS), timezone);
  }
  const into = Math.min(120, Math.floor((window.endMin - window.startMin) / 2));
  for (let d = 0; d <= 8; d += 1) {
    const wall = wallClockAt(new Date(now.getTime() + d * DAY_MS), timezone);
    if (!window.days.includes(isoWeekday(wall.year, wall.month, wall.day))) continue;
    const minute = window.startMin + into;
    const at = instantOf({ year: wall.year, month: wall.month, day: wall.day, hour: Math.floor(minute / 60), minute: minute % 60, second: 0, millisecond: 0 }, timezone);
    if (at > now) return at;
  }
  return new Date(now.getTime() + DAY_MS);
}

/**
 * When a prompt of `kind` planned for `plannedAt` may go out: undefined for now, or later.
 * - One recipient (or a time zone alone): their next working morning, when it is late and outside
 *   their working time.
 * - Several (a group message): when it is late and outside the working time of any of them, the
 *   first quarter hour within the next 7 days that is working time for all of them; when there is
 *   none (working days or hours that never meet), the first recipient's own next working morning.
 */
export function quietHoldUntil(kind: string, plannedAt: Date, now: Date, to: string | QuietRecipient | readonly QuietRecipient[]): Date | undefined {
  if (!QUIET_KINDS.has(kind)) return undefined;
  if (now.getTime() - plannedAt.getTime() <= QUIET_LATE_MS) return undefined;
  const recipients: readonly QuietRecipient[] = typeof to === 'string' ? [{ timezone: to }] : 'timezone' in to ? [to as QuietRecipient] : to as readonly QuietRecipient[];
  if (recipients.length === 0) return undefined;
  const windows = recipients.map((r) => ({ timezone: r.timezone, window: windowOf(r.workHours) }));
  const allWorking = (instant: Date) => windows.every((w) => isWithinWorkingHours(w.window, w.timezone, instant));
  if (allWorking(now)) return undefined;
  if (recipients.length === 1) return nextMorning(now, recipients[0]!);
  const first = Math.ceil((now.getTime() + 1) / STEP_MS) * STEP_MS;
  for (let t = first; t <= now.getTime() + COMMON_TIME_DAYS * DAY_MS; t += STEP_MS) {
    if (allWorking(new Date(t))) return new Date(t);
  }
  return nextMorning(now, recipients[0]!);
}
