// A local stand-in for Microsoft Graph and the Microsoft identity platform's token endpoint, as
// documented: POST /{tenant}/oauth2/v2.0/token (client credentials, form-encoded) answers
// { token_type, expires_in, access_token }; GET /v1.0/users with $search needs the
// `ConsistencyLevel: eventual` header (400 otherwise), takes `"property:term"` clauses joined by
// OR, and matches words of displayName or mail that start with the term; $select limits the
// properties; GET /v1.0/users/{id} answers one user or 404 with Graph's error shape.
// Chats, as documented: POST /v1.0/chats ({ chatType, topic, members: aadUserConversationMember
// with `user@odata.bind` and roles }) answers 201 with the chat ({ id: "19:…@thread.v2", topic,
// chatType, … }); POST /v1.0/chats/{id}/installedApps ({ "teamsApp@odata.bind": …/appCatalogs/
// teamsApps/{id} }) answers 201 with no body, 409 when the app is there already, 404 for an app
// not in the catalog; GET /v1.0/users/{id}/chats lists that user's chats ($top at most 50, the
// rest behind @odata.nextLink). 429s carry Retry-After. GET /v1.0/chats/{id}/members lists the
// chat's conversationMembers ({ value: [{ @odata.type, id: <opaque membership id>, roles,
// displayName, userId, email, tenantId }] }, 404 for an unknown chat); DELETE
// /v1.0/chats/{id}/members/{membership id} answers 204 (404 when it is not there).
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeGraphUser {
  readonly id: string;
  readonly displayName: string;
  readonly mail: string | null;
  readonly userPrincipalName: string;
  /** Not readable with User.ReadBasic.All: never returned by this fake's search. */
  readonly jobTitle?: string;
}

export interface FakeChat {
  readonly id: string;
  readonly chatType: 'group' | 'oneOnOne';
  readonly topic: string | null;
  readonly members: { userId: string; roles: string[] }[];
  readonly installedApps: string[];
  readonly createdDateTime: string;
}

type ChatCall = 'createChat' | 'installApp' | 'listChats' | 'listMembers' | 'removeMember';

export class FakeGraph {
  readonly users: FakeGraphUser[] = [];
  readonly chats: FakeChat[] = [];
  /** Apps in the organisation's Teams app catalog, by catalog id. */
  readonly catalog = new Set<string>();
  /** Chat calls answered with this status (e.g. 403 when the permission is not granted). */
  readonly refuse = new Map<ChatCall, number>();
  /** The next N chat calls of this kind answer 429 with this Retry-After (seconds). */
  readonly throttle = new Map<ChatCall, { count: number; retryAfterSeconds: number }>();
  /** The next N chat calls of this kind answer this server error before doing anything. */
  readonly serverErrors = new Map<ChatCall, { count: number; status: number }>();
  /** The next N chat creations make the chat, then answer 502 (the answer is lost). */
  lostCreates = 0;
  /** The next N chat creations make the chat, then answer 201 with a body that is not a chat. */
  malformedCreates = 0;
  /** The next N chat lists answer 200 with a body that is not a list of chats. */
  malformedLists = 0;
  /** Every request's JSON body, in order, with its method and path. */
  readonly bodies: { method: string; path: string; body: unknown }[] = [];
  readonly requests: { method: string; path: string; query: URLSearchParams; headers: IncomingMessage['headers'] }[] = [];
  /** The next N Graph calls (not token calls) answer this status. */
  failNext = { count: 0, status: 503 };
  tokensIssued = 0;
  readonly tenantId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly #tokens = new Set<string>();
  #server: Server | undefined;
  #url = '';

  constructor(credentials: { tenantId: string; clientId: string; clientSecret: string }) {
    this.tenantId = credentials.tenantId;
    this.clientId = credentials.clientId;
    this.clientSecret = credentials.clientSecret;
  }

