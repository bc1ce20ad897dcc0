// Circles (group mentoring): one mentor, or two co-mentors, with a few mentees around a topic,
// in a round. The platform conversation opened for a circle (a private Slack channel, a Teams
// group chat) is recorded on it so that it is never opened twice. A mentee sits in one circle of
// a round at most. Check-in answers are kept per circle and person and period.
import { sql, type Kysely } from 'kysely';

const inList = (column: string, values: readonly string[]) =>
  sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(', ')})`);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const now = sql`now()`;
  await db.schema.createTable('circles')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('workspace_id', 'uuid', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('program_id', 'uuid', (c) => c.notNull().references('programs.id').onDelete('cascade'))
    .addColumn('round_id', 'uuid', (c) => c.notNull().references('rounds.id').onDelete('cascade'))
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('seats', 'integer', (c) => c.notNull().check(sql`seats between 3 and 6`))
    .addColumn('mentor_id', 'uuid', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('co_mentor_id', 'uuid', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('forming').check(inList('state', ['forming', 'active', 'ended'])))
    .addColumn('space_id', 'text')
    .addColumn('space_name', 'text')
    .addColumn('opened_by', 'uuid', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('started_at', 'timestamptz')
    .addCheckConstraint('circles_co_mentor_ck', sql`co_mentor_id is null or co_mentor_id <> mentor_id`)
    .execute();
  await db.schema.createIndex('circles_round_idx').on('circles').columns(['round_id', 'state']).execute();
  // One circle per topic and mentor in a round: a second "create" is the same circle.
  await db.schema.createIndex('circles_round_topic_mentor_uq').on('circles').columns(['round_id', 'topic', 'mentor_id']).unique().execute();

  await db.schema.createTable('circle_members')
    .addColumn('circle_id', 'uuid', (c) => c.notNull().references('circles.id').onDelete('cascade'))
    .addColumn('round_id', 'uuid', (c) => c.notNull().references('rounds.id').onDelete('cascade'))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('score', sql`numeric(5,2)`, (c) => c.notNull())
    .addColumn('joined_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addPrimaryKeyConstraint('circle_members_pk', ['circle_id', 'person_id'])
    .addUniqueConstraint('circle_members_one_per_round_uq', ['round_id', 'person_id'])
    .execute();

  await db.schema.createTable('circle_checkins')
    .addColumn('circle_id', 'uuid', (c) => c.notNull().references('circles.id').onDelete('cascade'))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('period', 'integer', (c) => c.notNull())
    .addColumn('met', 'text', (c) => c.notNull().check(inList('met', ['yes', 'not_yet'])))
    .addColumn('usefulness', 'integer', (c) => c.check(sql`usefulness between 1 and 5`))
    .addColumn('answered_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addPrimaryKeyConstraint('circle_checkins_pk', ['circle_id', 'person_id', 'period'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('circle_checkins').execute();
  await db.schema.dropTable('circle_members').execute();
  await db.schema.dropTable('circles').execute();
}
