// A local stand-in for the Bot Connector service and for the Bot Framework's token issuer. The
// bot under test answers Teams through the activity's serviceUrl, which points here: every
// message the bot sends or updates is recorded per conversation. It also publishes OpenID
// metadata and a signing key, so tests can mint tokens the real CloudAdapter validates.
// Like the Bot Connector, DELETE of an activity removes the bot's message (404 when there is none).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createSign, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { adaptiveCardProblems } from './teams-card-validator.ts';

/** Teams refuses a bot message over about 28 KB with 413: so does this fake. */
export const TEAMS_MESSAGE_LIMIT_BYTES = 28 * 1024;

/**
 * What a Teams client would refuse of a message the bot sent or a card it answered an invoke
 * with: over the size limit, or an Adaptive Card the official library reports problems with.
 */
export function activityProblems(where: string, body: string): string[] {
  const problems: string[] = [];
  const bytes = Buffer.byteLength(body, 'utf8');
  if (bytes > TEAMS_MESSAGE_LIMIT_BYTES) problems.push(`${where}: ${bytes} bytes, over Teams' ${TEAMS_MESSAGE_LIMIT_BYTES}`);
  let parsed: unknown;
  try { parsed = JSON.parse(body); } catch { return problems; }
  const cards: unknown[] = [];
  const activity = parsed as { attachments?: { contentType?: string; content?: unknown }[]; type?: string; value?: unknown };
  for (const a of activity.attachments ?? []) if (a.contentType === 'application/vnd.microsoft.card.adaptive') cards.push(a.content);
  if (activity.type === 'application/vnd.microsoft.card.adaptive') cards.push(activity.value);
  for (const card of cards) problems.push(...adaptiveCardProblems(card).map((p) => `${where}: ${p}`));
  return problems;
}

export interface ConnectorCall {
  readonly method: 'POST' | 'PUT' | 'DELETE';
  readonly conversationId: string;
  readonly activityId: string;
  readonly activity: Record<string, unknown>;
  readonly authorization: string | undefined;
}

export const CHANNEL_TOKEN_ISSUER = 'https://api.botframework.com';

/** A member of a team's roster, as the Bot Connector's pagedmembers answer lists it (TeamsChannelAccount). */
export interface RosterEntry {
  readonly id: string;
  readonly name: string;
  readonly aadObjectId: string;
  readonly email?: string;
  readonly userPrincipalName?: string;
  readonly tenantId?: string;
  readonly userRole?: string;
}

export class FakeBotConnector {
  readonly calls: ConnectorCall[] = [];
  /** Conversations whose user blocked or removed the bot: answered 403. */
  readonly blocked = new Set<string>();
  /** Conversations whose sends are refused with this HTTP status (e.g. 400, 401). */
  readonly refusals = new Map<string, number>();
  /** Conversations whose next N sends are answered 503 before reaching the person (a passing outage). */
  readonly unavailable = new Map<string, number>();
  /** The next N sends are recorded (the person sees them) but answered 502: the answer is lost. */
  lostAnswers = 0;
  /** The next N sends are answered 429 with this Retry-After (seconds). */
  throttle = { remaining: 0, retryAfterSeconds: 1 };
  /** Files uploaded to the person's OneDrive after a file consent, by upload path. */
  readonly uploads = new Map<string, { body: Buffer; contentRange: string | undefined }>();
  /** Team rosters by team id, served by GET v3/conversations/{teamId}/pagedmembers. */
  readonly rosters = new Map<string, RosterEntry[]>();
  /** The most members the fake puts on one page, whatever pageSize asks (Teams may give fewer). */
  rosterPageLimit = 500;
  /** Every roster page asked: its team, pageSize and continuationToken. */
  readonly rosterCalls: { teamId: string; pageSize: string | null; continuationToken: string | null }[] = [];
  /** One-to-one conversations the bot created (POST v3/conversations), by member id. */
  readonly createdConversations: { memberId: string; tenantId: string | undefined; conversationId: string }[] = [];
  /** How many requests were answered 429. */
  throttled = 0;
  /**
   * Every message sent, and every card answered to an invoke (teams-user.ts adds those), over
   * Teams' size limit or not a valid Adaptive Card; the harness fails the test when any is here.
   */
  readonly problems: string[] = [];
  /** The largest activity the bot sent or answered, in bytes. */
  largestBytes = 0;
  #server: Server | undefined;
  #url = '';
  #next = 1;
  readonly #keyId = `key-${randomUUID()}`;
  readonly #privateKey: KeyObject;
  readonly #jwk: Record<string, unknown>;

