// Working hours are answered in local time; overlap only makes sense in UTC. Offsets are taken
// on one reference day so a run is deterministic and DST is applied the same way to everyone.

export const DEFAULT_REFERENCE_DATE = '2026-03-02';
const DAY = 1440;

/** Minutes to add to UTC to get local time in `timeZone` at noon UTC of `date` (YYYY-MM-DD). */
export function utcOffsetMinutes(timeZone: string, date: string): number {
  const instant = Date.parse(`${date}T12:00:00Z`);
  if (Number.isNaN(instant)) throw new RangeError(`invalid reference date "${date}"`);
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
  }).formatToParts(new Date(instant));
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value);
  const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  return Math.round((local - instant) / 60_000);
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

function minutesOf(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

/** A working day as [start, start + length) in UTC minutes, start normalised to 0..1439. */
export interface UtcWindow {
  start: number;
  length: number;
}

export function toUtcWindow(hours: { start: string; end: string }, offsetMinutes: number): UtcWindow {
  const start = minutesOf(hours.start) - offsetMinutes;
  return { start: ((start % DAY) + DAY) % DAY, length: minutesOf(hours.end) - minutesOf(hours.start) };
}

/** Shared minutes of two daily windows on the 24-hour circle (a window may wrap past midnight UTC). */
export function overlapMinutes(a: UtcWindow, b: UtcWindow): number {
  let total = 0;
  for (let shift = -DAY; shift <= DAY; shift += DAY) {
    const from = Math.max(a.start, b.start + shift);
    const to = Math.min(a.start + a.length, b.start + b.length + shift);
    if (to > from) total += to - from;
  }
  return total;
}
