import { describe, expect, it } from 'vitest';
import {
  DEFAULT_WORKING_HOURS, hhmmOf, isWithinWorkingHours, minutesOfDay, profileInputSchema, workDaysDigits, workingHoursFrom,
} from '../../src/domain/profile.ts';

const valid = { title: 'Engineer', bio: 'One line.', workStart: '09:00', workEnd: '17:30', workDays: [1, 2, 3, 4, 5], timezone: 'Europe/Paris' };

describe('working hours', () => {
  it('are 09:00–17:00, Monday to Friday, when never set or stored inconsistently', () => {
    expect(DEFAULT_WORKING_HOURS).toEqual({ startMin: 540, endMin: 1020, days: [1, 2, 3, 4, 5] });
    expect(workingHoursFrom({ work_start_min: null, work_end_min: null, work_days: null })).toBe(DEFAULT_WORKING_HOURS);
    expect(workingHoursFrom({ work_start_min: 600, work_end_min: null, work_days: '12345' })).toBe(DEFAULT_WORKING_HOURS);
    expect(workingHoursFrom({ work_start_min: 900, work_end_min: 600, work_days: '12345' })).toBe(DEFAULT_WORKING_HOURS);
    expect(workingHoursFrom({ work_start_min: 600, work_end_min: 900, work_days: '089' })).toBe(DEFAULT_WORKING_HOURS);
  });

  it('read the stored minutes and weekday digits, sorted and without repeats', () => {
    expect(workingHoursFrom({ work_start_min: 480, work_end_min: 960, work_days: '5311' })).toEqual({ startMin: 480, endMin: 960, days: [1, 3, 5] });
    expect(workDaysDigits([5, 1, 3, 1])).toBe('135');
    expect(minutesOfDay('08:30')).toBe(510);
    expect(hhmmOf(510)).toBe('08:30');
  });

  it('are read in the person’s zone, DST included', () => {
    const paris = { startMin: 540, endMin: 1020, days: [1, 2, 3, 4, 5] };
    // Friday 27 March 2026, 08:30 UTC = 09:30 in Paris (winter time, UTC+1): inside.
    expect(isWithinWorkingHours(paris, 'Europe/Paris', new Date('2026-03-27T08:30:00Z'))).toBe(true);
    // Monday 30 March 2026, 07:30 UTC = 09:30 in Paris (summer time since Sunday, UTC+2): inside; a week earlier 08:30 local: outside.
    expect(isWithinWorkingHours(paris, 'Europe/Paris', new Date('2026-03-30T07:30:00Z'))).toBe(true);
    expect(isWithinWorkingHours(paris, 'Europe/Paris', new Date('2026-03-23T07:30:00Z'))).toBe(false);
    // Saturday: not a working day.
    expect(isWithinWorkingHours(paris, 'Europe/Paris', new Date('2026-03-28T10:00:00Z'))).toBe(false);
    // The end is excluded: 17:00 sharp is out.
    expect(isWithinWorkingHours(paris, 'Europe/Paris', new Date('2026-03-27T16:00:00Z'))).toBe(false);
  });
});

describe('profile input', () => {
  it('accepts a full profile and empty profile lines', () => {
    expect(profileInputSchema.safeParse(valid).success).toBe(true);
    expect(profileInputSchema.safeParse({ ...valid, title: null, bio: null }).success).toBe(true);
  });

  it.each([
    ['a bio over 160 characters', { bio: 'x'.repeat(161) }],
    ['a bio on two lines', { bio: 'one\ntwo' }],
    ['a title over 80 characters', { title: 'x'.repeat(81) }],
    ['an unknown time zone', { timezone: 'Mars/Olympus' }],
    ['hours that end before they start', { workStart: '18:00', workEnd: '09:00' }],
    ['a malformed hour', { workStart: '9h' }],
    ['no working day', { workDays: [] }],
    ['a weekday out of range', { workDays: [0, 8] }],
    ['an unknown field', { colour: 'blue' }],
  ])('refuses %s', (_name, change) => {
    expect(profileInputSchema.safeParse({ ...valid, ...change }).success).toBe(false);
  });
});
