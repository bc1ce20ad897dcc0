// When each check-in of a pair falls due (SPEC §6): every period of the program's cadence after
// the pair became active, at about 10:00 on a working day in the member's own time zone, so a
// prompt never lands at night or on a weekend. Demo cadences shorter than a day keep their raw
// rhythm: rounding them to a morning would collapse every period onto the same instant.
import { addDuration, parseIsoDuration, type Duration } from './duration.ts';
import { instantOf, wallClockAt } from './time-zone.ts';

export const CHECKIN_LOCAL_HOUR = 10;
const DAY_MS = 86_400_000;

export interface CheckinPlanInput {
  /** The program's cadence, an ISO-8601 duration (P1M, P2W, PT30S). */
  readonly cadence: string;
  /** When the pair became active: period 1 is one cadence after it. */
  readonly activatedAt: Date;
  /** 1-based period index. */
  readonly period: number;
  /** The member's IANA time zone. */
  readonly timeZone: string;
}

export type CheckinPlanError = 'checkin_plan.invalid_cadence' | 'checkin_plan.invalid_period';

const clockMs = (d: Duration): number => ((d.hours * 60 + d.minutes) * 60 + d.seconds) * 1000;
const hasCalendarPart = (d: Duration): boolean => d.years + d.months + d.weeks + d.days > 0;

/** Cadences under a day (demos) skip the 10:00-on-a-working-day rule. */
export function isSubDayCadence(d: Duration): boolean {
  return !hasCalendarPart(d) && clockMs(d) < DAY_MS;
}

function times(d: Duration, n: number): Duration {
  return {
    years: d.years * n, months: d.months * n, weeks: d.weeks * n, days: d.days * n,
    hours: d.hours * n, minutes: d.minutes * n, seconds: d.seconds * n,
  };
}

/** 10:00 local on the day of `instant`, moved to Monday when that day is a Saturday or Sunday. */
export function workingMorning(instant: Date, timeZone: string): Date {
  const wall = wallClockAt(instant, timeZone);
  const weekday = new Date(Date.UTC(wall.year, wall.month - 1, wall.day)).getUTCDay();
  const shift = weekday === 6 ? 2 : weekday === 0 ? 1 : 0;
  const day = new Date(Date.UTC(wall.year, wall.month - 1, wall.day + shift));
  return instantOf({
    year: day.getUTCFullYear(), month: day.getUTCMonth() + 1, day: day.getUTCDate(),
    hour: CHECKIN_LOCAL_HOUR, minute: 0, second: 0, millisecond: 0,
  }, timeZone);
}

export type CheckinDueResult = { readonly ok: true; readonly dueAt: Date } | { readonly ok: false; readonly reason: CheckinPlanError };

export function checkinDueAt(input: CheckinPlanInput): CheckinDueResult {
  const parsed = parseIsoDuration(input.cadence);
  if (!parsed.ok || (clockMs(parsed.duration) === 0 && !hasCalendarPart(parsed.duration))) return { ok: false, reason: 'checkin_plan.invalid_cadence' };
  if (!Number.isInteger(input.period) || input.period < 1) return { ok: false, reason: 'checkin_plan.invalid_period' };
  const cadence = parsed.duration;
  if (isSubDayCadence(cadence)) return { ok: true, dueAt: new Date(input.activatedAt.getTime() + clockMs(cadence) * input.period) };
  // Multiplying the cadence (rather than adding it n times) keeps "P1M" from drifting after a short month.
  const nominal = addDuration(input.activatedAt, times(cadence, input.period), input.timeZone);
  return { ok: true, dueAt: workingMorning(nominal, input.timeZone) };
}

/** Longest run of periods skipped at once (a six-month pause on a daily cadence stays well under it). */
const MAX_SKIPPED_PERIODS = 1000;

export type NextSlotResult = { readonly ok: true; readonly period: number; readonly dueAt: Date } | { readonly ok: false; readonly reason: CheckinPlanError | 'checkin_plan.no_slot' };

/**
 * The first period from `fromPeriod` on whose due time is after `notBefore`: periods that fell
 * inside a pause are skipped rather than prompted late.
 */
export function nextCheckinSlot(input: Omit<CheckinPlanInput, 'period'> & { readonly fromPeriod: number; readonly notBefore: Date }): NextSlotResult {
  for (let period = Math.max(1, input.fromPeriod); period < input.fromPeriod + MAX_SKIPPED_PERIODS; period += 1) {
    const due = checkinDueAt({ ...input, period });
    if (!due.ok) return due;
    if (due.dueAt.getTime() > input.notBefore.getTime()) return { ok: true, period, dueAt: due.dueAt };
  }
  return { ok: false, reason: 'checkin_plan.no_slot' };
}

/** How long an unanswered prompt waits before it counts as missed: half a period, at most 7 days. */
export function missedGraceMs(cadence: string, dueAt: Date, timeZone: string): number {
  const parsed = parseIsoDuration(cadence);
  const period = parsed.ok ? addDuration(dueAt, parsed.duration, timeZone).getTime() - dueAt.getTime() : 7 * DAY_MS;
  return Math.max(1000, Math.min(7 * DAY_MS, Math.floor(period / 2)));
}
