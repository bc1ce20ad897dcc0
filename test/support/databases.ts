// Every data test runs on the embedded database, and also on real PostgreSQL when DATABASE_URL
// is given (CI gives it). Each test gets a database of its own, migrated and empty: an embedded
// PGlite started from the migrated template of the global setup (embedded-templates.ts), or a
// schema of its own on the PostgreSQL server.
//
// Starting or migrating one takes a second or more, and most tests need one or two, so when a test
// disposes of its database, the next test of the same file gets it back emptied, but only if it is
// then the same as a new one:
// - its structure (tables, columns, types, constraints, functions, sequences, ...) must be the
//   one it was given with; a test that changed any of it leaves a database that is thrown away;
// - every table but the migrator's is emptied and every sequence starts again;
// - the embedded session is reset (DISCARD ALL: settings, locks, LISTEN, temporary tables);
// - the handle the previous test had refuses any query from then on, so late work of one test
//   (a job still running) can never write into the next test's database.
// A database that fails any of this is closed or dropped as before. A test process keeps one
// spare of each kind (embedded, PostgreSQL) from one test file to the next (its support modules are loaded once, see
// vitest.config.ts) and closes or drops the others when a file ends; the schemas left when the run
// ends are dropped by the global setup (every test schema's name starts with `t_<run>_`).
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { sql, type Kysely, type KyselyPlugin } from 'kysely';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase, type DatabaseHandle, type DatabaseKind } from '../../src/db/connect.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { ensureEmbeddedTemplates, type EmbeddedTemplates } from './embedded-templates.ts';
import { atEndOfEachFile } from './file-cleanup.ts';

export const postgresUrl = process.env.DATABASE_URL;

/** The database kinds this run covers; CI=true without DATABASE_URL never gets this far (global setup). */
export const databaseKinds: DatabaseKind[] = postgresUrl ? ['embedded', 'postgres'] : ['embedded'];

export interface TestDatabase extends DatabaseHandle {
  /** The PostgreSQL schema of this test (undefined on the embedded database). */
  readonly schema: string | undefined;
  /** Drops what this test created (or hands the database, emptied, to the next test). */
  dispose(): Promise<void>;
}

/** Runs one SQL text (no parameters) and gives its rows. */
type Run = (text: string) => Promise<Array<Record<string, unknown>>>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const through = (db: Kysely<any>): Run => async (text) => (await sql.raw<Record<string, unknown>>(text).execute(db)).rows;
const throughClient = (client: pg.Client): Run => async (text) => (await client.query(text)).rows as Array<Record<string, unknown>>;

let where: Promise<EmbeddedTemplates> | undefined;
const templateFiles = () => (where ??= Promise.resolve(inject('embeddedTemplates') ?? ensureEmbeddedTemplates()));
const dumps = new Map<'fresh' | 'migrated', Promise<Blob>>();
function dump(which: 'fresh' | 'migrated'): Promise<Blob> {
  let blob = dumps.get(which);
  if (!blob) {
    blob = templateFiles().then(async (files) => new Blob([new Uint8Array(await readFile(files[which]))]));
    dumps.set(which, blob);
  }
  return blob;
}

/** Which namespaces are the test's: its schema on PostgreSQL, every non-system one embedded. */
const namespaces = (schema: string | undefined) => (schema
  ? `nspname = '${schema}'`
  : `nspname not in ('pg_catalog', 'information_schema') and left(nspname, 3) <> 'pg_'`);

