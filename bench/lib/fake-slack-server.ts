// A lean stand-in for the Slack Web API for load and failure runs: it answers the calls the
// messenger makes (conversations.open, chat.postMessage, conversations.history, users.info,
// auth.test), counts messages per DM channel (so duplicates and losses can be counted), and can
// enforce a rate limit per workspace token like Slack does, answering 429 with Retry-After.
// Like Slack, conversations.history returns message metadata only with include_all_metadata, and
// chat.delete removes a message from the history (message_not_found when it is not there):
// presentPerChannel() counts what people still see.
// Faults for failure runs: a share of posts recorded but answered 500 (the answer is lost), and
// a share of look-ups answered 429 or 500.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeSlackStats {
  posted: number;
  /** Messages removed with chat.delete. */
  deleted: number;
  rateLimited: number;
  /** Messages per DM channel ("D" + user id for one user). */
  perChannel: Map<string, number>;
  /** Time of the first and last accepted message (ms). */
  firstAt: number;
  lastAt: number;
}

export interface FakeSlackFaults {
  /** Share (0–1) of chat.postMessage calls recorded but answered with a 500. */
  lostAnswers?: number;
  /** Share (0–1) of conversations.history calls answered 429 (Retry-After 1) or 500, in turn. */
  failedLookups?: number;
  /** Channels whose posts Slack refuses for good, with the error code (ok: false). */
  refusedChannels?: ReadonlyMap<string, string>;
  /** Channels whose next N posts fail on Slack's side (ok: false, internal_error; nothing posted). */
  failingChannels?: Map<string, number>;
}

export class FakeSlackServer {
  readonly stats: FakeSlackStats = { posted: 0, deleted: 0, rateLimited: 0, perChannel: new Map(), firstAt: 0, lastAt: 0 };
  /** Faults injected so far. */
  readonly injected = { lostAnswers: 0, failedLookups: 0, refused: 0, failed: 0 };
  /** When each chat.postMessage call reached the fake, per channel (ms), to see retries' backoff. */
  readonly postAttempts = new Map<string, number[]>();
  faults: FakeSlackFaults = {};
  /** Messages kept per channel with their metadata, for conversations.history. */
  readonly #history = new Map<string, Array<{ ts: string; metadata?: unknown }>>();
  readonly #rate: number | undefined;
  #tokens: number;
  #refilledAt = Date.now();
  #server: Server | undefined;
  #ts = 0;
  url = '';

  /** `ratePerSecond`: accepted chat.postMessage calls per second before answering 429. */
  constructor(options: { ratePerSecond?: number } = {}) {
    this.#rate = options.ratePerSecond;
    this.#tokens = options.ratePerSecond ?? 0;
  }

  get apiUrl(): string { return `${this.url}/api/`; }

