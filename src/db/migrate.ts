import type { Kysely } from 'kysely';
import { Migrator, type MigrationResultSet } from 'kysely/migration';
import { migrations } from '../../migrations/index.ts';

export interface MigrationOutcome { applied: string[] }

/**
 * Before it migrates, Kysely's migrator lists every column of every table of every schema of the
 * database and resolves each one by name (`has_schema_privilege`, `pg_get_serial_sequence`); a
 * schema, table or column dropped or renamed by someone else during that scan fails it with
 * "schema … does not exist" (SQLSTATE 3F000), "relation … does not exist" (42P01) or "column … of
 * relation … does not exist" (42703), though nothing is wrong with ours. That happens when several
 * databases share one server (test suites, or other apps changing their schemas), so such a
 * failure of the scan, before any migration ran, is retried a few times; any other failure is not.
 */
const CATALOG_RACES: ReadonlySet<unknown> = new Set(['3F000', '42P01', '42703']);
const CATALOG_RACE_RETRIES = 5;

const isCatalogRace = (err: unknown): boolean => CATALOG_RACES.has((err as { code?: unknown } | undefined)?.code);

/** Runs a migrator's step (to the latest, or to a given migration), again on a race of its scan (above). */
export async function withCatalogRetries(step: () => Promise<MigrationResultSet>): Promise<MigrationResultSet> {
  let result = await step();
  for (let retry = 1; retry <= CATALOG_RACE_RETRIES && result.error && isCatalogRace(result.error) && !result.results?.length; retry += 1) {
    await new Promise((resolve) => setTimeout(resolve, 50 * retry));
    result = await step();
  }
  return result;
}

/** Brings the schema to the latest migration; safe to call on every start and from several processes. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function migrateToLatest(db: Kysely<any>, schema?: string): Promise<MigrationOutcome> {
  // With a schema, the migrator's own tables live there too, so another schema's history
  // (e.g. tables left in public) is never mistaken for this one's.
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations }, ...(schema ? { migrationTableSchema: schema } : {}) });
  const result = await withCatalogRetries(() => migrator.migrateToLatest());
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    const cause = result.error instanceof Error ? result.error.message : String(result.error);
    throw new Error(`db.migration_failed: migration ${failed} failed: ${cause}`, { cause: result.error });
  }
  return { applied: (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}