/** A digest of every object of the test's namespaces (and, embedded, of the whole database's roles, extensions and settings). */
async function structureOf(run: Run, schema: string | undefined): Promise<string> {
  const whole = schema ? '' : `
    union all select 'x ' || extname || ' ' || extversion from pg_extension
    union all select 'u ' || rolname || ' ' || rolsuper from pg_roles
    union all select 'b ' || setdatabase || ' ' || setrole || ' ' || array_to_string(setconfig, ',') from pg_db_role_setting`;
  const rows = await run(`
    with ns as (select oid, nspname from pg_namespace where ${namespaces(schema)})
    select md5(coalesce(string_agg(item, ';' order by item), '')) as print from (
      select 'n ' || nspname as item from ns
      union all select 'c ' || c.oid || ' ' || c.relname || ' ' || c.relkind::text || ' ' || c.relnatts || ' ' || coalesce(array_to_string(c.reloptions, ','), '')
        from pg_class c join ns on ns.oid = c.relnamespace
      union all select 'a ' || a.attrelid || ' ' || a.attnum || ' ' || a.attname || ' ' || a.atttypid || ' ' || a.atttypmod || ' ' || a.attnotnull || ' ' || a.attisdropped
        from pg_attribute a join pg_class c on c.oid = a.attrelid join ns on ns.oid = c.relnamespace where a.attnum > 0
      union all select 'd ' || d.oid from pg_attrdef d join pg_class c on c.oid = d.adrelid join ns on ns.oid = c.relnamespace
      union all select 'k ' || k.oid || ' ' || k.conname from pg_constraint k join ns on ns.oid = k.connamespace
      union all select 't ' || t.oid || ' ' || t.typname from pg_type t join ns on ns.oid = t.typnamespace
      union all select 'e ' || e.oid || ' ' || e.enumlabel from pg_enum e join pg_type t on t.oid = e.enumtypid join ns on ns.oid = t.typnamespace
      union all select 'p ' || p.oid || ' ' || p.proname from pg_proc p join ns on ns.oid = p.pronamespace
      union all select 'g ' || g.oid || ' ' || g.tgenabled::text from pg_trigger g join pg_class c on c.oid = g.tgrelid join ns on ns.oid = c.relnamespace
      union all select 'r ' || r.oid from pg_rewrite r join pg_class c on c.oid = r.ev_class join ns on ns.oid = c.relnamespace
      union all select 'o ' || o.oid from pg_policy o join pg_class c on c.oid = o.polrelid join ns on ns.oid = c.relnamespace
      union all select 's ' || c.oid || ' ' || s.seqstart || ' ' || s.seqincrement from pg_sequence s join pg_class c on c.oid = s.seqrelid join ns on ns.oid = c.relnamespace
      ${whole}
    ) items`);
  return String(rows[0]!.print);
}

/**
 * Empties every table of the test's namespaces but the migrator's, with triggers and foreign keys
 * off for this transaction, and restarts every sequence; one statement.
 */
async function empty(run: Run, schema: string | undefined): Promise<void> {
  await run(`
    do $empty$
    declare item record;
    begin
      perform set_config('session_replication_role', 'replica', true);
      for item in select c.oid::regclass::text as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where c.relkind = 'r' and n.${namespaces(schema)} and c.relname not in ('kysely_migration', 'kysely_migration_lock') loop
        execute 'delete from ' || item.name;
      end loop;
      for item in select s.seqrelid::regclass::text as name, s.seqstart from pg_sequence s join pg_class c on c.oid = s.seqrelid join pg_namespace n on n.oid = c.relnamespace
          where n.${namespaces(schema)} loop
        perform setval(item.name, item.seqstart, false);
      end loop;
    end $empty$`);
}

/** A plugin that refuses every query once the test that held the handle has let it go. */
function lease(): { plugin: KyselyPlugin; end(): void } {
  let ended = false;
  return {
    plugin: {
      transformQuery(args) {
        if (ended) throw new Error('test database: a query ran on a database its test has already disposed of');
        return args.node;
      },
      transformResult: async (args) => args.result,
    },
    end: () => { ended = true; },
  };
}

const withinTime = <T>(work: Promise<T>, ms: number): Promise<T> => Promise.race([work,
  new Promise<never>((_, reject) => { setTimeout(() => reject(new Error('test database: reset took too long')), ms).unref(); })]);

/** An embedded database kept between the tests of a file, with the structure it was handed out with. */
interface EmbeddedSpare { base: DatabaseHandle; structure: string }
/** A PostgreSQL schema kept between the tests of a file. */
interface PostgresSpare { schema: string; structure: string }
const embeddedSpares: EmbeddedSpare[] = [];
const postgresSpares: PostgresSpare[] = [];

