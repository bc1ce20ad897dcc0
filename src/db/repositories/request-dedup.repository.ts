import type { Db } from './db.ts';

/**
 * Remembers an inbound platform request (Slack retry, double click, Teams redelivery) by a key.
 * Returns true the first time the key is seen, false for every repeat.
 */
export async function markRequestProcessed(db: Db, key: string, workspaceId: string | null): Promise<boolean> {
  const result = await db.insertInto('processed_requests').values({ key, workspace_id: workspaceId })
    .onConflict((oc) => oc.column('key').doNothing()).executeTakeFirst();
  return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
}

export async function purgeProcessedRequests(db: Db, olderThan: Date): Promise<number> {
  const result = await db.deleteFrom('processed_requests').where('at', '<', olderThan).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Consumes a one-shot action reference's nonce; false means it was used before (a replay). */
export async function consumeActionNonce(db: Db, nonce: string, personId: string): Promise<boolean> {
  const result = await db.insertInto('used_action_refs').values({ nonce, person_id: personId })
    .onConflict((oc) => oc.column('nonce').doNothing()).executeTakeFirst();
  return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
}
