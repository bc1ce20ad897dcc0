// A pair's meeting as "Find a time" keeps it (migrations/2026-12-08T11-00_meetings.ts), and the
// occurrences of a series: the RRULE shapes recurrenceRule writes, stepped in the meeting's own
// time zone so each occurrence keeps its local hour.
import { daysInMonth, instantOf, wallClockAt } from '../time-zone.ts';
import type { Interval } from './slots.ts';

export type CalendarSource = 'ics' | 'microsoft' | 'google';
export type MeetingState = 'offered' | 'booking' | 'booked' | 'superseded' | 'cancelled' | 'cancel_pending';

export interface Meeting {
  /** Exactly one is set: the pair's meeting, or a flash session's. */
  id: string; workspaceId: string; matchId: string | null; flashSessionId: string | null; state: MeetingState;
  slots: Interval[]; picks: Record<string, number>; recurring: boolean;
  startsAt: Date | null; endsAt: Date | null; timeZone: string; rrule: string | null;
  slotSource: CalendarSource; provider: CalendarSource | null; externalIds: Record<string, string>; joinUrl: string | null;
  icsUid: string; icsSequence: number; fallback: string | null;
  requestedBy: string | null; chosenBy: string | null; createdAt: Date; bookedAt: Date | null;
}

const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

/** The local date of the n-th (or last, -1) given weekday of a month. */
function nthWeekday(year: number, month: number, weekday: number, nth: number): number {
  const firstIso = (new Date(Date.UTC(year, month - 1, 1)).getUTCDay() + 6) % 7;
  const first = 1 + ((weekday - firstIso + 7) % 7);
  if (nth > 0) return first + (nth - 1) * 7;
  let day = first;
  while (day + 7 <= daysInMonth(year, month)) day += 7;
  return day;
}

/** Start of occurrence number `k` (0 = the first meeting) of a series, or undefined past its end. */
function occurrence(start: Date, timeZone: string, rule: Record<string, string>, k: number): Date | undefined {
  const w = wallClockAt(start, timeZone);
  const interval = Number(rule.INTERVAL ?? '1') * k;
  let wall: typeof w;
  switch (rule.FREQ) {
    case 'DAILY':
    case 'WEEKLY': {
      const d = new Date(Date.UTC(w.year, w.month - 1, w.day + interval * (rule.FREQ === 'WEEKLY' ? 7 : 1)));
      wall = { ...w, year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
      break;
    }
    case 'MONTHLY': {
      const months = w.month - 1 + interval;
      const year = w.year + Math.floor(months / 12);
      const month = (months % 12) + 1;
      const by = /^(-?\d)([A-Z]{2})$/.exec(rule.BYDAY ?? '');
      if (!by) return undefined;
      wall = { ...w, year, month, day: nthWeekday(year, month, WEEKDAYS.indexOf(by[2]!), Number(by[1])) };
      break;
    }
    case 'YEARLY': wall = { ...w, year: w.year + interval }; break;
    default: return k === 0 ? start : undefined;
  }
  const at = instantOf(wall, timeZone);
  const until = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(rule.UNTIL ?? '');
  if (until && at.getTime() > Date.UTC(+until[1]!, +until[2]! - 1, +until[3]!, +until[4]!, +until[5]!, +until[6]!)) return undefined;
  return at;
}

/** The first occurrence of a booked meeting (or series) that starts after `after`. */
export function nextOccurrence(meeting: Pick<Meeting, 'startsAt' | 'endsAt' | 'timeZone' | 'rrule'>, after: Date): Interval | undefined {
  if (!meeting.startsAt || !meeting.endsAt) return undefined;
  const length = meeting.endsAt.getTime() - meeting.startsAt.getTime();
  if (!meeting.rrule) return meeting.startsAt > after ? { start: meeting.startsAt, end: meeting.endsAt } : undefined;
  const rule = Object.fromEntries(meeting.rrule.split(';').map((part) => part.split('=') as [string, string]));
  for (let k = 0; k < 1000; k += 1) {
    const start = occurrence(meeting.startsAt, meeting.timeZone, rule, k);
    if (!start) return undefined;
    if (start > after) return { start, end: new Date(start.getTime() + length) };
  }
  return undefined;
}
