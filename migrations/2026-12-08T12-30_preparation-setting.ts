// A person can turn off the preparation sent the day before their pair's next meeting
// (`prepare off`). On by default: the preference is the only thing stored.
import { type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('people').addColumn('preparation_off', 'boolean', (col) => col.notNull().defaultTo(false)).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('people').dropColumn('preparation_off').execute();
}
