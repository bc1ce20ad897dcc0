// Every data test runs on the embedded database, and also on real PostgreSQL when DATABASE_URL
// is given (CI gives it). Each test gets a database of its own: a fresh in-memory PGlite, or a
// fresh schema on the PostgreSQL server, dropped afterwards.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type DatabaseHandle, type DatabaseKind } from '../../src/db/connect.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';

export const postgresUrl = process.env.DATABASE_URL;

/** The database kinds this run covers; CI=true without DATABASE_URL never gets this far (global setup). */
export const databaseKinds: DatabaseKind[] = postgresUrl ? ['embedded', 'postgres'] : ['embedded'];

if (!postgresUrl && process.env.CI !== 'true' && !process.env.VITEST_QUIET_SKIPS) {
  process.stderr.write('[tests] DATABASE_URL is not set: PostgreSQL variants of the data tests are not run (CI runs them).\n');
}

export interface TestDatabase extends DatabaseHandle {
  /** The PostgreSQL schema of this test (undefined on the embedded database). */
  readonly schema: string | undefined;
  /** Drops what this test created. */
  dispose(): Promise<void>;
}

// Starting an embedded database from a migrated dump takes a second; creating and migrating
// one takes several. Each test process makes the dump once.
let template: Promise<Blob | File> | undefined;
function migratedTemplate(): Promise<Blob | File> {
  template ??= (async () => {
    const first = await openDatabase({});
    await migrateToLatest(first.db);
    const dump = await first.embedded!.dumpDataDir('none');
    await first.close();
    return dump;
  })();
  return template;
}

export async function createTestDatabase(kind: DatabaseKind, options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  let handle: DatabaseHandle;
  let schema: string | undefined;
  let dropSchema: (() => Promise<void>) | undefined;
  if (kind === 'postgres') {
    if (!postgresUrl) throw new Error('createTestDatabase("postgres") needs DATABASE_URL');
    schema = `t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: postgresUrl });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    handle = await openDatabase({ url: postgresUrl, schema, poolSize: 4 });
    dropSchema = async () => {
      const client = new pg.Client({ connectionString: postgresUrl });
      await client.connect();
      await client.query(`drop schema if exists ${schema} cascade`);
      await client.end();
    };
  } else {
    handle = await openDatabase(options.migrate === false ? {} : { template: await migratedTemplate() });
  }
  if (options.migrate !== false) await migrateToLatest(handle.db, schema);
  return {
    ...handle,
    schema,
    async dispose() {
      await handle.close();
      await dropSchema?.();
    },
  };
}
