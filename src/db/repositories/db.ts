import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

/** A database or a transaction: every repository function takes one of these first. */
export type Db = Kysely<Database>;

/** Runs `work` in a transaction, or inside the caller's one when `db` already is one. */
export function inTransaction<T>(db: Db, work: (trx: Db) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}

export const json = (value: unknown): string => JSON.stringify(value);
