import type { Platform, Workspace } from '../../domain/model.ts';
import type { Db } from './db.ts';
import type { WorkspacesTable } from '../schema.ts';
import type { Selectable } from 'kysely';

const toWorkspace = (row: Selectable<WorkspacesTable>): Workspace =>
  ({ id: row.id, platform: row.platform, externalId: row.external_id, name: row.name });

/**
 * The workspace for a Slack team / Teams tenant, created on first sight. Every request resolves
 * its actor through this, inside the request's transaction, so it takes no lock when the
 * workspace is known and its name unchanged: a plain read. Only the first sight (an insert) or a
 * new name (an update) holds the row until the transaction ends; requests of one workspace
 * otherwise never wait for each other on it. Flows that read before they write lock what they
 * read themselves (docs/architecture.md, "Exactly once").
 */
export async function upsertWorkspace(db: Db, input: { platform: Platform; externalId: string; name?: string | null }): Promise<Workspace> {
  const name = input.name ?? null;
  const known = await findWorkspace(db, input.platform, input.externalId);
  if (known) {
    if (name === null || name === known.name) return known;
    const renamed = await db.updateTable('workspaces').set({ name })
      .where('id', '=', known.id).where('name', 'is distinct from', name)
      .returningAll().executeTakeFirst();
    return renamed ? toWorkspace(renamed) : { ...known, name };
  }
  // Two first requests at once: the second insert waits for the first to commit, then does nothing.
  const created = await db.insertInto('workspaces')
    .values({ platform: input.platform, external_id: input.externalId, name })
    .onConflict((oc) => oc.columns(['platform', 'external_id']).doNothing())
    .returningAll().executeTakeFirst();
  if (created) return toWorkspace(created);
  const existing = await findWorkspace(db, input.platform, input.externalId);
  if (!existing) throw new Error(`workspace ${input.platform}:${input.externalId} neither created nor found`);
  return name === null || name === existing.name ? existing : upsertWorkspace(db, input);
}

/**
 * Locks the workspace's row for the rest of the transaction (a name checked unique among its
 * programs, then written): two such checks wait for each other. The lock leaves the row's key
 * alone (`for no key update`), so the rows other requests insert that point to the workspace
 * (nearly all) do not wait for it.
 */
export async function lockWorkspace(db: Db, id: string): Promise<void> {
  await db.selectFrom('workspaces').select('id').where('id', '=', id).forNoKeyUpdate().execute();
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
