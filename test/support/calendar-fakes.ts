// Local stand-ins for the two calendar services, following their documented shapes:
// - Microsoft: the identity platform's token endpoint (POST /{tenant}/oauth2/v2.0/token, client
//   credentials) and Graph's POST /v1.0/users/{id}/calendar/getSchedule (answers
//   { value: [{ scheduleId, availabilityView, scheduleItems: [{ status, start, end }] }] } with
//   dateTimeTimeZone values in the zone of the Prefer: outlook.timezone header) and
//   POST /v1.0/users/{id}/events (answers the event with id, webLink and onlineMeeting.joinUrl
//   when isOnlineMeeting is set with the teamsForBusiness provider) and
//   POST /v1.0/users/{id}/events/{id}/cancel ({ comment }; 202 with no body; only the organizer's
//   own event, an attendee gets 400; an unknown or already cancelled event 404 ErrorItemNotFound);
// - Google: the OAuth 2.0 token endpoint for the JWT bearer grant (checks the RS256 signature
//   with the service account's public key, and the iss, sub, aud, scope and exp claims), Calendar's
//   POST /freeBusy ({ calendars: { id: { busy: [{ start, end }] } } }, or errors: [{ reason }] for
//   a calendar it cannot read) and POST /calendars/primary/events?conferenceDataVersion=1 (a Meet
//   link in conferenceData.entryPoints and hangoutLink when a createRequest was given), and
//   DELETE /calendars/primary/events/{id}?sendUpdates=… (204 with no body; 410 Gone for an event
//   already deleted, 404 for one the calendar never had).
// Each can be made to fail (`down`) or to answer an error status for a while.
import { createVerify, randomUUID, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Busy { readonly start: string; readonly end: string }

abstract class FakeServer {
  /** Every request, with the status it was answered. */
  readonly requests: Array<{ method: string; path: string; query: URLSearchParams; headers: IncomingMessage['headers']; body: unknown; status?: number }> = [];
  /** Every request answers 503 while set (the service is down for the bot). */
  down = false;
  /** While set, every calendar request (not the token endpoint) answers this status: 429 throttled, 500 an error. */
  failStatus: number | undefined;
  #server: Server | undefined;
  #url = '';
  get url(): string { return this.#url; }

  async start(): Promise<void> {
    this.#server = createServer((req, res) => { void this.#serve(req, res); });
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve));
    this.#url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => { this.#server?.close(() => resolve()); this.#server?.closeAllConnections(); });
  }

  async #serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.#url);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const body: unknown = (req.headers['content-type'] ?? '').includes('json') ? JSON.parse(raw || 'null') : Object.fromEntries(new URLSearchParams(raw));
    const request: FakeServer['requests'][number] = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body };
    this.requests.push(request);
    const send = (status: number, answer: unknown) => {
      request.status = status;
      // 202 and 204 answers of a cancel or delete carry no body.
      if (answer === undefined) return void res.writeHead(status).end();
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer));
    };
    if (this.down) return send(503, { error: 'unavailable' });
    if (this.failStatus && !/token$/.test(url.pathname)) {
      if (this.failStatus === 429) res.setHeader('retry-after', '30');
      return send(this.failStatus, { error: { code: this.failStatus === 429 ? 'TooManyRequests' : 'InternalServerError', message: 'failing as asked' } });
    }
    this.handle(req.method ?? 'GET', url, req.headers, body as Record<string, unknown>, send);
  }

  protected abstract handle(method: string, url: URL, headers: IncomingMessage['headers'], body: Record<string, unknown>, send: (status: number, answer: unknown) => void): void;

  callsTo(path: RegExp): FakeServer['requests'] { return this.requests.filter((r) => path.test(r.path)); }
}

export class FakeMicrosoftCalendar extends FakeServer {
  readonly tenantId = 'tenant-1';
  readonly clientId = 'calendar-app';
  readonly clientSecret = 'calendar-secret';
  /** Busy times by address (UTC ISO strings). */
  readonly busy = new Map<string, Busy[]>();
  /** Addresses Graph cannot read a schedule for (answers an error item). */
  readonly unreadable = new Set<string>();
  readonly events: Array<{ owner: string; body: Record<string, unknown>; id: string }> = [];
  /** Events cancelled by their organizer (Outlook sent the cancellation), with the comment given. */
  readonly cancelled: Array<{ owner: string; id: string; comment: unknown }> = [];
  readonly #tokens = new Set<string>();

