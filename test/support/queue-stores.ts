// Every job test runs on the embedded store always, and on PostgreSQL and Redis when their URLs
// are given (CI gives both). Each test gets a namespace of its own: a fresh PGlite, a fresh
// schema, or a fresh Redis key prefix, removed when the test disposes of it.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { QueueStoreKind } from '../../jobs/backend.ts';
import { createTestDatabase, postgresUrl, type TestDatabase } from './databases.ts';
import { deleteKeysUnder, redisUrl, uniquePrefix } from './redis.ts';

export const queueStoreKinds: QueueStoreKind[] = [
  'embedded', ...(postgresUrl ? ['postgres' as const] : []), ...(redisUrl ? ['redis' as const] : []),
];

export interface QueueTestEnv {
  readonly database: TestDatabase;
  readonly storeOptions: { redisUrl?: string; databaseUrl?: string; embedded?: TestDatabase['embedded']; schema?: string; prefix?: string };
  dispose(): Promise<void>;
}

/** A product database (embedded, or PostgreSQL for the postgres store) and queue options isolated for one test. */
export async function createQueueTestEnv(kind: QueueStoreKind): Promise<QueueTestEnv> {
  const database = await createTestDatabase(kind === 'postgres' ? 'postgres' : 'embedded');
  const suffix = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  if (kind === 'redis') {
    const prefix = uniquePrefix('queue');
    return {
      database, storeOptions: { redisUrl: redisUrl!, prefix },
      async dispose() {
        await database.dispose();
        await deleteKeysUnder(prefix);
      },
    };
  }
  if (kind === 'postgres') {
    const schema = `jobs_${suffix}`;
    return {
      database, storeOptions: { databaseUrl: postgresUrl!, schema },
      async dispose() {
        await database.dispose();
        const client = new pg.Client({ connectionString: postgresUrl });
        await client.connect();
        await client.query(`drop schema if exists ${schema} cascade`);
        await client.end();
      },
    };
  }
  return { database, storeOptions: { embedded: database.embedded! }, dispose: () => database.dispose() };
}
