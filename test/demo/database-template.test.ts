// The demo's database is a copy of a migrated one made once per version by a child process
// (demo/database-template.ts): no initdb in the demo's own process, a shorter start-up.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureTemplate, templateDir, templateKey } from '../../demo/database-template.ts';
import { openDatabase } from '../../src/db/connect.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { migrations } from '../../migrations/index.ts';

const ownTmp = mkdtempSync(join(tmpdir(), 'mentor-demo-template-'));
const savedTmp = process.env.TMPDIR;
afterAll(() => {
  if (savedTmp === undefined) delete process.env.TMPDIR; else process.env.TMPDIR = savedTmp;
  rmSync(ownTmp, { recursive: true, force: true });
});

describe("the demo's migrated database", () => {
  it('is made once by a child process, kept under a key of the migrations, and a copy of it is migrated and usable', async () => {
    process.env.TMPDIR = ownTmp;
    expect(templateKey()).toMatch(/^[0-9a-f]{16}$/);
    expect(templateDir().startsWith(ownTmp)).toBe(true);
    // A half-made one left by a run that was killed (its process gone): removed.
    const deadPid = 2 ** 22 + 1; // above Linux's highest pid: no such process
    mkdirSync(`${templateDir()}.${deadPid}.part`, { recursive: true });
    const made = await ensureTemplate();
    expect(made.created).toBe(true);
    expect(made.dir).toBe(templateDir());
    expect(existsSync(join(made.dir, 'PG_VERSION'))).toBe(true);
    // Nothing half-made left beside it (its own, or the dead run's), and its lock gone with the child.
    expect(readdirSync(join(ownTmp, 'mentor-bot-demo-database'))).toEqual([templateKey()]);
    // Asked again in the same process: the same one, not made again.
    expect(await ensureTemplate()).toBe(made);

    const copy = join(ownTmp, 'copy');
    cpSync(made.dir, copy, { recursive: true });
    const database = await openDatabase({ dataDir: copy });
    try {
      expect((await migrateToLatest(database.db)).applied).toEqual([]);
      const applied = await database.db.selectFrom('kysely_migration' as never).select('name' as never).execute();
      expect(applied).toHaveLength(Object.keys(migrations).length);
    } finally {
      await database.close();
    }
  }, 180_000);
});
