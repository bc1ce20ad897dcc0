import { sql, type Selectable } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Delivery, Person } from '../../domain/model.ts';
import { personFromJson } from './person.repository.ts';
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
  /** When the decision was made, by the core's clock (the database's own clock otherwise). */
  createdAt?: Date;
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
    ...(claim.createdAt ? { created_at: claim.createdAt } : {}),
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
 * A delivery with the people it concerns, in one query: its recipients (`payload.recipients`, else
 * its person) and, when it is about a pair, both members of the pair (whom it may mention).
 */
export async function getDeliveryWithPeople(db: Db, key: string): Promise<{ delivery: Delivery; people: Person[] } | undefined> {
  const row = await db.selectFrom('deliveries').selectAll('deliveries')
    // One array of ids, so the people are found through their primary key (an OR of sub-selects
    // would scan the whole table for every delivery).
    .select((eb) => jsonArrayFrom(eb.selectFrom('people').selectAll('people').where(sql<boolean>`people.id = any(
      coalesce(string_to_array(nullif(coalesce(deliveries.payload->>'recipients', deliveries.person_id::text), ''), ',')::uuid[], '{}'::uuid[])
      || coalesce((select array[matches.mentee_id, matches.mentor_id] from matches where matches.id = deliveries.match_id), '{}'::uuid[]))`)).as('concerned'))
    .where('idempotency_key', '=', key).executeTakeFirst();
  if (!row) return undefined;
  const { concerned, ...delivery } = row;
  return { delivery: toDelivery(delivery), people: concerned.map(personFromJson) };
}

/** The right to send one delivery, held by one sender until its lease runs out or it records. */
export interface SendLease {
  /** The fencing token: only the sender holding the latest token may post or record. */
  readonly token: number;
  /** An earlier attempt may have reached the platform: look for the message before posting. */
  readonly outcomeUnknown: boolean;
  readonly attempts: number;
  readonly throttledWaits: number;
}

/**
 * Takes the right to send: only one caller wins while the lease runs, so duplicate jobs or
 * several workers never send the same message twice. A sender that died (or froze) frees it when
 * the lease expires; taking over such a lease raises the fencing token, so the old sender can no
 * longer post or record, and marks the outcome unknown, since it may have posted.
 */
export async function beginSending(db: Db, id: string, now: Date, leaseMs: number): Promise<SendLease | undefined> {
  const expired = new Date(now.getTime() - leaseMs);
  const row = await db.updateTable('deliveries').set((eb) => ({
    status: 'sending', updated_at: now, lease_token: eb('lease_token', '+', 1),
    // Evaluated on the row as it was: a delivery left mid-send may have gone out.
    outcome_unknown: sql<boolean>`(outcome_unknown or status = 'sending')`,
  }))
    .where('id', '=', id)
    .where((eb) => eb.or([eb('status', 'in', ['pending', 'failed']), eb.and([eb('status', '=', 'sending'), eb('updated_at', '<', expired)])]))
    .returning(['lease_token', 'outcome_unknown', 'attempts', 'throttled_waits'])
    .executeTakeFirst();
  return row && { token: row.lease_token, outcomeUnknown: row.outcome_unknown, attempts: row.attempts, throttledWaits: row.throttled_waits };
}

/** True while `token` is still the delivery's lease (checked right before posting). */
export async function holdsLease(db: Db, id: string, token: number): Promise<boolean> {
  const row = await db.selectFrom('deliveries').select('id')
    .where('id', '=', id).where('lease_token', '=', token).where('status', '=', 'sending').executeTakeFirst();
  return row !== undefined;
}

/** Closes a delivery that has nothing left to say (e.g. the proposal was withdrawn meanwhile). */
export async function cancelDelivery(db: Db, id: string, reason: string, at: Date, token?: number): Promise<boolean> {
  let query = db.updateTable('deliveries').set({ status: 'cancelled', error: clip(reason, 500), updated_at: at })
    .where('id', '=', id).where('status', 'not in', ['sent', 'undeliverable']);
  if (token !== undefined) query = query.where('lease_token', '=', token);
  return (await query.executeTakeFirst()).numUpdatedRows > 0n;
}

/**
 * Marks a delivery sent once; returns false if it was already sent, or if `token` is given and
 * another sender has taken the lease since (that sender decides).
 */
export async function markDeliverySent(db: Db, id: string, result: { channelId: string | null; messageId: string | null }, at: Date, token?: number): Promise<boolean> {
  return (await recordDeliverySent(db, id, result, at, token)) !== undefined;
}