  protected handle(method: string, url: URL, headers: IncomingMessage['headers'], body: Record<string, unknown>, send: (status: number, answer: unknown) => void): void {
    if (method === 'POST' && url.pathname === `/${this.tenantId}/oauth2/v2.0/token`) {
      if (body.grant_type !== 'client_credentials' || body.client_id !== this.clientId || body.client_secret !== this.clientSecret || !String(body.scope).endsWith('/.default')) {
        return send(401, { error: 'invalid_client' });
      }
      const token = randomUUID();
      this.#tokens.add(token);
      return send(200, { token_type: 'Bearer', expires_in: 3599, access_token: token });
    }
    if (!this.#tokens.has(String(headers.authorization ?? '').replace(/^Bearer /, ''))) return send(401, { error: { code: 'InvalidAuthenticationToken', message: 'Access token is empty.' } });
    const schedule = /^\/v1\.0\/users\/([^/]+)\/calendar\/getSchedule$/.exec(url.pathname);
    if (method === 'POST' && schedule) {
      const schedules = body.schedules as string[];
      const start = body.startTime as { dateTime: string; timeZone: string };
      const end = body.endTime as { dateTime: string; timeZone: string };
      if (!Array.isArray(schedules) || start?.timeZone !== 'UTC' || end?.timeZone !== 'UTC') return send(400, { error: { code: 'BadRequest', message: 'schedules and UTC times expected' } });
      const utcOut = String(headers.prefer ?? '').includes('outlook.timezone="UTC"');
      const from = new Date(`${start.dateTime}Z`);
      const to = new Date(`${end.dateTime}Z`);
      return send(200, {
        value: schedules.map((id) => (this.unreadable.has(id)
          ? { scheduleId: id, error: { message: 'The user is not in the organization', responseCode: 'ErrorMailRecipientNotFound' } }
          : {
            scheduleId: id, availabilityView: '0',
            scheduleItems: (this.busy.get(id) ?? []).filter((b) => new Date(b.start) < to && new Date(b.end) > from).map((b) => ({
              isPrivate: false, status: 'busy', subject: 'Busy',
              start: { dateTime: utcOut ? b.start.replace('Z', '').replace(/\.\d+$/, '') + '.0000000' : b.start, timeZone: 'UTC' },
              end: { dateTime: utcOut ? b.end.replace('Z', '').replace(/\.\d+$/, '') + '.0000000' : b.end, timeZone: 'UTC' },
            })),
          })),
      });
    }
    const events = /^\/v1\.0\/users\/([^/]+)\/events$/.exec(url.pathname);
    if (method === 'POST' && events) {
      const id = `AAMk-${randomUUID()}`;
      this.events.push({ owner: decodeURIComponent(events[1]!), body, id });
      const online = body.isOnlineMeeting === true && body.onlineMeetingProvider === 'teamsForBusiness';
      return send(201, {
        id, subject: body.subject, webLink: `https://outlook.office365.com/owa/?itemid=${id}`,
        start: body.start, end: body.end, isOnlineMeeting: online, onlineMeetingProvider: body.onlineMeetingProvider,
        onlineMeeting: online ? { joinUrl: `https://teams.microsoft.com/l/meetup-join/${id}` } : null,
      });
    }
    const cancel = /^\/v1\.0\/users\/([^/]+)\/events\/([^/]+)\/cancel$/.exec(url.pathname);
    if (method === 'POST' && cancel) {
      const owner = decodeURIComponent(cancel[1]!);
      const id = decodeURIComponent(cancel[2]!);
      const event = this.events.find((e) => e.id === id && e.owner.toLowerCase() === owner.toLowerCase());
      const notFound = { error: { code: 'ErrorItemNotFound', message: 'The specified object was not found in the store.' } };
      if (this.cancelled.some((c) => c.id === id)) return send(404, notFound);
      if (!event) {
        // Someone else's event: only the organizer may cancel it.
        if (this.events.some((e) => e.id === id)) return send(400, { error: { code: 'ErrorAccessDenied', message: 'Your request can\'t be completed. You need to be an organizer to cancel a meeting.' } });
        return send(404, notFound);
      }
      this.cancelled.push({ owner, id, comment: body?.comment });
      return send(202, undefined);
    }
    return send(404, { error: { code: 'ResourceNotFound', message: 'no such endpoint' } });
  }
}

export class FakeGoogleCalendar extends FakeServer {
  readonly clientEmail = 'mentor-bot@acme-calendar.iam.gserviceaccount.com';
  readonly busy = new Map<string, Busy[]>();
  readonly unreadable = new Set<string>();
  readonly events: Array<{ subject: string; body: Record<string, unknown>; id: string; query: URLSearchParams }> = [];
  /** Events deleted by the calendar's owner, with the query (sendUpdates) they were deleted with. */
  readonly deleted: Array<{ subject: string; id: string; query: URLSearchParams }> = [];
  /** The people tokens were issued for (the JWT's `sub`), in order. */
  readonly subjects: string[] = [];
  readonly #publicKey: KeyObject;
  readonly #tokens = new Map<string, string>();

