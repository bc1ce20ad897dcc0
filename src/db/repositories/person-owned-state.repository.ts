// Rows a platform adapter keeps for one person (Teams: the forms shown to them, the files offered
// to them; Slack: a form kept because it could not open), written after the request's core work
// committed, for the person found when it began. An erasure of them confirmed meanwhile on another
// device would not find such a row, and it would stay until it expires: each one is written here,
// in a small transaction of its own that finds the person again and holds off their erasure.
import type { Platform } from '../../domain/model.ts';
import { putAdapterState, type AdapterStateRow } from './adapter-state.repository.ts';
import { inTransaction, type Db } from './db.ts';
import { holdOffErasure } from './person-data.repository.ts';

/** Whose a row is: their workspace (by id, or by platform and the platform's own id) and platform user id. */
export type RowOwner =
  | { readonly workspaceId: string; readonly platformUserId: string }
  | { readonly platform: Platform; readonly workspaceExternalId: string; readonly platformUserId: string };

async function ownerId(db: Db, owner: RowOwner): Promise<string | undefined> {
  const row = 'workspaceId' in owner
    ? await db.selectFrom('people').select('id')
      .where('workspace_id', '=', owner.workspaceId).where('platform_user_id', '=', owner.platformUserId).executeTakeFirst()
    : await db.selectFrom('people').innerJoin('workspaces', 'workspaces.id', 'people.workspace_id').select('people.id')
      .where('workspaces.platform', '=', owner.platform).where('workspaces.external_id', '=', owner.workspaceExternalId)
      .where('people.platform_user_id', '=', owner.platformUserId).executeTakeFirst();
  return row?.id;
}

/**
 * Runs `write` (the writes of a row of the owner) under the lock that holds off their erasure: one
 * confirmed at this moment waits for it, then finds the row and deletes it. False, and nothing is
 * written, when nobody has that id any more (an erased person's platform id is replaced) or they
 * are erased by then.
 */
export async function writeOwnedRow(db: Db, owner: RowOwner, write: (trx: Db) => Promise<void>): Promise<boolean> {
  return inTransaction(db, async (trx) => {
    const personId = await ownerId(trx, owner);
    if (!personId || !(await holdOffErasure(trx, personId))) return false;
    await write(trx);
    return true;
  });
}

/** Saves (or replaces) an adapter's row of one person, as writeOwnedRow: false when they are gone. */
export async function putOwnedAdapterState(db: Db, row: AdapterStateRow & { readonly workspaceId: string; readonly userId: string }): Promise<boolean> {
  return writeOwnedRow(db, { workspaceId: row.workspaceId, platformUserId: row.userId }, (trx) => putAdapterState(trx, row));
}
