// An iCalendar invitation (RFC 5545) people open in any calendar: one VEVENT with its times in the
// meeting's time zone, described by a VTIMEZONE built from the zone's real offsets (read through
// Intl), so a weekly series keeps its local hour across a change of clocks. Lines end in CRLF,
// are folded at 75 octets without cutting a UTF-8 character, and text values are escaped.
import { parseIsoDuration } from '../duration.ts';
import { daysInMonth, offsetAt, wallClockAt, type WallClock } from '../time-zone.ts';

export interface IcsPerson {
  readonly name: string;
  /** People without an address are named in the description only (a cal-address needs one). */
  readonly email: string | null;
}

export interface IcsEvent {
  readonly uid: string;
  /** Raised each time the same UID is sent again (a series made of a single meeting). */
  readonly sequence: number;
  readonly stamp: Date;
  readonly start: Date;
  readonly end: Date;
  readonly timeZone: string;
  readonly summary: string;
  readonly description: string;
  readonly organizer: IcsPerson;
  readonly attendees: readonly IcsPerson[];
  /** An RRULE value (see recurrenceRule), for a series. */
  readonly rrule?: string;
  /** A meeting link, also put in LOCATION. */
  readonly url?: string;
  /**
   * 'CANCEL' withdraws an invitation sent earlier (RFC 5546 METHOD:CANCEL): the same UID with a
   * higher SEQUENCE, STATUS:CANCELLED. Omitted: the invitation, as sent at booking.
   */
  readonly method?: 'CANCEL';
}

const pad = (n: number, size = 2) => String(n).padStart(size, '0');
const localStamp = (w: WallClock) => `${pad(w.year, 4)}${pad(w.month)}${pad(w.day)}T${pad(w.hour)}${pad(w.minute)}${pad(w.second)}`;
export const utcStamp = (d: Date) => `${localStamp(utcWall(d.getTime()))}Z`;

function offsetText(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}${pad(abs % 60)}`;
}

/** TEXT escaping (RFC 5545 §3.3.11). */
export function escapeText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r\n|\r|\n/g, '\\n');
}

/** A parameter value, quoted (a name may hold ':' ';' or ','); DQUOTE cannot appear inside one. */
const paramValue = (value: string) => `"${value.replace(/["\r\n]/g, "'")}"`;

/** Folds one content line at 75 octets, never inside a UTF-8 sequence (RFC 5545 §3.1). */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    // Continuation lines start with a space, which counts toward their 75 octets.
    const limit = parts.length === 0 ? 75 : 74;
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

interface Transition { readonly at: number; readonly from: number; readonly to: number }

/** The instants the zone's offset changes between `from` and `to`, to the minute. */
export function offsetTransitions(timeZone: string, from: Date, to: Date): Transition[] {
  const out: Transition[] = [];
  const DAY = 86_400_000;
  let t = from.getTime();
  let offset = offsetAt(t, timeZone);
  while (t < to.getTime()) {
    const next = t + DAY;
    const nextOffset = offsetAt(next, timeZone);
    if (nextOffset !== offset) {
      let lo = t;
      let hi = next;
      while (hi - lo > 60_000) {
        const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
        if (offsetAt(mid, timeZone) === offset) lo = mid; else hi = mid;
      }
      out.push({ at: hi, from: offset, to: nextOffset });
      offset = nextOffset;
    }
    t = next;
  }
  return out;
}

/** VTIMEZONE lines covering [from, to] with one observance per change of offset. */
export function vtimezone(timeZone: string, from: Date, to: Date): string[] {
  const transitions = offsetTransitions(timeZone, from, to);
  const first = offsetAt(from.getTime(), timeZone);
  const lowest = Math.min(first, ...transitions.map((x) => x.to));
  const observance = (at: number, fromOffset: number, toOffset: number): string[] => {
    const kind = toOffset > lowest ? 'DAYLIGHT' : 'STANDARD';
    // An observance's DTSTART is the local time of its onset, before the change.
    return [`BEGIN:${kind}`, `DTSTART:${localStamp(utcWall(at + fromOffset))}`,
      `TZOFFSETFROM:${offsetText(fromOffset)}`, `TZOFFSETTO:${offsetText(toOffset)}`, `END:${kind}`];
  };
  return [
    'BEGIN:VTIMEZONE', `TZID:${timeZone}`,
    ...observance(from.getTime(), first, first),
    ...transitions.flatMap((x) => observance(x.at, x.from, x.to)),
    'END:VTIMEZONE',
  ];
}

