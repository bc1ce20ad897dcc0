// A person's working window: the local hours and ISO weekdays slots may be offered in. Read from
// the people row (`work_start_min`, `work_end_min`, `work_days`, `timezone`); anything missing or
// out of range falls back to the product's default working day, 09:00–17:00 Monday to Friday.
import { DEFAULT_WORKING_HOURS } from '../profile.ts';
import { isValidTimeZone } from '../time-zone.ts';

export interface WorkingHours {
  /** Minutes after local midnight, [startMin, endMin). */
  readonly startMin: number;
  readonly endMin: number;
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  readonly days: ReadonlySet<number>;
  readonly timeZone: string;
}


export interface WorkingHoursRow {
  readonly work_start_min?: number | null;
  readonly work_end_min?: number | null;
  readonly work_days?: string | null;
  readonly timezone?: string | null;
}

const minuteOfDay = (value: number | null | undefined): value is number => Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 1440;

export function workingHoursOf(row: WorkingHoursRow): WorkingHours {
  const timeZone = row.timezone && isValidTimeZone(row.timezone) ? row.timezone : 'UTC';
  const start = row.work_start_min;
  const end = row.work_end_min;
  const window = minuteOfDay(start) && minuteOfDay(end) && start < end ? { startMin: start, endMin: end } : { startMin: DEFAULT_WORKING_HOURS.startMin, endMin: DEFAULT_WORKING_HOURS.endMin };
  const days = /^[1-7]{1,7}$/.test(row.work_days ?? '') ? [...(row.work_days as string)].map(Number) : DEFAULT_WORKING_HOURS.days;
  return { ...window, days: new Set(days), timeZone };
}
