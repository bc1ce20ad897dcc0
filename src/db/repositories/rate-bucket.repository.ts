import { sql } from 'kysely';
import type { Db } from './db.ts';

/**
 * Takes one token from a bucket refilled at `ratePerSecond` up to `burst`, measured on the
 * database clock so that every process agrees. Returns 0 when a token was taken, otherwise the
 * milliseconds until one will be there (nothing is taken then).
 */
export async function takeRateToken(db: Db, key: string, ratePerSecond: number, burst: number): Promise<number> {
  const refill = sql<number>`least(${burst}::float8, rate_buckets.tokens + extract(epoch from (clock_timestamp() - rate_buckets.updated_at)) * ${ratePerSecond}::float8)`;
  const take = () => db.updateTable('rate_buckets')
    .set({ tokens: sql`${refill} - 1`, updated_at: sql`clock_timestamp()` })
    .where('key', '=', key).where(refill, '>=', 1).returning('tokens').executeTakeFirst();
  // One statement when the bucket exists and has a token (every send but the first).
  if (await take()) return 0;
  const created = await db.insertInto('rate_buckets').values({ key, tokens: burst })
    .onConflict((oc) => oc.column('key').doNothing()).returning('key').executeTakeFirst();
  if (created && (await take())) return 0;
  const row = await db.selectFrom('rate_buckets').select(refill.as('available')).where('key', '=', key).executeTakeFirst();
  const missing = 1 - (row?.available ?? 0);
  return Math.max(1, Math.ceil((missing / ratePerSecond) * 1000));
}

/** The platform said "slow down": empty the bucket so the whole workspace waits `ms`. */
export async function penaliseRateBucket(db: Db, key: string, ratePerSecond: number, ms: number): Promise<void> {
  const debt = -(ms / 1000) * ratePerSecond;
  await db.insertInto('rate_buckets').values({ key, tokens: debt })
    .onConflict((oc) => oc.column('key').doUpdateSet({ tokens: sql`least(rate_buckets.tokens, ${debt}::float8)`, updated_at: sql`clock_timestamp()` }))
    .execute();
}
