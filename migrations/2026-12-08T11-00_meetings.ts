// The meetings a pair schedules with "Find a time". One row per search: the three times offered,
// who picked which, then the time both chose, where it was booked (an .ics file, Microsoft 365 or
// Google Workspace) with the calendar's own ids, and the invitation's UID (kept so a series sent
// later replaces the same calendar entry). A newer search replaces an open one ('superseded').
import { sql, type Kysely } from 'kysely';

const STATES = ['offered', 'booking', 'booked', 'superseded', 'cancelled'];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('meetings')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('workspace_id', 'uuid', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('match_id', 'uuid', (c) => c.notNull().references('matches.id').onDelete('cascade'))
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('offered'))
    // [{ "start": ISO, "end": ISO }], in time order.
    .addColumn('slots', 'jsonb', (c) => c.notNull())
    // { "<person id>": <index in slots> }: each member's current pick.
    .addColumn('picks', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('recurring', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('starts_at', 'timestamptz')
    .addColumn('ends_at', 'timestamptz')
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('rrule', 'text')
    // Where the slots came from and where the meeting was booked: 'ics' | 'microsoft' | 'google'.
    .addColumn('slot_source', 'text', (c) => c.notNull())
    .addColumn('provider', 'text')
    // The calendar's event ids by person id (Microsoft: one event in the organizer's calendar).
    .addColumn('external_ids', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('join_url', 'text')
    .addColumn('ics_uid', 'text', (c) => c.notNull())
    .addColumn('ics_sequence', 'integer', (c) => c.notNull().defaultTo(0))
    // Why a calendar could not be used, when the pair got the .ics file instead.
    .addColumn('fallback', 'text')
    .addColumn('requested_by', 'uuid', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('chosen_by', 'uuid', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('booked_at', 'timestamptz')
    .addCheckConstraint('meetings_state_ck', sql.raw(`state in (${STATES.map((s) => `'${s}'`).join(', ')})`))
    .addCheckConstraint('meetings_source_ck', sql`slot_source in ('ics', 'microsoft', 'google') and (provider is null or provider in ('ics', 'microsoft', 'google'))`)
    .addCheckConstraint('meetings_times_ck', sql`(starts_at is null) = (ends_at is null) and (starts_at is null or starts_at < ends_at)`)
    .execute();
  // At most one open search per pair; upcoming meetings are read by pair and time.
  await sql`create unique index meetings_open_uq on meetings (match_id) where state in ('offered', 'booking')`.execute(db);
  await db.schema.createIndex('meetings_match_starts_ix').on('meetings').columns(['match_id', 'starts_at']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('meetings').execute();
}
