// A local stand-in for the Slack Web API (reached through SLACK_API_URL) and for response_url
// hooks. It records every call, answers like Slack does (including 429 with Retry-After and
// user_disabled), and checks every message and view it receives against Block Kit's limits.
// Like Slack, conversations.history gives message metadata only with include_all_metadata, and
// chat.delete removes a message from it (message_not_found when it is not there).
// conversations.kick takes a member out of a channel the bot is in (not_in_channel when they are not).
// Faults can be injected (see `faults`): a post recorded whose answer is lost (a 500 or a dropped
// connection), look-ups that fail, recipients Slack refuses for good.
// Like Slack, a response_url takes at most RESPONSE_URL_POSTS posts: the next ones are refused,
// recorded as "respond:refused" and reported as problems, so a reply lost in Slack fails a test.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkBlocks, checkView } from '../../adapters/slack/render/check-blocks.ts';

export interface FakeCall {
  readonly method: string;
  readonly args: Record<string, unknown>;
  readonly token: string | undefined;
  readonly at: number;
  /** What the fake answered. */
  readonly result?: Record<string, unknown>;
}

export interface FakeUser {
  id: string; name: string; locale?: string; tz?: string; email?: string; deleted?: boolean; is_bot?: boolean;
}

/** Slack: a response_url can be used up to 5 times within 30 minutes. */
export const RESPONSE_URL_POSTS = 5;

const JSON_FIELDS = ['blocks', 'view', 'attachments', 'metadata'];

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  if (!raw) return {};
  if ((req.headers['content-type'] ?? '').includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  const args: Record<string, unknown> = Object.fromEntries(new URLSearchParams(raw));
  for (const field of JSON_FIELDS) {
    if (typeof args[field] === 'string') {
      try { args[field] = JSON.parse(args[field] as string); } catch { /* left as text: the check will flag it */ }
    }
  }
  return args;
}

