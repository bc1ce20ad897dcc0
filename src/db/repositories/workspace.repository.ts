import type { Platform, Workspace } from '../../domain/model.ts';
import type { Db } from './db.ts';
import type { WorkspacesTable } from '../schema.ts';
import type { Selectable } from 'kysely';

const toWorkspace = (row: Selectable<WorkspacesTable>): Workspace =>
  ({ id: row.id, platform: row.platform, externalId: row.external_id, name: row.name });

/**
 * The workspace for a Slack team / Teams tenant, created on first sight. Every request resolves
 * its actor through this upsert, whose update locks the workspace's row until the request's
 * transaction ends: on PostgreSQL the requests of one workspace run one after the other. A time
 * picked for two pairs of one mentor at once no longer relies on it (a lock per person); other
 * checks may: replacing it with a read that takes no lock needs a look at them first.
 */
export async function upsertWorkspace(db: Db, input: { platform: Platform; externalId: string; name?: string | null }): Promise<Workspace> {
  const row = await db.insertInto('workspaces')
    .values({ platform: input.platform, external_id: input.externalId, name: input.name ?? null })
    .onConflict((oc) => oc.columns(['platform', 'external_id']).doUpdateSet((eb) => ({
      name: eb.fn.coalesce(eb.val(input.name ?? null), eb.ref('workspaces.name')),
    })))
    .returningAll().executeTakeFirstOrThrow();
  return toWorkspace(row);
}

/** Locks the workspace's row for the rest of the transaction (a name checked unique among its programs, then written). */
export async function lockWorkspace(db: Db, id: string): Promise<void> {
  await db.selectFrom('workspaces').select('id').where('id', '=', id).forUpdate().execute();
}

export async function getWorkspace(db: Db, id: string): Promise<Workspace | undefined> {
  const row = await db.selectFrom('workspaces').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toWorkspace(row);
}

export async function findWorkspace(db: Db, platform: Platform, externalId: string): Promise<Workspace | undefined> {
  const row = await db.selectFrom('workspaces').selectAll()
    .where('platform', '=', platform).where('external_id', '=', externalId).executeTakeFirst();
  return row && toWorkspace(row);
}
