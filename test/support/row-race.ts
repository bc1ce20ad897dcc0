// Two requests at once, made to meet at one row on purpose. On PostgreSQL a transaction of the
// test's own locks the row; each request is started in turn and left running until it waits
// behind that lock (so it has read everything it reads before writing the row, while the others
// had not written yet); then the lock is let go and they go on in the order they queued. Without
// it, which request reads before the other commits is down to timing, and a test of a race would
// pass or fail by luck.
// On the embedded database (one connection, one transaction at a time) nothing can interleave:
// the requests simply run, one after the other, in the order given.
import { sql } from 'kysely';
import type { TestDatabase } from './databases.ts';

const QUEUE_WAIT_MS = 10_000;

/**
 * How many sessions wait at the row: the first one holds the row's tuple lock while it waits for
 * the holder, the others wait for that tuple lock. A request waiting on anything else (another
 * row) has not reached this one.
 */
async function waitingAtRow(database: TestDatabase, table: string, holder: number): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select count(distinct pid)::int as n from pg_locks
    where locktype = 'tuple' and relation = cast(${table} as regclass) and pid <> ${holder}`.execute(database.db);
  return rows[0]?.n ?? 0;
}

async function untilQueued(database: TestDatabase, table: string, holder: number, count: number, running: Promise<unknown>): Promise<void> {
  let settled = false;
  const done = () => { settled = true; };
  running.then(done, done);
  const until = Date.now() + QUEUE_WAIT_MS;
  while ((await waitingAtRow(database, table, holder)) < count) {
    if (settled) throw new Error(`request ${count} finished without waiting for the row: it does not race on it`);
    if (Date.now() > until) throw new Error(`request ${count} never queued at the row (is it waiting for something else?)`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * Runs `starts` at once, each one reaching the row `table`.`id` only after all of them have read
 * it (PostgreSQL), and gives how each one ended, in the order given.
 */
export async function raceAtRow<T>(database: TestDatabase, table: string, id: string, starts: ReadonlyArray<() => Promise<T>>): Promise<Array<PromiseSettledResult<T>>> {
  if (database.kind !== 'postgres') {
    const outcomes: Array<PromiseSettledResult<T>> = [];
    // Started together; the embedded database runs their transactions one at a time.
    for (const run of await Promise.allSettled(starts.map((start) => start()))) outcomes.push(run);
    return outcomes;
  }
  let release!: () => void;
  const released = new Promise<void>((resolve) => { release = resolve; });
  let held!: (pid: number) => void;
  const holding = new Promise<number>((resolve) => { held = resolve; });
  const holder = database.db.transaction().execute(async (trx) => {
    await sql`select 1 from ${sql.table(table)} where id = ${id} for update`.execute(trx);
    held((await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx)).rows[0]!.pid);
    await released;
  });
  const pid = await Promise.race([holding, holder.then(() => { throw new Error('the row lock was not taken'); })]);
  const runs: Array<Promise<T>> = [];
  try {
    for (const start of starts) {
      const run = start();
      run.catch(() => undefined);
      runs.push(run);
      await untilQueued(database, table, pid, runs.length, run);
    }
  } finally {
    release();
    await holder;
  }
  return Promise.allSettled(runs);
}
