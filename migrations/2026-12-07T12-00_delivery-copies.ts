// A message to a group on a platform that cannot open group conversations (Teams) is sent as one
// copy per member, each its own delivery: each member's failure is recorded, retried or reported
// on its own, and a member already reached is never sent it again. The group delivery itself
// ends as `split` once its copies exist (it is neither sent nor undelivered: its copies are).
import { sql, type Kysely } from 'kysely';

const withSplit = ['pending', 'sending', 'sent', 'failed', 'undeliverable', 'cancelled', 'split'];
const before = ['pending', 'sending', 'sent', 'failed', 'undeliverable', 'cancelled'];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function statuses(db: Kysely<any>, values: readonly string[]): Promise<void> {
  await db.schema.alterTable('deliveries').dropConstraint('deliveries_status_ck').execute();
  await db.schema.alterTable('deliveries')
    .addCheckConstraint('deliveries_status_ck', sql`status in (${sql.join(values.map((v) => sql.lit(v)))})`).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await statuses(db, withSplit);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  // The copies stay; their group delivery no longer has a status of its own: it is closed.
  await db.updateTable('deliveries').set({ status: 'cancelled', error: 'sent as one copy per member' }).where('status', '=', 'split').execute();
  await statuses(db, before);
}