  constructor(publicKey: KeyObject) {
    super();
    this.#publicKey = publicKey;
  }

  get tokenUrl(): string { return `${this.url}/token`; }
  get calendarUrl(): string { return `${this.url}/calendar/v3`; }

  #checkAssertion(assertion: string): string | undefined {
    const [header, claims, signature] = assertion.split('.');
    if (!header || !claims || !signature) return undefined;
    const verify = createVerify('RSA-SHA256').update(`${header}.${claims}`);
    if (!verify.verify(this.#publicKey, Buffer.from(signature, 'base64url'))) return undefined;
    const h = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as Record<string, unknown>;
    const c = JSON.parse(Buffer.from(claims, 'base64url').toString('utf8')) as Record<string, unknown>;
    if (h.alg !== 'RS256' || c.iss !== this.clientEmail || c.aud !== this.tokenUrl || c.scope !== 'https://www.googleapis.com/auth/calendar') return undefined;
    if (typeof c.exp !== 'number' || typeof c.iat !== 'number' || c.exp - c.iat > 3600 || typeof c.sub !== 'string') return undefined;
    return c.sub;
  }

  protected handle(method: string, url: URL, headers: IncomingMessage['headers'], body: Record<string, unknown>, send: (status: number, answer: unknown) => void): void {
    if (method === 'POST' && url.pathname === '/token') {
      const subject = body.grant_type === 'urn:ietf:params:oauth:grant-type:jwt-bearer' ? this.#checkAssertion(String(body.assertion ?? '')) : undefined;
      if (!subject) return send(400, { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' });
      const token = randomUUID();
      this.#tokens.set(token, subject);
      this.subjects.push(subject);
      return send(200, { access_token: token, expires_in: 3599, token_type: 'Bearer' });
    }
    const subject = this.#tokens.get(String(headers.authorization ?? '').replace(/^Bearer /, ''));
    if (!subject) return send(401, { error: { code: 401, message: 'Request had invalid authentication credentials.' } });
    if (method === 'POST' && url.pathname === '/calendar/v3/freeBusy') {
      const from = new Date(String(body.timeMin));
      const to = new Date(String(body.timeMax));
      const items = body.items as Array<{ id: string }>;
      if (!Array.isArray(items) || Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) return send(400, { error: { code: 400, message: 'Bad Request' } });
      return send(200, {
        kind: 'calendar#freeBusy', timeMin: body.timeMin, timeMax: body.timeMax,
        calendars: Object.fromEntries(items.map(({ id }) => [id, this.unreadable.has(id)
          ? { errors: [{ domain: 'global', reason: 'notFound' }], busy: [] }
          : { busy: (this.busy.get(id) ?? []).filter((b) => new Date(b.start) < to && new Date(b.end) > from) }])),
      });
    }
    if (method === 'POST' && url.pathname === '/calendar/v3/calendars/primary/events') {
      const id = randomUUID().replace(/-/g, '');
      this.events.push({ subject, body, id, query: url.searchParams });
      const create = (body.conferenceData as { createRequest?: { requestId?: string; conferenceSolutionKey?: { type?: string } } } | undefined)?.createRequest;
      const meet = url.searchParams.get('conferenceDataVersion') === '1' && create?.conferenceSolutionKey?.type === 'hangoutsMeet' && create.requestId;
      const link = `https://meet.google.com/abc-${id.slice(0, 4)}-xyz`;
      return send(200, {
        kind: 'calendar#event', id, status: 'confirmed', htmlLink: `https://www.google.com/calendar/event?eid=${id}`,
        summary: body.summary, start: body.start, end: body.end, attendees: body.attendees, recurrence: body.recurrence,
        ...(meet ? { hangoutLink: link, conferenceData: { createRequest: { requestId: create.requestId, status: { statusCode: 'success' } }, entryPoints: [{ entryPointType: 'video', uri: link, label: link.slice(8) }] } } : {}),
      });
    }
    const remove = /^\/calendar\/v3\/calendars\/primary\/events\/([^/]+)$/.exec(url.pathname);
    if (method === 'DELETE' && remove) {
      const id = decodeURIComponent(remove[1]!);
      if (!this.events.some((e) => e.id === id && e.subject === subject)) return send(404, { error: { code: 404, message: 'Not Found' } });
      if (this.deleted.some((d) => d.id === id)) return send(410, { error: { code: 410, message: 'Resource has been deleted', errors: [{ domain: 'global', reason: 'deleted' }] } });
      this.deleted.push({ subject, id, query: url.searchParams });
      return send(204, undefined);
    }
    return send(404, { error: { code: 404, message: 'Not Found' } });
  }
}
