// A local stand-in for Microsoft Graph and the Microsoft identity platform's token endpoint, as
// documented: POST /{tenant}/oauth2/v2.0/token (client credentials, form-encoded) answers
// { token_type, expires_in, access_token }; GET /v1.0/users with $search needs the
// `ConsistencyLevel: eventual` header (400 otherwise), takes `"property:term"` clauses joined by
// OR, and matches words of displayName or mail that start with the term; $select limits the
// properties; GET /v1.0/users/{id} answers one user or 404 with Graph's error shape.
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

export class FakeGraph {
  readonly users: FakeGraphUser[] = [];
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
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
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
    const one = /^\/v1\.0\/users\/([^/]+)$/.exec(url.pathname);
    if (req.method === 'GET' && one) {
      const user = this.users.find((u) => u.id === decodeURIComponent(one[1]!));
      if (!user) { graphError(404, 'Request_ResourceNotFound', `Resource '${one[1]}' does not exist or one of its queried reference-property objects are not present.`); return; }
      send(200, { '@odata.context': `${this.#url}/v1.0/$metadata#users/$entity`, ...select(user) });
      return;
    }
    graphError(400, 'BadRequest', 'Unsupported request');
  }
}
