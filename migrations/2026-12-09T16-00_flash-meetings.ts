// A flash session books its 30 minutes with "Find a time" too: a meeting belongs either to a pair
// (match_id) or to a flash session (flash_session_id), never both and never neither. Queries on a
// pair's meetings keep filtering on match_id, so they never see a flash session's.
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('meetings')
    .addColumn('flash_session_id', 'uuid', (c) => c.references('flash_sessions.id').onDelete('cascade'))
    .execute();
  await db.schema.alterTable('meetings').alterColumn('match_id', (c) => c.dropNotNull()).execute();
  await sql`alter table meetings add constraint meetings_subject_ck check ((match_id is null) <> (flash_session_id is null))`.execute(db);
  // At most one open search per flash session, as per pair.
  await sql`create unique index meetings_flash_open_uq on meetings (flash_session_id) where state in ('offered', 'booking')`.execute(db);
  await db.schema.createIndex('meetings_flash_starts_ix').on('meetings').columns(['flash_session_id', 'starts_at']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.deleteFrom('meetings').where('flash_session_id', 'is not', null).execute();
  await db.schema.dropIndex('meetings_flash_starts_ix').execute();
  await db.schema.dropIndex('meetings_flash_open_uq').execute();
  await sql`alter table meetings drop constraint meetings_subject_ck`.execute(db);
  await db.schema.alterTable('meetings').dropColumn('flash_session_id').execute();
  await db.schema.alterTable('meetings').alterColumn('match_id', (c) => c.setNotNull()).execute();
}
