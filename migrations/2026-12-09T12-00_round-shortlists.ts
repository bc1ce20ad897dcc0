// Shortlist choice (docs/programs.md): after a round's survey closes, each mentee of a "mentee
// chooses" program is offered their best mentors and ranks them before the matching. The round
// stays `closed` meanwhile; the ranking phase is its deadline and the moment it ended.
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('rounds')
    .addColumn('ranking_deadline', 'timestamptz')
    .addColumn('ranking_closed_at', 'timestamptz')
    .execute();
  await db.schema.createTable('shortlists')
    .addColumn('round_id', 'uuid', (c) => c.notNull().references('rounds.id').onDelete('cascade'))
    .addColumn('mentee_id', 'uuid', (c) => c.notNull().references('people.id').onDelete('cascade'))
    // The mentors offered, best fit first, as person ids.
    .addColumn('mentor_ids', 'jsonb', (c) => c.notNull())
    // Why each offered mentor fits (match reasons as data, by mentor id), decided when the list was made.
    .addColumn('reasons', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    // The mentee's ranking (person ids, first choice first); null until they answer.
    .addColumn('ranking', 'jsonb')
    .addColumn('ranked_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('shortlists_pk', ['round_id', 'mentee_id'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('shortlists').execute();
  await db.schema.alterTable('rounds').dropColumn('ranking_deadline').dropColumn('ranking_closed_at').execute();
}