  get url(): string { return this.#url; }

  async start(): Promise<void> {
    this.#server = createServer((req, res) => { void this.#handle(req, res); });
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve));
    this.#url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => { this.#server?.close(() => resolve()); this.#server?.closeAllConnections(); });
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.#url);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    const graphError = (status: number, code: string, message: string) => send(status, { error: { code, message } });
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);

    if (req.method === 'POST' && url.pathname === `/${this.tenantId}/oauth2/v2.0/token`) {
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      if (form.get('grant_type') !== 'client_credentials' || form.get('client_id') !== this.clientId || form.get('client_secret') !== this.clientSecret) {
        send(401, { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.' });
        return;
      }
      if (form.get('scope') !== `${this.#url}/.default`) { send(400, { error: 'invalid_scope' }); return; }
      const token = `graph-${randomUUID()}`;
      this.#tokens.add(token);
      this.tokensIssued += 1;
      send(200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: token });
      return;
    }
    if (!url.pathname.startsWith('/v1.0/')) { graphError(404, 'Request_ResourceNotFound', 'not found'); return; }
    this.requests.push({ method: req.method ?? '', path: url.pathname, query: url.searchParams, headers: req.headers });
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!bearer || !this.#tokens.has(bearer)) { graphError(401, 'InvalidAuthenticationToken', 'Access token is empty or invalid.'); return; }
    let body: unknown;
    try { body = chunks.length > 0 ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined; } catch { graphError(400, 'BadRequest', 'Invalid JSON'); return; }
    this.bodies.push({ method: req.method ?? '', path: url.pathname, body });
    if (this.failNext.count > 0) {
      this.failNext.count -= 1;
      graphError(this.failNext.status, 'serviceNotAvailable', 'The service is temporarily unavailable.');
      return;
    }
    const select = (user: FakeGraphUser) => {
      const fields = (url.searchParams.get('$select') ?? 'id,displayName,mail,userPrincipalName').split(',');
      return Object.fromEntries(fields.filter((f) => f !== 'jobTitle').map((f) => [f, (user as unknown as Record<string, unknown>)[f] ?? null]));
    };
    if (req.method === 'GET' && url.pathname === '/v1.0/users') {
      const search = url.searchParams.get('$search');
      if (search !== null && req.headers.consistencylevel !== 'eventual') {
        graphError(400, 'Request_UnsupportedQuery', "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'");
        return;
      }
      const clauses = search === null ? [] : [...search.matchAll(/"(displayName|mail):([^"]*)"/g)].map((m) => ({ property: m[1] as 'displayName' | 'mail', term: m[2]!.toLowerCase() }));
      if (search !== null && clauses.length === 0) { graphError(400, 'Request_UnsupportedQuery', 'Invalid search clause'); return; }
      const words = (text: string | null) => (text ?? '').toLowerCase().split(/[\s.@_-]+/);
      const matches = this.users.filter((u) => clauses.length === 0 || clauses.some((c) => words(u[c.property]).some((w) => w.startsWith(c.term)) || (u[c.property] ?? '').toLowerCase().startsWith(c.term)));
      const top = Number(url.searchParams.get('$top') ?? 100);
      send(200, { '@odata.context': `${this.#url}/v1.0/$metadata#users`, value: matches.slice(0, top).map(select) });
      return;
    }
    if (this.#chats(req.method ?? '', url, body, send, graphError)) return;
    const one = /^\/v1\.0\/users\/([^/]+)$/.exec(url.pathname);
    if (req.method === 'GET' && one) {
      const user = this.users.find((u) => u.id === decodeURIComponent(one[1]!));
      if (!user) { graphError(404, 'Request_ResourceNotFound', `Resource '${one[1]}' does not exist or one of its queried reference-property objects are not present.`); return; }
      send(200, { '@odata.context': `${this.#url}/v1.0/$metadata#users/$entity`, ...select(user) });
      return;
    }
    graphError(400, 'BadRequest', 'Unsupported request');
  }

  /** The chat endpoints; false when the request is not one of them. */
  #chats(method: string, url: URL, body: unknown, send: (status: number, body: unknown, headers?: Record<string, string>) => void, graphError: (status: number, code: string, message: string) => void): boolean {
    const path = url.pathname;
    const kind: ChatCall | undefined = method === 'POST' && path === '/v1.0/chats' ? 'createChat'
      : method === 'POST' && /^\/v1\.0\/chats\/[^/]+\/installedApps$/.test(path) ? 'installApp'
        : method === 'GET' && /^\/v1\.0\/users\/[^/]+\/chats$/.test(path) ? 'listChats'
          : method === 'GET' && /^\/v1\.0\/chats\/[^/]+\/members$/.test(path) ? 'listMembers'
            : method === 'DELETE' && /^\/v1\.0\/chats\/[^/]+\/members\/[^/]+$/.test(path) ? 'removeMember' : undefined;
    if (!kind) return false;
    const refused = this.refuse.get(kind);
    if (refused) {
      graphError(refused, refused === 403 ? 'Forbidden' : 'BadRequest', refused === 403 ? 'Missing role permissions on the request. API requires one of the application permissions.' : 'refused');
      return true;
    }
    const throttle = this.throttle.get(kind);
    if (throttle && throttle.count > 0) {
      throttle.count -= 1;
      send(429, { error: { code: 'TooManyRequests', message: 'Too many requests' } }, { 'retry-after': String(throttle.retryAfterSeconds) });
      return true;
    }
    const outage = this.serverErrors.get(kind);
    if (outage && outage.count > 0) {
      outage.count -= 1;
      graphError(outage.status, 'ServiceUnavailable', 'The service is temporarily unavailable.');
      return true;
    }
    const userOf = (bind: unknown) => (typeof bind === 'string' ? /^(.+)\/v1\.0\/users\('([^']+)'\)$/.exec(bind) : null);
    if (kind === 'createChat') {
      const request = body as { chatType?: unknown; topic?: unknown; members?: unknown };
      const members = Array.isArray(request?.members) ? request.members as Record<string, unknown>[] : [];
      if (request?.chatType !== 'group' && request?.chatType !== 'oneOnOne') { graphError(400, 'BadRequest', 'chatType is required'); return true; }
      if (request.topic !== undefined && request.chatType !== 'group') { graphError(400, 'BadRequest', 'Only group chats can have a topic'); return true; }
      const parsed = members.map((m) => ({ type: m['@odata.type'], roles: m.roles, bind: userOf(m['user@odata.bind']) }));
      if (members.length < 2 || parsed.some((m) => m.type !== '#microsoft.graph.aadUserConversationMember' || !Array.isArray(m.roles) || !m.bind || m.bind[1] !== this.#url)) {
        graphError(400, 'BadRequest', 'Invalid members');
        return true;
      }
      const unknown = parsed.find((m) => !this.users.some((u) => u.id === decodeURIComponent(m.bind![2]!)));
      if (unknown) { graphError(404, 'NotFound', `User ${unknown.bind![2]} not found`); return true; }
      const chat: FakeChat = {
        id: `19:${randomUUID().replace(/-/g, '')}@thread.v2`, chatType: request.chatType, topic: typeof request.topic === 'string' ? request.topic : null,
        members: parsed.map((m) => ({ userId: decodeURIComponent(m.bind![2]!), roles: m.roles as string[] })), installedApps: [], createdDateTime: new Date().toISOString(),
      };
      this.chats.push(chat);
      if (this.lostCreates > 0) { this.lostCreates -= 1; graphError(502, 'BadGateway', 'Bad gateway'); return true; }
      if (this.malformedCreates > 0) { this.malformedCreates -= 1; send(201, { '@odata.context': `${this.#url}/v1.0/$metadata#chats/$entity`, id: 42 }); return true; }
      send(201, { '@odata.context': `${this.#url}/v1.0/$metadata#chats/$entity`, ...this.#chatView(chat) });
      return true;
    }
    if (kind === 'installApp') {
      const chat = this.chats.find((c) => c.id === decodeURIComponent(path.split('/')[3]!));
      if (!chat) { graphError(404, 'NotFound', 'Chat not found'); return true; }
      const bind = (body as Record<string, unknown> | undefined)?.['teamsApp@odata.bind'];
      const prefix = `${this.#url}/v1.0/appCatalogs/teamsApps/`;
      const app = typeof bind === 'string' && bind.startsWith(prefix) && !bind.slice(prefix.length).includes('/') ? bind.slice(prefix.length) : undefined;
      if (!app) { graphError(400, 'BadRequest', 'teamsApp@odata.bind is required'); return true; }
      if (!this.catalog.has(decodeURIComponent(app))) { graphError(404, 'NotFound', 'App not found in the catalog'); return true; }
      if (chat.installedApps.includes(decodeURIComponent(app))) { graphError(409, 'Conflict', 'App is already installed in this chat'); return true; }
      chat.installedApps.push(decodeURIComponent(app));
      send(201, {});
      return true;
    }
    if (kind === 'listMembers' || kind === 'removeMember') {
      const chat = this.chats.find((c) => c.id === decodeURIComponent(path.split('/')[3]!));
      if (!chat) { graphError(404, 'NotFound', 'Chat not found'); return true; }
      // The membership id is opaque to clients (built here from the chat and the user).
      const membershipOf = (userId: string) => Buffer.from(`1#${chat.id}#${userId}`).toString('base64');
      if (kind === 'listMembers') {
        send(200, {
          '@odata.context': `${this.#url}/v1.0/$metadata#chats('${encodeURIComponent(chat.id)}')/members`, '@odata.count': chat.members.length,
          value: chat.members.map((m) => ({
            '@odata.type': '#microsoft.graph.aadUserConversationMember', id: membershipOf(m.userId), roles: m.roles,
            displayName: this.users.find((u) => u.id === m.userId)?.displayName ?? null, visibleHistoryStartDateTime: '0001-01-01T00:00:00Z',
            userId: m.userId, email: this.users.find((u) => u.id === m.userId)?.mail ?? null, tenantId: this.tenantId,
          })),
        });
        return true;
      }
      const at = chat.members.findIndex((m) => membershipOf(m.userId) === decodeURIComponent(path.split('/')[5]!));
      if (at < 0) { graphError(404, 'NotFound', 'Member not found'); return true; }
      chat.members.splice(at, 1);
      send(204, undefined);
      return true;
    }
    if (this.malformedLists > 0) { this.malformedLists -= 1; send(200, { value: 'not a list' }); return true; }
    const userId = decodeURIComponent(path.split('/')[3]!);
    const top = Math.min(Number(url.searchParams.get('$top') ?? 50) || 50, 50);
    const skip = Number(url.searchParams.get('$skiptoken') ?? 0) || 0;
    const mine = this.chats.filter((c) => c.members.some((m) => m.userId === userId));
    const page = mine.slice(skip, skip + top);
    const next = skip + top < mine.length ? `${this.#url}/v1.0/users/${encodeURIComponent(userId)}/chats?$top=${top}&$skiptoken=${skip + top}` : undefined;
    send(200, { '@odata.context': `${this.#url}/v1.0/$metadata#chats`, value: page.map((c) => this.#chatView(c)), ...(next ? { '@odata.nextLink': next } : {}) });
    return true;
  }

  #chatView(chat: FakeChat) {
    return { id: chat.id, topic: chat.topic, createdDateTime: chat.createdDateTime, lastUpdatedDateTime: chat.createdDateTime, chatType: chat.chatType, webUrl: `https://teams.microsoft.com/l/chat/${encodeURIComponent(chat.id)}/0` };
  }
}
