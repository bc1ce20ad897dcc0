// What a sender needs to never post a message twice and never retry one forever:
// - lease_token: a fencing counter, raised each time a sender takes the delivery. A sender checks
//   it right before posting and in the update that records the outcome, so one whose lease was
//   taken over (it froze, its worker paused) can neither post nor record.
// - outcome_unknown: the last attempt may have reached the platform (a timeout, a lost answer, a
//   5xx, a lease taken over). The next attempt looks for the message before posting again.
// - throttled_waits: how many times the platform answered 429. These waits do not use up an
//   attempt, but they are capped so that a delivery cannot wait forever.
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('deliveries').addColumn('lease_token', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('deliveries').addColumn('outcome_unknown', 'boolean', (c) => c.notNull().defaultTo(false)).execute();
  await db.schema.alterTable('deliveries').addColumn('throttled_waits', 'integer', (c) => c.notNull().defaultTo(0)).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const column of ['throttled_waits', 'outcome_unknown', 'lease_token']) {
    await db.schema.alterTable('deliveries').dropColumn(column).execute();
  }
}
