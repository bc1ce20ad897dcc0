import { describe, expect, it } from 'vitest';
import {
  addDuration, duration, parseIsoDuration, parsePauseDuration, resolvePauseEnd, toIsoDuration,
} from '../../src/domain/duration.ts';
import { instantOf, wallClockAt } from '../../src/domain/time-zone.ts';

const iso = (s: string) => new Date(s);
const add = (from: string, d: string, tz: string) => {
  const parsed = parseIsoDuration(d);
  if (!parsed.ok) throw new Error(d);
  return addDuration(iso(from), parsed.duration, tz).toISOString();
};

describe('parseIsoDuration', () => {
  it('reads every component', () => {
    expect(parseIsoDuration('P1Y2M3W4DT5H6M7S')).toEqual({ ok: true, duration: { years: 1, months: 2, weeks: 3, days: 4, hours: 5, minutes: 6, seconds: 7 } });
    expect(parseIsoDuration('P1M')).toEqual({ ok: true, duration: duration({ months: 1 }) });
    expect(parseIsoDuration('P14D')).toEqual({ ok: true, duration: duration({ days: 14 }) });
    expect(parseIsoDuration('PT30S')).toEqual({ ok: true, duration: duration({ seconds: 30 }) });
    expect(parseIsoDuration('PT1M')).toEqual({ ok: true, duration: duration({ minutes: 1 }) });
  });

  it.each(['', 'P', 'PT', 'P1', '1M', 'P1.5D', 'P-1D', 'P1DT', 'P1S', 'PT1D', 'P1M1Y', 'xP1D'])('refuses %j', (text) => {
    expect(parseIsoDuration(text)).toEqual({ ok: false, reason: 'duration.invalid' });
  });

  it('writes durations back', () => {
    for (const text of ['P1Y2M3W4DT5H6M7S', 'P1M', 'P14D', 'PT30S', 'PT0S']) {
      const parsed = parseIsoDuration(text);
      expect(parsed.ok && toIsoDuration(parsed.duration)).toBe(text);
    }
  });
});

describe('addDuration', () => {
  it('keeps the local time across the spring-forward change in Europe/Paris', () => {
    // 28 March 2026 10:00 CET (+01) → 29 March is the change → 10:00 CEST (+02)
    expect(add('2026-03-28T09:00:00Z', 'P1D', 'Europe/Paris')).toBe('2026-03-29T08:00:00.000Z');
    expect(add('2026-03-28T09:00:00Z', 'P1W', 'Europe/Paris')).toBe('2026-04-04T08:00:00.000Z');
  });

  it('keeps the local time across the fall-back change in Europe/Paris', () => {
    expect(add('2026-10-24T08:00:00Z', 'P1D', 'Europe/Paris')).toBe('2026-10-25T09:00:00.000Z');
  });

  it('adds clock parts as elapsed time, so PT24H differs from P1D across DST', () => {
    expect(add('2026-03-28T09:00:00Z', 'PT24H', 'Europe/Paris')).toBe('2026-03-29T09:00:00.000Z');
  });

  it('moves a skipped local time forward by the gap', () => {
    // 28 March 02:30 local (+01) + 1 day = 29 March 02:30, which does not exist → 03:30 CEST
    expect(add('2026-03-28T01:30:00Z', 'P1D', 'Europe/Paris')).toBe('2026-03-29T01:30:00.000Z');
  });

  it('picks the first occurrence of a repeated local time', () => {
    // 24 October 02:30 CEST + 1 day = 25 October 02:30, which happens twice; first is +02
    expect(add('2026-10-24T00:30:00Z', 'P1D', 'Europe/Paris')).toBe('2026-10-25T00:30:00.000Z');
  });

  it('clamps calendar months to the month end', () => {
    expect(add('2026-01-31T09:00:00Z', 'P1M', 'Europe/Paris')).toBe('2026-02-28T09:00:00.000Z');
    expect(add('2028-01-31T09:00:00Z', 'P1M', 'Europe/Paris')).toBe('2028-02-29T09:00:00.000Z');
    expect(add('2026-03-31T08:00:00Z', 'P1M', 'Europe/Paris')).toBe('2026-04-30T08:00:00.000Z');
    expect(add('2026-08-31T08:00:00Z', 'P6M', 'Europe/Paris')).toBe('2027-02-28T09:00:00.000Z');
    expect(add('2028-02-29T12:00:00Z', 'P1Y', 'UTC')).toBe('2029-02-28T12:00:00.000Z');
  });

  it('crosses years and uses the local date, not the UTC date', () => {
    expect(add('2026-11-30T10:00:00Z', 'P2M', 'UTC')).toBe('2027-01-30T10:00:00.000Z');
    // 23:30 in New York on 31 Jan is already 1 Feb in UTC; the month is counted locally
    expect(add('2026-02-01T04:30:00Z', 'P1M', 'America/New_York')).toBe('2026-03-01T04:30:00.000Z');
  });

  it('combines calendar and clock parts', () => {
    expect(add('2026-01-01T00:00:00Z', 'P1Y2M3W4DT5H6M7S', 'UTC')).toBe('2027-03-26T05:06:07.000Z');
  });
});

