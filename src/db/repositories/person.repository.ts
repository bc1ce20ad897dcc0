import type { Selectable } from 'kysely';
import { sql } from 'kysely';
import type { Locale, Person } from '../../domain/model.ts';
import { cleanValue } from '../../ui/clean-text.ts';
import type { PeopleTable } from '../schema.ts';
import type { Db } from './db.ts';

export const toPerson = (row: Selectable<PeopleTable>): Person => ({
  id: row.id, workspaceId: row.workspace_id, platformUserId: row.platform_user_id, email: row.email,
  displayName: row.display_name, locale: row.locale, localeOverride: row.locale_override, timezone: row.timezone,
  managerId: row.manager_id, department: row.department, level: row.level, location: row.location,
  deactivatedAt: row.deactivated_at, erasedAt: row.erased_at,
  workHours: { startMin: row.work_start_min ?? null, endMin: row.work_end_min ?? null, days: row.work_days ?? null },
});

/** A person row read inside JSON (json_agg), whose times come as text. */
export type PersonJsonRow = Omit<Selectable<PeopleTable>, 'created_at' | 'updated_at' | 'deactivated_at' | 'erased_at'>
  & { created_at: Date | string; updated_at: Date | string; deactivated_at: Date | string | null; erased_at: Date | string | null };

export function personFromJson(row: PersonJsonRow): Person {
  const at = (value: Date | string | null): Date | null => (value === null ? null : new Date(value));
  return toPerson({ ...row, created_at: at(row.created_at)!, updated_at: at(row.updated_at)!, deactivated_at: at(row.deactivated_at), erased_at: at(row.erased_at) });
}

export interface PlatformProfile {
  platformUserId: string; displayName: string; locale?: string | null; timezone?: string | null; email?: string | null;
}

/** Creates or refreshes a person from their platform profile; org fields are left as they are. */
export async function upsertPerson(db: Db, workspaceId: string, given: PlatformProfile): Promise<Person> {
  // The last gate before the database: a NUL in a name would make PostgreSQL refuse the person.
  const profile = cleanValue(given);
  const fresh = {
    display_name: profile.displayName,
    ...(profile.locale !== undefined ? { locale: profile.locale } : {}),
    ...(profile.timezone ? { timezone: profile.timezone } : {}),
    ...(profile.email !== undefined ? { email: profile.email } : {}),
  };
  const row = await db.insertInto('people')
    .values({ workspace_id: workspaceId, platform_user_id: profile.platformUserId, updated_at: new Date(), ...fresh })
    .onConflict((oc) => oc.columns(['workspace_id', 'platform_user_id']).doUpdateSet({
      ...fresh,
      // A zone the person chose with `profile` wins over the platform's.
      ...(fresh.timezone ? { timezone: sql<string>`case when people.timezone_pinned then people.timezone else excluded.timezone end` } : {}),
      updated_at: new Date(),
    }))
    .returningAll().executeTakeFirstOrThrow();
  return toPerson(row);
}

export async function getPerson(db: Db, id: string): Promise<Person | undefined> {
  const row = await db.selectFrom('people').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toPerson(row);
}

export async function getPeople(db: Db, ids: readonly string[]): Promise<Person[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('people').selectAll().where('id', 'in', [...ids]).execute();
  return rows.map(toPerson);
}

export async function findPersonByPlatformId(db: Db, workspaceId: string, platformUserId: string): Promise<Person | undefined> {
  const row = await db.selectFrom('people').selectAll()
    .where('workspace_id', '=', workspaceId).where('platform_user_id', '=', platformUserId).executeTakeFirst();
  return row && toPerson(row);
}

export async function findPersonByEmail(db: Db, workspaceId: string, email: string): Promise<Person | undefined> {
  const row = await db.selectFrom('people').selectAll()
    .where('workspace_id', '=', workspaceId).where(sql<string>`lower(email)`, '=', email.toLowerCase()).executeTakeFirst();
  return row && toPerson(row);
}

export async function setLocaleOverride(db: Db, personId: string, locale: Locale | null): Promise<void> {
  await db.updateTable('people').set({ locale_override: locale, updated_at: new Date() }).where('id', '=', personId).execute();
}

export interface OrgFields { managerId?: string | null; department?: string | null; level?: number | null; location?: string | null }

/** Org data from an import or the survey (manager, department, level, location). */
export async function updateOrgFields(db: Db, personId: string, fields: OrgFields): Promise<void> {
  await db.updateTable('people').set({
    ...(fields.managerId !== undefined ? { manager_id: fields.managerId } : {}),
    ...(fields.department !== undefined ? { department: fields.department } : {}),
    ...(fields.level !== undefined ? { level: fields.level } : {}),
    ...(fields.location !== undefined ? { location: fields.location } : {}),
    updated_at: new Date(),
  }).where('id', '=', personId).execute();
}

export async function setDeactivated(db: Db, personId: string, at: Date | null): Promise<void> {
  await db.updateTable('people').set({ deactivated_at: at, updated_at: new Date() }).where('id', '=', personId).execute();
}

/** Everyone above a person in the management chain, nearest first (cycles in bad org data stop the walk). */
export async function managementChain(db: Db, personId: string): Promise<string[]> {
  const result = await sql<{ id: string; depth: number }>`
    with recursive chain(id, depth, path) as (
      select manager_id, 1, array[id] from people where id = ${personId} and manager_id is not null
      union all
      select p.manager_id, c.depth + 1, c.path || p.id
      from people p join chain c on p.id = c.id
      where p.manager_id is not null and not p.manager_id = any(c.path)
    )
    select id, depth from chain order by depth`.execute(db);
  return result.rows.map((r) => r.id);
}

/**
 * Erases what identifies a person while keeping the row, so that aggregates (counts, averages)
 * stay consistent: names, contact, org data and platform id are replaced.
 */
export async function anonymisePerson(db: Db, personId: string, at: Date): Promise<void> {
  await db.updateTable('people').set({
    display_name: 'Former participant', email: null, locale: null, locale_override: null, timezone: 'UTC', timezone_pinned: false,
    manager_id: null, department: null, level: null, location: null,
    title: null, bio: null, work_start_min: null, work_end_min: null, work_days: null,
    platform_user_id: sql<string>`'erased:' || id::text`, erased_at: at, updated_at: at,
  }).where('id', '=', personId).execute();
  await db.updateTable('people').set({ manager_id: null, updated_at: at }).where('manager_id', '=', personId).execute();
}
