// The copy audit: a delivery recorded after an attempt whose outcome was unknown (a lost answer,
// a lease taken over) may have a second copy no sender could record (a sender that froze past
// its lease and also lost its post's answer). Such a delivery is looked at again later, once,
// and every copy but the recorded one is removed. Null: nothing to audit.
import { type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('deliveries').addColumn('audit_copies_at', 'timestamptz').execute();
  // The delivery sweep asks for the due audits every minute; few rows ever have one.
  await db.schema.createIndex('deliveries_audit_copies_at').on('deliveries').column('audit_copies_at')
    .where('audit_copies_at', 'is not', null).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('deliveries_audit_copies_at').execute();
  await db.schema.alterTable('deliveries').dropColumn('audit_copies_at').execute();
}
