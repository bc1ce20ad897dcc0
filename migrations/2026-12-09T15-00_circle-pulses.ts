// The program's periodic and final pulses also reach the members of its circles: each member
// (leaders included) answers once per pulse and circle, privately, about their circle. Kept apart
// from the pairs' pulse answers so that reports compute circles separately.
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('circle_pulse_answers')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('pulse_id', 'uuid', (c) => c.notNull().references('pulses.id').onDelete('cascade'))
    .addColumn('circle_id', 'uuid', (c) => c.notNull().references('circles.id').onDelete('cascade'))
    // Null once the person is erased: the ratings stay in the closed pulses' figures, unlinked.
    .addColumn('person_id', 'uuid', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('satisfaction', 'integer', (c) => c.notNull().check(sql`satisfaction between 1 and 5`))
    .addColumn('progress', 'integer', (c) => c.notNull().check(sql`progress between 1 and 5`))
    .addColumn('answered_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // One answer per pulse, circle and person.
  await db.schema.createIndex('circle_pulse_answers_uq').on('circle_pulse_answers').columns(['pulse_id', 'circle_id', 'person_id']).unique().execute();
  await db.schema.createIndex('circle_pulse_answers_circle_idx').on('circle_pulse_answers').column('circle_id').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('circle_pulse_answers').execute();
}
