// The invitation file read back by an independent, maintained iCalendar parser (ical.js): the
// times it imports are the right instants and local hours, also for a weekly series that crosses
// a change of clocks, with folding, escaping and CRLF as RFC 5545 asks.
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { buildIcs, foldLine, recurrenceRule, type IcsEvent } from '../../../src/domain/scheduling/ics.ts';

function parse(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
  return { calendar, event: new ICAL.Event(calendar.getFirstSubcomponent('vevent')!) };
}

const base: IcsEvent = {
  uid: 'meeting-1@mentor-bot', sequence: 0, stamp: new Date('2027-03-20T08:00:00Z'),
  // Thursday 25 March 2027, 10:00 in Paris (still winter time, UTC+1).
  start: new Date('2027-03-25T09:00:00Z'), end: new Date('2027-03-25T10:00:00Z'), timeZone: 'Europe/Paris',
  summary: 'Mentoring: Mia & Omar', description: 'First session; agenda: goals, cadence\nBring questions.',
  organizer: { name: 'Omar', email: 'omar@example.com' }, attendees: [{ name: 'Mia', email: 'mia@example.com' }, { name: 'Omar', email: 'omar@example.com' }],
};

describe('the .ics invitation', () => {
  it('imports a single meeting at its instant and local hour, with organizer, attendees and escaped text', () => {
    const text = buildIcs(base);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const { event } = parse(text);
    expect(event.uid).toBe('meeting-1@mentor-bot');
    expect(event.startDate.toJSDate().toISOString()).toBe('2027-03-25T09:00:00.000Z');
    expect(event.endDate.toJSDate().toISOString()).toBe('2027-03-25T10:00:00.000Z');
    expect(event.startDate.hour).toBe(10);
    expect(event.startDate.zone?.tzid).toBe('Europe/Paris');
    expect(event.description).toBe('First session; agenda: goals, cadence\nBring questions.');
    expect(event.organizer).toBe('mailto:omar@example.com');
    expect(event.attendees.map((a) => a.getFirstValue())).toEqual(['mailto:mia@example.com', 'mailto:omar@example.com']);
  });

  it('withdraws an invitation with METHOD:CANCEL, the same UID, a higher SEQUENCE and STATUS:CANCELLED', () => {
    const invitation = buildIcs(base);
    expect(invitation).not.toContain('METHOD:');
    expect(invitation).toContain('STATUS:CONFIRMED');
    const text = buildIcs({ ...base, method: 'CANCEL', sequence: 1 });
    const { calendar, event } = parse(text);
    expect(calendar.getFirstPropertyValue('method')).toBe('CANCEL');
    expect(event.uid).toBe('meeting-1@mentor-bot');
    expect(event.sequence).toBe(1);
    expect(event.component.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(event.startDate.toJSDate().toISOString()).toBe('2027-03-25T09:00:00.000Z');
  });

  it('keeps 10:00 local for every meeting of a weekly series across the change to summer time', () => {
    const rrule = recurrenceRule('P1W', base.start, 'Europe/Paris', new Date('2027-04-30T00:00:00Z'));
    expect(rrule).toBe('FREQ=WEEKLY;INTERVAL=1;UNTIL=20270430T000000Z');
    const { event } = parse(buildIcs({ ...base, rrule, sequence: 1 }));
    const it = event.iterator();
    const starts: string[] = [];
    for (let next = it.next(); next; next = it.next()) starts.push(next.toJSDate().toISOString());
    // Clocks go forward on 28 March: 10:00 in Paris is 09:00 UTC before, 08:00 UTC after.
    expect(starts).toEqual(['2027-03-25T09:00:00.000Z', '2027-04-01T08:00:00.000Z', '2027-04-08T08:00:00.000Z', '2027-04-15T08:00:00.000Z', '2027-04-22T08:00:00.000Z', '2027-04-29T08:00:00.000Z']);
  });

  it('imports right in a zone where clocks go back (New York, November) and in one without summer time', () => {
    const ny = parse(buildIcs({ ...base, timeZone: 'America/New_York', start: new Date('2027-11-08T15:00:00Z'), end: new Date('2027-11-08T15:30:00Z') }));
    expect(ny.event.startDate.hour).toBe(10);
    expect(ny.event.startDate.toJSDate().toISOString()).toBe('2027-11-08T15:00:00.000Z');
    const tokyo = parse(buildIcs({ ...base, timeZone: 'Asia/Tokyo' }));
    expect(tokyo.event.startDate.hour).toBe(18);
    expect(tokyo.event.startDate.toJSDate().toISOString()).toBe('2027-03-25T09:00:00.000Z');
  });

  it('repeats monthly on the same weekday of the month, and refuses cadences a calendar cannot repeat', () => {
    // Tuesday 30 March 2027 is the last Tuesday of March.
    expect(recurrenceRule('P1M', new Date('2027-03-30T08:00:00Z'), 'Europe/Paris', new Date('2027-09-01T00:00:00Z'))).toBe('FREQ=MONTHLY;INTERVAL=1;BYDAY=-1TU;UNTIL=20270901T000000Z');
    expect(recurrenceRule('P1M', new Date('2027-03-09T08:00:00Z'), 'Europe/Paris', new Date('2027-09-01T00:00:00Z'))).toContain('BYDAY=2TU');
    expect(recurrenceRule('P14D', base.start, 'Europe/Paris', new Date('2027-09-01T00:00:00Z'))).toContain('FREQ=WEEKLY;INTERVAL=2');
    expect(recurrenceRule('PT1M', base.start, 'Europe/Paris', new Date('2027-09-01T00:00:00Z'))).toBeUndefined();
    expect(recurrenceRule('P1M2W', base.start, 'Europe/Paris', new Date('2027-09-01T00:00:00Z'))).toBeUndefined();
  });

  it('folds long lines at 75 octets without cutting a character, and unfolds to the same text', () => {
    const long = `DESCRIPTION:${'Prêt à échanger 🙂 '.repeat(12)}`;
    const folded = foldLine(long);
    for (const line of folded.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    expect(folded.replace(/\r\n /g, '')).toBe(long);
    const { event } = parse(buildIcs({ ...base, description: 'Prêt à échanger 🙂 '.repeat(12), summary: 'Mentorat ; Mia, Omar \\ « binôme »' }));
    expect(event.description).toBe('Prêt à échanger 🙂 '.repeat(12));
    expect(event.summary).toBe('Mentorat ; Mia, Omar \\ « binôme »');
  });

  it('leaves out a cal-address for a person without an e-mail address', () => {
    const text = buildIcs({ ...base, attendees: [{ name: 'Mia', email: null }, { name: 'Omar', email: 'omar@example.com' }] });
    expect(parse(text).event.attendees).toHaveLength(1);
  });
});
