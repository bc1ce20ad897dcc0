// State a platform adapter keeps between two requests (Teams: the forms shown, the files offered),
// shared by every process through the database. Rows are found by kind and key, only until they
// expire; the daily purge deletes the expired ones, and erasing a person deletes theirs.
import type { Db } from './db.ts';

export interface AdapterStateRow {
  readonly kind: string;
  readonly key: string;
  /** Whose it is: their workspace id and platform user id (erased with them). */
  readonly workspaceId?: string | null;
  readonly userId?: string | null;
  readonly value: Record<string, unknown>;
  readonly expiresAt: Date;
}

/** Saves (or replaces) one row. */
export async function putAdapterState(db: Db, row: AdapterStateRow): Promise<void> {
  const values = {
    kind: row.kind, key: row.key, workspace_id: row.workspaceId ?? null, user_id: row.userId ?? null,
    value: JSON.stringify(row.value), expires_at: row.expiresAt,
  };
  await db.insertInto('adapter_state').values(values)
    .onConflict((oc) => oc.columns(['kind', 'key']).doUpdateSet({
      workspace_id: values.workspace_id, user_id: values.user_id, value: values.value, expires_at: values.expires_at,
    }))
    .execute();
}

/** The row's value while it has not expired. */
export async function getAdapterState(db: Db, kind: string, key: string, now: Date): Promise<{ value: Record<string, unknown>; userId: string | null } | undefined> {
  const row = await db.selectFrom('adapter_state').select(['value', 'user_id'])
    .where('kind', '=', kind).where('key', '=', key).where('expires_at', '>', now)
    .executeTakeFirst();
  return row && { value: row.value, userId: row.user_id };
}

/** Removes the row and gives its value, for one caller only (of several racing for it); only when it belongs to `userId`. */
export async function takeAdapterState(db: Db, kind: string, key: string, userId: string, now: Date): Promise<Record<string, unknown> | undefined> {
  const row = await db.deleteFrom('adapter_state')
    .where('kind', '=', kind).where('key', '=', key).where('user_id', '=', userId).where('expires_at', '>', now)
    .returning('value')
    .executeTakeFirst();
  return row?.value;
}

export async function deleteAdapterState(db: Db, kind: string, key: string): Promise<void> {
  await db.deleteFrom('adapter_state').where('kind', '=', kind).where('key', '=', key).execute();
}

/** Deletes the rows that expired by `now`; how many went. */
export async function purgeExpiredAdapterState(db: Db, now: Date): Promise<number> {
  const result = await db.deleteFrom('adapter_state').where('expires_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * Deletes what adapters keep for one person (their open forms, the files offered to them, and the
 * replies still to be sent to them: a Teams turn's journal names its user only, without a workspace).
 */
export async function eraseAdapterStateOf(db: Db, workspaceId: string, userId: string): Promise<void> {
  await db.deleteFrom('adapter_state').where('user_id', '=', userId)
    .where((eb) => eb.or([eb('workspace_id', '=', workspaceId), eb('workspace_id', 'is', null)])).execute();
}
