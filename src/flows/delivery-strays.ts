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
