// Signing keys that can be rotated, and used action refs that can be purged.
//
// - `signing_keys` replaces `app_secrets`: several keys per purpose (one in service, older ones
//   still verifying until `drop_after`). Values are sealed with MENTOR_SECRET_KEY, which a
//   migration cannot see, so the rows copied from `app_secrets` arrive in clear and the app seals
//   them at its next start, before it serves anything.
// - `used_action_refs.expires_at`: a used ref's nonce must be kept exactly as long as the ref could
//   still be replayed; older rows (null) are kept for the longest lifetime of a ref.
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('signing_keys')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // Signs from then on, until a newer key's active_from.
    .addColumn('active_from', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('retired_at', 'timestamptz')
    .addColumn('drop_after', 'timestamptz')
    .execute();
  // One key in service per purpose: a concurrent first start cannot create two.
  await sql`create unique index signing_keys_in_service_uq on signing_keys (purpose) where retired_at is null`.execute(db);
  await sql`insert into signing_keys (purpose, value, created_at, active_from) select name, value, created_at, created_at from app_secrets where name = 'action-ref-key'`.execute(db);
  await db.schema.dropTable('app_secrets').execute();

  await db.schema.alterTable('used_action_refs').addColumn('expires_at', 'timestamptz').execute();
  await db.schema.createIndex('used_action_refs_expires_idx').on('used_action_refs').column('expires_at').execute();
  await db.schema.createIndex('used_action_refs_used_idx').on('used_action_refs').column('used_at').execute();
}

// Sealed keys cannot go back in clear: going down starts from new keys (buttons and report links
// already sent stop working).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('used_action_refs_used_idx').execute();
  await db.schema.dropIndex('used_action_refs_expires_idx').execute();
  await db.schema.alterTable('used_action_refs').dropColumn('expires_at').execute();
  await db.schema.createTable('app_secrets')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.dropTable('signing_keys').execute();
}
