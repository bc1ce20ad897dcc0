// What a platform adapter must keep between two requests of one person, in the database so that
// any web process can serve the next request, and a restart loses nothing: on Teams, the forms
// shown (a card action does not send its card back) and the files offered on a consent card.
// Every row has an expiry; the daily purge deletes expired rows.
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('adapter_state')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    // Whose it is (the workspace and the person's platform id), so that erasing a person erases it.
    .addColumn('workspace_id', 'text')
    .addColumn('user_id', 'text')
    .addColumn('value', 'jsonb', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('adapter_state_pkey', ['kind', 'key'])
    .execute();
  await db.schema.createIndex('adapter_state_expires_idx').on('adapter_state').column('expires_at').execute();
  await db.schema.createIndex('adapter_state_owner_idx').on('adapter_state').columns(['workspace_id', 'user_id']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('adapter_state').ifExists().execute();
}
