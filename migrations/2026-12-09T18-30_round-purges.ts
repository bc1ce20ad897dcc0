// A round whose retention period is over is purged once (docs/privacy.md, "Retention"): when it
// was is kept on the round, so the daily job neither rewrites its rows again nor logs its purge
// again every day.
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table rounds add column purged_at timestamptz`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table rounds drop column purged_at`.execute(db);
}
