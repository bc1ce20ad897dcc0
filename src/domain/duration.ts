// ISO-8601 durations (program cadences, pulse frequency) and pause durations. Calendar parts
// (years, months, weeks, days) move the local date in the person's time zone and keep the local
// time of day, so "P1D" across a DST change is still "same time tomorrow" and "P1M" from
// 31 January lands on the last day of February. Clock parts (hours, minutes, seconds) are
// elapsed time, added last.
import { daysInMonth, instantOf, wallClockAt } from './time-zone.ts';

export interface Duration {
  readonly years: number;
  readonly months: number;
  readonly weeks: number;
  readonly days: number;
  readonly hours: number;
  readonly minutes: number;
  readonly seconds: number;
}

export const ZERO_DURATION: Duration = Object.freeze({ years: 0, months: 0, weeks: 0, days: 0, hours: 0, minutes: 0, seconds: 0 });

export function duration(parts: Partial<Duration>): Duration {
  return { ...ZERO_DURATION, ...parts };
}

const ISO = /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

export type DurationResult = { readonly ok: true; readonly duration: Duration } | { readonly ok: false; readonly reason: 'duration.invalid' };

export function parseIsoDuration(text: string): DurationResult {
  const m = ISO.exec(text.trim().toUpperCase());
  if (!m) return { ok: false, reason: 'duration.invalid' };
  const n = (i: number): number => Number(m[i] ?? 0);
  return { ok: true, duration: { years: n(1), months: n(2), weeks: n(3), days: n(4), hours: n(5), minutes: n(6), seconds: n(7) } };
}

export function toIsoDuration(d: Duration): string {
  const date = `${d.years ? `${d.years}Y` : ''}${d.months ? `${d.months}M` : ''}${d.weeks ? `${d.weeks}W` : ''}${d.days ? `${d.days}D` : ''}`;
  const time = `${d.hours ? `${d.hours}H` : ''}${d.minutes ? `${d.minutes}M` : ''}${d.seconds ? `${d.seconds}S` : ''}`;
  const text = `P${date}${time ? `T${time}` : ''}`;
  return text === 'P' ? 'PT0S' : text;
}

export function addDuration(instant: Date, d: Duration, timeZone: string): Date {
  const wall = wallClockAt(instant, timeZone);
  const monthIndex = 12 * (wall.year + d.years) + wall.month - 1 + d.months;
  const year = Math.floor(monthIndex / 12);
  const month = (monthIndex - 12 * year) + 1;
  const day = Math.min(wall.day, daysInMonth(year, month));
  // Day arithmetic through a UTC date normalises overflow (e.g. 28 Feb + 3 days).
  const shifted = new Date(Date.UTC(year, month - 1, day + 7 * d.weeks + d.days));
  const calendarMoved = instantOf({
    ...wall, year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate(),
  }, timeZone);
  return new Date(calendarMoved.getTime() + ((d.hours * 60 + d.minutes) * 60 + d.seconds) * 1000);
}

// ---- pause durations ("2w", "1m", "10d", "3 semaines", "1 mois") ----

const PAUSE_UNITS: Record<string, 'days' | 'weeks' | 'months'> = {
  d: 'days', day: 'days', days: 'days', j: 'days', jour: 'days', jours: 'days',
  w: 'weeks', wk: 'weeks', wks: 'weeks', week: 'weeks', weeks: 'weeks', s: 'weeks', sem: 'weeks', semaine: 'weeks', semaines: 'weeks',
  m: 'months', mo: 'months', month: 'months', months: 'months', mois: 'months',
};

/** Longest allowed pause: no pause may silently become a forgotten pairing (SPEC §3). */
export const MAX_PAUSE: Duration = duration({ months: 6 });
const MAX_PAUSE_AMOUNT = { days: 183, weeks: 26, months: 6 } as const;
export const DEFAULT_PAUSE: Duration = duration({ weeks: 2 });

export type PauseDurationResult =
  | { readonly ok: true; readonly duration: Duration }
  | { readonly ok: false; readonly reason: 'pause.invalid' | 'pause.too_long' | 'pause.zero' };

export function parsePauseDuration(text: string): PauseDurationResult {
  const m = /^(\d{1,4})\s*([a-z]+)$/.exec(text.trim().toLowerCase());
  const unit = m ? PAUSE_UNITS[m[2] as string] : undefined;
  if (!m || !unit) return { ok: false, reason: 'pause.invalid' };
  const amount = Number(m[1]);
  if (amount === 0) return { ok: false, reason: 'pause.zero' };
  if (amount > MAX_PAUSE_AMOUNT[unit]) return { ok: false, reason: 'pause.too_long' };
  return { ok: true, duration: duration({ [unit]: amount }) };
}

export type PauseSpec =
  | { readonly kind: 'for'; readonly duration: Duration }
  /** Resume on this local date (YYYY-MM-DD), at the start of the day in the person's zone. */
  | { readonly kind: 'until'; readonly date: string };

export type PauseEndResult =
  | { readonly ok: true; readonly resumeAt: Date }
  | { readonly ok: false; readonly reason: 'pause.bad_date' | 'pause.not_in_future' | 'pause.too_long' };

export function isCalendarDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

/** When a pause asked for now ends, checked against MAX_PAUSE (with a day of slack for "until"). */
export function resolvePauseEnd(spec: PauseSpec, now: Date, timeZone: string): PauseEndResult {
  if (spec.kind === 'for') return { ok: true, resumeAt: addDuration(now, spec.duration, timeZone) };
  if (!isCalendarDate(spec.date)) return { ok: false, reason: 'pause.bad_date' };
  const [year, month, day] = spec.date.split('-').map(Number) as [number, number, number];
  const resumeAt = instantOf({ year, month, day, hour: 0, minute: 0, second: 0, millisecond: 0 }, timeZone);
  if (resumeAt.getTime() <= now.getTime()) return { ok: false, reason: 'pause.not_in_future' };
  const latest = addDuration(now, { ...MAX_PAUSE, days: 1 }, timeZone);
  if (resumeAt.getTime() > latest.getTime()) return { ok: false, reason: 'pause.too_long' };
  return { ok: true, resumeAt };
}
