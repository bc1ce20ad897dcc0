// A time zone a person chose with `profile` stays theirs: the platform's zone, refreshed on each
// request, no longer overwrites it once it is pinned.
import { type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('people').addColumn('timezone_pinned', 'boolean', (c) => c.notNull().defaultTo(false)).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('people').dropColumn('timezone_pinned').execute();
}
