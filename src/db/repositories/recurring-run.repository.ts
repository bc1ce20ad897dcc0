// The last period each scheduled recurring job ran for (see migration recurring-runs).
import { sql } from 'kysely';
import type { Db } from './db.ts';

export async function lastRecurringDue(db: Db, name: string): Promise<Date | undefined> {
  const row = await db.selectFrom('recurring_runs').select('due_at').where('name', '=', name).executeTakeFirst();
  return row?.due_at;
}

/**
 * Starts the bookkeeping of a job that has none yet (a fresh install or the upgrade that added
 * it): the current period counts as done, as nothing can have been missed before it was kept.
 */
export async function startRecurringBookkeeping(db: Db, name: string, dueAt: Date, now: Date): Promise<void> {
  await db.insertInto('recurring_runs').values({ name, due_at: dueAt, job_id: null, ran_at: now })
    .onConflict((oc) => oc.column('name').doNothing()).execute();
}

/**
 * Claims the period ending at `dueAt` for one queue job, in one statement so that two workers (or
 * a catch-up and the scheduler's own overdue occurrence) can not both win. The job that claimed a
 * period may claim it again (its retries after a failure or a crash); nobody else may.
 */
export async function claimRecurringRun(db: Db, name: string, dueAt: Date, jobId: string, now: Date): Promise<boolean> {
  const row = await db.insertInto('recurring_runs').values({ name, due_at: dueAt, job_id: jobId, ran_at: now })
    .onConflict((oc) => oc.column('name').doUpdateSet({ due_at: dueAt, job_id: jobId, ran_at: now })
      .where((eb) => eb.or([
        eb('recurring_runs.due_at', '<', dueAt),
        eb.and([eb('recurring_runs.due_at', '=', dueAt), eb('recurring_runs.job_id', '=', jobId)]),
      ])))
    .returning(sql<number>`1`.as('claimed')).executeTakeFirst();
  return row !== undefined;
}
