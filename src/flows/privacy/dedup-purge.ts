// Dedup rows are kept only while they can still stop something, then purged by the daily
// 'retention.purge' job (with the signing keys whose last ref has expired).
// - processed_requests: Slack retries an event or interaction 3 times within about 5 minutes, and
//   Teams redelivers an activity within minutes; a day is far beyond both.
// - used_action_refs: a one-shot button can be replayed as long as its ref verifies, so its nonce
//   stays until the ref's own expiry (plus a margin for clocks of several servers); rows stored
//   before expiries were recorded stay for the longest lifetime a ref can have.
// - adapter_state: what an adapter keeps between requests (Teams forms and file offers) goes
//   once its own expiry has passed.
import { purgeExpiredAdapterState } from '../../db/repositories/adapter-state.repository.ts';
import { purgeProcessedRequests, purgeUsedActionRefs } from '../../db/repositories/request-dedup.repository.ts';
import type { Db } from '../../db/repositories/db.ts';
import { dropExpiredSigningKeys, MAX_LIFETIME_MS } from '../../secrets/signing-keys.ts';

export const REQUEST_KEYS_KEPT_MS = 24 * 3_600_000;
export const REF_CLOCK_MARGIN_MS = 3_600_000;

export interface HousekeepingCount { readonly requests: number; readonly actionRefs: number; readonly signingKeys: number; readonly adapterState: number }

export async function purgeExpiredDedupAndKeys(db: Db, now: Date): Promise<HousekeepingCount> {
  const requests = await purgeProcessedRequests(db, new Date(now.getTime() - REQUEST_KEYS_KEPT_MS));
  const actionRefs = await purgeUsedActionRefs(
    db,
    new Date(now.getTime() - REF_CLOCK_MARGIN_MS),
    new Date(now.getTime() - MAX_LIFETIME_MS['action-ref-key'] - REF_CLOCK_MARGIN_MS),
  );
  const signingKeys = await dropExpiredSigningKeys(db, now);
  const adapterState = await purgeExpiredAdapterState(db, now);
  return { requests, actionRefs, signingKeys, adapterState };
}
