// Profiles and working hours (domain/profile.ts) as the people table stores them. Exported for
// every flow that needs someone's working window: proposals, `profile`, finding a meeting time.
import type { Selectable } from 'kysely';
import { hhmmOf, minutesOfDay, workDaysDigits, workingHoursFrom, type Profile, type ProfileInput, type WorkingHours } from '../../domain/profile.ts';
import { cleanValue } from '../../ui/clean-text.ts';
import type { PeopleTable } from '../schema.ts';
import type { Db } from './db.ts';

type ProfileRow = Pick<Selectable<PeopleTable>, 'id' | 'title' | 'bio' | 'department' | 'location' | 'timezone' | 'work_start_min' | 'work_end_min' | 'work_days' | 'flash_opt_in' | 'flash_monthly_cap'>;
const COLUMNS = ['id', 'title', 'bio', 'department', 'location', 'timezone', 'work_start_min', 'work_end_min', 'work_days', 'flash_opt_in', 'flash_monthly_cap'] as const;

const toProfile = (row: ProfileRow): Profile => ({
  personId: row.id, title: row.title, bio: row.bio, department: row.department, location: row.location, timezone: row.timezone,
  workingHours: workingHoursFrom(row), workingHoursSet: row.work_start_min !== null && row.work_end_min !== null && row.work_days !== null,
  flashOptIn: row.flash_opt_in, flashCap: row.flash_monthly_cap,
});

export async function getProfile(db: Db, personId: string): Promise<Profile | undefined> {
  const row = await db.selectFrom('people').select(COLUMNS).where('id', '=', personId).executeTakeFirst();
  return row && toProfile(row);
}

/** Profiles of several people, keyed by person id (unknown ids are absent). */
export async function getProfiles(db: Db, personIds: readonly string[]): Promise<Map<string, Profile>> {
  if (personIds.length === 0) return new Map();
  const rows = await db.selectFrom('people').select(COLUMNS).where('id', 'in', [...personIds]).execute();
  return new Map(rows.map((r) => [r.id, toProfile(r)]));
}

/** Each person's working hours (the default when never set) and time zone, keyed by person id. */
export async function getWorkingHours(db: Db, personIds: readonly string[]): Promise<Map<string, { hours: WorkingHours; timeZone: string }>> {
  const profiles = await getProfiles(db, personIds);
  return new Map([...profiles].map(([id, p]) => [id, { hours: p.workingHours, timeZone: p.timezone }]));
}

/** Stores what the `profile` form validated; the chosen time zone is pinned against platform refreshes. */
export async function saveProfile(db: Db, personId: string, given: ProfileInput, at: Date): Promise<void> {
  const input = cleanValue(given);
  await db.updateTable('people').set({
    title: input.title || null, bio: input.bio || null,
    work_start_min: minutesOfDay(input.workStart), work_end_min: minutesOfDay(input.workEnd), work_days: workDaysDigits(input.workDays),
    timezone: input.timezone, timezone_pinned: true, flash_opt_in: input.flashOptIn, flash_monthly_cap: input.flashCap, updated_at: at,
  }).where('id', '=', personId).where('erased_at', 'is', null).execute();
}

/** The form's initial values from a stored profile. */
export function profileFormValues(p: Profile): ProfileInput {
  return {
    title: p.title, bio: p.bio, workStart: hhmmOf(p.workingHours.startMin), workEnd: hhmmOf(p.workingHours.endMin),
    workDays: [...p.workingHours.days], timezone: p.timezone, flashOptIn: p.flashOptIn, flashCap: p.flashCap,
  };
}