/**
 * markDeliverySent, returning how many stray posts of this delivery a stale sender has recorded
 * (delivery-stray.repository.ts): the same statement, so the recording sender learns of them
 * without another query. undefined when the update was refused.
 */
export async function recordDeliverySent(
  db: Db, id: string, result: { channelId: string | null; messageId: string | null }, at: Date, token?: number, auditCopiesAt?: Date,
): Promise<{ strayPosts: number } | undefined> {
  let query = db.updateTable('deliveries').set((eb) => ({
    status: 'sent', sent_at: at, updated_at: at, attempts: eb('attempts', '+', 1), outcome_unknown: false,
    platform_channel_id: result.channelId, platform_message_id: result.messageId, error: null,
    ...(auditCopiesAt ? { audit_copies_at: auditCopiesAt } : {}),
  })).where('id', '=', id).where('status', '<>', 'sent');
  if (token !== undefined) query = query.where('lease_token', '=', token);
  const row = await query.returning('stray_posts').executeTakeFirst();
  return row && { strayPosts: row.stray_posts };
}

/** How a failed attempt is recorded. */
export interface FailedAttempt {
  /** true: the delivery fails for good (reported to leads as undelivered); false: it is retried. */
  readonly final: boolean;
  /** A 429 wait: counted in throttled_waits instead of attempts. */
  readonly throttled?: boolean;
  /** The attempt may have reached the platform (kept until a lookup or a post settles it). */
  readonly outcomeUnknown?: boolean;
  /** The sender's lease: the update is refused if another sender has taken over since. */
  readonly token?: number;
}

/** Records a failed attempt; returns false when the delivery was sent meanwhile or the lease was lost. */
export async function markDeliveryFailed(db: Db, id: string, error: string, attempt: FailedAttempt | boolean, at: Date): Promise<boolean> {
  const a: FailedAttempt = typeof attempt === 'boolean' ? { final: attempt } : attempt;
  let query = db.updateTable('deliveries').set((eb) => ({
    status: a.final ? 'undeliverable' : 'failed', error: clip(error, 500), updated_at: at,
    ...(a.throttled ? { throttled_waits: eb('throttled_waits', '+', 1) } : { attempts: eb('attempts', '+', 1) }),
    ...(a.outcomeUnknown !== undefined ? { outcome_unknown: a.outcomeUnknown } : {}),
  })).where('id', '=', id).where('status', '<>', 'sent');
  if (a.token !== undefined) query = query.where('lease_token', '=', a.token);
  return (await query.executeTakeFirst()).numUpdatedRows > 0n;
}

/** The key of a group delivery's copy for one member (see splitIntoCopies). */
export const copyKey = (groupKey: string, personId: string): string => `${groupKey}:copy:${personId}`;

/**
 * Turns a group delivery into one delivery per member, for a platform that reaches each member
 * in their own conversation: each copy is then sent, retried, or reported undelivered on its own.
 * Only the holder of the group delivery's lease (`token`) can do it; the copies inherit the
 * doubt of an attempt whose outcome is unknown. Returns the copies' keys, or undefined when the
 * lease was lost. Run it in a transaction: the group row and its copies change together.
 */
export async function splitIntoCopies(db: Db, group: Delivery, memberIds: readonly string[], token: number, outcomeUnknown: boolean, at: Date): Promise<string[] | undefined> {
  const closed = await db.updateTable('deliveries').set({ status: 'split', updated_at: at, error: null })
    .where('id', '=', group.id).where('lease_token', '=', token).where('status', '=', 'sending').executeTakeFirst();
  if (closed.numUpdatedRows === 0n) return undefined;
  const keys = memberIds.map((personId) => copyKey(group.idempotencyKey, personId));
  await db.insertInto('deliveries').values(memberIds.map((personId, i) => ({
    workspace_id: group.workspaceId, idempotency_key: keys[i]!, kind: group.kind, person_id: personId, match_id: group.matchId,
    payload: json({ ...group.payload, copyFor: personId }), created_at: group.createdAt, updated_at: at, outcome_unknown: outcomeUnknown,
  }))).onConflict((oc) => oc.column('idempotency_key').doNothing()).execute();
  return keys;
}

export async function countDeliveriesByStatus(db: Db, workspaceId: string): Promise<Record<Delivery['status'], number>> {
  const rows = await db.selectFrom('deliveries').select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('workspace_id', '=', workspaceId).groupBy('status').execute();
  const counts: Record<Delivery['status'], number> = { pending: 0, sending: 0, sent: 0, failed: 0, undeliverable: 0, cancelled: 0, split: 0 };
  for (const row of rows) counts[row.status] = Number(row.n);
  return counts;
}