  /** Messages still in each channel's history (posted and not deleted). */
  presentPerChannel(): Map<string, number> {
    return new Map([...this.#history].map(([channel, messages]) => [channel, messages.length]));
  }

  async start(): Promise<this> {
    this.#server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const args: Record<string, unknown> = (req.headers['content-type'] ?? '').includes('json')
          ? JSON.parse(raw || '{}') as Record<string, unknown> : Object.fromEntries(new URLSearchParams(raw));
        const method = (req.url ?? '').split('?')[0]!.replace(/^\/api\//, '');
        const answer = this.#answer(method, args);
        res.writeHead(answer.status, { 'content-type': 'application/json', ...(answer.headers ?? {}) });
        res.end(JSON.stringify(answer.body));
      });
    });
    this.#server.keepAliveTimeout = 5_000;
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.#server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
  }

  #takeToken(): number {
    if (this.#rate === undefined) return 0;
    const now = Date.now();
    this.#tokens = Math.min(this.#rate, this.#tokens + ((now - this.#refilledAt) / 1000) * this.#rate);
    this.#refilledAt = now;
    if (this.#tokens >= 1) { this.#tokens -= 1; return 0; }
    return Math.max(1, Math.ceil((1 - this.#tokens) / this.#rate));
  }

  #answer(method: string, args: Record<string, unknown>): { status: number; body: unknown; headers?: Record<string, string> } {
    switch (method) {
      case 'auth.test': return { status: 200, body: { ok: true, team_id: 'T_FAKE', user_id: 'U_BOT', bot_id: 'B_BOT' } };
      case 'users.info': {
        const user = String(args.user ?? '');
        return { status: 200, body: { ok: true, user: { id: user, name: user, real_name: user, tz: 'Europe/Paris', locale: 'en-US', profile: { display_name: user } } } };
      }
      case 'conversations.open': {
        const users = String(args.users ?? '').split(',').filter(Boolean).sort();
        return { status: 200, body: { ok: true, channel: { id: users.length === 1 ? `D${users[0]}` : `G${users.join('_')}` } } };
      }
      case 'conversations.history': {
        if (this.faults.failedLookups && Math.random() < this.faults.failedLookups) {
          const limited = this.injected.failedLookups++ % 2 === 0;
          return limited
            ? { status: 429, body: { ok: false, error: 'ratelimited' }, headers: { 'retry-after': '1' } }
            : { status: 500, body: { ok: false, error: 'internal_error' } };
        }
        const withMetadata = args.include_all_metadata === true || args.include_all_metadata === 'true' || args.include_all_metadata === '1';
        const limit = Number(args.limit ?? 100);
        const messages = (this.#history.get(String(args.channel ?? '')) ?? []).slice().reverse().slice(0, limit)
          .map(({ metadata, ...rest }) => (withMetadata && metadata ? { ...rest, metadata } : rest));
        return { status: 200, body: { ok: true, messages, has_more: false } };
      }
      case 'chat.postMessage': {
        const target = String(args.channel ?? '');
        this.postAttempts.set(target, [...(this.postAttempts.get(target) ?? []), Date.now()]);
        const failing = this.faults.failingChannels?.get(target) ?? 0;
        if (failing > 0) {
          this.faults.failingChannels!.set(target, failing - 1);
          this.injected.failed += 1;
          return { status: 200, body: { ok: false, error: 'internal_error' } };
        }
        const refused = this.faults.refusedChannels?.get(target);
        if (refused) {
          this.injected.refused += 1;
          return { status: 200, body: { ok: false, error: refused } };
        }
        const wait = this.#takeToken();
        if (wait > 0) {
          this.stats.rateLimited += 1;
          return { status: 429, body: { ok: false, error: 'ratelimited' }, headers: { 'retry-after': String(wait) } };
        }
        const channel = String(args.channel ?? '');
        const ts = `${1_700_000_000 + (++this.#ts)}.000100`;
        const metadata = typeof args.metadata === 'string' ? JSON.parse(args.metadata) as unknown : args.metadata;
        const kept = this.#history.get(channel) ?? [];
        kept.push({ ts, ...(metadata ? { metadata } : {}) });
        this.#history.set(channel, kept);
        this.stats.posted += 1;
        this.stats.perChannel.set(channel, (this.stats.perChannel.get(channel) ?? 0) + 1);
        const now = Date.now();
        if (!this.stats.firstAt) this.stats.firstAt = now;
        this.stats.lastAt = now;
        if (this.faults.lostAnswers && Math.random() < this.faults.lostAnswers) {
          this.injected.lostAnswers += 1;
          return { status: 500, body: { ok: false, error: 'internal_error' } };
        }
        return { status: 200, body: { ok: true, channel, ts } };
      }
      case 'chat.update': return { status: 200, body: { ok: true, channel: args.channel, ts: args.ts } };
      case 'chat.delete': {
        const kept = this.#history.get(String(args.channel ?? '')) ?? [];
        const at = kept.findIndex((m) => m.ts === String(args.ts ?? ''));
        if (at < 0) return { status: 200, body: { ok: false, error: 'message_not_found' } };
        kept.splice(at, 1);
        this.stats.deleted += 1;
        return { status: 200, body: { ok: true, channel: args.channel, ts: args.ts } };
      }
      default: return { status: 200, body: { ok: false, error: 'unknown_method' } };
    }
  }
}
