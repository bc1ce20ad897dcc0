// The compensation for the one send the lease cannot fence: a sender frozen after its last lease
// check and before its post (a paused process, a long GC) posts once it wakes, although another
// sender took the delivery over and posted meanwhile. There is no conditional post on Slack or
// Teams, so that second copy is removed afterwards:
// - the stale sender, whose recording update was refused, records its post as a stray and, if
//   the delivery is already recorded as sent with another message, removes its own post;
// - the sender that records the delivery learns from that same update whether strays exist and
//   removes those that are not the recorded message;
// - the delivery sweep removes strays left by a process that died between those steps.
// Each side writes before it reads, on the delivery's row, so one of the two always sees the
// other. A stray the next sender's look-up adopted as the delivered message is kept.
// One case escapes both sides: a sender that froze past its lease AND lost its post's answer
// knows no message to record, so if the sender that took over looked before that post landed, a
// second copy stays. For it, a delivery recorded after an unsure attempt (a lost answer, a lease
// taken over) is audited once, COPY_AUDIT_DELAY_MS later, by the delivery sweep: every copy of its
// key in the conversation but the recorded one is recorded as a stray and removed. Likewise a
// look-up that finds several copies adopts the oldest and removes the others.
import type { Db } from '../db/repositories/db.ts';
import {
  dropStray, listOpenStrays, markStrayRemovalFailed, markStrayRemoved, recordStrayPost, type OpenStray, type PostRef,
} from '../db/repositories/delivery-stray.repository.ts';
import type { Clock } from '../ports/clock.ts';
import type { Messenger } from '../ports/messenger.ts';
import type { CoreLogger } from './context.ts';

export interface StrayDeps {
  readonly db: Db;
  readonly messenger: Messenger;
  readonly logger: CoreLogger;
  readonly clock: Clock;
}

const samePost = (a: PostRef, b: PostRef | undefined): boolean =>
  b !== undefined && a.channelId === b.channelId && a.messageId === b.messageId;

/** Settles one stray: kept when it is the recorded message, else removed from the platform. */
async function settle(deps: StrayDeps, stray: OpenStray): Promise<'kept' | 'removed' | 'left'> {
  if (stray.deliveryStatus !== 'sent') return 'left';
  if (samePost(stray.post, stray.recorded)) {
    await dropStray(deps.db, stray.id);
    return 'kept';
  }
  if (!deps.messenger.remove) {
    await markStrayRemovalFailed(deps.db, stray.id, 'the platform cannot remove messages', true);
    return 'left';
  }
  const removed = await deps.messenger.remove(stray.workspaceId, stray.post)
    .catch((err: unknown) => ({ status: 'failed' as const, detail: (err as Error)?.message ?? String(err), permanent: false }));
  if (removed.status === 'gone') {
    await markStrayRemoved(deps.db, stray.id, deps.clock.now());
    deps.logger.info({ delivery: stray.deliveryId, stray: stray.id }, 'a second copy of a delivered message was removed');
    return 'removed';
  }
  await markStrayRemovalFailed(deps.db, stray.id, removed.detail, removed.permanent === true);
  deps.logger.warn({ delivery: stray.deliveryId, stray: stray.id, detail: removed.detail }, 'could not remove a second copy of a delivered message');
  return 'left';
}

/**
 * Settles the strays of one delivery (after it was recorded as sent), or of every sent delivery
 * (the sweep). Never throws: what is left is taken up by the next sweep.
 */
export async function settleStrays(deps: StrayDeps, deliveryId?: string): Promise<{ kept: number; removed: number; left: number }> {
  const counts = { kept: 0, removed: 0, left: 0 };
  try {
    const strays = await listOpenStrays(deps.db, deliveryId !== undefined ? { deliveryId } : {});
    for (const stray of strays) counts[await settle(deps, stray)] += 1;
  } catch (err) {
    deps.logger.error({ err, delivery: deliveryId }, 'could not settle stray posts; the delivery sweep will');
  }
  return counts;
}

