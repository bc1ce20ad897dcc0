import type { Selectable } from 'kysely';
import type { Delivery } from '../../domain/model.ts';
import { clip } from '../../ui/clip.ts';
import type { DeliveriesTable } from '../schema.ts';
import type { Db } from './db.ts';
import { json } from './db.ts';

const toDelivery = (row: Selectable<DeliveriesTable>): Delivery => ({
  id: row.id, workspaceId: row.workspace_id, idempotencyKey: row.idempotency_key, kind: row.kind, personId: row.person_id,
  matchId: row.match_id, payload: row.payload, status: row.status, attempts: row.attempts, platformChannelId: row.platform_channel_id,
  platformMessageId: row.platform_message_id, error: row.error, createdAt: row.created_at, updatedAt: row.updated_at, sentAt: row.sent_at,
});

export interface DeliveryClaim {
  workspaceId: string; idempotencyKey: string; kind: string; personId: string | null; matchId: string | null;
  /** Ids needed to compose the message at send time; never the text itself. */
  payload?: Record<string, unknown>;
}

/**
 * Records the decision to send a message. The idempotency key is unique: the first caller gets
 * `created: true`; anyone else (a retry, a second worker) gets the existing row and must not send
 * again if it is already sent.
 */
export async function claimDelivery(db: Db, claim: DeliveryClaim): Promise<{ created: boolean; delivery: Delivery }> {
  const inserted = await db.insertInto('deliveries').values({
    workspace_id: claim.workspaceId, idempotency_key: claim.idempotencyKey, kind: claim.kind,
    person_id: claim.personId, match_id: claim.matchId, payload: json(claim.payload ?? {}), updated_at: new Date(),
  }).onConflict((oc) => oc.column('idempotency_key').doNothing()).returningAll().executeTakeFirst();
  if (inserted) return { created: true, delivery: toDelivery(inserted) };
  const existing = await db.selectFrom('deliveries').selectAll().where('idempotency_key', '=', claim.idempotencyKey).executeTakeFirstOrThrow();
  return { created: false, delivery: toDelivery(existing) };
}

/** Deliveries decided but not yet sent (pending, in flight or failed-retryable), oldest first: for re-queueing. */
export async function listUnsentDeliveries(db: Db, options: { limit?: number; workspaceId?: string } = {}): Promise<Delivery[]> {
  let query = db.selectFrom('deliveries').selectAll().where('status', 'in', ['pending', 'sending', 'failed']);
  if (options.workspaceId) query = query.where('workspace_id', '=', options.workspaceId);
  return (await query.orderBy('created_at').limit(options.limit ?? 1000).execute()).map(toDelivery);
}

export async function getDeliveryByKey(db: Db, key: string): Promise<Delivery | undefined> {
  const row = await db.selectFrom('deliveries').selectAll().where('idempotency_key', '=', key).executeTakeFirst();
  return row && toDelivery(row);
}

/**
 * Takes the right to send: only one caller wins while the lease runs, so duplicate jobs or
 * several workers never send the same message twice. A sender that died frees it when the
 * lease expires.
 */
export async function beginSending(db: Db, id: string, now: Date, leaseMs: number): Promise<boolean> {
  const expired = new Date(now.getTime() - leaseMs);
  const outcome = await db.updateTable('deliveries').set({ status: 'sending', updated_at: now })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('status', 'in', ['pending', 'failed']), eb.and([eb('status', '=', 'sending'), eb('updated_at', '<', expired)])]))
    .executeTakeFirst();
  return outcome.numUpdatedRows > 0n;
}

/** Closes a delivery that has nothing left to say (e.g. the proposal was withdrawn meanwhile). */
export async function cancelDelivery(db: Db, id: string, reason: string, at: Date): Promise<void> {
  await db.updateTable('deliveries').set({ status: 'cancelled', error: clip(reason, 500), updated_at: at })
    .where('id', '=', id).where('status', 'not in', ['sent', 'undeliverable']).execute();
}

/** Marks a delivery sent once; returns false if it was already sent. */
export async function markDeliverySent(db: Db, id: string, result: { channelId: string | null; messageId: string | null }, at: Date): Promise<boolean> {
  const outcome = await db.updateTable('deliveries').set((eb) => ({
    status: 'sent', sent_at: at, updated_at: at, attempts: eb('attempts', '+', 1),
    platform_channel_id: result.channelId, platform_message_id: result.messageId, error: null,
  })).where('id', '=', id).where('status', '<>', 'sent').executeTakeFirst();
  return outcome.numUpdatedRows > 0n;
}

/** A failed attempt: `final` marks the recipient unreachable (reported to leads), else it stays retryable. */
export async function markDeliveryFailed(db: Db, id: string, error: string, final: boolean, at: Date): Promise<void> {
  await db.updateTable('deliveries').set((eb) => ({
    status: final ? 'undeliverable' : 'failed', error: clip(error, 500), updated_at: at, attempts: eb('attempts', '+', 1),
  })).where('id', '=', id).where('status', '<>', 'sent').execute();
}

export async function countDeliveriesByStatus(db: Db, workspaceId: string): Promise<Record<Delivery['status'], number>> {
  const rows = await db.selectFrom('deliveries').select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('workspace_id', '=', workspaceId).groupBy('status').execute();
  const counts: Record<Delivery['status'], number> = { pending: 0, sending: 0, sent: 0, failed: 0, undeliverable: 0, cancelled: 0 };
  for (const row of rows) counts[row.status] = Number(row.n);
  return counts;
}
