// Statements the PostgreSQL queue backend sends per job (a count, not a timing), in its worst case:
// jobs that arrive one at a time at an idle worker, as deliveries do behind their prompts. Each job
// costs its add, its claim, the worker's wait before the next one and its finish; BullMQ's backend
// as shipped also sends an empty claim, two "no job" signals and a second wait probe per job
// (jobs/pg-idle-trim.ts). Both are counted here, so the guard shows it can fail. A burst and a
// delayed job check that nothing is lost or late for it.
import { Queue, Worker, createPostgresBackend, type BackendFactory } from 'bullmq';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { openQueueStore, type QueueStore } from '../../jobs/backend.ts';
import { createTrimmedPostgresBackend } from '../../jobs/pg-idle-trim.ts';
import { createQueueTestEnv, type QueueTestEnv } from '../support/queue-stores.ts';
import { postgresUrl } from '../support/databases.ts';

/** Add, claim, wait, finish (docs/operations.md, "Database statements per prompt"). */
const PER_JOB = 4;
const JOBS = 12;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await sleep(10);
  }
}

function countStatements(): { readonly count: number; reset(): void; restore(): void } {
  let count = 0;
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function counted(this: pg.Client, ...args: unknown[]) {
    count += 1;
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof query;
  return { get count() { return count; }, reset: () => { count = 0; }, restore: () => { pg.Client.prototype.query = query; } };
}

describe.skipIf(!postgresUrl)('PostgreSQL queue backend statements per job', () => {
  let env: QueueTestEnv | undefined;
  let store: QueueStore | undefined;
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
    await store?.close();
    await env?.dispose();
  });

  /** One job at a time to an idle worker: the statements per job. */
  async function trickle(factory: BackendFactory, queueName: string): Promise<{ perJob: number; done: string[] }> {
    const connection = store!.connection as never;
    const done: string[] = [];
    const queue = new Queue(queueName, { connection }, factory);
    const worker = new Worker(queueName, async (job) => { done.push(job.id!); }, { connection, concurrency: 5 }, factory);
    closers.push(() => queue.close(), () => worker.close());
    await worker.waitUntilReady();
    // The first job lets the worker reach its blocking wait (start-up reads are not counted).
    await queue.add('deliver', {}, { jobId: 'warm-up' });
    await until(() => done.length === 1);
    await sleep(150);
    const counter = countStatements();
    try {
      for (let i = 0; i < JOBS; i += 1) {
        await queue.add('deliver', { i }, { jobId: `one-${i}`, removeOnComplete: true });
        await until(() => done.length === i + 2);
        // Let the worker finish and go back to its wait before the next job comes.
        await sleep(100);
      }
      return { perJob: counter.count / JOBS, done };
    } finally {
      counter.restore();
    }
  }

  it(`sends at most ${PER_JOB} statements per job to an idle worker, where BullMQ's backend as shipped sends more`, async () => {
    env = await createQueueTestEnv('postgres');
    store = await openQueueStore(env.storeOptions);
    expect(store.factory).toBe(createTrimmedPostgresBackend);
    const trimmed = await trickle(store.factory, 'trimmed');
    const shipped = await trickle(createPostgresBackend as BackendFactory, 'shipped');
    expect(trimmed.done).toHaveLength(JOBS + 1);
    expect(trimmed.perJob, `${trimmed.perJob} statements per job`).toBeLessThanOrEqual(PER_JOB);
    // Measured: 8 per job (an empty claim, two "no job" signals, two wait probes).
    expect(shipped.perJob).toBeGreaterThan(PER_JOB + 2);
  }, 60_000);

  it('loses no job of a burst and runs a delayed job on time', async () => {
    env = await createQueueTestEnv('postgres');
    store = await openQueueStore(env.storeOptions);
    const connection = store.connection as never;
    const done: string[] = [];
    const ranAt = new Map<string, number>();
    const queue = new Queue('burst', { connection }, store.factory);
    const producer = new Queue('burst', { connection }, store.factory);
    const worker = new Worker('burst', async (job) => {
      done.push(job.id!);
      ranAt.set(job.id!, Date.now());
      await sleep(job.data.slow ? 30 : 0);
    }, { connection, concurrency: 3 }, store.factory);
    closers.push(() => queue.close(), () => producer.close(), () => worker.close());
    await worker.waitUntilReady();
    const t0 = Date.now();
    await queue.add('later', {}, { jobId: 'delayed', delay: 1_500 });
    // Two producers add at once, in runs and one by one, while the worker claims.
    await Promise.all([
      (async () => { for (let i = 0; i < 40; i += 1) await queue.add('deliver', { slow: i % 3 === 0 }, { jobId: `a-${i}` }); })(),
      (async () => {
        for (let i = 0; i < 40; i += 8) {
          await producer.addBulk(Array.from({ length: 8 }, (_, j) => ({ name: 'deliver', data: {}, opts: { jobId: `b-${i + j}` } })));
          await sleep(15);
        }
      })(),
    ]);
    await until(() => done.length === 81);
    await sleep(300);
    expect(done).toHaveLength(81);
    expect(new Set(done).size).toBe(81);
    const delayedAt = ranAt.get('delayed')! - t0;
    expect(delayedAt).toBeGreaterThanOrEqual(1_450);
    // Woken by its due time, not by the 5 s wait's end.
    expect(delayedAt).toBeLessThan(4_000);
  }, 60_000);
});
