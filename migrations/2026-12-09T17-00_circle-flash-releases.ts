// Circle and flash figures are released like the pairs' (report-releases): a program's circle
// check-ins per month and circle pulse answers per pulse are stored once per closed period in
// report_releases (kinds circle_month and circle_pulse), and a workspace's flash sessions per
// month in flash_releases (flash sessions belong to no program, so every program's report reads
// the same stored month). Reports read these rows, never a live query, for released periods.
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('report_releases').dropConstraint('report_releases_kind_ck').execute();
  await db.schema.alterTable('report_releases')
    .addCheckConstraint('report_releases_kind_ck', sql`period_kind in ('pulse', 'month', 'circle_month', 'circle_pulse')`).execute();
  await db.schema.createTable('flash_releases')
    .addColumn('workspace_id', 'uuid', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    // The month as YYYY-MM (UTC).
    .addColumn('period_key', 'text', (c) => c.notNull())
    .addColumn('released_at', 'timestamptz', (c) => c.notNull())
    // Aggregates only, after the privacy rules: no person or session id.
    .addColumn('figures', 'jsonb', (c) => c.notNull())
    .addPrimaryKeyConstraint('flash_releases_pk', ['workspace_id', 'period_key'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('flash_releases').ifExists().execute();
  await db.deleteFrom('report_releases').where('period_kind', 'in', ['circle_month', 'circle_pulse']).execute();
  await db.schema.alterTable('report_releases').dropConstraint('report_releases_kind_ck').execute();
  await db.schema.alterTable('report_releases').addCheckConstraint('report_releases_kind_ck', sql`period_kind in ('pulse', 'month')`).execute();
}
