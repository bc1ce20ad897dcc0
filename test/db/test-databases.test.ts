// The test databases (test/support/databases.ts) are handed from one test to the next within a
// file, so what one test did must never show in the next: rows, sequences, session settings and
// structure. These tests run in this order on purpose: each checks what the one before it left.
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/databases.ts';

describe.each(databaseKinds)('a test database handed to the next test on %s', (kind) => {
  let database: TestDatabase | undefined;
  afterEach(async () => { await database?.dispose(); database = undefined; });

  const workspaceCount = async (d: TestDatabase) => Number((await sql<{ n: string }>`select count(*) as n from workspaces`.execute(d.db)).rows[0]!.n);
  const nextAuditId = async (d: TestDatabase) => {
    const ws = await d.db.insertInto('workspaces').values({ platform: 'slack', external_id: `T${Math.random()}` }).returning('id').executeTakeFirstOrThrow();
    const row = await d.db.insertInto('audit_log').values({ workspace_id: ws.id, action: 'probe', details: '{}' }).returning('id').executeTakeFirstOrThrow();
    return Number(row.id);
  };

  it('first test: writes rows, moves a sequence and changes a session setting', async () => {
    database = await createTestDatabase(kind);
    expect(await nextAuditId(database)).toBe(1);
    expect(await nextAuditId(database)).toBe(2);
    expect(await workspaceCount(database)).toBe(2);
    await sql`set timezone = 'Pacific/Chatham'`.execute(database.db);
  });

  it('the next test starts empty, with sequences from their start and the default settings', async () => {
    database = await createTestDatabase(kind);
    expect(await workspaceCount(database)).toBe(0);
    expect(await nextAuditId(database)).toBe(1);
    const { rows } = await sql<{ tz: string }>`select current_setting('timezone') as tz`.execute(database.db);
    expect(rows[0]!.tz).not.toBe('Pacific/Chatham');
  });

  it('a handle refuses every query once its test disposed of it', async () => {
    const first = await createTestDatabase(kind);
    await first.dispose();
    await expect(first.db.selectFrom('workspaces').selectAll().execute()).rejects.toThrow();
    database = await createTestDatabase(kind);
    expect(await workspaceCount(database)).toBe(0);
  });

  it('a test that changes the structure adds a table and a column', async () => {
    database = await createTestDatabase(kind);
    await sql`create table leftover (id int)`.execute(database.db);
    await sql`alter table workspaces add column leftover text`.execute(database.db);
  });

  it('the next test does not see that change', async () => {
    database = await createTestDatabase(kind);
    const tables = await sql<{ n: string }>`select count(*) as n from information_schema.tables where table_name = 'leftover' and table_schema = current_schema()`.execute(database.db);
    expect(Number(tables.rows[0]!.n)).toBe(0);
    const columns = await sql<{ n: string }>`select count(*) as n from information_schema.columns where table_name = 'workspaces' and column_name = 'leftover' and table_schema = current_schema()`.execute(database.db);
    expect(Number(columns.rows[0]!.n)).toBe(0);
  });
});
