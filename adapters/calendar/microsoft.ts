// Microsoft 365 calendars through Microsoft Graph, with an app registration granted the
// application permission Calendars.ReadWrite (admin consent): free/busy of both members with
// `POST /users/{organizer}/calendar/getSchedule`, and the meeting as an Outlook event in the
// organizer's calendar with a Teams meeting link (`isOnlineMeeting`, `teamsForBusiness`); Outlook
// sends the invitation to the other member. The app token comes from the tenant's sign-in
// authority (client credentials), as for the Teams directory search.
import { z } from 'zod';
import type { Interval } from '../../src/domain/scheduling/slots.ts';
import { CalendarUnavailableError, type CalendarCancelInput, type CalendarEventInput, type CalendarPerson, type CalendarPort, type CreatedEvent } from '../../src/ports/calendar.ts';
import { requestJson, requestWithdrawal, TokenCache, tokenAnswer, type Fetch } from './http.ts';
import { localDate, localDateTime, ruleParts, untilOf } from './local-time.ts';

export interface MicrosoftCalendarSettings {
  readonly graphUrl: string;
  readonly loginUrl: string;
  readonly tenantId: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

const dateTimeTimeZone = z.object({ dateTime: z.string().min(1), timeZone: z.string().optional() });
const scheduleAnswer = z.object({
  value: z.array(z.object({
    scheduleId: z.string(),
    scheduleItems: z.array(z.object({ status: z.string(), start: dateTimeTimeZone, end: dateTimeTimeZone })).max(5000).optional(),
    error: z.object({ message: z.string().optional(), responseCode: z.string().optional() }).nullable().optional(),
  })).max(50),
});
const eventAnswer = z.object({
  id: z.string().min(1),
  webLink: z.string().nullable().optional(),
  onlineMeeting: z.object({ joinUrl: z.string().nullable().optional() }).nullable().optional(),
});

/** Statuses during which a person cannot meet. */
const BUSY = new Set(['busy', 'oof', 'tentative']);
const DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const RRULE_DAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
const INDEX: Record<string, string> = { 1: 'first', 2: 'second', 3: 'third', 4: 'fourth', '-1': 'last' };

/** Graph answers in UTC when asked (Prefer: outlook.timezone="UTC"), without an offset. */
const utc = (value: string) => new Date(/[zZ]|[+-]\d\d:\d\d$/.test(value) ? value : `${value}Z`);

/** Graph's patternedRecurrence for the RRULE shapes the core writes. */
export function graphRecurrence(rrule: string, start: Date, timeZone: string): Record<string, unknown> {
  const parts = ruleParts(rrule);
  const interval = Number(parts.INTERVAL ?? '1');
  const day = DAYS[RRULE_DAYS.indexOf(localWeekday(start, timeZone))];
  const until = untilOf(parts);
  const range = { type: until ? 'endDate' : 'noEnd', startDate: localDate(start, timeZone), ...(until ? { endDate: localDate(until, timeZone) } : {}), recurrenceTimeZone: timeZone };
  switch (parts.FREQ) {
    case 'DAILY': return { pattern: { type: 'daily', interval }, range };
    case 'WEEKLY': return { pattern: { type: 'weekly', interval, daysOfWeek: [day], firstDayOfWeek: 'monday' }, range };
    case 'MONTHLY': {
      const by = /^(-?\d)([A-Z]{2})$/.exec(parts.BYDAY ?? '');
      return { pattern: { type: 'relativeMonthly', interval, daysOfWeek: [DAYS[RRULE_DAYS.indexOf(by?.[2] ?? '')] ?? day], index: INDEX[by?.[1] ?? '1'] ?? 'first' }, range };
    }
    default: {
      const [, month, dayOfMonth] = localDate(start, timeZone).split('-').map(Number);
      return { pattern: { type: 'absoluteYearly', interval, month, dayOfMonth }, range };
    }
  }
}

function localWeekday(instant: Date, timeZone: string): string {
  const [y, m, d] = localDate(instant, timeZone).split('-').map(Number);
  return RRULE_DAYS[(new Date(Date.UTC(y!, m! - 1, d!)).getUTCDay() + 6) % 7]!;
}

export class MicrosoftCalendar implements CalendarPort {
  readonly source = 'microsoft' as const;
  readonly #settings: MicrosoftCalendarSettings;
  readonly #fetch: Fetch;
  readonly #tokens: TokenCache;
  readonly #now: () => number;

