// The lead role becomes per program. Every workspace-wide lead of before leads every program of
// its workspace, so an upgrade keeps everyone's access; the `leads` table then goes: workspace
// administrators are named in the configuration (MENTOR_LEADS, per workspace id), never stored,
// so no one can be made an administrator from the chat. Who granted a program lead, and when,
// is kept on the row (the audit log has the full history).
// Report pages open through a one-time code exchanged for a session cookie: both are stored as
// SHA-256 hashes only, so a database reader cannot open a page with what it finds there.
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('program_leads')
    .addColumn('granted_by', 'uuid', (c) => c.references('people.id').onDelete('set null'))
    .execute();
  await db.schema.alterTable('program_leads')
    .addColumn('granted_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`
    insert into program_leads (program_id, person_id, granted_by, granted_at)
    select p.id, l.person_id, l.granted_by, l.granted_at
    from leads l join programs p on p.workspace_id = l.workspace_id
    on conflict (program_id, person_id) do nothing`.execute(db);
  await db.schema.dropTable('leads').execute();

  await db.schema.createTable('report_codes')
    .addColumn('code_hash', 'text', (c) => c.primaryKey())
    .addColumn('program_id', 'uuid', (c) => c.notNull().references('programs.id').onDelete('cascade'))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('used_at', 'timestamptz')
    .execute();
  await db.schema.createTable('report_sessions')
    .addColumn('session_hash', 'text', (c) => c.primaryKey())
    .addColumn('program_id', 'uuid', (c) => c.notNull().references('programs.id').onDelete('cascade'))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('report_codes_expiry_ix').on('report_codes').column('expires_at').execute();
  await db.schema.createIndex('report_sessions_expiry_ix').on('report_sessions').column('expires_at').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('report_sessions').execute();
  await db.schema.dropTable('report_codes').execute();
  await db.schema.createTable('leads')
    .addColumn('workspace_id', 'uuid', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('granted_by', 'uuid', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('granted_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('leads_pk', ['workspace_id', 'person_id'])
    .execute();
  // A lead of any program was a lead of its whole workspace before.
  await sql`
    insert into leads (workspace_id, person_id, granted_by, granted_at)
    select distinct on (p.workspace_id, pl.person_id) p.workspace_id, pl.person_id, pl.granted_by, pl.granted_at
    from program_leads pl join programs p on p.id = pl.program_id
    order by p.workspace_id, pl.person_id, pl.granted_at`.execute(db);
  await db.schema.alterTable('program_leads').dropColumn('granted_at').execute();
  await db.schema.alterTable('program_leads').dropColumn('granted_by').execute();
}
