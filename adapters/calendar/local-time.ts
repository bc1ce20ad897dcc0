// Wall-clock text of an instant in a zone ("2027-03-25T10:00:00"), as calendar APIs take it next
// to a time zone name, and the pieces of an RRULE a calendar API wants as fields.
import { wallClockAt } from '../../src/domain/time-zone.ts';

const pad = (n: number, size = 2) => String(n).padStart(size, '0');

export function localDateTime(instant: Date, timeZone: string): string {
  const w = wallClockAt(instant, timeZone);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}`;
}

export const localDate = (instant: Date, timeZone: string) => localDateTime(instant, timeZone).slice(0, 10);

export function ruleParts(rrule: string): Record<string, string> {
  return Object.fromEntries(rrule.split(';').map((part) => part.split('=') as [string, string]));
}

/** UNTIL=20270901T000000Z as an instant. */
export function untilOf(parts: Record<string, string>): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(parts.UNTIL ?? '');
  return m ? new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!)) : undefined;
}
