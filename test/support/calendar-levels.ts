// The three levels of "Find a time" as the adapter tests run them: no calendar, or a Microsoft or
// Google client against its local fake (calendar-fakes.ts), and which text each booking shows.
import { generateKeyPairSync } from 'node:crypto';
import { GoogleCalendar } from '../../adapters/calendar/google.ts';
import { MicrosoftCalendar } from '../../adapters/calendar/microsoft.ts';
import type { CalendarPort } from '../../src/ports/calendar.ts';
import { FakeGoogleCalendar, FakeMicrosoftCalendar } from './calendar-fakes.ts';

export type Level = 'ics' | 'microsoft' | 'google' | 'fallback';
export const LEVELS: readonly Level[] = ['ics', 'microsoft', 'google', 'fallback'];

const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });

export interface StartedLevel {
  readonly calendar?: CalendarPort;
  readonly fake?: FakeMicrosoftCalendar | FakeGoogleCalendar;
  stop(): Promise<void>;
}

/** `fallback`: a Microsoft calendar whose service is down. */
export async function startLevel(level: Level): Promise<StartedLevel> {
  if (level === 'ics') return { stop: async () => {} };
  if (level === 'google') {
    const fake = new FakeGoogleCalendar(keys.publicKey);
    await fake.start();
    const calendar = new GoogleCalendar({ tokenUrl: fake.tokenUrl, calendarUrl: fake.calendarUrl, clientEmail: fake.clientEmail, privateKey: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() });
    return { calendar, fake, stop: () => fake.stop() };
  }
  const fake = new FakeMicrosoftCalendar();
  await fake.start();
  fake.down = level === 'fallback';
  const calendar = new MicrosoftCalendar({ graphUrl: fake.url, loginUrl: fake.url, tenantId: fake.tenantId, clientId: fake.clientId, clientSecret: fake.clientSecret });
  return { calendar, fake, stop: () => fake.stop() };
}

/** Words the booked meeting shows to the people at each level. */
export const BOOKED_TEXT: Record<Level, string> = {
  ics: 'open the .ics file',
  microsoft: 'Outlook invitation with a Teams link',
  google: 'Google Calendar invitation with a Meet link',
  fallback: 'I couldn’t reach your calendars to create the meeting',
};
