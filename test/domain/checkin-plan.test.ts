import { describe, expect, it } from 'vitest';
import { checkinDueAt, missedGraceMs, nextCheckinSlot, workingMorning } from '../../src/domain/checkin-plan.ts';
import { wallClockAt } from '../../src/domain/time-zone.ts';

const due = (cadence: string, activatedAt: string, period: number, timeZone: string): Date => {
  const result = checkinDueAt({ cadence, activatedAt: new Date(activatedAt), period, timeZone });
  if (!result.ok) throw new Error(result.reason);
  return result.dueAt;
};
const local = (d: Date, tz: string) => {
  const w = wallClockAt(d, tz);
  return { date: `${w.year}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`, time: `${String(w.hour).padStart(2, '0')}:${String(w.minute).padStart(2, '0')}` };
};
const weekday = (d: Date, tz: string): number => {
  const w = wallClockAt(d, tz);
  return new Date(Date.UTC(w.year, w.month - 1, w.day)).getUTCDay();
};

describe('check-in planning', () => {
  it.each([
    ['Asia/Tokyo', '2027-03-01T09:00:00Z', { date: '2027-03-15', time: '10:00' }],
    ['Europe/Paris', '2027-03-01T09:00:00Z', { date: '2027-03-15', time: '10:00' }],
    ['America/Los_Angeles', '2027-03-01T09:00:00Z', { date: '2027-03-15', time: '10:00' }],
  ])('lands at 10:00 local on a working day in %s', (tz, activatedAt, expected) => {
    const at = due('P2W', activatedAt, 1, tz);
    expect(local(at, tz)).toEqual(expected);
    expect([1, 2, 3, 4, 5]).toContain(weekday(at, tz));
  });

  it('moves a weekend due date to the Monday morning', () => {
    // Activated on a Saturday in Tokyo; one week later is a Saturday again.
    const at = due('P1W', '2027-03-06T03:00:00Z', 1, 'Asia/Tokyo');
    expect(local(at, 'Asia/Tokyo')).toEqual({ date: '2027-03-15', time: '10:00' });
    expect(weekday(at, 'Asia/Tokyo')).toBe(1);
    // Sunday → Monday.
    expect(local(workingMorning(new Date('2027-03-07T12:00:00Z'), 'Europe/Paris'), 'Europe/Paris')).toEqual({ date: '2027-03-08', time: '10:00' });
  });

  it('keeps 10:00 local across the spring DST change (Paris and Los Angeles)', () => {
    // Paris moves to summer time on 28 March 2027, Los Angeles on 14 March 2027.
    const paris = due('P1W', '2027-03-22T08:00:00Z', 1, 'Europe/Paris');
    expect(local(paris, 'Europe/Paris')).toEqual({ date: '2027-03-29', time: '10:00' });
    expect(paris.toISOString()).toBe('2027-03-29T08:00:00.000Z');
    const before = due('P1W', '2027-03-01T18:00:00Z', 1, 'America/Los_Angeles');
    const after = due('P1W', '2027-03-01T18:00:00Z', 2, 'America/Los_Angeles');
    expect(before.toISOString()).toBe('2027-03-08T18:00:00.000Z');
    expect(after.toISOString()).toBe('2027-03-15T17:00:00.000Z');
    expect(local(after, 'America/Los_Angeles')).toEqual({ date: '2027-03-15', time: '10:00' });
  });

  it('does not drift after a short month on a monthly cadence', () => {
    const third = due('P1M', '2027-01-29T09:00:00Z', 3, 'Europe/Paris');
    expect(local(third, 'Europe/Paris').date).toBe('2027-04-29');
  });

  it('uses the raw rhythm for second-long demo cadences', () => {
    const start = '2027-03-06T23:59:50Z'; // a Saturday night: no rounding to a weekday morning
    expect(due('PT30S', start, 1, 'Europe/Paris').toISOString()).toBe('2027-03-07T00:00:20.000Z');
    expect(due('PT30S', start, 4, 'Asia/Tokyo').toISOString()).toBe('2027-03-07T00:01:50.000Z');
    expect(missedGraceMs('PT30S', new Date(start), 'UTC')).toBe(15_000);
  });

  it('skips periods that fell inside a pause', () => {
    const slot = nextCheckinSlot({ cadence: 'P1W', activatedAt: new Date('2027-03-01T09:00:00Z'), timeZone: 'Europe/Paris', fromPeriod: 2, notBefore: new Date('2027-04-01T00:00:00Z') });
    expect(slot).toMatchObject({ ok: true, period: 5 });
    expect(slot.ok && local(slot.dueAt, 'Europe/Paris')).toEqual({ date: '2027-04-05', time: '10:00' });
  });

  it('caps the grace period before a check-in counts as missed at seven days', () => {
    expect(missedGraceMs('P1M', new Date('2027-03-01T09:00:00Z'), 'UTC')).toBe(7 * 86_400_000);
    expect(missedGraceMs('P1W', new Date('2027-03-01T09:00:00Z'), 'UTC')).toBe(3.5 * 86_400_000);
  });

  it('refuses a cadence or period it cannot plan', () => {
    expect(checkinDueAt({ cadence: 'monthly', activatedAt: new Date(), period: 1, timeZone: 'UTC' })).toEqual({ ok: false, reason: 'checkin_plan.invalid_cadence' });
    expect(checkinDueAt({ cadence: 'PT0S', activatedAt: new Date(), period: 1, timeZone: 'UTC' })).toEqual({ ok: false, reason: 'checkin_plan.invalid_cadence' });
    expect(checkinDueAt({ cadence: 'P1W', activatedAt: new Date(), period: 0, timeZone: 'UTC' })).toEqual({ ok: false, reason: 'checkin_plan.invalid_period' });
  });
});
