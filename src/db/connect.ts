// One code path, two databases: PostgreSQL through `pg` when a URL is given, otherwise an
// embedded PGlite in a local folder (or in memory for tests), run in a worker thread
// (embedded-engine.ts) so that its work never holds the server's event loop.
import { mkdirSync } from 'node:fs';
import { Kysely, PGliteDialect, PostgresDialect, sql, type DatabaseConnection, type Driver, type TransactionSettings } from 'kysely';
import { lockDataDir, type LockHolder } from './data-dir-lock.ts';
import { startEmbeddedEngine, type EmbeddedEngine } from './embedded-engine.ts';
import pg from 'pg';
import type { Database } from './schema.ts';

export type DatabaseKind = 'postgres' | 'embedded';

export interface DatabaseHandle {
  readonly db: Kysely<Database>;
  readonly kind: DatabaseKind;
  /** The embedded database, when there is one (the jobs' PostgreSQL backend may serve it). */
  readonly embedded?: EmbeddedEngine;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** PostgreSQL connection URL; without it the embedded database is used. */
  url?: string | undefined;
  /** Folder of the embedded database; `undefined` keeps it in memory (tests). */
  dataDir?: string | undefined;
  /** PostgreSQL schema to work in (tests isolate themselves this way). */
  schema?: string | undefined;
  poolSize?: number;
  /** Embedded only: start from this dump of another embedded database (tests use a migrated template). */
  template?: Blob | File;
  /**
   * Embedded only: PostgreSQL settings (`name=value`) at start, over the lean defaults of
   * embedded-worker.ts (LEAN_SETTINGS).
   */
  settings?: readonly string[];
  /** Embedded on a folder: told when the lock of a process that died is taken over. */
  onStaleLock?: (holder: LockHolder) => void;
}

// Both drivers hand the app the same JS types.
const OID = { INT8: 20, NUMERIC: 1700, DATE: 1082 } as const;
const toNumber = (value: string) => Number(value);
const keepText = (value: string) => value;

function postgresPool(options: DatabaseOptions): pg.Pool {
  const custom: Record<number, (value: string) => unknown> = {
    [OID.INT8]: toNumber, [OID.NUMERIC]: toNumber, [OID.DATE]: keepText,
  };
  return new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    application_name: 'mentor-bot',
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        custom[oid] ?? pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
    },
  });
}

/**
 * Kysely's PGlite driver shares one connection between all its transactions and forgets the
 * current one only after the commit has come back. With PGlite in another thread the next
 * transaction can begin meanwhile, and that late clean-up then sent its statements outside it,
 * where they waited for it for ever. Here a transaction begins only once the previous one is
 * completely over.
 */
class OneTransactionAtATime implements Driver {
  readonly #inner: Driver;
  #turn: Promise<void> = Promise.resolve();
  #endTurn: (() => void) | undefined;

  constructor(inner: Driver) { this.#inner = inner; }

  init(): Promise<void> { return this.#inner.init(); }
  acquireConnection(): Promise<DatabaseConnection> { return this.#inner.acquireConnection(); }
  releaseConnection(connection: DatabaseConnection): Promise<void> { return this.#inner.releaseConnection(connection); }
  destroy(): Promise<void> { return this.#inner.destroy(); }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const previous = this.#turn;
    let endTurn!: () => void;
    this.#turn = new Promise<void>((resolve) => { endTurn = resolve; });
    await previous;
    this.#endTurn = endTurn;
    try {
      await this.#inner.beginTransaction(connection, settings);
    } catch (err) {
      this.#finish();
      throw err;
    }
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    try { await this.#inner.commitTransaction(connection); } finally { this.#finish(); }
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    try { await this.#inner.rollbackTransaction(connection); } finally { this.#finish(); }
  }

  #finish(): void {
    const endTurn = this.#endTurn;
    this.#endTurn = undefined;
    endTurn?.();
  }
}

class EmbeddedDialect extends PGliteDialect {
  override createDriver(): Driver { return new OneTransactionAtATime(super.createDriver()); }
}

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.url) {
    const pool = postgresPool(options);
    // A connection that breaks (server restart, network blip) must fail the query under way, which
    // is retried, never crash the process: the pool covers idle clients, this covers checked-out ones.
    pool.on('error', () => { /* an idle client died; the pool replaces it on next use */ });
    pool.on('connect', (client) => { client.on('error', () => { /* surfaced to the query under way */ }); });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    // A wrong URL should fail here, at start, not at the first user's click.
    const handle: DatabaseHandle = {
      db, kind: 'postgres',
      ping: async () => { await sql`select 1`.execute(db); },
      close: () => db.destroy(),
    };
    await handle.ping();
    return handle;
  }
  // One process at a time on a folder (DataDirLockedError names the holder); taken before opening.
  const lock = options.dataDir ? lockDataDir(options.dataDir, options.onStaleLock ? { onTakeOver: options.onStaleLock } : {}) : undefined;
  let embedded: EmbeddedEngine;
  try {
    if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
    embedded = await startEmbeddedEngine({ dataDir: options.dataDir, template: options.template, settings: options.settings });
  } catch (err) {
    lock?.release();
    throw err;
  }
  // The dialect only needs PGlite's query/transaction/close, which the engine offers.
  const db = new Kysely<Database>({ dialect: new EmbeddedDialect({ pglite: embedded as unknown as ConstructorParameters<typeof PGliteDialect>[0]['pglite'] }) });
  let closed: Promise<void> | undefined;
  return {
    db, kind: 'embedded', embedded,
    ping: async () => { await sql`select 1`.execute(db); },
    // The lock goes only once the worker has written everything out and closed the files.
    close: () => (closed ??= db.destroy().finally(() => embedded.close()).finally(() => lock?.release())),
  };
}
