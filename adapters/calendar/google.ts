// Google Workspace calendars through a service account with domain-wide delegation: for each
// call the bot signs a JWT (RS256, node:crypto) naming the member it acts for (`sub`) and trades
// it at the OAuth 2.0 token endpoint (JWT bearer grant) for a token with the Calendar scope. Busy
// times come from `freebusy.query`; the meeting is an event in the organizer's primary calendar
// with a Meet link (`conferenceData.createRequest`, `conferenceDataVersion=1`), and Google sends
// the invitation to the other member (`sendUpdates=all`).
import { createSign } from 'node:crypto';
import { z } from 'zod';
import type { Interval } from '../../src/domain/scheduling/slots.ts';
import { CalendarUnavailableError, type CalendarCancelInput, type CalendarEventInput, type CalendarPerson, type CalendarPort, type CreatedEvent } from '../../src/ports/calendar.ts';
import { requestJson, requestWithdrawal, TokenCache, tokenAnswer, type Fetch } from './http.ts';

export const GOOGLE_CALENDAR_SCOPE = 'https://www.googleapis.com/auth/calendar';

export interface GoogleCalendarSettings {
  readonly tokenUrl: string;
  readonly calendarUrl: string;
  /** The service account's `client_email` and `private_key` (PEM), from its JSON key. */
  readonly clientEmail: string;
  readonly privateKey: string;
}

/** The fields of a service account's JSON key the bot uses. */
export const serviceAccountKey = z.object({
  type: z.literal('service_account').optional(),
  client_email: z.string().email(),
  private_key: z.string().includes('PRIVATE KEY'),
});

const freeBusyAnswer = z.object({
  calendars: z.record(z.string(), z.object({
    busy: z.array(z.object({ start: z.string(), end: z.string() })).max(5000).optional(),
    errors: z.array(z.object({ domain: z.string().optional(), reason: z.string().optional() })).optional(),
  })),
});
const eventAnswer = z.object({
  id: z.string().min(1),
  htmlLink: z.string().optional(),
  hangoutLink: z.string().optional(),
  conferenceData: z.object({ entryPoints: z.array(z.object({ entryPointType: z.string(), uri: z.string() })).optional() }).optional(),
});

const base64url = (data: string | Buffer) => Buffer.from(data).toString('base64url');

/** The signed assertion of the JWT bearer grant (RFC 7523) for acting as `subject`. */
export function signAssertion(settings: GoogleCalendarSettings, subject: string, nowMs: number): string {
  const iat = Math.floor(nowMs / 1000);
  const header = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }));
  const claims = base64url(JSON.stringify({ iss: settings.clientEmail, sub: subject, scope: GOOGLE_CALENDAR_SCOPE, aud: settings.tokenUrl, iat, exp: iat + 3600 }));
  const signature = createSign('RSA-SHA256').update(`${header}.${claims}`).sign(settings.privateKey);
  return `${header}.${claims}.${base64url(signature)}`;
}

export class GoogleCalendar implements CalendarPort {
  readonly source = 'google' as const;
  readonly #settings: GoogleCalendarSettings;
  readonly #fetch: Fetch;
  readonly #now: () => number;
  readonly #tokens: TokenCache;

  constructor(settings: GoogleCalendarSettings, options: { fetch?: Fetch; now?: () => number } = {}) {
    this.#settings = settings;
    this.#fetch = options.fetch ?? fetch;
    this.#now = options.now ?? Date.now;
    this.#tokens = new TokenCache(this.#now);
  }

  #token(subject: string): Promise<string> {
    return this.#tokens.get(subject, () => {
      let assertion: string;
      try {
        assertion = signAssertion(this.#settings, subject, this.#now());
      } catch (err) {
        throw new CalendarUnavailableError(`google token: cannot sign (${(err as Error).message})`);
      }
      return requestJson(this.#fetch, 'google token', this.#settings.tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion }),
      }, tokenAnswer);
    });
  }

  async #call<T>(what: string, subject: string, path: string, body: unknown, schema: z.ZodType<T>): Promise<T> {
    const token = await this.#token(subject);
    return requestJson(this.#fetch, what, `${this.#settings.calendarUrl}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
    }, schema);
  }

  async busy(people: readonly CalendarPerson[], from: Date, to: Date): Promise<Interval[]> {
    const organizer = people[0];
    if (!organizer) return [];
    const answer = await this.#call('google freebusy', organizer.email, '/freeBusy', {
      timeMin: from.toISOString(), timeMax: to.toISOString(), items: people.map((p) => ({ id: p.email })),
    }, freeBusyAnswer);
    const out: Interval[] = [];
    for (const person of people) {
      const calendar = answer.calendars[person.email];
      // A calendar Google could not read (notFound, no access) would make every time look free.
      if (!calendar || (calendar.errors?.length ?? 0) > 0) throw new CalendarUnavailableError(`google freebusy: no busy times for one member (${calendar?.errors?.[0]?.reason ?? 'missing'})`);
      for (const b of calendar.busy ?? []) out.push({ start: new Date(b.start), end: new Date(b.end) });
    }
    return out;
  }

  async createEvent(input: CalendarEventInput): Promise<CreatedEvent> {
    const event = await this.#call('google event', input.organizer.email, '/calendars/primary/events?conferenceDataVersion=1&sendUpdates=all', {
      summary: input.summary,
      description: input.description,
      start: { dateTime: input.start.toISOString(), timeZone: input.timeZone },
      end: { dateTime: input.end.toISOString(), timeZone: input.timeZone },
      attendees: input.attendees.map((a) => ({ email: a.email, displayName: a.name, ...(a.email === input.organizer.email ? { organizer: true, responseStatus: 'accepted' } : {}) })),
      ...(input.rrule ? { recurrence: [`RRULE:${input.rrule}`] } : {}),
      conferenceData: { createRequest: { requestId: input.requestId, conferenceSolutionKey: { type: 'hangoutsMeet' } } },
    }, eventAnswer);
    const video = event.conferenceData?.entryPoints?.find((e) => e.entryPointType === 'video')?.uri ?? event.hangoutLink ?? null;
    return { eventId: event.id, joinUrl: video, webLink: event.htmlLink ?? null };
  }

  /** `DELETE /calendars/primary/events/{id}?sendUpdates=all` as the organizer (204): Google tells the guests. */
  async cancelEvent(input: CalendarCancelInput): Promise<'cancelled' | 'gone' | 'refused'> {
    const token = await this.#token(input.organizer.email);
    const outcome = await requestWithdrawal(this.#fetch, 'google delete', `${this.#settings.calendarUrl}/calendars/primary/events/${encodeURIComponent(input.eventId)}?sendUpdates=all`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
    }, this.#now());
    return outcome === 'done' ? 'cancelled' : outcome;
  }
}
