// Idempotency keys for inbound Slack requests, stored in processed_requests. A request runs
// under a lease until it succeeds, and is then done: a repeat while it runs or after it is done
// (Slack's X-Slack-Retry-Num retries, a double click, a double submit) is acknowledged and does
// nothing, but a repeat after a failed run (or after its process died and the lease ran out)
// runs it again. Keys are scoped by team so workspaces never collide.
import { createHash } from 'node:crypto';
import type { Db } from '../../src/db/repositories/db.ts';
import { runRequestOnce, type RunOutcome } from '../../src/db/repositories/request-dedup.repository.ts';
import type { ListenerLogger } from './listeners/logger.ts';

const digest = (...parts: string[]): string => createHash('sha256').update(parts.join('\u0000')).digest('base64url').slice(0, 22);

/** A slash command: its trigger_id is unique per invocation and repeated by a retry. */
export const commandKey = (teamId: string, triggerId: string): string => `slack:cmd:${teamId}:${digest(triggerId)}`;

/** An Events API event: its event_id is what Slack repeats when it retries. */
export const eventKey = (teamId: string, eventId: string): string => `slack:event:${teamId}:${eventId}`;

/**
 * A click: the same button (action id + value) on the same message (ts) or the same rendering of
 * a view (view id + hash, which changes when the view is republished) by the same user.
 */
export const actionKey = (teamId: string, userId: string, container: string, actionId: string, value: string): string =>
  `slack:act:${teamId}:${userId}:${digest(container, actionId, value)}`;

/** A modal submission: the same view, same rendering, same values. */
export const viewKey = (teamId: string, viewId: string, viewHash: string, values: unknown): string =>
  `slack:view:${teamId}:${digest(viewId, viewHash, JSON.stringify(values ?? null))}`;

/** How long a run may take before a repeat of its request may take over (its process is taken for dead). */
export const DEFAULT_REQUEST_LEASE_MS = 30_000;

export interface RunOnceDeps {
  readonly db: Db;
  readonly requestLeaseMs: number;
  readonly logger: ListenerLogger;
}

/** Runs a request's work unless it is running elsewhere or done (see runRequestOnce). */
export async function runOnce(
  deps: RunOnceDeps, key: string, context: { readonly team: string; readonly kind: string }, work: () => Promise<RunOutcome>,
): Promise<'ran' | 'in_progress' | 'done'> {
  const ran = await runRequestOnce(deps.db, key, {
    leaseMs: deps.requestLeaseMs,
    onLeaseLost: () => deps.logger.warn({ ...context }, 'slack request outlived its lease: a repeat may have run it too'),
    onReleaseFailed: (err) => deps.logger.warn({ ...context, err: (err as Error).message }, 'slack request not released: its lease will run out'),
  }, work);
  if (ran !== 'ran') deps.logger.info({ ...context, status: ran }, 'slack request repeated: ignored');
  return ran;
}
