// Flash sessions (docs/flash.md): one 30-minute conversation on a topic, asked by anyone, with a
// mentor who opted in (people.flash_opt_in) and has room under their monthly cap. One row per
// request: the mentor asked now (attempt counts the mentors asked so far, so a stale card's click
// is recognised), those who declined or let it lapse, the acceptance, and each side's one answer
// afterwards. `pinned_round_id`: the open round where both asked to continue as a pair.
import { sql, type Kysely } from 'kysely';

const STATES = ['asking', 'accepted', 'unavailable', 'cancelled'];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('people')
    .addColumn('flash_opt_in', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('flash_monthly_cap', 'integer', (c) => c.notNull().defaultTo(2).check(sql`flash_monthly_cap between 1 and 10`))
    .execute();
  await db.schema.createTable('flash_sessions')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('workspace_id', 'uuid', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('asker_id', 'uuid', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('question', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('asking'))
    .addColumn('mentor_id', 'uuid', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('attempt', 'integer', (c) => c.notNull().defaultTo(0))
    // Mentors who declined this request or let it lapse: never asked again for it.
    .addColumn('passed', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('asked_at', 'timestamptz')
    .addColumn('accepted_at', 'timestamptz')
    .addColumn('follow_up_at', 'timestamptz')
    .addColumn('asker_useful', 'boolean')
    .addColumn('asker_continue', 'boolean')
    .addColumn('mentor_useful', 'boolean')
    .addColumn('mentor_continue', 'boolean')
    .addColumn('pinned_round_id', 'uuid', (c) => c.references('rounds.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('flash_sessions_state_ck', sql.raw(`state in (${STATES.map((s) => `'${s}'`).join(', ')})`))
    .execute();
  // One waiting request per person; a mentor's sessions of a month are counted against the cap.
  await sql`create unique index flash_sessions_asking_uq on flash_sessions (asker_id) where state = 'asking'`.execute(db);
  await db.schema.createIndex('flash_sessions_mentor_ix').on('flash_sessions').columns(['mentor_id', 'accepted_at']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('flash_sessions').execute();
  await db.schema.alterTable('people').dropColumn('flash_opt_in').dropColumn('flash_monthly_cap').execute();
}
