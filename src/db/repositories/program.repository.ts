import type { Selectable } from 'kysely';
import type { Program } from '../../domain/model.ts';
import { programSettingsSchema, type ProgramSettings } from '../../domain/program-settings.ts';
import type { ProgramsTable } from '../schema.ts';
import type { Db } from './db.ts';
import { json } from './db.ts';

export const toProgram = (row: Selectable<ProgramsTable>): Program => ({
  id: row.id, workspaceId: row.workspace_id, name: row.name, description: row.description, status: row.status,
  // Stored settings were valid when written; parsing again fills defaults added since.
  settings: programSettingsSchema.parse(row.settings), createdBy: row.created_by, createdAt: row.created_at, updatedAt: row.updated_at,
});

// The settings the database checks are kept as columns too, so constraints apply to them.
const settingColumns = (s: ProgramSettings) => ({
  settings: json(s), checkin_cadence: s.checkinCadence, session_minutes: s.sessionMinutes, duration_days: s.durationDays,
  default_capacity: s.defaultCapacity, min_group_size: s.minGroupSize, retention_days: s.retentionDays,
});

export interface NewProgram { workspaceId: string; name: string; description?: string | null; settings: ProgramSettings; createdBy: string | null }

export async function createProgram(db: Db, input: NewProgram): Promise<Program> {
  const row = await db.insertInto('programs').values({
    workspace_id: input.workspaceId, name: input.name, description: input.description ?? null,
    created_by: input.createdBy, updated_at: new Date(), ...settingColumns(input.settings),
  }).returningAll().executeTakeFirstOrThrow();
  return toProgram(row);
}

export async function updateProgram(db: Db, id: string, patch: { name?: string; description?: string | null; settings?: ProgramSettings; status?: Program['status'] }): Promise<Program | undefined> {
  const row = await db.updateTable('programs').set({
    ...(patch.name !== undefined ? { name: patch.name } : {}),
    ...(patch.description !== undefined ? { description: patch.description } : {}),
    ...(patch.status !== undefined ? { status: patch.status } : {}),
    ...(patch.settings ? settingColumns(patch.settings) : {}),
    updated_at: new Date(),
  }).where('id', '=', id).returningAll().executeTakeFirst();
  return row && toProgram(row);
}

/**
 * How a program's row is locked for the rest of the transaction. 'no key update' when the row is
 * only read or its settings changed: rows pointing to the program (rounds, waitlist entries, leads)
 * can still be written meanwhile. 'update' when its name (part of a unique key) may change.
 */
export type ProgramLock = 'update' | 'no key update';

/**
 * `lock`: lock the row for the rest of the transaction, for a change made from what is read
 * (two saves of the program form at once then run one after the other, the second reading the first).
 */
export async function getProgram(db: Db, id: string, lock?: ProgramLock): Promise<Program | undefined> {
  const query = db.selectFrom('programs').selectAll().where('id', '=', id);
  const locked = lock === 'update' ? query.forUpdate() : lock === 'no key update' ? query.forNoKeyUpdate() : query;
  const row = await locked.executeTakeFirst();
  return row && toProgram(row);
}

/**
 * Share-locks the programs' rows (in id order) until the transaction ends: a round being opened
 * (its program's row locked while it reads the waitlist) is waited for, then read open; one opened
 * later waits for the caller, then reads what it wrote.
 */
export async function holdPrograms(db: Db, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.selectFrom('programs').select('id').where('id', 'in', [...ids]).orderBy('id').forShare().execute();
}

export async function findProgramByName(db: Db, workspaceId: string, name: string): Promise<Program | undefined> {
  const row = await db.selectFrom('programs').selectAll()
    .where('workspace_id', '=', workspaceId).where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase())).executeTakeFirst();
  return row && toProgram(row);
}

export async function listPrograms(db: Db, workspaceId: string, options: { includeArchived?: boolean } = {}): Promise<Program[]> {
  let query = db.selectFrom('programs').selectAll().where('workspace_id', '=', workspaceId);
  if (!options.includeArchived) query = query.where('status', '=', 'active');
  return (await query.orderBy('created_at').orderBy('name').execute()).map(toProgram);
}
