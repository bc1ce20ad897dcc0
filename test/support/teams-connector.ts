// A local stand-in for the Bot Connector service and for the Bot Framework's token issuer. The
// bot under test answers Teams through the activity's serviceUrl, which points here: every
// message the bot sends or updates is recorded per conversation. It also publishes OpenID
// metadata and a signing key, so tests can mint tokens the real CloudAdapter validates.
// Like the Bot Connector, DELETE of an activity removes the bot's message (404 when there is none).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createSign, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import type { AddressInfo } from 'node:net';

export interface ConnectorCall {
  readonly method: 'POST' | 'PUT' | 'DELETE';
  readonly conversationId: string;
  readonly activityId: string;
  readonly activity: Record<string, unknown>;
  readonly authorization: string | undefined;
}

export const CHANNEL_TOKEN_ISSUER = 'https://api.botframework.com';

export class FakeBotConnector {
  readonly calls: ConnectorCall[] = [];
  /** Conversations whose user blocked or removed the bot: answered 403. */
  readonly blocked = new Set<string>();
  /** Conversations whose sends are refused with this HTTP status (e.g. 400, 401). */
  readonly refusals = new Map<string, number>();
  /** The next N sends are recorded (the person sees them) but answered 502: the answer is lost. */
  lostAnswers = 0;
  /** The next N sends are answered 429 with this Retry-After (seconds). */
  throttle = { remaining: 0, retryAfterSeconds: 1 };
  /** Files uploaded to the person's OneDrive after a file consent, by upload path. */
  readonly uploads = new Map<string, { body: Buffer; contentRange: string | undefined }>();
  /** How many requests were answered 429. */
  throttled = 0;
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
  get openIdMetadataUrl(): string { return `${this.#url}/.well-known/openidconfiguration`; }
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
  token(claims: { audience: string; serviceUrl?: string; issuer?: string; expiresInSeconds?: number }, key: KeyObject = this.#privateKey): string {
    const now = Math.floor(Date.now() / 1000);
    const header = { alg: 'RS256', typ: 'JWT', kid: this.#keyId };
    const body = {
      iss: claims.issuer ?? CHANNEL_TOKEN_ISSUER, aud: claims.audience, serviceurl: claims.serviceUrl ?? this.serviceUrl,
      nbf: now - 60, iat: now - 60, exp: now + (claims.expiresInSeconds ?? 3600),
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

  inConversation(conversationId: string): ConnectorCall[] {
    return this.calls.filter((c) => c.conversationId === conversationId);
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '').split('?')[0] ?? '';
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'GET' && path === '/.well-known/openidconfiguration') {
      send(200, { issuer: CHANNEL_TOKEN_ISSUER, jwks_uri: `${this.#url}/keys`, id_token_signing_alg_values_supported: ['RS256'] });
      return;
    }
    if (req.method === 'GET' && path === '/keys') { send(200, { keys: [this.#jwk] }); return; }
    if (req.method === 'PUT' && path.startsWith('/onedrive/')) {
      const parts: Buffer[] = [];
      for await (const chunk of req) parts.push(chunk as Buffer);
      this.uploads.set(path, { body: Buffer.concat(parts), contentRange: req.headers['content-range'] as string | undefined });
      send(201, { id: 'drive-item' });
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
    const activity = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
    const conversationId = decodeURIComponent(match[1]!);
    if (this.blocked.has(conversationId)) { send(403, { error: { code: 'ConversationBlockedByUser', message: 'User blocked the conversation with the bot.' } }); return; }
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
