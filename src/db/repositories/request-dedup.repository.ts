import { randomBytes } from 'node:crypto';
import type { Db } from './db.ts';

/** The right to run one request, until `until`; only its owner can finish or release it. */
export interface RequestLease { readonly key: string; readonly owner: string; readonly until: Date }

export type RequestClaim =
  | { readonly status: 'claimed'; readonly lease: RequestLease }
  /** Another run holds a live lease on it: acknowledge and do nothing. */
  | { readonly status: 'in_progress' }
  /** It succeeded before: acknowledge and do nothing. */
  | { readonly status: 'done' };

export interface ClaimOptions {
  readonly now: Date;
  /** How long the claimer may run before another delivery of the request may take over. */
  readonly leaseMs: number;
  readonly workspaceId?: string | null;
}

/**
 * Remembers an inbound platform request (Slack retry, double click, Teams redelivery) by a key.
 * At least once until done, then exactly once: the first delivery of a request (or the first
 * after a failed or abandoned run) claims it under a lease; repeats while it runs, or after it is
 * done, are told so. Finish with completeRequest on success, releaseRequest on failure.
 */
export async function claimRequest(db: Db, key: string, options: ClaimOptions): Promise<RequestClaim> {
  const owner = randomBytes(12).toString('base64url');
  const until = new Date(options.now.getTime() + options.leaseMs);
  // A release between the failed insert and the look that follows frees the key: try again once.
  for (let attempt = 0; attempt < 2; attempt += 1) {
    const taken = await db.insertInto('processed_requests')
      .values({ key, workspace_id: options.workspaceId ?? null, state: 'running', owner, lease_until: until, at: options.now })
      .onConflict((oc) => oc.column('key')
        .doUpdateSet({ owner, lease_until: until, at: options.now })
        // Only a run whose lease ran out is taken over (its process died or hung).
        .where('processed_requests.state', '=', 'running')
        .where('processed_requests.lease_until', '<', options.now))
      .returning('owner')
      .executeTakeFirst();
    if (taken?.owner === owner) return { status: 'claimed', lease: { key, owner, until } };
    const row = await db.selectFrom('processed_requests').select('state').where('key', '=', key).executeTakeFirst();
    if (row) return { status: row.state === 'done' ? 'done' : 'in_progress' };
  }
  return { status: 'in_progress' };
}

/** Marks the request done; false when the lease was lost (it ran out and another run took it). */
export async function completeRequest(db: Db, lease: RequestLease, now: Date): Promise<boolean> {
  const result = await db.updateTable('processed_requests').set({ state: 'done', owner: null, lease_until: null, at: now })
    .where('key', '=', lease.key).where('owner', '=', lease.owner).where('state', '=', 'running')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Extends a running request's lease to `until`; false when it was lost meanwhile. */
export async function renewRequest(db: Db, lease: RequestLease, until: Date): Promise<boolean> {
  const result = await db.updateTable('processed_requests').set({ lease_until: until })
    .where('key', '=', lease.key).where('owner', '=', lease.owner).where('state', '=', 'running')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Forgets a failed run, so the next delivery of the request runs it again. */
export async function releaseRequest(db: Db, lease: RequestLease): Promise<void> {
  await db.deleteFrom('processed_requests')
    .where('key', '=', lease.key).where('owner', '=', lease.owner).where('state', '=', 'running')
    .execute();
}

const repeatListeners = new Set<(key: string) => void>();

/** Hears every repeated request runRequestOnce did not run again (for /metrics); returns the way to stop. */
export function onRepeatedRequest(listener: (key: string) => void): () => void {
  repeatListeners.add(listener);
  return () => { repeatListeners.delete(listener); };
}

/** What one run of a request came to: it acted (or its answer is final), or it changed nothing and may run again. */
export type RunOutcome = 'done' | 'retry';

export interface RunOnceOptions {
  readonly leaseMs: number;
  readonly workspaceId?: string | null;
  /** The run finished after its lease ran out: another delivery may have run the request too. */
  onLeaseLost?(): void;
  /** A failed run could not be released (its lease will run out instead). */
  onReleaseFailed?(err: unknown): void;
}

/**
 * Runs a request's work unless it runs elsewhere or is done: claims it, then marks it done when
 * the work says 'done', or releases it when the work says 'retry' or throws (and rethrows).
 */
export async function runRequestOnce(db: Db, key: string, options: RunOnceOptions, work: () => Promise<RunOutcome>): Promise<'ran' | 'in_progress' | 'done'> {
  const claim = await claimRequest(db, key, { now: new Date(), leaseMs: options.leaseMs, workspaceId: options.workspaceId ?? null });
  if (claim.status !== 'claimed') {
    for (const listener of repeatListeners) listener(key);
    return claim.status;
  }
  let outcome: RunOutcome = 'retry';
  // A long run (a large matching preview) keeps its lease: renewed every third of it while the
  // process works, so a repeat arriving after the first lease would have run out still finds it
  // running. A process that died or hangs renews nothing, and its lease runs out as before.
  const renewal = setInterval(() => {
    void renewRequest(db, claim.lease, new Date(Date.now() + options.leaseMs)).catch(() => undefined);
  }, Math.max(1, Math.floor(options.leaseMs / 3)));
  renewal.unref();
  try {
    outcome = await work();
  } finally {
    clearInterval(renewal);
    if (outcome === 'done') {
      if (!(await completeRequest(db, claim.lease, new Date()))) options.onLeaseLost?.();
    } else {
      await releaseRequest(db, claim.lease).catch((err: unknown) => options.onReleaseFailed?.(err));
    }
  }
  return 'ran';
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

/** Gives a consumed reference back, in the transaction that consumed it (a form refused for its values). */
export async function releaseActionNonce(db: Db, nonce: string): Promise<void> {
  await db.deleteFrom('used_action_refs').where('nonce', '=', nonce).execute();
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
