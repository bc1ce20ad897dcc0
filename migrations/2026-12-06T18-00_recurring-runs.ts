// The last period each recurring job (risk scan, lead digest, retention purge, report release)
// ran for. A worker that starts after a due time passed while no worker ran sees the gap here and
// runs the job once; the conditional claim on this row makes that once however many workers start
// together, and however many times the queue store hands the same period out.
import { type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('recurring_runs')
    .addColumn('name', 'text', (c) => c.primaryKey())
    // The due time (an occurrence of the job's schedule) of the last period claimed.
    .addColumn('due_at', 'timestamptz', (c) => c.notNull())
    // The queue job that claimed it: its own retries may run the period again, no other job may.
    .addColumn('job_id', 'text')
    .addColumn('ran_at', 'timestamptz', (c) => c.notNull())
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('recurring_runs').ifExists().execute();
}