  constructor(settings: MicrosoftCalendarSettings, options: { fetch?: Fetch; now?: () => number } = {}) {
    this.#settings = settings;
    this.#fetch = options.fetch ?? fetch;
    this.#now = options.now ?? Date.now;
    this.#tokens = new TokenCache(this.#now);
  }

  #token(): Promise<string> {
    const { loginUrl, tenantId, clientId, clientSecret, graphUrl } = this.#settings;
    return this.#tokens.get('app', () => requestJson(this.#fetch, 'microsoft token', `${loginUrl}/${encodeURIComponent(tenantId)}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: clientId, client_secret: clientSecret, grant_type: 'client_credentials', scope: `${graphUrl}/.default` }),
    }, tokenAnswer));
  }

  async #post<T>(what: string, path: string, body: unknown, schema: z.ZodType<T>, headers: Record<string, string> = {}): Promise<T> {
    const token = await this.#token();
    return requestJson(this.#fetch, what, `${this.#settings.graphUrl}/v1.0${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json', ...headers },
      body: JSON.stringify(body),
    }, schema);
  }

  async busy(people: readonly CalendarPerson[], from: Date, to: Date): Promise<Interval[]> {
    const organizer = people[0];
    if (!organizer) return [];
    const answer = await this.#post('microsoft getSchedule', `/users/${encodeURIComponent(organizer.email)}/calendar/getSchedule`, {
      schedules: people.map((p) => p.email),
      startTime: { dateTime: from.toISOString().slice(0, 19), timeZone: 'UTC' },
      endTime: { dateTime: to.toISOString().slice(0, 19), timeZone: 'UTC' },
      availabilityViewInterval: 15,
    }, scheduleAnswer, { Prefer: 'outlook.timezone="UTC"' });
    const out: Interval[] = [];
    for (const person of people) {
      const schedule = answer.value.find((s) => s.scheduleId.toLowerCase() === person.email.toLowerCase());
      // A calendar Graph could not read would make every time look free: not trusted.
      if (!schedule || schedule.error) throw new CalendarUnavailableError(`microsoft getSchedule: no schedule for one member (${schedule?.error?.responseCode ?? 'missing'})`);
      for (const item of schedule.scheduleItems ?? []) {
        if (BUSY.has(item.status.toLowerCase())) out.push({ start: utc(item.start.dateTime), end: utc(item.end.dateTime) });
      }
    }
    return out;
  }

  async createEvent(input: CalendarEventInput): Promise<CreatedEvent> {
    const event = await this.#post('microsoft event', `/users/${encodeURIComponent(input.organizer.email)}/events`, {
      subject: input.summary,
      body: { contentType: 'text', content: input.description },
      start: { dateTime: localDateTime(input.start, input.timeZone), timeZone: input.timeZone },
      end: { dateTime: localDateTime(input.end, input.timeZone), timeZone: input.timeZone },
      attendees: input.attendees.filter((a) => a.email !== input.organizer.email).map((a) => ({ emailAddress: { address: a.email, name: a.name }, type: 'required' })),
      isOnlineMeeting: true,
      onlineMeetingProvider: 'teamsForBusiness',
      allowNewTimeProposals: true,
      transactionId: input.requestId,
      ...(input.rrule ? { recurrence: graphRecurrence(input.rrule, input.start, input.timeZone) } : {}),
    }, eventAnswer);
    return { eventId: event.id, joinUrl: event.onlineMeeting?.joinUrl ?? null, webLink: event.webLink ?? null };
  }

  /** `POST /users/{organizer}/events/{id}/cancel` with a comment (202): Outlook sends the cancellation. */
  async cancelEvent(input: CalendarCancelInput): Promise<'cancelled' | 'gone' | 'refused'> {
    const token = await this.#token();
    const path = `/users/${encodeURIComponent(input.organizer.email)}/events/${encodeURIComponent(input.eventId)}/cancel`;
    const outcome = await requestWithdrawal(this.#fetch, 'microsoft cancel', `${this.#settings.graphUrl}/v1.0${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ comment: input.comment }),
    }, this.#now());
    return outcome === 'done' ? 'cancelled' : outcome;
  }
}
