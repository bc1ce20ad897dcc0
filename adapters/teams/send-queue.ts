// Outbound calls to Teams go through here: at most ~7 messages per second in one conversation
// and 50 requests per second per app in one tenant (Teams' documented throttles), one call at a
// time per conversation so a person's messages keep their order. botbuilder's HTTP pipeline
// already retries a 429 three times after its Retry-After; a 429 that still comes out is retried
// here maxThrottleRetries times, then its delay goes back to the caller (the delivery job).

export interface SendLimits {
  readonly perConversation: { readonly count: number; readonly windowMs: number };
  readonly perTenant: { readonly count: number; readonly windowMs: number };
  /** 429 answers retried here before giving up to the caller. */
  readonly maxThrottleRetries: number;
  /** Delay when a 429 carries no Retry-After. */
  readonly defaultRetryMs: number;
}

export const TEAMS_LIMITS: SendLimits = {
  perConversation: { count: 7, windowMs: 1_000 },
  perTenant: { count: 50, windowMs: 1_000 },
  maxThrottleRetries: 0,
  defaultRetryMs: 1_000,
};

export interface QueueClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realQueueClock: QueueClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => { setTimeout(resolve, ms).unref(); }),
};

/** Thrown (and returned to the messenger) when Teams still throttles after the retries here. */
export class ThrottledError extends Error {
  readonly code = 'teams.throttled';
  readonly retryAfterMs: number;
  constructor(retryAfterMs: number) {
    super(`teams.throttled: still rate limited, retry after ${retryAfterMs} ms`);
    this.retryAfterMs = retryAfterMs;
  }
}

/** The Retry-After delay of a Bot Connector 429, or undefined when the error is not a 429. */
export function throttleDelay(err: unknown, defaultMs: number): number | undefined {
  const e = err as { statusCode?: number; response?: { headers?: { get?(name: string): string | undefined } } } | undefined;
  if (e?.statusCode !== 429) return undefined;
  const header = e.response?.headers?.get?.('retry-after');
  if (!header) return defaultMs;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1_000);
  const at = Date.parse(header);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : defaultMs;
}

class SlidingWindow {
  readonly #starts: number[] = [];
  readonly #count: number;
  readonly #windowMs: number;
  constructor(limit: { count: number; windowMs: number }) {
    this.#count = limit.count;
    this.#windowMs = limit.windowMs;
  }
  /** Milliseconds to wait before one more start fits in the window (0 = now). */
  waitFor(now: number): number {
    while (this.#starts.length > 0 && now - this.#starts[0]! >= this.#windowMs) this.#starts.shift();
    return this.#starts.length < this.#count ? 0 : this.#starts[0]! + this.#windowMs - now;
  }
  record(now: number): void { this.#starts.push(now); }
}

export class SendQueue {
  readonly #limits: SendLimits;
  readonly #clock: QueueClock;
  readonly #tenants = new Map<string, SlidingWindow>();
  readonly #conversations = new Map<string, SlidingWindow>();
  /** The tail of each conversation's chain of calls, to run them one after the other. */
  readonly #tails = new Map<string, Promise<unknown>>();

  constructor(limits: SendLimits = TEAMS_LIMITS, clock: QueueClock = realQueueClock) {
    this.#limits = limits;
    this.#clock = clock;
  }

  /** Runs one call to Teams for a conversation of a tenant, within the limits. */
  run<T>(tenant: string, conversation: string, call: () => Promise<T>): Promise<T> {
    const key = `${tenant}\u0000${conversation}`;
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.#attempt(tenant, key, call));
    this.#tails.set(key, next);
    void next.finally(() => { if (this.#tails.get(key) === next) this.#tails.delete(key); }).catch(() => undefined);
    return next;
  }

  async #attempt<T>(tenant: string, key: string, call: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt += 1) {
      await this.#slot(tenant, key);
      try {
        return await call();
      } catch (err) {
        const delay = throttleDelay(err, this.#limits.defaultRetryMs);
        if (delay === undefined) throw err;
        if (attempt >= this.#limits.maxThrottleRetries) throw new ThrottledError(delay);
        await this.#clock.sleep(delay);
      }
    }
  }

  async #slot(tenant: string, key: string): Promise<void> {
    const tenantWindow = this.#window(this.#tenants, tenant, this.#limits.perTenant);
    const conversationWindow = this.#window(this.#conversations, key, this.#limits.perConversation);
    for (;;) {
      const now = this.#clock.now();
      const wait = Math.max(tenantWindow.waitFor(now), conversationWindow.waitFor(now));
      if (wait <= 0) {
        tenantWindow.record(now);
        conversationWindow.record(now);
        return;
      }
      await this.#clock.sleep(wait);
    }
  }

  #window(map: Map<string, SlidingWindow>, key: string, limit: { count: number; windowMs: number }): SlidingWindow {
    let window = map.get(key);
    if (!window) {
      window = new SlidingWindow(limit);
      map.set(key, window);
    }
    return window;
  }
}
