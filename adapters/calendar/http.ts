// What both calendar clients share: a bounded JSON request whose every failure (network, timeout,
// an error status, an answer that does not parse) becomes CalendarUnavailableError, which makes
// the core fall back to an .ics invitation.
import { z } from 'zod';
import { CalendarThrottledError, CalendarUnavailableError } from '../../src/ports/calendar.ts';

export const CALENDAR_TIMEOUT_MS = 8_000;

export type Fetch = typeof fetch;

export async function requestJson<T>(fetcher: Fetch, what: string, url: string, init: RequestInit, schema: z.ZodType<T>): Promise<T> {
  let response: Response;
  try {
    response = await fetcher(url, { ...init, signal: AbortSignal.timeout(CALENDAR_TIMEOUT_MS) });
  } catch (err) {
    throw new CalendarUnavailableError(`${what}: ${(err as Error)?.message ?? String(err)}`);
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) throw new CalendarUnavailableError(`${what} answered ${response.status}`);
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new CalendarUnavailableError(`${what}: answer not understood`);
  return parsed.data;
}

/** Without a usable Retry-After, a 429 is tried again after this long. */
export const DEFAULT_RETRY_AFTER_MS = 30_000;

/** Retry-After in seconds or as an HTTP date, in milliseconds from `nowMs` (bounded to a day). */
export function retryAfterMs(header: string | null, nowMs: number): number {
  if (header === null) return DEFAULT_RETRY_AFTER_MS;
  const seconds = /^\s*\d+\s*$/.test(header) ? Number(header) * 1000 : Date.parse(header) - nowMs;
  return Number.isFinite(seconds) ? Math.min(Math.max(seconds, 0), 86_400_000) : DEFAULT_RETRY_AFTER_MS;
}

/**
 * A call that withdraws something and answers no body: 'done' on 2xx, 'gone' on 404 or 410 (it
 * was withdrawn already), 'refused' on 400 or 403 (asking again cannot help), CalendarThrottledError
 * on 429, CalendarUnavailableError otherwise (the caller tries again later).
 */
export async function requestWithdrawal(fetcher: Fetch, what: string, url: string, init: RequestInit, nowMs: number): Promise<'done' | 'gone' | 'refused'> {
  let response: Response;
  try {
    response = await fetcher(url, { ...init, signal: AbortSignal.timeout(CALENDAR_TIMEOUT_MS) });
  } catch (err) {
    throw new CalendarUnavailableError(`${what}: ${(err as Error)?.message ?? String(err)}`);
  }
  await response.arrayBuffer().catch(() => undefined);
  if (response.ok) return 'done';
  if (response.status === 404 || response.status === 410) return 'gone';
  if (response.status === 400 || response.status === 403) return 'refused';
  if (response.status === 429) throw new CalendarThrottledError(`${what} answered 429`, retryAfterMs(response.headers.get('retry-after'), nowMs));
  throw new CalendarUnavailableError(`${what} answered ${response.status}`);
}

export const tokenAnswer = z.object({ access_token: z.string().min(1), expires_in: z.coerce.number().int().positive() });

/** A token kept until shortly before it expires. */
export class TokenCache {
  readonly #tokens = new Map<string, { value: string; renewAt: number }>();
  readonly #now: () => number;
  constructor(now: () => number) { this.#now = now; }
  async get(key: string, fetchToken: () => Promise<{ access_token: string; expires_in: number }>): Promise<string> {
    const cached = this.#tokens.get(key);
    if (cached && this.#now() < cached.renewAt) return cached.value;
    const token = await fetchToken();
    this.#tokens.set(key, { value: token.access_token, renewAt: this.#now() + Math.max(0, token.expires_in - 300) * 1000 });
    return token.access_token;
  }
}
