import { describe, expect, it } from 'vitest';
import { isValidTimeZone, overlapMinutes, toUtcWindow, utcOffsetMinutes } from '../../../src/domain/matching/working-hours.ts';

describe('working hours in UTC', () => {
  it('takes the UTC offset of the reference day, DST included', () => {
    expect(utcOffsetMinutes('Europe/Paris', '2026-03-02')).toBe(60);
    expect(utcOffsetMinutes('Europe/Paris', '2026-07-01')).toBe(120);
    expect(utcOffsetMinutes('America/New_York', '2026-03-02')).toBe(-300);
    expect(utcOffsetMinutes('Asia/Kolkata', '2026-03-02')).toBe(330);
  });
  it('overlaps Paris and New York by two hours in winter', () => {
    const paris = toUtcWindow({ start: '09:00', end: '17:00' }, 60);
    const ny = toUtcWindow({ start: '09:00', end: '17:00' }, -300);
    expect(overlapMinutes(paris, ny)).toBe(120);
  });
  it('handles windows that cross midnight UTC', () => {
    const tokyo = toUtcWindow({ start: '08:00', end: '18:00' }, 540); // 23:00–09:00 UTC
    const london = toUtcWindow({ start: '07:00', end: '15:00' }, 0);
    expect(tokyo.start).toBe(23 * 60);
    expect(overlapMinutes(tokyo, london)).toBe(120);
    expect(overlapMinutes(london, tokyo)).toBe(120);
  });
  it('knows valid IANA names', () => {
    expect(isValidTimeZone('Europe/Paris')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
  });
});
