// The closing of a pair (issue 17): when a pair ends (the end of the program period, or `end`),
// each member is asked for their wins and what they learnt. One row per pair and member, made
// when they are asked (the closing window ends at closes_at) and answered once. Wins and what
// was learnt are private to their author; the word for the partner is shared with the partner.
// Leads only ever see counts of rows, per round, once every window of the round is over.
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('closings')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('match_id', 'uuid', (col) => col.notNull().references('matches.id').onDelete('cascade'))
    .addColumn('person_id', 'uuid', (col) => col.notNull().references('people.id'))
    .addColumn('asked_at', 'timestamptz', (col) => col.notNull())
    .addColumn('closes_at', 'timestamptz', (col) => col.notNull())
    .addColumn('answered_at', 'timestamptz')
    .addColumn('wins', 'text')
    .addColumn('learnt', 'text')
    .addColumn('partner_word', 'text')
    .addUniqueConstraint('closings_match_person_unique', ['match_id', 'person_id'])
    .execute();
  await db.schema.createIndex('closings_person_idx').on('closings').column('person_id').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('closings').execute();
}
