// One code path for the queues on three stores: Redis (or Valkey, Dragonfly) when REDIS_URL is
// set; otherwise BullMQ's PostgreSQL backend in the product's own database, on a PostgreSQL
// server or on the embedded PGlite (through the in-process pool). Everything above this file only
// sees BullMQ's Queue and Worker classes built with the pair returned here.
import type { EmbeddedEngine } from '../src/db/embedded-engine.ts';
import { createRedisBackend, quoteSchemaName, runMigrations, type BackendFactory, type PgQueryable } from 'bullmq';
import type { Redis } from 'ioredis';
import pg from 'pg';
import { createTrimmedPostgresBackend } from './pg-idle-trim.ts';
import { createInProcessPool } from './pglite-pool.ts';
import { createRedisConnection, pingRedis } from './redis-connection.ts';

export type QueueStoreKind = 'redis' | 'postgres' | 'embedded';

export interface QueueStore {
  readonly kind: QueueStoreKind;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each backend has its own connection type
  readonly factory: BackendFactory<any, any>;
  readonly connection: unknown;
  /** Key prefix on Redis (tests isolate themselves with it); PostgreSQL isolates by schema. */
  readonly prefix: string | undefined;
  ping(): Promise<void>;
  close(): Promise<void>;
  /**
   * The jobs that exist under these ids, read in one statement (PostgreSQL stores only; on Redis
   * a look is no database statement, so the caller looks job by job there).
   */
  findJobs?(queue: string, ids: readonly string[]): Promise<Map<string, FoundJob>>;
}

export interface FoundJob {
  readonly state: 'waiting' | 'active' | 'completed' | 'failed' | 'delayed' | 'waiting-children';
  /** When a delayed job falls due (epoch ms). */
  readonly processAt: number | null;
}

/** The queue's job table read by id (BullMQ's PostgreSQL schema: one row per job, keyed by queue and id). */
const FIND_JOBS = (table: string) => `select id, state::text as state, process_at_ms from ${table} where queue = $1 and id = any($2::text[])`;

function foundJobs(rows: readonly unknown[]): Map<string, FoundJob> {
  const found = new Map<string, FoundJob>();
  for (const row of rows as Array<{ id: string; state: FoundJob['state']; process_at_ms: string | number | null }>) {
    found.set(row.id, { state: row.state, processAt: row.process_at_ms === null ? null : Number(row.process_at_ms) });
  }
  return found;
}

export interface QueueStoreOptions {
  redisUrl?: string | undefined;
  databaseUrl?: string | undefined;
  embedded?: EmbeddedEngine | undefined;
  /** PostgreSQL schema of the queue tables on a server (default "bullmq"; the embedded store always uses it). */
  schema?: string;
  /** Redis key prefix (default BullMQ's "bull"). */
  prefix?: string;
  /** Connections per queue or worker on PostgreSQL. */
  poolSize?: number;
}

export const DEFAULT_QUEUE_SCHEMA = 'bullmq';

/** Creates the queue tables on PostgreSQL (idempotent, under an advisory lock); nothing on Redis. */
async function migratePostgres(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, application_name: 'mentor-bot-migrate' });
  await client.connect();
  try {
    await runMigrations(client, schema);
  } finally {
    await client.end();
  }
}

export async function openQueueStore(options: QueueStoreOptions): Promise<QueueStore> {
  const schema = options.schema ?? DEFAULT_QUEUE_SCHEMA;
  if (options.redisUrl) {
    const redis: Redis = createRedisConnection(options.redisUrl);
    // Connection problems surface through readiness and the queues' own error events.
    redis.on('error', () => undefined);
    return {
      kind: 'redis', factory: createRedisBackend, connection: redis, prefix: options.prefix,
      ping: () => pingRedis(redis),
      async close() {
        if (redis.status === 'ready') await redis.quit().catch(() => redis.disconnect());
        else redis.disconnect();
      },
    };
  }
  if (options.databaseUrl) {
    await migratePostgres(options.databaseUrl, schema);
    const probe = new pg.Pool({ connectionString: options.databaseUrl, max: 1 });
    probe.on('error', () => undefined);
    return {
      kind: 'postgres', factory: createTrimmedPostgresBackend, prefix: undefined,
      // BullMQ builds its own pools from this (schema pinned per connection, LISTEN on a client of its own).
      connection: { connectionString: options.databaseUrl, schema, max: options.poolSize ?? 3, application_name: 'mentor-bot-jobs' },
      ping: async () => { await probe.query('select 1'); },
      close: () => probe.end(),
      findJobs: async (queue, ids) => foundJobs((await probe.query(FIND_JOBS(`${quoteSchemaName(schema)}.job`), [queue, [...ids]])).rows),
    };
  }
  if (options.embedded) {
    // With a pool handed in, BullMQ checks its ledger in the default schema whatever is asked,
    // so the embedded store always uses it (each embedded database is its own namespace anyway).
    const pool = createInProcessPool(options.embedded, DEFAULT_QUEUE_SCHEMA);
    const client = await pool.connect();
    try {
      await runMigrations(client as unknown as PgQueryable, DEFAULT_QUEUE_SCHEMA);
    } finally {
      client.release();
    }
    return {
      kind: 'embedded', factory: createTrimmedPostgresBackend, connection: pool, prefix: undefined,
      ping: async () => { await pool.query('select 1'); },
      close: async () => undefined,
      findJobs: async (queue, ids) => foundJobs((await pool.query(FIND_JOBS('job'), [queue, [...ids]])).rows),
    };
  }
  throw new Error('jobs.no_store: set REDIS_URL or DATABASE_URL, or pass the embedded database');
}
