// Runs once per run, in the main process, before any test file:
// - says once which variants this run leaves out (no DATABASE_URL, no REDIS_URL), instead of
//   once per test file;
// - under CI the real-service suites must run, so an unreachable PostgreSQL or Redis fails the
//   whole run here instead of being skipped later;
// - makes the embedded databases' templates (test/support/embedded-templates.ts);
// - gives the test processes, and the processes they start, Node's compile cache (a folder in the
//   system's temporary one), so that each start of the app does not compile the same modules again;
// - at the end, checks that no test left Redis keys under a test prefix, and removes any, and drops
//   the PostgreSQL schemas of this run's tests (test processes keep a spare schema from one test
//   file to the next, see test/support/databases.ts).
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { ensureEmbeddedTemplates, type EmbeddedTemplates } from './support/embedded-templates.ts';
import { testKeyPatterns } from './support/redis.ts';
import { testSchemaPrefix } from './support/databases.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    embeddedTemplates: EmbeddedTemplates;
    /** This run's id: every Redis key prefix of its tests starts with `test-<id>-`. */
    testRunId: string;
  }
}

function reachable(url: string): Promise<boolean> {
  const u = new URL(url);
  const port = Number(u.port || (u.protocol.startsWith('redis') ? 6379 : 5432));
  return new Promise((resolve) => {
    const socket = net.connect({ host: u.hostname || '127.0.0.1', port });
    socket.setTimeout(3000);
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => { socket.destroy(); resolve(false); });
  });
}

async function checkServices(): Promise<void> {
  if (process.env.CI !== 'true') {
    // Test runs started by tests (browser-plan) pass VITEST_QUIET_SKIPS: their output is checked line by line.
    if (process.env.VITEST_QUIET_SKIPS) return;
    if (!process.env.DATABASE_URL) process.stderr.write('[tests] DATABASE_URL is not set: PostgreSQL variants of the data tests are not run (CI runs them).\n');
    if (!process.env.REDIS_URL) process.stderr.write('[tests] REDIS_URL is not set: Redis variants of the tests are not run (CI runs them).\n');
    return;
  }
  const missing: string[] = [];
  for (const name of ['DATABASE_URL', 'REDIS_URL'] as const) {
    const url = process.env[name];
    if (!url) missing.push(`${name} is not set`);
    else if (!(await reachable(url))) missing.push(`${name} (${new URL(url).host}) is unreachable`);
  }
  if (missing.length > 0) {
    throw new Error(`CI=true requires the real services: ${missing.join('; ')}. Start PostgreSQL and Redis (see .ci/run).`);
  }
}

/** Keys that tests left under a test prefix: removed, and reported in one line. */
async function sweepRedis(run: string): Promise<void> {
  const url = process.env.REDIS_URL;
  if (!url) return;
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let left = 0;
    for (const pattern of testKeyPatterns(run)) {
      for await (const keys of redis.scanStream({ match: pattern, count: 1000 }) as AsyncIterable<string[]>) {
        if (keys.length === 0) continue;
        left += keys.length;
        await redis.unlink(...keys);
      }
    }
    if (left > 0) process.stderr.write(`[tests] ${left} Redis keys were left under test prefixes; removed them (a test misses its cleanup).\n`);
  } catch {
    // Redis gone by the end: nothing to sweep, and the tests that needed it have said so.
  } finally {
    redis.disconnect();
  }
}

/** Drops the schemas this run's tests left (spares kept between files, or a test process that died). */
async function dropTestSchemas(run: string): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) return;
  const client = new pg.Client({ connectionString: url, application_name: 'mentor-bot-tests' });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query(`set lock_timeout = '5s'`);
    const { rows } = await client.query<{ name: string }>(
      `select nspname as name from pg_namespace where left(nspname, length($1)) = $1`, [testSchemaPrefix(run)]);
    for (const { name } of rows) await client.query(`drop schema if exists "${name}" cascade`);
  } catch {
    // PostgreSQL gone by the end: the tests that needed it have said so.
  } finally {
    await client.end().catch(() => undefined);
  }
}

// With the test tiers as projects of one run, each project calls this; the work is done once.
interface RunState { id: string; setup: Promise<EmbeddedTemplates>; projects: number }
const state = globalThis as typeof globalThis & { mentorTestRun?: RunState };

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  process.env.NODE_COMPILE_CACHE ??= path.join(os.tmpdir(), 'mentor-bot-test-compile-cache');
  state.mentorTestRun ??= {
    id: randomBytes(3).toString('hex'),
    setup: (async () => { await checkServices(); return ensureEmbeddedTemplates(); })(),
    projects: 0,
  };
  const run = state.mentorTestRun;
  run.projects += 1;
  project.provide('testRunId', run.id);
  project.provide('embeddedTemplates', await run.setup);
  return async () => {
    run.projects -= 1;
    if (run.projects === 0) {
      state.mentorTestRun = undefined;
      await Promise.all([sweepRedis(run.id), dropTestSchemas(run.id)]);
    }
  };
}
