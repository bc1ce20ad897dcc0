// Starting an embedded database from a dump takes about a second; creating one (initdb) and
// migrating it takes ten or more on a busy machine. The global setup makes two dumps once, a
// fresh database and a migrated one, and every test process starts its databases from them.
// The dumps are kept in the system's temporary folder under a key of everything they depend on
// (the migrations, the migrator, the PGlite and Kysely versions), so later runs, and the test
// runs that tests start themselves, find them ready.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { openDatabase } from '../../src/db/connect.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';

const root = path.resolve(import.meta.dirname, '../..');

export interface EmbeddedTemplates {
  /** A dump of a fresh database (initdb done, nothing migrated). */
  readonly fresh: string;
  /** A dump of the same database migrated to the latest migration. */
  readonly migrated: string;
  /**
   * Whether the migrated database holds no row outside the migrator's own tables, so that emptying
   * every table gives it back as migrated (test/support/databases.ts reuses databases that way).
   */
  readonly emptyTables: boolean;
}

function templateKey(): string {
  const hash = createHash('sha256');
  const version = (pkg: string) => (JSON.parse(readFileSync(path.join(root, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;
  hash.update(`pglite ${version('@electric-sql/pglite')} kysely ${version('kysely')} node ${process.versions.node}\n`);
  for (const file of [...readdirSync(path.join(root, 'migrations')).sort().map((f) => path.join('migrations', f)), 'src/db/migrate.ts', 'src/db/connect.ts']) {
    hash.update(`${file}\n`).update(readFileSync(path.join(root, file)));
  }
  return hash.digest('hex').slice(0, 16);
}

/** Tables (other than the migrator's) that hold rows, as `schema.table`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function tablesWithRows(db: any): Promise<string[]> {
  const tables = await sql<{ name: string }>`
    select format('%I.%I', n.nspname, c.relname) as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where c.relkind = 'r' and n.nspname not in ('pg_catalog', 'information_schema') and left(n.nspname, 3) <> 'pg_'
      and c.relname not in ('kysely_migration', 'kysely_migration_lock')`.execute(db);
  const full: string[] = [];
  for (const { name } of tables.rows) {
    const { rows } = await sql<{ one: number }>`select 1 as one from ${sql.raw(name)} limit 1`.execute(db);
    if (rows.length > 0) full.push(name);
  }
  return full;
}

/** Makes the two dumps unless a previous run left them for the same key; returns where they are. */
export async function ensureEmbeddedTemplates(): Promise<EmbeddedTemplates> {
  const dir = path.join(os.tmpdir(), 'mentor-bot-test-templates', templateKey());
  const fresh = path.join(dir, 'fresh.tar');
  const migrated = path.join(dir, 'migrated.tar');
  const meta = path.join(dir, 'meta.json');
  if (existsSync(fresh) && existsSync(migrated) && existsSync(meta)) {
    return { fresh, migrated, ...(JSON.parse(readFileSync(meta, 'utf8')) as { emptyTables: boolean }) };
  }
  mkdirSync(dir, { recursive: true });
  const database = await openDatabase({});
  try {
    // Several runs may build at once: each writes its own files and renames them into place.
    const write = async (file: string) => {
      const part = `${file}.${process.pid}.part`;
      writeFileSync(part, new Uint8Array(await (await database.embedded!.dumpDataDir('none')).arrayBuffer()));
      renameSync(part, file);
    };
    await write(fresh);
    await migrateToLatest(database.db);
    await write(migrated);
    const emptyTables = (await tablesWithRows(database.db)).length === 0;
    const part = `${meta}.${process.pid}.part`;
    writeFileSync(part, JSON.stringify({ emptyTables }));
    renameSync(part, meta);
    return { fresh, migrated, emptyTables };
  } finally {
    await database.close();
  }
}