  constructor() {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.#privateKey = privateKey;
    this.#jwk = { ...publicKey.export({ format: 'jwk' }), kid: this.#keyId, use: 'sig', endorsements: ['msteams'] };
  }

  get serviceUrl(): string { return `${this.#url}/teams/`; }
  // Under a path of this instance's own: botbuilder keeps the keys it fetched per metadata address
  // for the whole process (and asks again at most once an hour), so a later fake on the same port,
  // with other keys, must not have the same address.
  get openIdMetadataUrl(): string { return `${this.#url}/${this.#keyId}/.well-known/openidconfiguration`; }
  /** Where Teams would let the bot upload a file the person accepted (their OneDrive). */
  uploadUrl(name: string): string { return `${this.#url}/onedrive/${encodeURIComponent(name)}`; }

  async start(): Promise<void> {
    this.#server = createServer((req, res) => { void this.#handle(req, res); });
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve));
    this.#url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => { this.#server?.close(() => resolve()); this.#server?.closeAllConnections(); });
  }

  /** A Bot Framework channel token as Teams would send it (RS256, our published key). */
  token(claims: { audience: string; serviceUrl?: string; issuer?: string; expiresInSeconds?: number; tenantId?: string }, key: KeyObject = this.#privateKey): string {
    const now = Math.floor(Date.now() / 1000);
    const header = { alg: 'RS256', typ: 'JWT', kid: this.#keyId };
    const body = {
      iss: claims.issuer ?? CHANNEL_TOKEN_ISSUER, aud: claims.audience, serviceurl: claims.serviceUrl ?? this.serviceUrl,
      nbf: now - 60, iat: now - 60, exp: now + (claims.expiresInSeconds ?? 3600),
      ...(claims.tenantId ? { tid: claims.tenantId } : {}),
    };
    const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
    const unsigned = `${encode(header)}.${encode(body)}`;
    const signature = createSign('RSA-SHA256').update(unsigned).sign(key).toString('base64url');
    return `${unsigned}.${signature}`;
  }

  /** A token signed by a key nobody published: what a forger would send. */
  forgedToken(audience: string): string {
    return this.token({ audience }, generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey);
  }

  /** Records what Teams would refuse of this message or invoke answer; returns it. */
  check(where: string, body: string): string[] {
    this.largestBytes = Math.max(this.largestBytes, Buffer.byteLength(body, 'utf8'));
    const problems = activityProblems(where, body);
    this.problems.push(...problems);
    return problems;
  }

  inConversation(conversationId: string): ConnectorCall[] {
    return this.calls.filter((c) => c.conversationId === conversationId);
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '').split('?')[0] ?? '';
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'GET' && path === `/${this.#keyId}/.well-known/openidconfiguration`) {
      send(200, { issuer: CHANNEL_TOKEN_ISSUER, jwks_uri: `${this.#url}/${this.#keyId}/keys`, id_token_signing_alg_values_supported: ['RS256'] });
      return;
    }
    if (req.method === 'GET' && path === `/${this.#keyId}/keys`) { send(200, { keys: [this.#jwk] }); return; }
    if (req.method === 'PUT' && path.startsWith('/onedrive/')) {
      const parts: Buffer[] = [];
      for await (const chunk of req) parts.push(chunk as Buffer);
      this.uploads.set(path, { body: Buffer.concat(parts), contentRange: req.headers['content-range'] as string | undefined });
      send(201, { id: 'drive-item' });
      return;
    }
    const one = /^\/teams\/v3\/conversations\/([^/]+)\/members\/([^/]+)$/.exec(path);
    if (req.method === 'GET' && one) {
      // A team member by Bot Framework id or Entra object id, as Teams answers it.
      const wanted = decodeURIComponent(one[2]!);
      const found = this.rosters.get(decodeURIComponent(one[1]!))?.find((m) => m.id === wanted || m.aadObjectId === wanted);
      if (found) send(200, found); else send(404, { error: { code: 'MemberNotFoundInConversation', message: 'not a member' } });
      return;
    }
    if (req.method === 'POST' && path === '/teams/v3/conversations') {
      // A one-to-one chat opened by the bot: named like the personal chats of the test people.
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { members?: { id?: string }[]; tenantId?: string; isGroup?: boolean };
      const memberId = body.members?.[0]?.id;
      const known = memberId ? [...this.rosters.values()].flat().some((m) => m.id === memberId) : false;
      if (!memberId || body.isGroup || !known) { send(400, { error: { code: 'BadArgument', message: 'cannot create this conversation' } }); return; }
      const conversationId = `a:personal-${memberId.replace(/^29:/, '')}`;
      this.createdConversations.push({ memberId, tenantId: body.tenantId, conversationId });
      send(201, { id: conversationId });
      return;
    }
    const paged = /^\/teams\/v3\/conversations\/([^/]+)\/pagedmembers$/.exec(path);
    if (req.method === 'GET' && paged) {
      // Documented shape: { members: TeamsChannelAccount[], continuationToken? }, the token opaque to the bot.
      const teamId = decodeURIComponent(paged[1]!);
      const query = new URL(req.url ?? '', 'http://local').searchParams;
      this.rosterCalls.push({ teamId, pageSize: query.get('pageSize'), continuationToken: query.get('continuationToken') });
      const roster = this.rosters.get(teamId);
      if (!roster) { send(404, { error: { code: 'ConversationNotFound', message: 'The bot is not part of the conversation roster.' } }); return; }
      const token = query.get('continuationToken');
      const from = token ? Number(Buffer.from(token, 'base64url').toString('utf8').replace(/^page:/, '')) : 0;
      const size = Math.min(Number(query.get('pageSize') ?? 500) || 500, this.rosterPageLimit);
      const members = roster.slice(from, from + size);
      const next = from + size < roster.length ? Buffer.from(`page:${from + size}`).toString('base64url') : undefined;
      send(200, { members, ...(next ? { continuationToken: next } : {}) });
      return;
    }
    const match = /^\/teams\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(path);
    if (match && req.method === 'DELETE' && match[2]) {
      const conversationId = decodeURIComponent(match[1]!);
      const activityId = decodeURIComponent(match[2]);
      const present = this.inConversation(conversationId).filter((c) => c.activityId === activityId);
      if (present.length === 0 || present.at(-1)!.method === 'DELETE') { send(404, { error: { code: 'NotFound', message: 'activity not found' } }); return; }
      this.calls.push({ method: 'DELETE', conversationId, activityId, activity: {}, authorization: req.headers.authorization });
      res.writeHead(200); res.end();
      return;
    }
    if (!match || (req.method !== 'POST' && req.method !== 'PUT')) { send(404, { error: { code: 'NotFound' } }); return; }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8') || '{}';
    const activity = JSON.parse(raw) as Record<string, unknown>;
    const conversationId = decodeURIComponent(match[1]!);
    const problems = this.check(`${req.method} ${conversationId}`, raw);
    if (problems.some((p) => p.includes('bytes, over'))) { send(413, { error: { code: 'MessageSizeTooBig', message: 'Message size too big' } }); return; }
    if (this.blocked.has(conversationId)) { send(403, { error: { code: 'ConversationBlockedByUser', message: 'User blocked the conversation with the bot.' } }); return; }
    const outage = this.unavailable.get(conversationId) ?? 0;
    if (outage > 0) {
      this.unavailable.set(conversationId, outage - 1);
      send(503, { error: { code: 'ServiceUnavailable', message: 'try again later' } });
      return;
    }
    const refusal = this.refusals.get(conversationId);
    if (refusal) { send(refusal, { error: { code: refusal === 401 ? 'Unauthorized' : 'BadArgument', message: 'refused' } }); return; }
    if (this.throttle.remaining > 0) {
      this.throttle.remaining -= 1;
      this.throttled += 1;
      send(429, { error: { code: 'Throttled' } }, { 'retry-after': String(this.throttle.retryAfterSeconds) });
      return;
    }
    const method = req.method === 'PUT' ? 'PUT' : 'POST';
    const activityId = method === 'PUT' ? decodeURIComponent(match[2]!) : `act-${this.#next++}`;
    this.calls.push({ method, conversationId, activityId, activity, authorization: req.headers.authorization });
    if (method === 'POST' && this.lostAnswers > 0) {
      this.lostAnswers -= 1;
      send(502, { error: { code: 'BadGateway' } });
      return;
    }
    send(200, { id: activityId });
  }
}
