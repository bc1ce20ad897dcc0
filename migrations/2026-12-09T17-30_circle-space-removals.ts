// A person who erased their data is taken out of their circles' shared conversations (a Slack
// private channel, a Teams group chat) by the `circle.space_leave` job. The person row is
// anonymised in the same transaction as the erasure, so the platform user id needed for the
// removal is kept here, and only here, until the removal is done: the row is written with the
// erasure and deleted when the platform says the person is out, when it refuses for good, or when
// the removal is given up (docs/privacy.md, "Erasure"). The job's payload is this row's id only.
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('circle_space_removals')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('circle_id', 'uuid', (c) => c.notNull().references('circles.id').onDelete('cascade'))
    .addColumn('platform', 'text', (c) => c.notNull())
    // The person's id on that platform (Slack user id, Entra object id): the one personal value.
    .addColumn('platform_user_id', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    // The platform's last answer (an error code or HTTP status), never the person.
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('circle_space_removals_person_uq', ['circle_id', 'platform_user_id'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('circle_space_removals').ifExists().execute();
}
