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

/**
 * Consumes a one-shot action reference's nonce; false means it was used before (a replay).
 * `expiresAt` is the ref's own expiry: the nonce is kept until then, so no replay gets through.
 */
export async function consumeActionNonce(db: Db, nonce: string, personId: string, expiresAt: Date): Promise<boolean> {
  const result = await db.insertInto('used_action_refs').values({ nonce, person_id: personId, expires_at: expiresAt })
    .onConflict((oc) => oc.column('nonce').doNothing()).executeTakeFirst();
  return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
}

export const PURGE_BATCH = 5_000;

/** Deletes processed-request keys recorded before `olderThan`, whatever their state, in batches. */
export async function purgeProcessedRequests(db: Db, olderThan: Date, batch = PURGE_BATCH): Promise<number> {
  let total = 0;
  for (;;) {
    const result = await db.deleteFrom('processed_requests')
      .where('key', 'in', (eb) => eb.selectFrom('processed_requests').select('key').where('at', '<', olderThan).limit(batch))
      .executeTakeFirst();
    const deleted = Number(result.numDeletedRows);
    total += deleted;
    if (deleted < batch) return total;
  }
}

/**
 * Deletes used-ref nonces whose ref expired before `expiredBefore` (a replay would be refused as
 * expired anyway); rows from before expiries were recorded go once used before `legacyUsedBefore`.
 */
export async function purgeUsedActionRefs(db: Db, expiredBefore: Date, legacyUsedBefore: Date, batch = PURGE_BATCH): Promise<number> {
  let total = 0;
  for (;;) {
    const result = await db.deleteFrom('used_action_refs')
      .where('nonce', 'in', (eb) => eb.selectFrom('used_action_refs').select('nonce')
        .where((w) => w.or([
          w('expires_at', '<', expiredBefore),
          w.and([w('expires_at', 'is', null), w('used_at', '<', legacyUsedBefore)]),
        ])).limit(batch))
      .executeTakeFirst();
    const deleted = Number(result.numDeletedRows);
    total += deleted;
    if (deleted < batch) return total;
  }
}
