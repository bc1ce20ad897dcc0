// How a calendar's answer to a withdrawal (Graph `cancel`, Google delete) is read: 2xx done,
// 404/410 already gone, 400/403 refused for good, 429 throttled for its Retry-After (seconds or an
// HTTP date, RFC 9110), anything else a passing failure.
import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_AFTER_MS, requestWithdrawal, retryAfterMs } from '../../adapters/calendar/http.ts';
import { CalendarThrottledError, CalendarUnavailableError } from '../../src/ports/calendar.ts';

const NOW = Date.parse('2027-03-22T07:00:00Z');
const answering = (status: number, headers: Record<string, string> = {}) => (async () => new Response(status === 204 ? null : '{}', { status, headers })) as typeof fetch;
const call = (fetcher: typeof fetch) => requestWithdrawal(fetcher, 'test cancel', 'http://calendar.invalid/x', { method: 'POST' }, NOW);

describe('a calendar withdrawal answer', () => {
  it('reads Retry-After in seconds or as a date, and falls back on a default', () => {
    expect(retryAfterMs('30', NOW)).toBe(30_000);
    expect(retryAfterMs('Mon, 22 Mar 2027 07:02:00 GMT', NOW)).toBe(120_000);
    expect(retryAfterMs('Mon, 22 Mar 2027 06:00:00 GMT', NOW)).toBe(0);
    expect(retryAfterMs('999999999', NOW)).toBe(86_400_000);
    expect(retryAfterMs('soon', NOW)).toBe(DEFAULT_RETRY_AFTER_MS);
    expect(retryAfterMs(null, NOW)).toBe(DEFAULT_RETRY_AFTER_MS);
  });

  it('tells done, gone, refused, throttled and passing failures apart', async () => {
    expect(await call(answering(202))).toBe('done');
    expect(await call(answering(204))).toBe('done');
    expect(await call(answering(404))).toBe('gone');
    expect(await call(answering(410))).toBe('gone');
    expect(await call(answering(400))).toBe('refused');
    expect(await call(answering(403))).toBe('refused');
    await expect(call(answering(429, { 'retry-after': '7' }))).rejects.toMatchObject({ retryAfterMs: 7_000 });
    await expect(call(answering(429))).rejects.toBeInstanceOf(CalendarThrottledError);
    const failed = call(answering(503));
    await expect(failed).rejects.toBeInstanceOf(CalendarUnavailableError);
    await expect(call(answering(503))).rejects.not.toBeInstanceOf(CalendarThrottledError);
    await expect(call((async () => { throw new Error('connect ECONNREFUSED'); }) as typeof fetch)).rejects.toThrow(/test cancel: connect ECONNREFUSED/);
  });
});
