// The demo's database is a copy of a migrated one made once per version by a child process
// (demo/database-template.ts): no initdb in the demo's own process, a shorter start-up.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UNUSED_TEMPLATE_DAYS, ensureTemplate, pruneTemplates, templateDir, templateKey } from '../../demo/database-template.ts';
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

  it("removes other versions' databases unused for a week, keeps the recent ones and this version's, and marks this one as used", async () => {
    process.env.TMPDIR = ownTmp;
    const parent = join(ownTmp, 'mentor-bot-demo-database');
    const day = 86_400_000, now = Date.now();
    const aged = (name: string, days: number, database = true): string => {
      const dir = join(parent, name);
      mkdirSync(dir, { recursive: true });
      if (database) writeFileSync(join(dir, 'PG_VERSION'), '17\n');
      utimesSync(dir, (now - days * day) / 1000, (now - days * day) / 1000);
      return dir;
    };
    const old = aged('0123456789abcdef', UNUSED_TEMPLATE_DAYS + 1);
    const recent = aged('fedcba9876543210', UNUSED_TEMPLATE_DAYS - 1);
    const notOurs = aged('notes', 30, false);
    // This version's own database, unused for a month: kept, and marked as used by this run.
    utimesSync(templateDir(), (now - 30 * day) / 1000, (now - 30 * day) / 1000);

    await ensureTemplate();
    expect(existsSync(old)).toBe(false);
    expect(existsSync(recent)).toBe(true);
    expect(existsSync(notOurs)).toBe(true);
    expect(existsSync(join(templateDir(), 'PG_VERSION'))).toBe(true);
    expect(now - statSync(templateDir()).mtimeMs).toBeLessThan(day);

    // Once the recent one is a week old too, the next run removes it; nothing else moves.
    expect(pruneTemplates(templateDir(), now + 2 * day)).toEqual([recent]);
    expect(readdirSync(parent).sort()).toEqual([templateKey(), 'notes'].sort());
  });
});
