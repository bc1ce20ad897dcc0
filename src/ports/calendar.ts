// How the core reaches people's work calendars when the organisation connected one (Microsoft 365
// through Graph, Google Workspace through a delegated service account): free/busy to offer times
// that are really free, and an event with an online-meeting link that the calendar itself sends to
// both. Implemented in adapters/calendar; without one, the core offers times from working hours
// and sends an .ics file. Any failure throws CalendarUnavailableError, and the core falls back.
import type { CalendarSource } from '../domain/scheduling/meeting.ts';
import type { Interval } from '../domain/scheduling/slots.ts';

export interface CalendarPerson {
  readonly name: string;
  /** The person's work address: their calendar id in Microsoft 365 and Google Workspace. */
  readonly email: string;
  readonly timeZone: string;
}

export interface CalendarEventInput {
  /** Whose calendar holds the event and sends the invitation. */
  readonly organizer: CalendarPerson;
  readonly attendees: readonly CalendarPerson[];
  readonly start: Date;
  readonly end: Date;
  /** The time zone the event is written in (a series keeps its local hour in it). */
  readonly timeZone: string;
  readonly summary: string;
  readonly description: string;
  /** An RRULE value for a series (see domain/scheduling/ics.ts recurrenceRule). */
  readonly rrule?: string;
  /** Idempotency: the same request id never makes two events (Google's createRequest.requestId). */
  readonly requestId: string;
}

export interface CreatedEvent {
  /** The event's id in the organizer's calendar. */
  readonly eventId: string;
  /** Teams or Meet link, when the calendar made one. */
  readonly joinUrl: string | null;
  /** The event in the calendar's web app. */
  readonly webLink: string | null;
}

export interface CalendarPort {
  readonly source: Exclude<CalendarSource, 'ics'>;
  /** Busy times of these people in [from, to). */
  busy(people: readonly CalendarPerson[], from: Date, to: Date): Promise<Interval[]>;
  createEvent(input: CalendarEventInput): Promise<CreatedEvent>;
  /**
   * Withdraws an event the organizer's calendar holds, telling the attendees (Microsoft: the
   * organizer's `cancel` with a comment; Google: delete with `sendUpdates=all`). 'gone' when the
   * calendar no longer has it (404, 410): already withdrawn, which is success too. 'refused' when
   * it answers 400 or 403 (e.g. the event's organizer is someone else): trying again cannot help.
   * Throws CalendarThrottledError on 429 and CalendarUnavailableError on any other failure.
   */
  cancelEvent(input: CalendarCancelInput): Promise<'cancelled' | 'gone' | 'refused'>;
}

export interface CalendarCancelInput {
  readonly organizer: CalendarPerson;
  readonly eventId: string;
  /** The note sent with the cancellation (Microsoft only: Google has none). */
  readonly comment: string;
}

export class CalendarUnavailableError extends Error {
  readonly code: string = 'calendar.unavailable';
}

/** The calendar answered 429: try again after `retryAfterMs` (its Retry-After, or a default). */
export class CalendarThrottledError extends CalendarUnavailableError {
  override readonly code = 'calendar.throttled';
  readonly retryAfterMs: number;
  constructor(message: string, retryAfterMs: number) {
    super(message);
    this.retryAfterMs = retryAfterMs;
  }
}
