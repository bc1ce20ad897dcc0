// Stray posts: a delivery's posts that are not the recorded one. A sender frozen after its last
// lease check posts once it wakes, after another sender took the delivery over; its recording
// update is refused, so it records its post here. Both sides write on the delivery's row (the
// stale sender raises stray_posts, the recording sender marks it sent), so the row lock orders
// them and each learns of the other from its own statement's answer (see the migration).
import { sql } from 'kysely';
import { clip } from '../../ui/clip.ts';
import type { DeliveryStatus } from '../schema.ts';
import { inTransaction, type Db } from './db.ts';

export interface PostRef { readonly channelId: string; readonly messageId: string }

/** A stray post still on the platform, with what its delivery recorded. */
export interface OpenStray {
  readonly id: string;
  readonly deliveryId: string;
  readonly workspaceId: string;
  readonly post: PostRef;
  readonly attempts: number;
  readonly deliveryStatus: DeliveryStatus;
  /** The delivered message as recorded (when the delivery is sent). */
  readonly recorded: PostRef | undefined;
}

/** Removal attempts before a stray is left where it is (the platform keeps refusing). */
export const MAX_STRAY_REMOVALS = 8;

/**
 * Records a post of `deliveryId` that its sender could not record as the delivered message.
 * Answers the delivery's status and recorded message as they are once this is committed: sent
 * means the recording sender came first and will not look again, so the caller settles it.
 * While the delivery is not final, the next sender looks the message up before posting.
 */
export async function recordStrayPost(db: Db, deliveryId: string, post: PostRef): Promise<{ status: DeliveryStatus; recorded: PostRef | undefined }> {
  return inTransaction(db, async (trx) => {
    await trx.insertInto('delivery_strays')
      .values({ delivery_id: deliveryId, platform_channel_id: post.channelId, platform_message_id: post.messageId })
      .onConflict((oc) => oc.columns(['delivery_id', 'platform_channel_id', 'platform_message_id']).doNothing()).execute();
    // updated_at is left alone: it measures the current sender's lease.
    const row = await trx.updateTable('deliveries').set((eb) => ({
      stray_posts: eb('stray_posts', '+', 1),
      outcome_unknown: sql<boolean>`(outcome_unknown or status in ('pending', 'sending', 'failed'))`,
    })).where('id', '=', deliveryId)
      .returning(['status', 'platform_channel_id', 'platform_message_id']).executeTakeFirstOrThrow();
    return { status: row.status, recorded: refOf(row.platform_channel_id, row.platform_message_id) };
  });
}

const refOf = (channelId: string | null, messageId: string | null): PostRef | undefined =>
  channelId !== null && messageId !== null ? { channelId, messageId } : undefined;

/**
 * Strays still on the platform: of one delivery, or (the sweep) of every delivery already sent,
 * leaving those the platform refused to remove MAX_STRAY_REMOVALS times.
 */
export async function listOpenStrays(db: Db, options: { deliveryId?: string; limit?: number } = {}): Promise<OpenStray[]> {
  let query = db.selectFrom('delivery_strays').innerJoin('deliveries', 'deliveries.id', 'delivery_strays.delivery_id')
    .select([
      'delivery_strays.id', 'delivery_strays.delivery_id', 'deliveries.workspace_id', 'delivery_strays.platform_channel_id',
      'delivery_strays.platform_message_id', 'delivery_strays.attempts', 'deliveries.status',
      'deliveries.platform_channel_id as recorded_channel_id', 'deliveries.platform_message_id as recorded_message_id',
    ])
    .where('delivery_strays.removed_at', 'is', null);
  query = options.deliveryId !== undefined
    ? query.where('delivery_strays.delivery_id', '=', options.deliveryId)
    : query.where('deliveries.status', '=', 'sent').where('delivery_strays.attempts', '<', MAX_STRAY_REMOVALS);
  const rows = await query.orderBy('delivery_strays.created_at').limit(options.limit ?? 500).execute();
  return rows.map((r) => ({
    id: r.id, deliveryId: r.delivery_id, workspaceId: r.workspace_id, attempts: r.attempts, deliveryStatus: r.status,
    post: { channelId: r.platform_channel_id, messageId: r.platform_message_id },
    recorded: refOf(r.recorded_channel_id, r.recorded_message_id),
  }));
}

/** The stray turned out to be the recorded message (a look-up adopted it): it is no stray. */
export async function dropStray(db: Db, id: string): Promise<void> {
  await db.deleteFrom('delivery_strays').where('id', '=', id).execute();
}

export async function markStrayRemoved(db: Db, id: string, at: Date): Promise<void> {
  await db.updateTable('delivery_strays').set((eb) => ({ removed_at: at, attempts: eb('attempts', '+', 1), error: null })).where('id', '=', id).execute();
}

/** A removal that failed; `permanent`: the platform will never remove it, the sweep stops asking. */
export async function markStrayRemovalFailed(db: Db, id: string, error: string, permanent: boolean): Promise<void> {
  await db.updateTable('delivery_strays').set((eb) => ({
    error: clip(error, 500), attempts: permanent ? sql<number>`greatest(attempts + 1, ${MAX_STRAY_REMOVALS})` : eb('attempts', '+', 1),
  })).where('id', '=', id).execute();
}
