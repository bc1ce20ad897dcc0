// Enrolment approval: a program may require a lead's or the person's manager's approval before a
// submitted survey counts in its round. Null approval = none needed (every enrolment before this).
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('enrollments')
    .addColumn('approval', 'text', (c) => c.check(sql`approval in ('pending', 'approved', 'refused')`))
    .addColumn('approval_requested_at', 'timestamptz')
    .addColumn('approval_by', 'uuid', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('approval_at', 'timestamptz')
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('enrollments')
    .dropColumn('approval').dropColumn('approval_requested_at').dropColumn('approval_by').dropColumn('approval_at')
    .execute();
}
