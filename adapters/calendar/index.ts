// The calendar the configuration names (CALENDAR_PROVIDER), as the core's CalendarPort.
import type { CalendarConfig } from '../../src/config.ts';
import type { CalendarPort } from '../../src/ports/calendar.ts';
import { GoogleCalendar } from './google.ts';
import { MicrosoftCalendar } from './microsoft.ts';

export function createCalendar(config: CalendarConfig | undefined): CalendarPort | undefined {
  if (config?.provider === 'microsoft') return new MicrosoftCalendar(config);
  if (config?.provider === 'google') return new GoogleCalendar(config);
  return undefined;
}
