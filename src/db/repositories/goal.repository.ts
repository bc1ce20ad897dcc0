import type { Selectable } from 'kysely';
import type { Goal } from '../../domain/model.ts';
import type { GoalsTable } from '../schema.ts';
import type { Db } from './db.ts';

const toGoal = (row: Selectable<GoalsTable>): Goal => ({
  id: row.id, matchId: row.match_id, title: row.title, measure: row.measure, targetDate: row.target_date,
  achievable: row.achievable, relevant: row.relevant, progress: row.progress, status: row.status, createdBy: row.created_by, updatedBy: row.updated_by,
  createdAt: row.created_at, updatedAt: row.updated_at,
});

export interface GoalText { title: string; measure: string; targetDate: string; achievable?: string | null; relevant?: string | null }

export async function createGoal(db: Db, input: GoalText & { matchId: string; createdBy: string }): Promise<Goal> {
  const row = await db.insertInto('goals').values({
    match_id: input.matchId, title: input.title, measure: input.measure, target_date: input.targetDate,
    achievable: input.achievable ?? null, relevant: input.relevant ?? null,
    created_by: input.createdBy, updated_by: input.createdBy, updated_at: new Date(),
  }).returningAll().executeTakeFirstOrThrow();
  return toGoal(row);
}

/**
 * Changes a goal while it is still open (compare-and-set on its status); undefined once it is done
 * or dropped. Both members may act on a goal at once: one marks it done while the other's progress
 * (its form, or a check-in read before) waits for the row, then changes nothing.
 */
export async function updateGoal(db: Db, id: string, patch: Partial<GoalText> & { progress?: number; status?: Goal['status'] }, updatedBy: string): Promise<Goal | undefined> {
  const row = await db.updateTable('goals').set({
    ...(patch.title !== undefined ? { title: patch.title } : {}),
    ...(patch.measure !== undefined ? { measure: patch.measure } : {}),
    ...(patch.targetDate !== undefined ? { target_date: patch.targetDate } : {}),
    ...(patch.achievable !== undefined ? { achievable: patch.achievable } : {}),
    ...(patch.relevant !== undefined ? { relevant: patch.relevant } : {}),
    ...(patch.progress !== undefined ? { progress: patch.progress } : {}),
    ...(patch.status !== undefined ? { status: patch.status } : {}),
    updated_by: updatedBy, updated_at: new Date(),
  }).where('id', '=', id).where('status', '=', 'open').returningAll().executeTakeFirst();
  return row && toGoal(row);
}

export async function getGoal(db: Db, id: string): Promise<Goal | undefined> {
  const row = await db.selectFrom('goals').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toGoal(row);
}

export async function listGoals(db: Db, matchId: string): Promise<Goal[]> {
  return (await db.selectFrom('goals').selectAll().where('match_id', '=', matchId).orderBy('created_at').orderBy('id').execute()).map(toGoal);
}
