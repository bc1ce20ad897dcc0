// Idempotency keys for inbound Slack requests, stored in processed_requests: the first request
// with a key acts, every repeat (Slack's X-Slack-Retry-Num retries, a double click, a double
// submit) is acknowledged and does nothing. Keys are scoped by team so workspaces never collide.
import { createHash } from 'node:crypto';
import type { Db } from '../../src/db/repositories/db.ts';
import { markRequestProcessed } from '../../src/db/repositories/request-dedup.repository.ts';

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

export const firstTime = (db: Db, key: string): Promise<boolean> => markRequestProcessed(db, key, null);
