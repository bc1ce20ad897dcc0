// Forms Slack could not open because the request's trigger_id had expired (a trigger lives 3
// seconds, and answering took longer). The rendered view is kept for an hour under a random id;
// a button in the message sent instead carries the id, and its click (with a fresh trigger_id)
// opens the view for the same person only. Expired views are swept on every write and read.
import { randomBytes } from 'node:crypto';
import type { Db } from '../../src/db/repositories/db.ts';
import { writeOwnedRow } from '../../src/db/repositories/person-owned-state.repository.ts';

export const DEFERRED_VIEW_TTL_MS = 60 * 60_000;

/** The action id of the "open the form" button; its value is the deferred view's id. */
export const OPEN_DEFERRED_ACTION = 'mb.form.open';

async function sweep(db: Db, now: Date): Promise<void> {
  await db.deleteFrom('slack_deferred_views').where('expires_at', '<=', now).execute();
}

/**
 * Keeps the view for the person; its id, or nothing when they are erased by then. It may hold what
 * they typed: it is written under the lock that holds off their erasure (one confirmed at this
 * moment on another device waits for it, then deletes it).
 */
export async function deferView(db: Db, teamId: string, userId: string, view: Record<string, unknown>, now: Date): Promise<string | undefined> {
  const id = randomBytes(16).toString('base64url');
  const kept = await writeOwnedRow(db, { platform: 'slack', workspaceExternalId: teamId, platformUserId: userId }, async (trx) => {
    await sweep(trx, now);
    await trx.insertInto('slack_deferred_views')
      .values({ id, team_id: teamId, user_id: userId, view: JSON.stringify(view), expires_at: new Date(now.getTime() + DEFERRED_VIEW_TTL_MS) })
      .execute();
  });
  return kept ? id : undefined;
}

/** The view kept under `id` for this person, while it has not expired. */
export async function deferredView(db: Db, id: string, teamId: string, userId: string, now: Date): Promise<Record<string, unknown> | undefined> {
  await sweep(db, now);
  const row = await db.selectFrom('slack_deferred_views').select('view')
    .where('id', '=', id).where('team_id', '=', teamId).where('user_id', '=', userId).where('expires_at', '>', now)
    .executeTakeFirst();
  return row?.view;
}
