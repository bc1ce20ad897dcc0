// Tests that need Redis use REDIS_URL (CI gives it) and a key prefix of their own, so parallel
// test files never see each other's queues, and remove their keys when they end. Every test
// prefix starts with `test-<run>-`, <run> being this test run's id (the global setup's), so the
// end of a run can find what one of its tests left behind without touching another run's keys.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { inject } from 'vitest';

export const redisUrl = process.env.REDIS_URL;

/** Patterns of the keys a run's tests may create (the global setup sweeps them at the end). */
export const testKeyPatterns = (run: string) => [`test-${run}-*`];

/** A key prefix for one test, made of letters, digits and `-` (QUEUE_PREFIX accepts it), at most 40 long. */
export function uniquePrefix(label: string): string {
  const prefix = `test-${inject('testRunId')}-${label}-${randomBytes(4).toString('hex')}`;
  if (!/^[A-Za-z0-9_-]{1,40}$/.test(prefix)) throw new Error(`test key prefix too long or malformed: ${prefix}`);
  return prefix;
}

/** Removes every key under `prefix` (BullMQ's keys are `<prefix>:<queue>:…`). */
export async function deleteKeysUnder(prefix: string, url = redisUrl): Promise<number> {
  if (!url) return 0;
  const redis = new Redis(url, { maxRetriesPerRequest: 2 });
  try {
    let removed = 0;
    for await (const keys of redis.scanStream({ match: `${prefix}:*`, count: 1000 }) as AsyncIterable<string[]>) {
      if (keys.length === 0) continue;
      removed += keys.length;
      await redis.unlink(...keys);
    }
    return removed;
  } finally {
    redis.disconnect();
  }
}
