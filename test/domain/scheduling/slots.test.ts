import { describe, expect, it } from 'vitest';
import { findSlots, insideWorkingHours, slotStillFree } from '../../../src/domain/scheduling/slots.ts';
import { workingHoursOf } from '../../../src/domain/scheduling/working-hours.ts';
import { wallClockAt } from '../../../src/domain/time-zone.ts';

const paris = workingHoursOf({ timezone: 'Europe/Paris' });
const local = (d: Date, zone: string) => { const w = wallClockAt(d, zone); return `${w.month}-${w.day} ${w.hour}:${String(w.minute).padStart(2, '0')}`; };

describe('working hours', () => {
  it('default to 09:00–17:00 Monday to Friday, and ignore values out of range', () => {
    expect(paris).toMatchObject({ startMin: 540, endMin: 1020, timeZone: 'Europe/Paris' });
    expect([...paris.days]).toEqual([1, 2, 3, 4, 5]);
    const odd = workingHoursOf({ timezone: 'Nowhere/City', work_start_min: 900, work_end_min: 600, work_days: '1289' });
    expect(odd).toMatchObject({ startMin: 540, endMin: 1020, timeZone: 'UTC' });
    expect([...odd.days]).toEqual([1, 2, 3, 4, 5]);
    // Hours and days are one setting (the profile form writes them together): days alone are not the person's own week.
    expect([...workingHoursOf({ timezone: 'Europe/Paris', work_days: '67' }).days]).toEqual([1, 2, 3, 4, 5]);
    expect([...workingHoursOf({ timezone: 'Asia/Dubai', work_start_min: 480, work_end_min: 960, work_days: '71234' }).days]).toEqual([1, 2, 3, 4, 7]);
  });
});

describe('finding three times', () => {
  it('offers three times on different days inside both people\'s hours and zones, none in the past', () => {
    const now = new Date('2027-03-01T08:00:00Z'); // Monday
    const ny = workingHoursOf({ timezone: 'America/New_York', work_start_min: 8 * 60, work_end_min: 16 * 60 });
    const slots = findSlots({ people: [paris, ny], durationMinutes: 60, now });
    expect(slots).toHaveLength(3);
    for (const slot of slots) {
      expect(slot.start.getTime()).toBeGreaterThan(now.getTime());
      expect(slot.end.getTime() - slot.start.getTime()).toBe(3_600_000);
      expect(insideWorkingHours(paris, slot.start, slot.end) && insideWorkingHours(ny, slot.start, slot.end)).toBe(true);
    }
    expect(new Set(slots.map((s) => local(s.start, 'Europe/Paris').split(' ')[0])).size).toBe(3);
    // Overlap is 14:00–17:00 in Paris (08:00–11:00 in New York, six hours behind until 14 March).
    expect(local(slots[0]!.start, 'Europe/Paris')).toMatch(/ 1[456]:/);
  });

  it('keeps sessions inside working hours on the days clocks change, in real minutes', () => {
    // Saturday 27 March; Paris goes to summer time on Sunday 28 March; people who work weekends.
    const weekend = workingHoursOf({ timezone: 'Europe/Paris', work_days: '67', work_start_min: 9 * 60, work_end_min: 10 * 60 + 30 });
    const slots = findSlots({ people: [weekend], durationMinutes: 90, now: new Date('2027-03-26T12:00:00Z'), horizonDays: 2, leadMinutes: 0 });
    expect(slots.map((s) => local(s.start, 'Europe/Paris'))).toEqual(['3-27 9:00', '3-28 9:00']);
    expect(slots.map((s) => s.start.toISOString())).toEqual(['2027-03-27T08:00:00.000Z', '2027-03-28T07:00:00.000Z']);
  });

  it('avoids busy times, and a picked time taken meanwhile is no longer free', () => {
    const now = new Date('2027-03-01T08:00:00Z');
    const busy = [{ start: new Date('2027-03-01T00:00:00Z'), end: new Date('2027-03-03T00:00:00Z') }];
    const slots = findSlots({ people: [paris, paris], durationMinutes: 30, now, busy });
    expect(slots[0]!.start.toISOString() >= '2027-03-03').toBe(true);
    expect(slotStillFree(slots[0]!, [paris], [{ start: slots[0]!.start, end: slots[0]!.end }], now)).toBe(false);
    expect(slotStillFree(slots[0]!, [paris], [], slots[0]!.end)).toBe(false);
    expect(slotStillFree(slots[0]!, [paris], [], now)).toBe(true);
  });

  it('finds nothing when the working days never meet', () => {
    const weekdays = workingHoursOf({ timezone: 'Europe/Paris' });
    const weekends = workingHoursOf({ timezone: 'Europe/Paris', work_days: '67', work_start_min: 9 * 60, work_end_min: 17 * 60 });
    expect(findSlots({ people: [weekdays, weekends], durationMinutes: 30, now: new Date('2027-03-01T08:00:00Z') })).toEqual([]);
  });
});