/**
 * The stale sender's side: its post went out but is not the recorded one (its lease was taken
 * over). Records it, then removes it at once if the delivery was already recorded with another.
 */
export async function strayPosted(deps: StrayDeps, deliveryId: string, post: PostRef): Promise<void> {
  try {
    const now = await recordStrayPost(deps.db, deliveryId, post);
    deps.logger.warn({ delivery: deliveryId, status: now.status }, 'a sender whose lease was taken over posted: its post is recorded as a stray');
    if (now.status === 'sent') await settleStrays(deps, deliveryId);
  } catch (err) {
    deps.logger.error({ err, delivery: deliveryId }, 'could not record a stray post');
  }
}

/**
 * How long after an unsure delivery is recorded its copies are looked at again: longer than a
 * lease (60 s) and the sweep's own wait for a stale send (5 min), so that a sender frozen past its
 * lease has posted by then. A copy posted later still (a freeze of more than this) is not audited.
 */
export const COPY_AUDIT_DELAY_MS = 10 * 60_000;
/** An audit whose look-ups keep failing is given up after this long (logged). */
const COPY_AUDIT_GIVE_UP_MS = 24 * 3_600_000;
const AUDITS_PER_SWEEP = 50;

/** Further copies of a delivered message (found by a look-up or the audit): recorded as strays, then removed. */
export async function extraCopiesFound(deps: StrayDeps, deliveryId: string, copies: readonly PostRef[]): Promise<void> {
  try {
    for (const copy of copies) await recordStrayPost(deps.db, deliveryId, copy);
    deps.logger.warn({ delivery: deliveryId, copies: copies.length }, 'more than one copy of a delivered message found: the others are removed');
    await settleStrays(deps, deliveryId);
  } catch (err) {
    deps.logger.error({ err, delivery: deliveryId }, 'could not record the extra copies of a delivered message; the audit asks again');
  }
}

/**
 * The copy audits that are due (run by the delivery sweep): each looks up every copy of the
 * delivery's key in its conversation and removes all but the recorded one. A look-up that fails
 * is asked again at the next sweep, never taken as "no other copy".
 */
export async function auditCopies(deps: StrayDeps): Promise<{ audited: number; removed: number }> {
  const counts = { audited: 0, removed: 0 };
  const now = deps.clock.now();
  try {
    const due = await deps.db.selectFrom('deliveries')
      .select(['id', 'workspace_id', 'idempotency_key', 'platform_channel_id', 'platform_message_id', 'audit_copies_at'])
      .where('audit_copies_at', '<=', now).orderBy('audit_copies_at').limit(AUDITS_PER_SWEEP).execute();
    for (const d of due) {
      const done = () => deps.db.updateTable('deliveries').set({ audit_copies_at: null }).where('id', '=', d.id).execute();
      if (!deps.messenger.findCopies || d.platform_channel_id === null || d.platform_message_id === null) { await done(); continue; }
      const looked = await deps.messenger.findCopies(d.workspace_id, d.platform_channel_id, d.idempotency_key)
        .catch((err: unknown) => ({ status: 'failed' as const, detail: (err as Error)?.message ?? String(err) }));
      if (looked.status === 'failed') {
        if (now.getTime() - d.audit_copies_at!.getTime() > COPY_AUDIT_GIVE_UP_MS) {
          deps.logger.warn({ delivery: d.idempotency_key, detail: looked.detail }, 'copy audit given up: its look-ups kept failing');
          await done();
        }
        continue;
      }
      const recorded = { channelId: d.platform_channel_id, messageId: d.platform_message_id };
      const others = looked.copies.filter((c) => !samePost(c, recorded));
      if (others.length > 0) {
        await extraCopiesFound(deps, d.id, others);
        counts.removed += others.length;
      }
      counts.audited += 1;
      await done();
    }
  } catch (err) {
    deps.logger.error({ err }, 'copy audit failed; the next sweep asks again');
  }
  return counts;
}

/** When a delivery recorded now after an unsure attempt has its copies audited. */
export const auditCopiesAt = (now: Date): Date => new Date(now.getTime() + COPY_AUDIT_DELAY_MS);
