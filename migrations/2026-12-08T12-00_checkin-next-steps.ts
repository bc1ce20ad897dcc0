// What a pair agreed to do next, and the advice a mentee applied, written in the check-in form.
// Unlike the private note both are shared with the partner; like it they are personal data that
// export carries and erasure and retention remove, and no lead view reads them.
import { type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('checkins').addColumn('next_steps', 'text').addColumn('advice_applied', 'text').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('checkins').dropColumn('next_steps').dropColumn('advice_applied').execute();
}
