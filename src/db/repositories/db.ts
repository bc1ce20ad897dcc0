import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

/** A database or a transaction: every repository function takes one of these first. */
export type Db = Kysely<Database>;

/** Runs `work` in a transaction, or inside the caller's one when `db` already is one. */
export function inTransaction<T>(db: Db, work: (trx: Db) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}

export const json = (value: unknown): string => JSON.stringify(value);

/**
 * Waits for, then holds until the caller's transaction ends, a lock named `name` (a PostgreSQL
 * advisory lock, on PGlite too): work that reads, then writes what the reading decided, runs one
 * at a time per name. It locks no row, so it cannot deadlock with row locks taken in another order.
 */
export async function holdTransactionLock(db: Db, name: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${name}, 0))`.execute(db);
}

/**
 * Holds the lock `name` as holdTransactionLock does, shared: any number of transactions hold it
 * together, and one taking it with holdTransactionLock waits for them all (and they for it).
 */
export async function holdSharedTransactionLock(db: Db, name: string): Promise<void> {
  await sql`select pg_advisory_xact_lock_shared(hashtextextended(${name}, 0))`.execute(db);
}

/**
 * Takes the lock `name` (as holdTransactionLock) only if nobody holds it: false at once, without
 * waiting, when another transaction does. For work whose repeat must not wait for the first run.
 */
export async function tryTransactionLock(db: Db, name: string): Promise<boolean> {
  const { rows } = await sql<{ taken: boolean }>`select pg_try_advisory_xact_lock(hashtextextended(${name}, 0)) as taken`.execute(db);
  return rows[0]?.taken === true;
}