export class FakeSlackApi {
  readonly calls: FakeCall[] = [];
  readonly users = new Map<string, FakeUser>();
  readonly channels = new Map<string, string[]>();
  readonly usergroups = new Map<string, string[]>();
  readonly channelNames = new Map<string, string>();
  /** OAuth codes the fake accepts at oauth.v2.access, and the installation each one grants. */
  readonly oauthGrants = new Map<string, { teamId: string; teamName: string; token: string; installer: string }>();
  /** Messages posted per channel, newest first, as conversations.history returns them. */
  readonly history = new Map<string, Array<Record<string, unknown>>>();
  readonly groupHandles = new Map<string, string>();
  /** Private channels (conversations.create with is_private); their members are in `channels`. */
  readonly privateChannels = new Set<string>();
  #channelCount = 0;
  /** Problems found in blocks and views received (must stay empty). */
  readonly problems: string[] = [];
  /** The next N calls of a method answer 429 with this Retry-After (seconds). */
  readonly rateLimits = new Map<string, { remaining: number; retryAfter: number }>();
  /**
   * Injected faults, drawn from a seeded random sequence so that a run repeats:
   * - lostAnswers: share of chat.postMessage calls whose message is recorded but whose answer is
   *   lost: an HTTP 500 (`lostAnswerMode: 'http_500'`) or a connection closed without answer ('drop');
   * - failedLookups: share of conversations.history calls answered 429 (Retry-After 1) or 500, in turn;
   * - refusals: Slack user id → an error code chat.postMessage answers (ok: false) to their conversation.
   */
  readonly faults = {
    lostAnswers: 0, lostAnswerMode: 'http_500' as 'http_500' | 'drop', failedLookups: 0,
    refusals: new Map<string, string>(),
  };
  #seed = 0x5eed;
  /** What auth.test says of the bot token (its workspace); `ok: false` makes it fail. */
  authTest: Record<string, unknown> = { user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T_ACME', user: 'mentor' };
  /**
   * The next N calls of a method (or "respond" for response_url posts) fail: with Slack's
   * `{ ok: false, error }` (e.g. expired_trigger_id), or with an HTTP 500.
   */
  readonly failures = new Map<string, { remaining: number; error: string | 500 }>();
  /** Milliseconds a method takes to answer (a slow Slack). */
  readonly delays = new Map<string, number>();
  /** Answers for methods the fake does not know itself (apps.connections.open from the socket server). */
  readonly handlers = new Map<string, (args: Record<string, unknown>, token: string | undefined) => Record<string, unknown>>();
  /** The next N calls of a method fail with this HTTP status (an outage). */
  readonly outages = new Map<string, { remaining: number; status: number }>();
  #server: Server | undefined;
  #ts = 1_700_000_000;
  #views = 0;
  /** Posts received per response_url path, and the message each click's response_url belongs to. */
  readonly #responsePosts = new Map<string, number>();
  readonly #responseTargets = new Map<string, string>();
  url = '';

  async start(): Promise<this> {
    this.#server = createServer((req, res) => {
      void this.#handle(req).then(({ status, body, headers, drop }) => {
        if (drop) { req.socket.destroy(); return; }
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(body));
      }, (err: unknown) => { res.writeHead(500); res.end(String(err)); });
    });
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    if (!this.#server) return;
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server!.close(() => resolve()));
  }

  get apiUrl(): string { return `${this.url}/api/`; }

  /**
   * A fresh response_url for one request of one user (Slack gives one per request); what is posted
   * there is recorded as method "respond". `of` is the path of the ephemeral message a click came
   * from: a replace_original posted to the new URL replaces that message.
   */
  responseUrl(userId: string, of?: string): string {
    const path = `/respond/${userId}/${++this.#ts}`;
    if (of) this.#responseTargets.set(path, of);
    return `${this.url}${path}`;
  }

  addUser(user: FakeUser): void { this.users.set(user.id, user); }

  callsOf(method: string): FakeCall[] { return this.calls.filter((c) => c.method === method); }

  /** Deterministic (mulberry32), so a fault run repeats exactly. */
  #random(): number {
    this.#seed = (this.#seed + 0x6d2b79f5) | 0;
    let t = this.#seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  #lookupFailures = 0;

  async #handle(req: IncomingMessage): Promise<{ status: number; body: unknown; headers?: Record<string, string>; drop?: boolean }> {
    const path = (req.url ?? '').split('?')[0] ?? '';
    if (path.startsWith('/upload/')) {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      this.calls.push({ method: 'upload', args: { fileId: path.split('/')[2], body: Buffer.concat(chunks).toString('utf8') }, token: undefined, at: Date.now() });
      return { status: 200, body: 'OK' };
    }
    const args = await readBody(req);
    const auth = req.headers.authorization;
    const token = auth?.startsWith('Bearer ') ? auth.slice(7) : (typeof args.token === 'string' ? args.token : undefined);
    const method = path.startsWith('/respond/') ? 'respond' : path.replace(/^\/api\//, '');
    const delay = this.delays.get(method);
    if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
    const failure = this.failures.get(method);
    if (failure && failure.remaining > 0) {
      failure.remaining -= 1;
      this.calls.push({ method: `${method}:failed`, args, token, at: Date.now() });
      return failure.error === 500 ? { status: 500, body: { ok: false } } : { status: 200, body: { ok: false, error: failure.error } };
    }
    if (path.startsWith('/respond/')) {
      const user = path.split('/')[2] ?? '';
      const used = (this.#responsePosts.get(path) ?? 0) + 1;
      this.#responsePosts.set(path, used);
      if (used > RESPONSE_URL_POSTS) {
        this.problems.push(`respond: post ${used} to ${path}, over Slack's ${RESPONSE_URL_POSTS} per response_url`);
        this.calls.push({ method: 'respond:refused', args: { ...args, user, path }, token, at: Date.now() });
        return { status: 404, body: { ok: false, error: 'used_url' } };
      }
      this.#check('respond', args);
      this.calls.push({ method: 'respond', args: { ...args, user, path, of: this.#responseTargets.get(path) ?? path }, token, at: Date.now() });
      return { status: 200, body: { ok: true } };
    }
    const limited = this.rateLimits.get(method);
    if (limited && limited.remaining > 0) {
      limited.remaining -= 1;
      this.calls.push({ method: `${method}:429`, args, token, at: Date.now() });
      return { status: 429, body: { ok: false, error: 'ratelimited' }, headers: { 'retry-after': String(limited.retryAfter) } };
    }
    const outage = this.outages.get(method);
    if (outage && outage.remaining > 0) {
      outage.remaining -= 1;
      this.calls.push({ method: `${method}:${outage.status}`, args, token, at: Date.now() });
      return { status: outage.status, body: { ok: false, error: 'fatal_error' } };
    }
    if (method === 'conversations.history' && this.faults.failedLookups > 0 && this.#random() < this.faults.failedLookups) {
      const limited = this.#lookupFailures++ % 2 === 0;
      this.calls.push({ method: `${method}:${limited ? 429 : 500}`, args, token, at: Date.now() });
      return limited
        ? { status: 429, body: { ok: false, error: 'ratelimited' }, headers: { 'retry-after': '1' } }
        : { status: 500, body: { ok: false, error: 'internal_error' } };
    }
    if (method === 'chat.postMessage') {
      const refused = String(args.channel ?? '').replace(/^[DG]-/, '').split('+').map((u) => this.faults.refusals.get(u)).find(Boolean);
      if (refused) {
        const result = { ok: false, error: refused };
        this.calls.push({ method: `${method}:refused`, args, token, at: Date.now(), result });
        return { status: 200, body: result };
      }
    }
    this.#check(method, args);
    const handler = this.handlers.get(method);
    const result = (handler ? handler(args, token) : this.#answer(method, args)) as Record<string, unknown>;
    if (method === 'chat.postMessage' && this.faults.lostAnswers > 0 && this.#random() < this.faults.lostAnswers) {
      // Recorded (it is in the history) but the caller never learns it.
      this.calls.push({ method, args, token, at: Date.now(), result: { ...result, lost: this.faults.lostAnswerMode } });
      return this.faults.lostAnswerMode === 'drop' ? { status: 0, body: null, drop: true } : { status: 500, body: { ok: false, error: 'internal_error' } };
    }
    this.calls.push({ method, args, token, at: Date.now(), result });
    return { status: 200, body: result };
  }

  /** Slack's naming rules and name_taken (whoever holds the name, and even if the bot cannot see it). */
  #createChannel(args: Record<string, unknown>): Record<string, unknown> {
    const name = String(args.name ?? '');
    if (!name) return { ok: false, error: 'invalid_name_required' };
    if (name.length > 80) return { ok: false, error: 'invalid_name_maxlength' };
    if (!/^[a-z0-9_-]+$/.test(name)) return { ok: false, error: 'invalid_name_specials' };
    if ([...this.channelNames.values()].includes(name)) return { ok: false, error: 'name_taken' };
    const id = `C${String(++this.#channelCount).padStart(4, '0')}`;
    const isPrivate = args.is_private === true || args.is_private === 'true';
    this.channels.set(id, [String(this.authTest.user_id)]);
    this.channelNames.set(id, name);
    if (isPrivate) this.privateChannels.add(id);
    return { ok: true, channel: { id, name, is_private: isPrivate } };
  }

  /** With force, the valid users are invited and the others listed in `errors`. */
  #invite(args: Record<string, unknown>): Record<string, unknown> {
    const channel = String(args.channel ?? '');
    const members = this.channels.get(channel);
    if (!members || !members.includes(String(this.authTest.user_id))) return { ok: false, error: 'channel_not_found' };
    const users = String(args.users ?? '').split(',').filter(Boolean);
    if (users.length === 0) return { ok: false, error: 'no_user' };
    const errors: Array<{ user: string; ok: false; error: string }> = [];
    const valid: string[] = [];
    for (const u of users) {
      const user = this.users.get(u);
      const error = !user ? 'user_not_found' : user.deleted ? 'user_disabled' : members.includes(u) ? 'already_in_channel' : undefined;
      if (error) errors.push({ user: u, ok: false, error }); else valid.push(u);
    }
    const force = args.force === true || args.force === 'true';
    if (errors.length > 0 && (!force || valid.length === 0)) return { ok: false, error: errors[0]!.error, errors };
    members.push(...valid);
    return { ok: true, channel: { id: channel }, ...(errors.length > 0 ? { errors } : {}) };
  }

  /** Like Slack: the bot must be in the channel (else channel_not_found); someone not in it is not_in_channel. */
  #kick(args: Record<string, unknown>): Record<string, unknown> {
    const members = this.channels.get(String(args.channel ?? ''));
    if (!members || !members.includes(String(this.authTest.user_id))) return { ok: false, error: 'channel_not_found' };
    const user = String(args.user ?? '');
    if (user === String(this.authTest.user_id)) return { ok: false, error: 'cant_kick_self' };
    if (!this.users.has(user)) return { ok: false, error: 'user_not_found' };
    const at = members.indexOf(user);
    if (at < 0) return { ok: false, error: 'not_in_channel' };
    members.splice(at, 1);
    return { ok: true };
  }

  #check(method: string, args: Record<string, unknown>): void {
    if (args.blocks !== undefined) for (const p of checkBlocks(args.blocks, 'message')) this.problems.push(`${method} ${p}`);
    if (args.view !== undefined) for (const p of checkView(args.view)) this.problems.push(`${method} ${p}`);
    if (typeof args.text === 'string' && args.text.length > 40_000) this.problems.push(`${method}: text over 40000`);
  }

  #answer(method: string, args: Record<string, unknown>): unknown {
    switch (method) {
      case 'auth.test': return { ok: true, ...this.authTest };
      case 'oauth.v2.access': {
        const grant = this.oauthGrants.get(String(args.code));
        if (!grant) return { ok: false, error: 'invalid_code' };
        return {
          ok: true, app_id: 'A123456', authed_user: { id: grant.installer }, scope: 'commands,chat:write', token_type: 'bot',
          access_token: grant.token, bot_user_id: 'UBOT', team: { id: grant.teamId, name: grant.teamName }, enterprise: null, is_enterprise_install: false,
        };
      }
      case 'conversations.open': {
        const users = String(args.users ?? '').split(',').filter(Boolean);
        if (users.some((u) => this.users.get(u)?.deleted)) return { ok: false, error: 'user_disabled' };
        if (users.some((u) => !this.users.has(u))) return { ok: false, error: 'user_not_found' };
        return { ok: true, channel: { id: users.length === 1 ? `D-${users[0]}` : `G-${users.join('+')}` } };
      }
      case 'chat.postMessage': case 'chat.postEphemeral': {
        const ts = `${++this.#ts}.000100`;
        const list = this.history.get(String(args.channel)) ?? [];
        list.unshift({ ts, text: args.text, ...(args.metadata ? { metadata: typeof args.metadata === 'string' ? JSON.parse(args.metadata) : args.metadata } : {}) });
        this.history.set(String(args.channel), list);
        return { ok: true, channel: args.channel, ts };
      }
      case 'files.getUploadURLExternal': {
        const id = `F${++this.#views}`;
        return { ok: true, upload_url: `${this.url}/upload/${id}`, file_id: id };
      }
      case 'files.completeUploadExternal': {
        const files = typeof args.files === 'string' ? JSON.parse(args.files) as Array<{ id: string; title?: string }> : [];
        return { ok: true, files: files.map((f) => ({ id: f.id, title: f.title })) };
      }
      case 'conversations.history': {
        // Slack leaves metadata out unless asked for it.
        const withMetadata = args.include_all_metadata === true || args.include_all_metadata === 'true' || args.include_all_metadata === '1';
        const messages = (this.history.get(String(args.channel)) ?? []).slice(0, Number(args.limit ?? 100))
          .map(({ metadata, ...rest }) => (withMetadata && metadata ? { ...rest, metadata } : rest));
        return { ok: true, messages, has_more: false };
      }
      case 'chat.update': return { ok: true, channel: args.channel, ts: args.ts };
      case 'chat.delete': {
        // Like Slack: the message leaves the conversation's history; one that is not there is message_not_found.
        const list = this.history.get(String(args.channel)) ?? [];
        const at = list.findIndex((m) => m.ts === String(args.ts));
        if (at < 0) return { ok: false, error: 'message_not_found' };
        list.splice(at, 1);
        return { ok: true, channel: args.channel, ts: args.ts };
      }
      case 'views.open': case 'views.push': case 'views.update': case 'views.publish':
        return { ok: true, view: { id: `V${++this.#views}`, hash: `h${this.#views}`, ...(args.view as object) } };
      case 'users.info': {
        const user = this.users.get(String(args.user));
        if (!user) return { ok: false, error: 'user_not_found' };
        return {
          ok: true,
          user: {
            id: user.id, name: user.name.toLowerCase(), real_name: user.name, deleted: Boolean(user.deleted), is_bot: Boolean(user.is_bot),
            tz: user.tz ?? 'Europe/Paris', ...(args.include_locale ? { locale: user.locale ?? 'en-US' } : {}),
            profile: { display_name: user.name, real_name: user.name, email: user.email ?? `${user.name.toLowerCase()}@example.com` },
          },
        };
      }
      case 'conversations.members': {
        const members = this.channels.get(String(args.channel)) ?? [];
        const start = Number(args.cursor ?? 0);
        const limit = Number(args.limit ?? 100);
        const next = start + limit < members.length ? String(start + limit) : '';
        return { ok: true, members: members.slice(start, start + limit), response_metadata: { next_cursor: next } };
      }
      case 'conversations.create': return this.#createChannel(args);
      case 'conversations.invite': return this.#invite(args);
      case 'conversations.kick': return this.#kick(args);
      case 'conversations.setPurpose': return this.channels.has(String(args.channel)) ? { ok: true } : { ok: false, error: 'channel_not_found' };
      case 'conversations.list': {
        // Like Slack, a bot sees the private channels it is in, and only those.
        const visible = (id: string): boolean => !this.privateChannels.has(id) || (this.channels.get(id) ?? []).includes(String(this.authTest.user_id));
        const onlyPrivate = args.types === 'private_channel';
        const all = [...this.channels.keys()].filter((id) => visible(id) && (!onlyPrivate || this.privateChannels.has(id)))
          .map((id) => ({ id, name: this.channelNames.get(id) ?? id.toLowerCase() }));
        const start = Number(args.cursor ?? 0);
        const next = start + 1 < all.length ? String(start + 1) : '';
        // One channel per page, so paging is exercised.
        return { ok: true, channels: all.slice(start, start + 1), response_metadata: { next_cursor: next } };
      }
      case 'usergroups.list': return { ok: true, usergroups: [...this.usergroups.keys()].map((id) => ({ id, handle: this.groupHandles.get(id) ?? id.toLowerCase() })) };
      case 'usergroups.users.list': return { ok: true, users: this.usergroups.get(String(args.usergroup)) ?? [] };
      default: return { ok: false, error: 'unknown_method' };
    }
  }
}
