// A person's working window: the local hours and ISO weekdays slots may be offered in. Read from
// the people row (`work_start_min`, `work_end_min`, `work_days`, `timezone`); anything missing or
// inconsistent falls back to the default working day, 09:00–17:00 Monday to Friday (profile.ts reads it).
import { workingHoursFrom, type StoredWorkingHours } from '../profile.ts';
import { isValidTimeZone } from '../time-zone.ts';

export interface WorkingHours {
  /** Minutes after local midnight, [startMin, endMin). */
  readonly startMin: number;
  readonly endMin: number;
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  readonly days: ReadonlySet<number>;
  readonly timeZone: string;
}

export type WorkingHoursRow = StoredWorkingHours & { readonly timezone?: string | null };

export function workingHoursOf(row: WorkingHoursRow): WorkingHours {
  const timeZone = row.timezone && isValidTimeZone(row.timezone) ? row.timezone : 'UTC';
  const { startMin, endMin, days } = workingHoursFrom(row);
  return { startMin, endMin, days: new Set(days), timeZone };
}
