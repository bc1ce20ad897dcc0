import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { importOrgRows, readOrgRows, summaryLine } from '../../src/cli/org-import.ts';
import { getPerson, upsertPerson } from '../../src/db/repositories/person.repository.ts';
import { upsertWorkspace } from '../../src/db/repositories/workspace.repository.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/databases.ts';
import { childEnv } from '../support/child-env.ts';

describe('org import rows', () => {
  it('validates each row on its own', () => {
    const read = readOrgRows('user,manager,department,level,location\r\nU1,U2,Sales,3,Paris\n,U2,,,\nU3,,,"12,5",\nU4,,"Ops, EU",21,\n');
    if ('error' in read) throw new Error(read.error);
    expect(read.rows).toEqual([{ line: 2, user: 'U1', manager: 'U2', department: 'Sales', level: 3, location: 'Paris' }]);
    expect(read.rejected.map((r) => r.line)).toEqual([3, 4, 5]);
    expect(read.rejected[1]!.reason).toContain('0 to 20');
  });
  it('refuses a file without a user column or with unknown columns', () => {
    expect(readOrgRows('email,boss\nx,y\n')).toHaveProperty('error');
    expect(readOrgRows('')).toHaveProperty('error');
  });
});

describe.each(databaseKinds)('org import on %s', (kind) => {
  let database: TestDatabase | undefined;
  afterEach(async () => { await database?.dispose(); database = undefined; });

  it('stores valid rows and rejects unknown people, self-management and loops', async () => {
    database = await createTestDatabase(kind);
    const ws = await upsertWorkspace(database.db, { platform: 'slack', externalId: 'T1' });
    const p = async (id: string, email: string) => upsertPerson(database!.db, ws.id, { platformUserId: id, displayName: id, email, locale: null, timezone: null });
    const [a, b, c, d] = [await p('UA', 'a@x.io'), await p('UB', 'b@x.io'), await p('UC', 'c@x.io'), await p('UD', 'd@x.io')];
    const result = await importOrgRows(database.db, ws.id, [
      { line: 2, user: 'a@x.io', manager: 'UB', department: 'Sales', level: 3, location: 'Paris' },
      { line: 3, user: 'UZ', manager: null, department: null, level: null, location: null },
      { line: 4, user: 'UC', manager: 'UC', department: null, level: null, location: null },
      { line: 5, user: 'UC', manager: 'UD', department: null, level: null, location: null },
      { line: 6, user: 'UD', manager: 'UC', department: null, level: null, location: null },
    ]);
    expect(result.updated).toBe(1);
    expect(result.rejected.map((r) => r.line).sort()).toEqual([3, 4, 5, 6]);
    const stored = await getPerson(database.db, a.id);
    expect([stored?.managerId, stored?.department, stored?.level, stored?.location]).toEqual([b.id, 'Sales', 3, 'Paris']);
    expect((await getPerson(database.db, c.id))?.managerId).toBeNull();
    expect((await getPerson(database.db, d.id))?.managerId).toBeNull();
  });
});

describe('npm run org:import, as a command', () => {
  const root = path.resolve(import.meta.dirname, '../..');
  const run = (args: string[]) => spawnSync(process.execPath, ['src/cli/org-import.ts', ...args], { cwd: root, env: childEnv(), encoding: 'utf8', timeout: 60_000 });

  it('a missing file: one line naming it, no stack trace, exit code 2, nothing opened', () => {
    const missing = path.join(tmpdir(), 'no-such-org-chart.csv');
    const result = run([missing]);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(`${missing}: cannot be read (no such file)\n`);
    expect(result.stdout).toBe('');
    expect(run([tmpdir()]).stderr).toBe(`${tmpdir()}: cannot be read (is a folder, not a file)\n`);
    expect(run([]).status).toBe(2);
    expect(run(['--nope', 'x.csv']).stderr).toMatch(/^Unknown option '--nope'.*\nusage: npm run org:import/);
  });

  it('counts in words that agree with the number', () => {
    expect(summaryLine(1, 1)).toBe('1 person updated, 1 row rejected');
    expect(summaryLine(0, 0)).toBe('0 people updated, 0 rows rejected');
    expect(summaryLine(2, 3)).toBe('2 people updated, 3 rows rejected');
  });
});
