// A local stand-in for the Microsoft identity platform's token endpoint as documented for the
// client credentials grant: POST /{tenant}/oauth2/v2.0/token with a form-encoded body
// (grant_type=client_credentials, client_id, client_secret, scope) answers
// { token_type: "Bearer", expires_in, ext_expires_in, access_token }; a wrong secret answers 401
// { error: "invalid_client", error_description: "AADSTS7000215: …", error_codes, … } and an app
// unknown to the tenant 400 { error: "unauthorized_client", error_description: "AADSTS700016: …" }.
// It can also answer 503 for a while (a passing outage).
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TokenRequestSeen { tenant: string; form: Record<string, string> }

export class EntraTokenFake {
  readonly requests: TokenRequestSeen[] = [];
  /** The next N token requests answer 503. */
  unavailable = 0;
  #server: Server | undefined;
  url = '';

  readonly apps: ReadonlyMap<string, string>;

  /** `apps`: app id → client secret of the registrations the tenant knows. */
  constructor(apps: ReadonlyMap<string, string>) { this.apps = apps; }

  async start(port = 0): Promise<this> {
    this.#server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const send = (status: number, body: unknown) => {
          res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
          res.end(JSON.stringify(body));
        };
        const path = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(req.url ?? '');
        if (req.method !== 'POST' || !path) { send(404, { error: 'not_found' }); return; }
        const form = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
        this.requests.push({ tenant: decodeURIComponent(path[1]!), form });
        const fail = (status: number, error: string, code: number, description: string) => send(status, {
          error, error_description: `AADSTS${code}: ${description}\r\nTrace ID: ${randomUUID()}\r\nCorrelation ID: ${randomUUID()}\r\nTimestamp: ${new Date().toISOString()}`,
          error_codes: [code], timestamp: new Date().toISOString(), trace_id: randomUUID(), correlation_id: randomUUID(),
        });
        if (this.unavailable > 0) { this.unavailable -= 1; send(503, { error: 'temporarily_unavailable', error_description: 'AADSTS90033: A transient error has occurred. Please try again.' }); return; }
        if (form.grant_type !== 'client_credentials') { fail(400, 'unsupported_grant_type', 70003, 'The app requested an unsupported grant type.'); return; }
        if (!form.scope) { fail(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'scope'."); return; }
        const secret = form.client_id ? this.apps.get(form.client_id) : undefined;
        if (secret === undefined) { fail(400, 'unauthorized_client', 700016, `Application with identifier '${form.client_id ?? ''}' was not found in the directory '${path[1]}'.`); return; }
        if (form.client_secret !== secret) { fail(401, 'invalid_client', 7000215, 'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.'); return; }
        send(200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: `bf-${randomUUID()}` });
      });
    });
    await new Promise<void>((resolve) => this.#server!.listen(port, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
