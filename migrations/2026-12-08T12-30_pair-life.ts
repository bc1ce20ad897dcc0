// The pair's life between check-ins. A person can turn off the preparation sent the day before
// their pair's next meeting (`prepare off`; on by default). After the first meeting each member
// answers the chemistry check privately ('continue' or 'not_fit'): stored on the pair, one column
// per side, read by no lead view, never shown to the partner.
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('people').addColumn('preparation_off', 'boolean', (col) => col.notNull().defaultTo(false)).execute();
  await db.schema.alterTable('matches')
    .addColumn('mentee_chemistry', 'text', (col) => col.check(sql`mentee_chemistry in ('continue', 'not_fit')`))
    .addColumn('mentor_chemistry', 'text', (col) => col.check(sql`mentor_chemistry in ('continue', 'not_fit')`))
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('matches').dropColumn('mentee_chemistry').dropColumn('mentor_chemistry').execute();
  await db.schema.alterTable('people').dropColumn('preparation_off').execute();
}
