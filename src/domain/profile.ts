// A person's profile lines (shown on proposals so each side decides knowing who the other is)
// and their working hours (the local window and weekdays in which meetings may be offered).
// Both are edited with `profile`; null working hours in the database mean DEFAULT_WORKING_HOURS.
import { z } from 'zod';
import { isValidTimeZone, wallClockAt } from './time-zone.ts';

export const TITLE_MAX = 80;
/** One line: a proposal card quotes it whole, on Slack and in a Teams card alike. */
export const BIO_MAX = 160;
/** Flash sessions a mentor takes in a calendar month (`ask`): chosen in `profile`, 1 to FLASH_CAP_MAX. */
export const FLASH_CAP_DEFAULT = 2;
export const FLASH_CAP_MAX = 10;
const DAY_MINUTES = 1440;
export const ISO_WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

export interface WorkingHours {
  /** Minutes after local midnight, [startMin, endMin). */
  readonly startMin: number;
  readonly endMin: number;
  /** ISO weekdays, Monday = 1 … Sunday = 7, ascending. */
  readonly days: readonly number[];
}

/** What a person who never said otherwise is taken to work: 09:00–17:00, Monday to Friday. */
export const DEFAULT_WORKING_HOURS: WorkingHours = Object.freeze({ startMin: 9 * 60, endMin: 17 * 60, days: Object.freeze([1, 2, 3, 4, 5]) });

/** Working hours as stored on `people`: minutes after local midnight and ISO weekday digits ('12345'). */
export interface StoredWorkingHours {
  readonly work_start_min?: number | null | undefined;
  readonly work_end_min?: number | null | undefined;
  readonly work_days?: string | null | undefined;
}

const minuteOfDay = (value: number | null | undefined): value is number => Number.isInteger(value) && (value as number) >= 0 && (value as number) <= DAY_MINUTES;

/**
 * The one reader of stored working hours (find a time, quiet hours and the profile all use it):
 * the person's own hours, or undefined when any part is missing or inconsistent (end not after
 * start, a minute outside the day, a weekday that is not 1–7).
 */
export function ownWorkingHours(row: StoredWorkingHours): WorkingHours | undefined {
  const { work_start_min: start, work_end_min: end, work_days: digits } = row;
  if (!minuteOfDay(start) || !minuteOfDay(end) || start >= end) return undefined;
  if (typeof digits !== 'string' || !/^[1-7]{1,7}$/.test(digits)) return undefined;
  return { startMin: start, endMin: end, days: [...new Set([...digits].map(Number))].sort((a, b) => a - b) };
}

/** Working hours as stored; anything missing or inconsistent → the default. */
export const workingHoursFrom = (row: StoredWorkingHours): WorkingHours => ownWorkingHours(row) ?? DEFAULT_WORKING_HOURS;

/** The stored form of working hours: '12345' for Monday to Friday. */
export const workDaysDigits = (days: readonly number[]): string => [...new Set(days)].sort((a, b) => a - b).join('');

/** "09:00" → 540. */
export const minutesOfDay = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
/** 540 → "09:00". */
export const hhmmOf = (minutes: number): string => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** ISO weekday (1–7) of a local calendar date. */
export function isoWeekday(year: number, month: number, day: number): number {
  const d = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return d === 0 ? 7 : d;
}

/** Whether `instant` falls inside the working hours, read in `timeZone` (DST included). */
export function isWithinWorkingHours(hours: WorkingHours, timeZone: string, instant: Date): boolean {
  const w = wallClockAt(instant, timeZone);
  const minute = w.hour * 60 + w.minute;
  return hours.days.includes(isoWeekday(w.year, w.month, w.day)) && minute >= hours.startMin && minute < hours.endMin;
}

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);

/** What the `profile` form stores, checked again at the edge of the database. */
export const profileInputSchema = z.object({
  title: z.string().trim().max(TITLE_MAX).nullable(),
  bio: z.string().trim().max(BIO_MAX).refine((s) => !/[\r\n]/.test(s), 'one line').nullable(),
  workStart: hhmm,
  workEnd: hhmm,
  workDays: z.array(z.number().int().min(1).max(7)).min(1).max(7),
  timezone: z.string().refine(isValidTimeZone, 'unknown time zone'),
  /** Takes flash-session requests (`ask`), at most flashCap accepted ones a month. */
  flashOptIn: z.boolean().default(false),
  flashCap: z.number().int().min(1).max(FLASH_CAP_MAX).default(FLASH_CAP_DEFAULT),
}).strict().refine((p) => p.workStart < p.workEnd, { message: 'working hours must end after they start', path: ['workEnd'] });
export type ProfileInput = z.infer<typeof profileInputSchema>;

/** A person's profile as the proposal card and the `profile` form read it. */
export interface Profile {
  readonly personId: string;
  readonly title: string | null;
  readonly bio: string | null;
  readonly department: string | null;
  readonly location: string | null;
  readonly timezone: string;
  readonly workingHours: WorkingHours;
  /** False while the working hours are the default (never set by the person). */
  readonly workingHoursSet: boolean;
  readonly flashOptIn: boolean;
  readonly flashCap: number;
}
