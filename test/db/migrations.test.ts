import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/databases.ts';

const EXPECTED_TABLES = [
  'audit_log', 'checkin_tallies', 'checkins', 'conversation_refs', 'deliveries', 'enrollments', 'goals', 'installations',
  'leads', 'match_events', 'match_rules', 'matches', 'people', 'processed_requests', 'program_leads', 'programs',
  'pulse_answers', 'pulses', 'rate_buckets', 'recurring_runs', 'report_releases', 'risk_alerts', 'round_invitations', 'rounds', 'signing_keys', 'used_action_refs', 'waitlist', 'workspaces',
];

describe.each(databaseKinds)('migrations on %s', (kind) => {
  let database: TestDatabase;
  afterEach(async () => { await database?.dispose(); });

  it('creates the whole model, and a second run applies nothing', async () => {
    database = await createTestDatabase(kind, { migrate: false });
    const first = await migrateToLatest(database.db, database.schema);
    expect(first.applied).toEqual(['2026-11-26T12-00_initial-model', '2026-11-26T14-00_delivery-rate-buckets', '2026-11-26T16-00_checkin-tallies', '2026-12-06T14-00_report-releases', '2026-12-06T16-00_sealed-secrets', '2026-12-06T18-00_recurring-runs']);
    const tables = await sql<{ table_name: string }>`
      select table_name from information_schema.tables
      where table_schema = current_schema() and table_name not like 'kysely_%' order by table_name`.execute(database.db);
    expect(tables.rows.map((r) => r.table_name)).toEqual(EXPECTED_TABLES);
    const second = await migrateToLatest(database.db, database.schema);
    expect(second.applied).toEqual([]);
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
});