let admin: Promise<pg.Client> | undefined;
function adminClient(): Promise<pg.Client> {
  admin ??= (async () => {
    const client = new pg.Client({ connectionString: postgresUrl, application_name: 'mentor-bot-tests' });
    client.on('error', () => { admin = undefined; });
    await client.connect();
    // A test that left a connection holding locks on its schema must not hang the next one.
    await client.query(`set lock_timeout = '5s'`);
    return client;
  })();
  return admin;
}

async function dropSchema(schema: string): Promise<void> {
  await (await adminClient()).query(`drop schema if exists ${schema} cascade`);
}

async function embeddedDatabase(migrated: boolean): Promise<TestDatabase> {
  if (!migrated) {
    const handle = await openDatabase({ template: await dump('fresh') });
    return { ...handle, schema: undefined, dispose: () => handle.close() };
  }
  const reusable = (await templateFiles()).emptyTables;
  const spare = embeddedSpares.pop() ?? await (async () => {
    const base = await openDatabase({ template: await dump('migrated') });
    return { base, structure: reusable ? await structureOf(through(base.db), undefined) : '' };
  })();
  const { base } = spare;
  const held = lease();
  const db = base.db.withPlugin(held.plugin);
  let disposed: Promise<void> | undefined;
  return {
    ...base, db, schema: undefined,
    ping: async () => { await sql`select 1`.execute(db); },
    close: async () => held.end(),
    dispose: () => (disposed ??= (async () => {
      held.end();
      if (!reusable) return base.close();
      try {
        await withinTime((async () => {
          await sql`discard all`.execute(base.db);
          if (await structureOf(through(base.db), undefined) !== spare.structure) throw new Error('structure changed');
          await empty(through(base.db), undefined);
        })(), 10_000);
        embeddedSpares.push(spare);
      } catch {
        // Changed, closed, or stuck in a transaction that never ended: never handed out again.
        void base.close().catch(() => undefined);
      }
    })()),
  };
}

async function postgresDatabase(migrated: boolean): Promise<TestDatabase> {
  if (!postgresUrl) throw new Error('createTestDatabase("postgres") needs DATABASE_URL');
  let spare = migrated ? postgresSpares.pop() : undefined;
  let handle: DatabaseHandle;
  if (spare) {
    handle = await openDatabase({ url: postgresUrl, schema: spare.schema, poolSize: 4 });
  } else {
    const schema = `${testSchemaPrefix(inject('testRunId'))}${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
    await (await adminClient()).query(`create schema ${schema}`);
    handle = await openDatabase({ url: postgresUrl, schema, poolSize: 4 });
    if (migrated) {
      await migrateToLatest(handle.db, schema);
      spare = { schema, structure: (await templateFiles()).emptyTables ? await structureOf(through(handle.db), schema) : '' };
    } else {
      spare = { schema, structure: '' };
    }
  }
  const { schema, structure } = spare;
  let disposed: Promise<void> | undefined;
  return {
    ...handle, schema,
    dispose: () => (disposed ??= (async () => {
      await handle.close();
      if (structure) {
        try {
          const run = throughClient(await adminClient());
          if (await structureOf(run, schema) !== structure) throw new Error('structure changed');
          await empty(run, schema);
          postgresSpares.push({ schema, structure });
          return;
        } catch {
          // Changed, or locked by a connection the test left open: dropped below.
        }
      }
      await dropSchema(schema);
    })()),
  };
}

export async function createTestDatabase(kind: DatabaseKind, options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const migrated = options.migrate !== false;
  return kind === 'postgres' ? postgresDatabase(migrated) : embeddedDatabase(migrated);
}

/** The start of the name of every schema a run's tests create (the global setup drops them at its end). */
export const testSchemaPrefix = (run: string) => `t_${run}_`;

/** Spares a test process keeps for its next test file, of each kind. */
const KEPT_BETWEEN_FILES = 1;

atEndOfEachFile(async () => {
  const embedded = embeddedSpares.splice(KEPT_BETWEEN_FILES);
  const schemas = postgresSpares.splice(KEPT_BETWEEN_FILES);
  await Promise.all(embedded.map((spare) => spare.base.close().catch(() => undefined)));
  for (const spare of schemas) await dropSchema(spare.schema);
});
