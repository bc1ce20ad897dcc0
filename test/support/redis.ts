// Tests that need Redis use REDIS_URL (CI gives it) and a key prefix of their own, so parallel
// test files never see each other's queues.
import { randomBytes } from 'node:crypto';

export const redisUrl = process.env.REDIS_URL;

if (!redisUrl && process.env.CI !== 'true') {
  process.stderr.write('[tests] REDIS_URL is not set: Redis variants of the tests are not run (CI runs them).\n');
}

export const uniquePrefix = (label: string) => `test:${label}:${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
