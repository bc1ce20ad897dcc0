// `npm run migrate`: brings the configured database (DATABASE_URL, or the embedded one under
// DATA_DIR) to the latest schema, then exits.
import { ConfigError, loadConfig } from '../config.ts';
import { loadEnvFile } from '../env-file.ts';
import { openDatabase } from './connect.ts';
import { migrateToLatest } from './migrate.ts';

try {
  loadEnvFile();
  const config = loadConfig();
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.databaseUrl ? undefined : config.dataDir });
  try {
    const { applied } = await migrateToLatest(database.db);
    const where = database.kind === 'postgres' ? 'PostgreSQL' : `the embedded database in ${config.dataDir}`;
    console.log(applied.length ? `Applied ${applied.length} migration(s) to ${where}: ${applied.join(', ')}` : `${where}: schema already up to date.`);
  } finally {
    await database.close();
  }
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : `Migration failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(err instanceof ConfigError ? 78 : 1);
}
