// Removals still to do from circles' conversations after an erasure (migration
// 2026-12-09T17-30_circle-space-removals): the only place the erased person's platform user id is
// kept, and only until the removal is done or given up.
import type { Db } from './db.ts';

export interface CircleSpaceRemoval {
  id: string; circleId: string; platform: string; platformUserId: string; attempts: number; lastError: string | null; createdAt: Date;
}

/**
 * Writes the removal down (in the erasure's transaction) and gives its id; a second call for the
 * same person and circle gives the same row.
 */
export async function recordSpaceRemoval(db: Db, circleId: string, platformUserId: string, at: Date): Promise<string | undefined> {
  const made = await db.insertInto('circle_space_removals')
    .columns(['circle_id', 'platform', 'platform_user_id', 'created_at', 'updated_at'])
    .expression((eb) => eb.selectFrom('circles').innerJoin('workspaces', 'workspaces.id', 'circles.workspace_id')
      .select((s) => ['circles.id', 'workspaces.platform', s.val(platformUserId).as('platform_user_id'), s.val(at).as('created_at'), s.val(at).as('updated_at')])
      .where('circles.id', '=', circleId))
    .onConflict((oc) => oc.columns(['circle_id', 'platform_user_id']).doNothing())
    .returning('id').executeTakeFirst();
  if (made) return made.id;
  const held = await db.selectFrom('circle_space_removals').select('id').where('circle_id', '=', circleId).where('platform_user_id', '=', platformUserId).executeTakeFirst();
  return held?.id;
}

export async function getSpaceRemoval(db: Db, id: string): Promise<CircleSpaceRemoval | undefined> {
  const row = await db.selectFrom('circle_space_removals').selectAll().where('id', '=', id).executeTakeFirst();
  return row && {
    id: row.id, circleId: row.circle_id, platform: row.platform, platformUserId: row.platform_user_id,
    attempts: row.attempts, lastError: row.last_error, createdAt: row.created_at,
  };
}

/** A failed attempt: counted, with the platform's answer (never the person). */
export async function noteSpaceRemovalFailure(db: Db, id: string, error: string, at: Date): Promise<void> {
  await db.updateTable('circle_space_removals').set((eb) => ({ attempts: eb('attempts', '+', 1), last_error: error.slice(0, 500), updated_at: at }))
    .where('id', '=', id).execute();
}

/** Done, refused for good or given up: the platform user id goes with the row. */
export async function dropSpaceRemoval(db: Db, id: string): Promise<void> {
  await db.deleteFrom('circle_space_removals').where('id', '=', id).execute();
}

/** Every removal still to do, oldest first, with what is needed to queue or give it up (no user id). */
export async function pendingSpaceRemovals(db: Db): Promise<Array<{ id: string; circleId: string; attempts: number; lastError: string | null; createdAt: Date }>> {
  const rows = await db.selectFrom('circle_space_removals').select(['id', 'circle_id', 'attempts', 'last_error', 'created_at']).orderBy('created_at').orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, circleId: r.circle_id, attempts: r.attempts, lastError: r.last_error, createdAt: r.created_at }));
}