describe('time zones', () => {
  it('round-trips wall clock and instant', () => {
    const at = iso('2026-07-14T10:15:00Z');
    expect(instantOf(wallClockAt(at, 'Asia/Kolkata'), 'Asia/Kolkata').toISOString()).toBe(at.toISOString());
  });
});

describe('parsePauseDuration', () => {
  it.each([
    ['2w', { weeks: 2 }], ['1m', { months: 1 }], ['3d', { days: 3 }], ['10d', { days: 10 }], ['6w', { weeks: 6 }],
    ['3j', { days: 3 }], ['2s', { weeks: 2 }], ['2 semaines', { weeks: 2 }], ['1 mois', { months: 1 }],
    ['2 Weeks', { weeks: 2 }], ['183d', { days: 183 }], ['26w', { weeks: 26 }], ['6m', { months: 6 }],
  ])('reads %j', (text, parts) => {
    expect(parsePauseDuration(text)).toEqual({ ok: true, duration: duration(parts) });
  });

  it.each([['7m', 'pause.too_long'], ['27w', 'pause.too_long'], ['184d', 'pause.too_long'], ['0d', 'pause.zero'],
    ['2', 'pause.invalid'], ['w', 'pause.invalid'], ['2y', 'pause.invalid'], ['-2w', 'pause.invalid'], ['2.5w', 'pause.invalid']])('refuses %j', (text, reason) => {
    expect(parsePauseDuration(text)).toEqual({ ok: false, reason });
  });
});

describe('resolvePauseEnd', () => {
  const now = iso('2026-03-01T10:00:00Z');
  it('adds a relative pause in the person zone', () => {
    expect(resolvePauseEnd({ kind: 'for', duration: duration({ weeks: 4 }) }, now, 'Europe/Paris'))
      .toEqual({ ok: true, resumeAt: iso('2026-03-29T09:00:00Z') });
  });
  it('resumes at local midnight of the given date', () => {
    expect(resolvePauseEnd({ kind: 'until', date: '2026-04-01' }, now, 'Europe/Paris'))
      .toEqual({ ok: true, resumeAt: iso('2026-03-31T22:00:00Z') });
  });
  it('refuses past, impossible and too distant dates', () => {
    expect(resolvePauseEnd({ kind: 'until', date: '2026-03-01' }, now, 'Europe/Paris')).toEqual({ ok: false, reason: 'pause.not_in_future' });
    expect(resolvePauseEnd({ kind: 'until', date: '2026-02-30' }, now, 'Europe/Paris')).toEqual({ ok: false, reason: 'pause.bad_date' });
    expect(resolvePauseEnd({ kind: 'until', date: '2026-09-02' }, now, 'Europe/Paris')).toEqual({ ok: true, resumeAt: iso('2026-09-01T22:00:00Z') });
    expect(resolvePauseEnd({ kind: 'until', date: '2026-09-03' }, now, 'Europe/Paris')).toEqual({ ok: false, reason: 'pause.too_long' });
  });
});
