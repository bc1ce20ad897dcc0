import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { Migrator } from 'kysely/migration';
import { migrations } from '../../migrations/index.ts';
import { migrateToLatest, withCatalogRetries } from '../../src/db/migrate.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/databases.ts';

const EXPECTED_TABLES = [
  'adapter_state', 'audit_log', 'checkin_tallies', 'checkins', 'circle_checkins', 'circle_members', 'circle_pulse_answers', 'circle_space_removals', 'circles', 'closings', 'conversation_refs', 'deliveries', 'delivery_strays', 'enrollments', 'flash_releases', 'flash_sessions', 'goals', 'installations',
  'match_events', 'match_rules', 'matches', 'meetings', 'people', 'processed_requests', 'program_leads', 'programs',
  'pulse_answers', 'pulses', 'rate_buckets', 'recurring_runs', 'report_codes', 'report_releases', 'report_sessions', 'risk_alerts', 'round_invitations', 'rounds', 'shortlists', 'signing_keys', 'slack_deferred_views', 'teams_circle_chats', 'teams_teams', 'used_action_refs', 'waitlist', 'workspaces',
];

describe.each(databaseKinds)('migrations on %s', (kind) => {
  let database: TestDatabase;
  afterEach(async () => { await database?.dispose(); });

  it('creates the whole model, and a second run applies nothing', async () => {
    database = await createTestDatabase(kind, { migrate: false });
    const first = await migrateToLatest(database.db, database.schema);
    expect(first.applied).toEqual(['2026-11-26T12-00_initial-model', '2026-11-26T14-00_delivery-rate-buckets', '2026-11-26T16-00_checkin-tallies', '2026-12-06T10-00_request-leases', '2026-12-06T13-00_program-leads', '2026-12-06T14-00_report-releases', '2026-12-06T15-00_lead-tools-privacy', '2026-12-06T16-00_sealed-secrets', '2026-12-06T17-00_delivery-fencing', '2026-12-06T18-00_recurring-runs', '2026-12-07T09-00_delivery-strays', '2026-12-07T10-00_adapter-state', '2026-12-07T12-00_delivery-copies', '2026-12-07T12-30_teams-teams', '2026-12-07T13-00_round-match-seed', '2026-12-08T09-00_people-profiles', '2026-12-08T10-00_people-timezone-pinned', '2026-12-08T11-00_meetings', '2026-12-08T12-00_checkin-next-steps', '2026-12-08T12-30_pair-life', '2026-12-08T13-00_delivery-copy-audit', '2026-12-08T14-00_enrolment-approval', '2026-12-09T10-00_pair-agreements', '2026-12-09T11-00_closings', '2026-12-09T12-00_round-shortlists', '2026-12-09T13-00_circles', '2026-12-09T14-00_flash-sessions', '2026-12-09T15-00_circle-pulses', '2026-12-09T16-00_flash-meetings', '2026-12-09T16-30_teams-circle-chats', '2026-12-09T17-00_circle-flash-releases', '2026-12-09T17-30_circle-space-removals', '2026-12-09T18-00_meeting-cancellations', '2026-12-09T18-30_round-purges', '2026-12-10T09-00_round-preview-unmatched']);
    const tables = await sql<{ table_name: string }>`
      select table_name from information_schema.tables
      where table_schema = current_schema() and table_name not like 'kysely_%' order by table_name`.execute(database.db);
    expect(tables.rows.map((r) => r.table_name)).toEqual(EXPECTED_TABLES);
    const second = await migrateToLatest(database.db, database.schema);
    expect(second.applied).toEqual([]);
  });

  it('upgrades workspace leads to leads of every program of their workspace, and back', async () => {
    database = await createTestDatabase(kind, { migrate: false });
    const { db } = database;
    const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations }, migrationTableSchema: database.schema });
    expect((await withCatalogRetries(() => migrator.migrateTo('2026-12-06T10-00_request-leases'))).error).toBeUndefined();
    // The old model, as a deployment has it: `leads` per workspace.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const old = db as any;
    const ws = await old.insertInto('workspaces').values({ platform: 'slack', external_id: 'T1' }).returning('id').executeTakeFirstOrThrow();
    const other = await old.insertInto('workspaces').values({ platform: 'slack', external_id: 'T2' }).returning('id').executeTakeFirstOrThrow();
    const person = async (workspace: string, id: string) => (await old.insertInto('people').values({ workspace_id: workspace, platform_user_id: id, display_name: id, updated_at: new Date() }).returning('id').executeTakeFirstOrThrow()).id as string;
    const lea = await person(ws.id, 'U_LEA'), max = await person(ws.id, 'U_MAX'), eve = await person(other.id, 'U_EVE');
    const program = async (workspace: string, name: string) => (await old.insertInto('programs').values({
      workspace_id: workspace, name, settings: '{}', checkin_cadence: 'P1M', session_minutes: 60, duration_days: 90, default_capacity: 1,
      min_group_size: 5, retention_days: 400, updated_at: new Date(),
    }).returning('id').executeTakeFirstOrThrow()).id as string;
    const a = await program(ws.id, 'A'), b = await program(ws.id, 'B'), c = await program(other.id, 'C');
    await old.insertInto('leads').values([{ workspace_id: ws.id, person_id: lea }, { workspace_id: ws.id, person_id: max, granted_by: lea }, { workspace_id: other.id, person_id: eve }]).execute();
    await old.insertInto('program_leads').values({ program_id: a, person_id: lea }).execute();

    expect((await withCatalogRetries(() => migrator.migrateTo('2026-12-06T13-00_program-leads'))).results?.map((r) => r.migrationName)).toEqual(['2026-12-06T13-00_program-leads']);
    const rows = await db.selectFrom('program_leads').select(['program_id', 'person_id', 'granted_by']).execute();
    const key = (r: { program_id: string; person_id: string }) => `${r.program_id}:${r.person_id}`;
    expect(rows.map(key).sort()).toEqual([`${a}:${lea}`, `${a}:${max}`, `${b}:${lea}`, `${b}:${max}`, `${c}:${eve}`].sort());
    expect(rows.find((r) => r.program_id === b && r.person_id === max)?.granted_by).toBe(lea);
    const tables = await sql<{ table_name: string }>`select table_name from information_schema.tables where table_schema = current_schema() and table_name = 'leads'`.execute(db);
    expect(tables.rows).toEqual([]);

    expect((await withCatalogRetries(() => migrator.migrateDown())).error).toBeUndefined();
    const back = await old.selectFrom('leads').select(['workspace_id', 'person_id']).execute();
    expect(back.map((r: { workspace_id: string; person_id: string }) => `${r.workspace_id}:${r.person_id}`).sort()).toEqual([`${ws.id}:${lea}`, `${ws.id}:${max}`, `${other.id}:${eve}`].sort());
  });

  it('enforces the model in the database, not only in code', async () => {
    database = await createTestDatabase(kind);
    const { db } = database;
    const ws = await db.insertInto('workspaces').values({ platform: 'slack', external_id: 'T1' }).returning('id').executeTakeFirstOrThrow();
    await expect(db.insertInto('workspaces').values({ platform: 'slack', external_id: 'T1' }).execute()).rejects.toThrow();
    await expect(db.insertInto('workspaces').values({ platform: 'irc' as never, external_id: 'T2' }).execute()).rejects.toThrow();
    await expect(db.insertInto('people').values({ workspace_id: ws.id, platform_user_id: 'U1', display_name: 'A', level: 99, updated_at: new Date() }).execute()).rejects.toThrow();
    await expect(db.insertInto('rounds').values({ workspace_id: ws.id, program_id: '00000000-0000-4000-8000-000000000000', name: 'r', updated_at: new Date() }).execute()).rejects.toThrow();
  });

  it('raises programs stored under the minimum group size floor to 5, and refuses less from then on', async () => {
    database = await createTestDatabase(kind, { migrate: false });
    const { db } = database;
    const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations }, migrationTableSchema: database.schema });
    expect((await withCatalogRetries(() => migrator.migrateTo('2026-11-26T16-00_checkin-tallies'))).error).toBeUndefined();
    const ws = await db.insertInto('workspaces').values({ platform: 'slack', external_id: 'T1' }).returning('id').executeTakeFirstOrThrow();
    const program = (size: number, name: string) => ({
      workspace_id: ws.id, name, settings: JSON.stringify({ topics: [{ key: 'a', label: { en: 'A', fr: 'A' } }], minGroupSize: size }),
      checkin_cadence: 'P1M', session_minutes: 60, duration_days: 180, default_capacity: 1, min_group_size: size, retention_days: 365, updated_at: new Date(),
    });
    await db.insertInto('programs').values([program(3, 'small'), program(8, 'large')] as never).execute();
    await migrateToLatest(db, database.schema);
    const rows = await db.selectFrom('programs').select(['name', 'min_group_size', 'settings']).orderBy('name').execute();
    expect(rows.map((r) => [r.name, r.min_group_size, (r.settings as { minGroupSize: number }).minGroupSize])).toEqual([['large', 8, 8], ['small', 5, 5]]);
    await expect(db.updateTable('programs').set({ min_group_size: 4 }).where('name', '=', 'large').execute()).rejects.toThrow();
  });
});
