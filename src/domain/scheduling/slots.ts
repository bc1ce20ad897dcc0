// Three meeting times both members can make: inside both working windows in their own time zones,
// clear of what their calendars (or their other booked meetings) say is busy, not in the past and
// spread over different days when possible. Everything is computed on instants and read back as
// each person's wall clock through Intl, so a session on the day clocks change lasts its real
// length and never leaves anyone's working hours.
import { wallClockAt } from '../time-zone.ts';
import type { WorkingHours } from './working-hours.ts';

export interface Interval {
  readonly start: Date;
  readonly end: Date;
}

export interface SlotSearch {
  readonly people: readonly WorkingHours[];
  readonly durationMinutes: number;
  readonly now: Date;
  /** Busy times of anyone (calendar free/busy, other booked meetings). */
  readonly busy?: readonly Interval[];
  /** How many times to offer. */
  readonly count?: number;
  /** Earliest start, as a delay from now: time to pick and to prepare. */
  readonly leadMinutes?: number;
  /** How far ahead to look. */
  readonly horizonDays?: number;
}

const STEP_MS = 15 * 60_000;
/** Starts fall on the half hour in the first person's time zone. */
const ALIGN_MINUTES = 30;
export const DEFAULT_LEAD_MINUTES = 4 * 60;
export const DEFAULT_HORIZON_DAYS = 14;

/** ISO weekday of a wall-clock date (1 = Monday). */
function isoWeekday(year: number, month: number, day: number): number {
  const d = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return d === 0 ? 7 : d;
}

/** True when [start, end) lies inside one working day of this person. */
export function insideWorkingHours(hours: WorkingHours, start: Date, end: Date): boolean {
  const a = wallClockAt(start, hours.timeZone);
  // The end instant itself is excluded, so read the last minute of the meeting.
  const b = wallClockAt(new Date(end.getTime() - 60_000), hours.timeZone);
  if (a.year !== b.year || a.month !== b.month || a.day !== b.day) return false;
  if (!hours.days.has(isoWeekday(a.year, a.month, a.day))) return false;
  const startMin = a.hour * 60 + a.minute;
  const lastMin = b.hour * 60 + b.minute;
  return startMin >= hours.startMin && lastMin + 1 <= hours.endMin && lastMin >= startMin;
}

const overlaps = (a: Interval, b: Interval) => a.start < b.end && b.start < a.end;

/** Every possible start in the horizon, in time order (used by findSlots and to re-check a pick). */
export function candidateStarts(search: SlotSearch): Interval[] {
  const durationMs = search.durationMinutes * 60_000;
  const from = search.now.getTime() + (search.leadMinutes ?? DEFAULT_LEAD_MINUTES) * 60_000;
  const until = search.now.getTime() + (search.horizonDays ?? DEFAULT_HORIZON_DAYS) * 86_400_000;
  const anchor = search.people[0]?.timeZone ?? 'UTC';
  const out: Interval[] = [];
  for (let t = Math.ceil(from / STEP_MS) * STEP_MS; t + durationMs <= until; t += STEP_MS) {
    const start = new Date(t);
    if (wallClockAt(start, anchor).minute % ALIGN_MINUTES !== 0) continue;
    const end = new Date(t + durationMs);
    if (search.people.every((p) => insideWorkingHours(p, start, end))) out.push({ start, end });
  }
  return out;
}

/** True when the slot is still possible: ahead of now, in everyone's hours and clear of `busy`. */
export function slotStillFree(slot: Interval, people: readonly WorkingHours[], busy: readonly Interval[], now: Date): boolean {
  return slot.start > now && people.every((p) => insideWorkingHours(p, slot.start, slot.end)) && !busy.some((b) => overlaps(b, slot));
}

export function findSlots(search: SlotSearch): Interval[] {
  const count = search.count ?? 3;
  const busy = search.busy ?? [];
  const free = candidateStarts(search).filter((slot) => !busy.some((b) => overlaps(b, slot)));
  const anchor = search.people[0]?.timeZone ?? 'UTC';
  const dayOf = (d: Date) => { const w = wallClockAt(d, anchor); return `${w.year}-${w.month}-${w.day}`; };
  // One per day first (the day's first free time in the late morning if there is one, when people
  // are settled in), then fill from what is left in time order.
  const chosen: Interval[] = [];
  const days = new Map<string, Interval[]>();
  for (const slot of free) {
    const key = dayOf(slot.start);
    days.set(key, [...(days.get(key) ?? []), slot]);
  }
  for (const slots of days.values()) {
    if (chosen.length >= count) break;
    const preferred = slots.find((s) => wallClockAt(s.start, anchor).hour >= 10) ?? slots[0]!;
    chosen.push(preferred);
  }
  for (const slot of free) {
    if (chosen.length >= count) break;
    if (!chosen.some((c) => overlaps(c, slot))) chosen.push(slot);
  }
  return chosen.sort((a, b) => a.start.getTime() - b.start.getTime());
}
