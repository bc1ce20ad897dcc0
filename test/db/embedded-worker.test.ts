// The embedded database runs in a worker thread (src/db/embedded-engine.ts). These tests hold it
// to what the app relies on: the server's thread stays free while a query runs, transactions keep
// PGlite's semantics across the thread boundary, errors arrive whole, and data survives a clean
// shutdown and a process killed outright.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/db/connect.ts';
import { templateDump } from '../support/data-dirs.ts';

const CONNECT = new URL('../../src/db/connect.ts', import.meta.url).href;

let dirs: string[] = [];
let open: DatabaseHandle[] = [];
afterEach(async () => {
  await Promise.allSettled(open.map((d) => d.close()));
  open = [];
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  dirs = [];
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mentor-embedded-'));
  dirs.push(dir);
  return join(dir, 'data');
}

/** A database in memory starts from the fresh template (no initdb); one on a folder is created there. */
async function database(options: Parameters<typeof openDatabase>[0] = {}): Promise<DatabaseHandle> {
  const handle = await openDatabase(options.dataDir ? options : { ...options, template: await templateDump('fresh') });
  open.push(handle);
  return handle;
}

const count = async (d: DatabaseHandle, table = 'notes') =>
  Number((await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(d.db)).rows[0]!.n);

// A fresh database on a folder runs initdb, which takes tens of seconds on a loaded machine.
describe('the embedded database in its worker thread', { timeout: 180_000 }, () => {
  it('leaves the event loop free while a query runs', async () => {
    const d = await database();
    let ticks = 0;
    const timer = setInterval(() => { ticks += 1; }, 5);
    try {
      // pg_sleep holds PGlite for 400 ms; in the server's thread no timer could fire meanwhile.
      await sql`select pg_sleep(0.4)`.execute(d.db);
    } finally {
      clearInterval(timer);
    }
    expect(ticks).toBeGreaterThan(0);
  });

  it('rolls a failed transaction back and keeps serving', async () => {
    const d = await database();
    await sql`create table notes (id int primary key, body text not null)`.execute(d.db);
    await expect(d.db.transaction().execute(async (tx) => {
      await tx.insertInto('notes' as never).values({ id: 1, body: 'kept?' } as never).execute();
      throw new Error('changed my mind');
    })).rejects.toThrow('changed my mind');
    expect(await count(d)).toBe(0);
    await d.db.transaction().execute(async (tx) => { await sql`insert into notes values (2, 'kept')`.execute(tx); });
    expect(await count(d)).toBe(1);
  });

  it('makes a statement outside a transaction wait for the transaction, as PGlite does', async () => {
    const d = await database();
    await sql`create table notes (id int primary key, body text not null)`.execute(d.db);
    let release!: () => void;
    const held = new Promise<void>((resolve) => { release = resolve; });
    let inserted!: () => void;
    const insertedNow = new Promise<void>((resolve) => { inserted = resolve; });
    const transaction = d.db.transaction().execute(async (tx) => {
      await sql`insert into notes values (1, 'one')`.execute(tx);
      inserted();
      await held;
    });
    await insertedNow;
    const outside = count(d);
    let seen: number | undefined;
    void outside.then((n) => { seen = n; });
    // Time for the worker to answer, were it to answer before the transaction ends.
    await new Promise((resolve) => { setTimeout(resolve, 200); });
    expect(seen).toBeUndefined();
    release();
    await transaction;
    expect(await outside).toBe(1);
  });

  it('runs transactions started together one after the other, each with its own statements', async () => {
    const d = await database();
    await sql`create table notes (id int primary key, body text not null)`.execute(d.db);
    // Each transaction reads the count and writes the next id: any statement that left its
    // transaction, or two transactions at once, would give a duplicate key or a hang.
    await Promise.all(Array.from({ length: 20 }, () => d.db.transaction().execute(async (tx) => {
      const { n } = (await sql<{ n: number }>`select count(*)::int as n from notes`.execute(tx)).rows[0]!;
      await sql`insert into notes values (${n + 1}, 'next')`.execute(tx);
    })));
    expect(await count(d)).toBe(20);
  });

  it('hands an SQL error over with its code, its fields and the caller in its stack', async () => {
    const d = await database();
    await sql`create table notes (id int primary key, body text not null)`.execute(d.db);
    await sql`insert into notes values (1, 'one')`.execute(d.db);
    const missing = await sql`select * from no_such_table`.execute(d.db).catch((err: unknown) => err as Error & Record<string, unknown>);
    expect(missing).toBeInstanceOf(Error);
    expect(missing).toMatchObject({ code: '42P01', message: 'relation "no_such_table" does not exist' });
    expect((missing as Error).stack).toContain('embedded-worker.test.ts');
    const duplicate = await sql`insert into notes values (1, 'again')`.execute(d.db).catch((err: unknown) => err as Record<string, unknown>);
    expect(duplicate).toMatchObject({ code: '23505', constraint: 'notes_pkey', table: 'notes' });
    // The session is usable after errors, in and out of transactions.
    await expect(d.db.transaction().execute(async (tx) => { await sql`select 1/0`.execute(tx); })).rejects.toMatchObject({ code: '22012' });
    expect(await count(d)).toBe(1);
  });

  it('refuses queries after close with a clear error', async () => {
    const d = await database();
    await d.close();
    await expect(sql`select 1`.execute(d.db)).rejects.toThrow();
    await expect(d.embedded!.query('select 1')).rejects.toThrow(/^db\.embedded_closed: the embedded database is closed$/);
  });

  it('delivers NOTIFY to a listener, and stops when told', async () => {
    const d = await database();
    const payloads: string[] = [];
    const stop = await d.embedded!.listen('wake', (payload) => payloads.push(payload));
    await d.embedded!.query(`select pg_notify('wake', 'first')`);
    await expect.poll(() => payloads).toEqual(['first']);
    await stop();
    await d.embedded!.query(`select pg_notify('wake', 'second')`);
    await d.embedded!.query('select 1');
    expect(payloads).toEqual(['first']);
  });

  it('writes everything out on close: a restart on the folder sees the data', async () => {
    const dataDir = tempDir();
    const first = await database({ dataDir });
    await sql`create table notes (id int primary key, body text not null)`.execute(first.db);
    await sql`insert into notes select g, 'note ' || g from generate_series(1, 500) g`.execute(first.db);
    await first.close();
    const second = await database({ dataDir });
    expect(await count(second)).toBe(500);
  });

  it('keeps committed data when the process is killed with SIGKILL', async () => {
    const dataDir = tempDir();
    // A child commits, says so, and keeps a transaction open that must not survive.
    const script = `
      import { openDatabase } from ${JSON.stringify(CONNECT)};
      const d = await openDatabase({ dataDir: ${JSON.stringify(dataDir)} });
      await d.embedded.exec("create table notes (id int primary key, body text not null); insert into notes values (1, 'committed')");
      await d.embedded.transaction(async (tx) => {
        await tx.query("insert into notes values (2, 'never committed')");
        process.stdout.write('committed\\n');
        await new Promise(() => {});
      });`;
    const file = join(dataDir, '..', 'child.mjs');
    writeFileSync(file, script);
    const child = spawn(process.execPath, [file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => { child.once('exit', (_code, signal) => resolve(signal)); });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => { if (chunk.toString().includes('committed')) resolve(); });
      child.once('exit', () => reject(new Error(`child ended before committing: ${stderr}`)));
    });
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    // The lock of the killed process is taken over; the database recovers from its WAL.
    const after = await database({ dataDir });
    const rows = (await sql<{ id: number; body: string }>`select id, body from notes order by id`.execute(after.db)).rows;
    expect(rows).toEqual([{ id: 1, body: 'committed' }]);
    await sql`insert into notes values (3, 'after recovery')`.execute(after.db);
    expect(await count(after)).toBe(2);
  });
});
