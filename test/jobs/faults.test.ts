// Failure tests of the whole worker process on the real servers (PostgreSQL and Redis on
// loopback; bounded in count and time). A program with 500 active pairs has 1,000 check-in
// prompts due; worker processes send them to a local fake Slack. Whatever happens to the
// processes, the queue store or the database, every prompt reaches its person exactly once; also
// when Slack loses the answer after recording a post, look-ups fail half the time, or a worker
// freezes past its lease and wakes up after another one took its sends over.
import { spawn, type ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connect.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { FakeSlackServer } from '../../bench/lib/fake-slack-server.ts';
import { countOutcome, createScratchDatabase, seedCheckinFanout, type FanoutSeed } from '../../bench/lib/fanout-seed.ts';
import { generateSecretKeyText } from '../../src/secrets/secret-box.ts';
import { postgresUrl } from '../support/databases.ts';
import { redisUrl } from '../support/redis.ts';
import { TcpProxy } from '../support/tcp-proxy.ts';

const PAIRS = 500;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Scenario {
  fake: FakeSlackServer;
  seed: FanoutSeed;
  databaseUrl: string;
  prefix: string;
  workers: ChildProcess[];
  cleanups: Array<() => Promise<void>>;
  /** Shared by every worker of the scenario, like a real deployment. */
  secretKey: string;
}

let scenario: Scenario | undefined;

async function prepare(label: string): Promise<Scenario> {
  const scratch = await createScratchDatabase(postgresUrl!, label);
  const database = await openDatabase({ url: scratch.url });
  await migrateToLatest(database.db);
  const seed = await seedCheckinFanout(database.db, PAIRS);
  await database.close();
  const fake = await new FakeSlackServer().start();
  const prefix = `test-faults-${label}-${Date.now().toString(36)}`;
  scenario = {
    fake, seed, databaseUrl: scratch.url, prefix, workers: [], secretKey: generateSecretKeyText(),
    cleanups: [() => fake.stop(), () => scratch.drop(), () => deleteKeys(prefix)],
  };
  return scenario;
}

async function deleteKeys(prefix: string): Promise<void> {
  const redis = new Redis(redisUrl!);
  const keys = await redis.keys(`${prefix}:*`);
  for (let i = 0; i < keys.length; i += 500) await redis.del(...keys.slice(i, i + 500));
  redis.disconnect();
}

/** `leaseSeconds`: undefined keeps the product's default lease (60 s). */
/** `queues`: 'postgres' runs the queues on BullMQ's PostgreSQL backend instead of Redis. */
function startWorker(s: Scenario, databaseUrl = s.databaseUrl, leaseSeconds: number | undefined = 5, queues: 'redis' | 'postgres' = 'redis'): ChildProcess {
  const child = spawn(process.execPath, ['src/main.ts'], {
    env: {
      PATH: process.env.PATH ?? '', NODE_ENV: 'production', MENTOR_ROLE: 'worker', LOG_LEVEL: 'error',
      DATABASE_URL: databaseUrl, ...(queues === 'redis' ? { REDIS_URL: redisUrl! } : {}), QUEUE_PREFIX: s.prefix,
      SLACK_BOT_TOKEN: 'xoxb-fault-token', SLACK_SIGNING_SECRET: 'fault-signing-secret-0123456789', SLACK_API_URL: s.fake.apiUrl,
      WORKER_CONCURRENCY: '10', DELIVERY_RATE_SLACK: '1000', MENTOR_SECRET_KEY: s.secretKey,
      ...(leaseSeconds !== undefined ? { DELIVERY_LEASE_SECONDS: String(leaseSeconds) } : {}),
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr?.on('data', () => undefined);
  s.workers.push(child);
  return child;
}

async function stopWorker(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  await Promise.race([exited, sleep(20_000)]);
}

async function until(check: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await sleep(100);
}

/** Waits for every prompt, then a little longer so a late duplicate would be counted. */
async function settled(s: Scenario, ms: number) {
  await until(() => countOutcome(s.fake.stats.perChannel, s.seed.channels).lost === 0, ms);
  await sleep(3_000);
  return countOutcome(s.fake.stats.perChannel, s.seed.channels);
}

const haveServers = Boolean(postgresUrl && redisUrl);

describe.skipIf(!haveServers)('worker faults on PostgreSQL and Redis', () => {
  afterEach(async () => {
    if (!scenario) return;
    for (const worker of scenario.workers) await stopWorker(worker, 'SIGKILL');
    for (const cleanup of scenario.cleanups.reverse()) await cleanup().catch(() => undefined);
    scenario = undefined;
  });

  it('kill -9 in the middle of the fan-out, restart: every prompt exactly once', async () => {
    const s = await prepare('kill');
    const first = startWorker(s);
    await until(() => s.fake.stats.posted >= 300, 60_000);
    expect(s.fake.stats.posted).toBeGreaterThanOrEqual(300);
    expect(s.fake.stats.posted).toBeLessThan(1_000);
    await stopWorker(first, 'SIGKILL');
    startWorker(s);
    const outcome = await settled(s, 150_000);
    expect(outcome).toEqual({ delivered: 1_000, duplicates: 0, lost: 0 });
  }, 240_000);

  it('three workers on one fan-out: no duplicates', async () => {
    const s = await prepare('three');
    for (let i = 0; i < 3; i += 1) startWorker(s);
    const outcome = await settled(s, 120_000);
    expect(outcome).toEqual({ delivered: 1_000, duplicates: 0, lost: 0 });
  }, 180_000);

  it('Redis flushed mid-program: reconciliation restores every schedule, no check-in lost', async () => {
    const s = await prepare('flush');
    const worker = startWorker(s);
    await until(() => s.fake.stats.posted >= 200, 60_000);
    await deleteKeys(s.prefix);
    // The worker notices on its own (watchdog) or at its next start; restart to keep the test short.
    await stopWorker(worker, 'SIGTERM');
    startWorker(s);
    const outcome = await settled(s, 150_000);
    expect(outcome).toEqual({ delivered: 1_000, duplicates: 0, lost: 0 });
  }, 240_000);

  it('PostgreSQL unreachable for a few seconds: jobs retry, nothing lost or doubled', async () => {
    const s = await prepare('pgdown');
    const target = new URL(s.databaseUrl);
    const proxy = await new TcpProxy({ host: target.hostname, port: Number(target.port || 5432) }).start();
    s.cleanups.push(() => proxy.stop());
    const viaProxy = new URL(s.databaseUrl);
    viaProxy.port = String(proxy.port);
    startWorker(s, viaProxy.toString());
    await until(() => s.fake.stats.posted >= 200, 60_000);
    await proxy.outage(4_000);
    const outcome = await settled(s, 180_000);
    expect(outcome).toEqual({ delivered: 1_000, duplicates: 0, lost: 0 });
  }, 300_000);

  it.each(['redis', 'postgres'] as const)('answers lost after the post and look-ups failing half the time, default lease, queues on %s: every prompt exactly once', async (queues) => {
    const s = await prepare(`lost${queues}`);
    s.fake.faults = { lostAnswers: 0.1, failedLookups: 0.5 };
    startWorker(s, s.databaseUrl, undefined, queues);
    startWorker(s, s.databaseUrl, undefined, queues);
    const outcome = await settled(s, 200_000);
    expect(s.fake.injected.lostAnswers).toBeGreaterThan(20);
    expect(s.fake.injected.failedLookups).toBeGreaterThan(5);
    expect(outcome).toEqual({ delivered: 1_000, duplicates: 0, lost: 0 });
  }, 300_000);

  it('a worker frozen past its lease wakes up after another took over: it records nothing, and posts again only what was already leaving', async () => {
    const s = await prepare('frozen');
    const frozen = startWorker(s);
    await until(() => s.fake.stats.posted >= 200, 60_000);
    frozen.kill('SIGSTOP');
    const before = s.fake.stats.posted;
    startWorker(s);
    // The queue hands the frozen worker's jobs over once their locks expire (30 s), well past the 5 s lease.
    await until(() => countOutcome(s.fake.stats.perChannel, s.seed.channels).lost === 0, 150_000);
    expect(s.fake.stats.posted).toBeGreaterThan(before);
    frozen.kill('SIGCONT');
    const outcome = await settled(s, 30_000);
    await sleep(5_000);
    // The known gap (docs/operations.md, Deliveries): a send frozen after its last lease check and
    // before its bytes left can still post once it wakes, so at most one duplicate per send that was
    // in flight at the freeze (the worker's concurrency, 10). Every other frozen send is fenced.
    const counted = countOutcome(s.fake.stats.perChannel, s.seed.channels);
    expect(counted).toMatchObject({ delivered: 1_000, lost: 0 });
    expect(counted.duplicates).toBeLessThanOrEqual(10);
    expect(outcome.duplicates).toBeLessThanOrEqual(10);
    const database = await openDatabase({ url: s.databaseUrl });
    const rows = await database.db.selectFrom('deliveries').select(['status']).execute();
    await database.close();
    expect(rows.filter((r) => r.status !== 'sent')).toEqual([]);
  }, 300_000);

  it('recipients Slack refuses for good: failed after one attempt each, everyone else exactly once', async () => {
    const s = await prepare('refused');
    const refused = s.seed.channels.slice(0, 20);
    s.fake.faults = { refusedChannels: new Map(refused.map((c, i) => [c, i % 2 === 0 ? 'invalid_blocks' : 'account_inactive'])) };
    startWorker(s, s.databaseUrl, undefined);
    await until(() => countOutcome(s.fake.stats.perChannel, s.seed.channels).lost === refused.length, 150_000);
    // Long enough for a retry to show up if one were made (the first backoff is 1–2 s).
    await sleep(8_000);
    expect(countOutcome(s.fake.stats.perChannel, s.seed.channels)).toEqual({ delivered: 1_000 - refused.length, duplicates: 0, lost: refused.length });
    expect(s.fake.injected.refused).toBe(refused.length);
    const database = await openDatabase({ url: s.databaseUrl });
    const failed = await database.db.selectFrom('deliveries').select(['status', 'attempts', 'error']).where('status', '<>', 'sent').execute();
    await database.close();
    expect(failed).toHaveLength(refused.length);
    expect(failed.every((d) => d.status === 'undeliverable' && d.attempts === 1 && ['invalid_blocks', 'account_inactive'].includes(d.error ?? ''))).toBe(true);
  }, 240_000);
});