function utcWall(ms: number): WallClock {
  const d = new Date(ms);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds(), millisecond: 0 };
}

const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;

/**
 * The RRULE of a series at the program's cadence from this first meeting (local to `timeZone`)
 * until `until`: weekly, daily, yearly, or monthly on the same weekday of the month ("the second
 * Tuesday", "the last Friday": a date such as the 31st does not exist every month). Undefined for
 * a cadence a calendar cannot repeat (under a day, or mixing units).
 */
export function recurrenceRule(cadence: string, start: Date, timeZone: string, until: Date): string | undefined {
  const parsed = parseIsoDuration(cadence);
  if (!parsed.ok) return undefined;
  const d = parsed.duration;
  if (d.hours || d.minutes || d.seconds) return undefined;
  const units = [d.years, d.months, d.weeks, d.days].filter((n) => n > 0).length;
  if (units !== 1) return undefined;
  const end = `UNTIL=${utcStamp(until)}`;
  if (d.weeks) return `FREQ=WEEKLY;INTERVAL=${d.weeks};${end}`;
  if (d.days) return d.days % 7 === 0 ? `FREQ=WEEKLY;INTERVAL=${d.days / 7};${end}` : `FREQ=DAILY;INTERVAL=${d.days};${end}`;
  if (d.years) return `FREQ=YEARLY;INTERVAL=${d.years};${end}`;
  const w = wallClockAt(start, timeZone);
  const weekday = WEEKDAYS[(new Date(Date.UTC(w.year, w.month - 1, w.day)).getUTCDay() + 6) % 7];
  const nth = w.day + 7 > daysInMonth(w.year, w.month) ? -1 : Math.ceil(w.day / 7);
  return `FREQ=MONTHLY;INTERVAL=${d.months};BYDAY=${nth}${weekday};${end}`;
}

/** The year around the meeting (or its series) that the VTIMEZONE must describe. */
function zoneWindow(event: IcsEvent): { from: Date; to: Date } {
  const until = /UNTIL=(\d{8}T\d{6}Z)/.exec(event.rrule ?? '')?.[1];
  const last = until
    ? new Date(Date.UTC(+until.slice(0, 4), +until.slice(4, 6) - 1, +until.slice(6, 8)))
    : event.end;
  return { from: new Date(event.start.getTime() - 31 * 86_400_000), to: new Date(Math.max(last.getTime(), event.end.getTime()) + 370 * 86_400_000) };
}

const calAddress = (role: 'ORGANIZER' | 'ATTENDEE', p: IcsPerson, extra = '') =>
  p.email ? [`${role};CN=${paramValue(p.name)}${extra}:mailto:${p.email}`] : [];

export function buildIcs(event: IcsEvent): string {
  const window = zoneWindow(event);
  const lines = [
    'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Mentor bot//Find a time//EN', 'CALSCALE:GREGORIAN',
    ...(event.method === 'CANCEL' ? ['METHOD:CANCEL'] : []),
    ...vtimezone(event.timeZone, window.from, window.to),
    'BEGIN:VEVENT',
    `UID:${event.uid}`,
    `DTSTAMP:${utcStamp(event.stamp)}`,
    `SEQUENCE:${event.sequence}`,
    `DTSTART;TZID=${event.timeZone}:${localStamp(wallClockAt(event.start, event.timeZone))}`,
    `DTEND;TZID=${event.timeZone}:${localStamp(wallClockAt(event.end, event.timeZone))}`,
    ...(event.rrule ? [`RRULE:${event.rrule}`] : []),
    `SUMMARY:${escapeText(event.summary)}`,
    `DESCRIPTION:${escapeText(event.description)}`,
    ...(event.url ? [`LOCATION:${escapeText(event.url)}`, `URL:${event.url}`] : []),
    ...calAddress('ORGANIZER', event.organizer),
    ...event.attendees.flatMap((p) => calAddress('ATTENDEE', p, ';ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE')),
    event.method === 'CANCEL' ? 'STATUS:CANCELLED' : 'STATUS:CONFIRMED', 'TRANSP:OPAQUE',
    'END:VEVENT', 'END:VCALENDAR',
  ];
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}
