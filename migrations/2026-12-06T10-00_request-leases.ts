// Inbound requests are remembered as "running" under a lease while their work runs, and as
// "done" only once it succeeded: a request whose work failed is released (or its lease runs out
// when the process died), so Slack's retry or the person's second click runs it again.
// Rows from before this migration were written when their work started; they count as done.
//
// Also: forms Slack could not open because the request's trigger_id had expired, kept for an
// hour so that a button in the message sent instead opens them with a fresh trigger.
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('processed_requests')
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('done').check(sql`state in ('running', 'done')`))
    .execute();
  await db.schema.alterTable('processed_requests').addColumn('owner', 'text').execute();
  await db.schema.alterTable('processed_requests').addColumn('lease_until', 'timestamptz').execute();

  await db.schema.createTable('slack_deferred_views')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('team_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('view', 'jsonb', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('slack_deferred_views_expires_idx').on('slack_deferred_views').column('expires_at').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('slack_deferred_views').ifExists().execute();
  await db.deleteFrom('processed_requests').where('state', '=', 'running').execute();
  await db.schema.alterTable('processed_requests').dropColumn('lease_until').execute();
  await db.schema.alterTable('processed_requests').dropColumn('owner').execute();
  await db.schema.alterTable('processed_requests').dropColumn('state').execute();
}
