// Two requests (or a request and a job) at once, made to overlap on purpose. On PostgreSQL a
// transaction of the test's own locks one row; each one is started in turn and left running until
// it waits for a lock (that row's, or one an earlier one holds while it waits) or ends; then the
// row is let go and the waiting ones go on, in the order they queued. So the first one has read
// everything it reads before that row, and the later ones ran while it had not committed. Without
// it, which one reads before the other commits is down to timing, and a test of a race would pass
// or fail by luck.
// On the embedded database (one connection, one transaction at a time) nothing can interleave:
// they simply run, one after the other, in the order given.
import { sql } from 'kysely';
import type { Db } from '../../src/db/repositories/db.ts';
import type { TestDatabase } from './databases.ts';

const QUEUE_WAIT_MS = 10_000;

/** The sessions waiting for the session `holder`, directly or behind another waiter. */
async function waitersBehind(database: TestDatabase, holder: number): Promise<number> {
  const { rows } = await sql<{ pid: number; by: number[] }>`
    select pid, pg_blocking_pids(pid) as by from pg_stat_activity where wait_event_type = 'Lock'`.execute(database.db);
  const behind = new Set<number>([holder]);
  for (let grown = true; grown;) {
    grown = false;
    for (const row of rows) {
      if (!behind.has(row.pid) && row.by.some((pid) => behind.has(pid))) { behind.add(row.pid); grown = true; }
    }
  }
  return behind.size - 1;
}

/** Until `count` sessions wait behind the holder, or `running` ends. */
async function untilWaitingOrDone(database: TestDatabase, holder: number, count: number, running: Promise<unknown>): Promise<void> {
  let settled = false;
  const done = () => { settled = true; };
  running.then(done, done);
  const until = Date.now() + QUEUE_WAIT_MS;
  while (!settled && (await waitersBehind(database, holder)) < count) {
    if (Date.now() > until) throw new Error(`run ${count} neither waited nor ended`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A row by its id, or by the columns of its key (a table without an id column). */
export type RowKey = string | Readonly<Record<string, string>>;

const rowWhere = (key: RowKey) => (typeof key === 'string'
  ? sql`id = ${key}`
  : sql.join(Object.entries(key).map(([column, value]) => sql`${sql.ref(column)} = ${value}`), sql` and `));

/**
 * Runs `starts` at once with the row `table`.`id` (or the row of that key) held until each has
 * waited for it (or ended), as described above; gives how each one ended, in the order given.
 */
export async function raceAtRow<T>(database: TestDatabase, table: string, id: RowKey, starts: ReadonlyArray<() => Promise<T>>): Promise<Array<PromiseSettledResult<T>>> {
  // Started together; the embedded database runs their transactions one at a time.
  if (database.kind !== 'postgres') return Promise.allSettled(starts.map((start) => start()));
  let release!: () => void;
  const released = new Promise<void>((resolve) => { release = resolve; });
  let held!: (pid: number) => void;
  const holding = new Promise<number>((resolve) => { held = resolve; });
  const holder = database.db.transaction().execute(async (trx) => {
    await sql`select 1 from ${sql.table(table)} where ${rowWhere(id)} for update`.execute(trx);
    held((await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx)).rows[0]!.pid);
    await released;
  });
  const pid = await Promise.race([holding, holder.then(() => { throw new Error('the row lock was not taken'); })]);
  const runs: Array<Promise<T>> = [];
  let waiting = 0;
  try {
    for (const start of starts) {
      const run = start();
      runs.push(run);
      let ended = false;
      const end = () => { ended = true; };
      run.then(end, end);
      await untilWaitingOrDone(database, pid, waiting + 1, run);
      // Those still waiting stay waiting until the row is let go.
      if (!ended) waiting += 1;
    }
  } finally {
    release();
    await holder;
  }
  return Promise.allSettled(runs);
}

/** What each run gave, in order; the first failure is thrown. */
export function valuesOf<T>(runs: ReadonlyArray<PromiseSettledResult<T>>): T[] {
  return runs.map((r) => { if (r.status === 'rejected') throw r.reason; return r.value; });
}

/**
 * Starts `start` as a process whose clock runs `ms` ahead would (a request or job reads the time
 * when it starts); the clock is put back at once for the others.
 */
export function startedAhead<T>(clock: { advance(ms: number): void }, ms: number, start: () => Promise<T>): Promise<T> {
  clock.advance(ms);
  try {
    return start();
  } finally {
    clock.advance(-ms);
  }
}

/** Runs `meanwhile` while a transaction that did `first` is still open (PostgreSQL: its locks held). */
export async function whileHeldOpen(db: Db, first: (trx: Db) => Promise<unknown>, meanwhile: () => Promise<void>): Promise<void> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => { release = resolve; });
  let ready!: () => void;
  const started = new Promise<void>((resolve) => { ready = resolve; });
  const open = db.transaction().execute(async (trx) => {
    await first(trx);
    ready();
    await released;
  });
  try {
    await Promise.race([started, open]);
    await meanwhile();
  } finally {
    release();
    await open;
  }
}
