// migrateToLatest retries a migration run that failed on the catalog race only: Kysely's migrator
// scans every table of every schema before it migrates, and a schema, table or column another
// client drops during that scan fails it with SQLSTATE 3F000 (a schema), 42P01 (a table) or 42703
// (a column). The race is reproduced with a plugin on the real database that fails the scan's
// catalog query as PostgreSQL would. A migrator's other steps (to a given migration, down) are
// retried the same way through withCatalogRetries.
import { Kysely, PGliteDialect, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations } from '../../migrations/index.ts';
import { Migrator } from 'kysely/migration';
import { migrateToLatest, withCatalogRetries } from '../../src/db/migrate.ts';
import { createTestDatabase, databaseKinds, postgresUrl, type TestDatabase } from '../support/databases.ts';

/** Fails the first `times` catalog scans (the migrator's query over pg_attribute) with a SQLSTATE. */
class FailingCatalogScan {
  scans = 0;
  #left: number;
  readonly #code: string;
  constructor(times: number, code: string) { this.#left = times; this.#code = code; }
  /** Wraps an object with a query(sql, …) method (a pg client, a PGlite instance). */
  wrap<T extends object>(target: T): T {
    return new Proxy(target, {
      get: (t, key) => {
        const value = Reflect.get(t, key, t) as unknown;
        if (key !== 'query' || typeof value !== 'function') return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(t) : value;
        return (text: string, ...rest: unknown[]) => {
          if (typeof text === 'string' && text.includes('"pg_attribute"')) {
            this.scans += 1;
            if (this.#left > 0) {
              this.#left -= 1;
              return Promise.reject(Object.assign(new Error('schema "gone_meanwhile" does not exist'), { code: this.#code }));
            }
          }
          return (value as (...a: unknown[]) => unknown).call(t, text, ...rest);
        };
      },
    });
  }
}

/** A second Kysely on the test database whose queries go through `race`. */
function racingDb(database: TestDatabase, race: FailingCatalogScan): { db: Kysely<unknown>; close(): Promise<void> } {
  if (database.kind === 'embedded') {
    return { db: new Kysely({ dialect: new PGliteDialect({ pglite: race.wrap(database.embedded!) }) }), close: async () => undefined };
  }
  const pool = new pg.Pool({ connectionString: postgresUrl!, max: 2, options: `-c search_path=${database.schema}` });
  const wrapped = { connect: async () => race.wrap(await pool.connect()), end: () => pool.end() };
  const db = new Kysely({ dialect: new PostgresDialect({ pool: wrapped as never }) });
  return { db, close: () => db.destroy() };
}

describe.each(databaseKinds)('migrateToLatest and the catalog race on %s', (kind) => {
  let database: TestDatabase;
  afterEach(async () => { await database?.dispose(); });

  const applied = async () => (await sql<{ name: string }>`select name from ${sql.table(database.schema ? `${database.schema}.kysely_migration` : 'kysely_migration')} order by name`.execute(database.db)).rows.map((r) => r.name);

  it.each(['3F000', '42P01', '42703'])('retries a scan that failed with %s and migrates everything', async (code) => {
    database = await createTestDatabase(kind, { migrate: false });
    const race = new FailingCatalogScan(2, code);
    const racing = racingDb(database, race);
    const outcome = await migrateToLatest(racing.db, database.schema).finally(() => racing.close());
    expect(outcome.applied).toEqual(Object.keys(migrations));
    expect(race.scans).toBeGreaterThanOrEqual(3);
    expect(await applied()).toEqual(Object.keys(migrations).sort());
  });

  it('gives up after its retries when the race keeps happening, saying so', async () => {
    database = await createTestDatabase(kind, { migrate: false });
    const race = new FailingCatalogScan(1_000, '3F000');
    const racing = racingDb(database, race);
    await expect(migrateToLatest(racing.db, database.schema).finally(() => racing.close())).rejects.toThrow(/^db\.migration_failed: .*does not exist/);
    // The first run and 5 retries.
    expect(race.scans).toBe(6);
  });

  it('does not retry any other failure', async () => {
    database = await createTestDatabase(kind, { migrate: false });
    const other = new FailingCatalogScan(1, '42501');
    const racing = racingDb(database, other);
    await expect(migrateToLatest(racing.db, database.schema).finally(() => racing.close())).rejects.toThrow(/db\.migration_failed/);
    expect(other.scans).toBe(1);
  });

  it('retries a migrator step to a given migration the same way', async () => {
    database = await createTestDatabase(kind, { migrate: false });
    const race = new FailingCatalogScan(2, '42703');
    const racing = racingDb(database, race);
    const first = Object.keys(migrations)[0]!;
    const migrator = new Migrator({ db: racing.db, provider: { getMigrations: async () => migrations }, ...(database.schema ? { migrationTableSchema: database.schema } : {}) });
    const outcome = await withCatalogRetries(() => migrator.migrateTo(first)).finally(() => racing.close());
    expect(outcome.error).toBeUndefined();
    expect(outcome.results?.map((r) => r.migrationName)).toEqual([first]);
    expect(race.scans).toBeGreaterThanOrEqual(3);
  });
});
