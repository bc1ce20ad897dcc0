// Recurring runs that fell due while no worker ran are run once at the next start, whatever the
// queue store, however many workers start together, and even when the store still holds the
// scheduler's own overdue occurrence.
import { afterEach, describe, expect, it } from 'vitest';
import type { BotCore } from '../../src/flows/bot.ts';
import { createLogger } from '../../src/log.ts';
import type { JobName } from '../../src/ports/scheduler.ts';
import { openJobs, type JobsRuntime } from '../../jobs/runtime.ts';
import { WORK_QUEUE } from '../../jobs/queues.ts';
import { catchUpKey, latestDue, RECURRING } from '../../jobs/recurring.ts';
import { createQueueTestEnv, queueStoreKinds, type QueueTestEnv } from '../support/queue-stores.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await sleep(20);
  }
}

const TIMED: JobName[] = ['risk.scan', 'lead.digest', 'retention.purge', 'report.release'];

class CountingCore {
  readonly ran: JobName[] = [];
  readonly payloads: Array<{ name: JobName; payload: unknown }> = [];
  async runJob(name: JobName, payload?: unknown): Promise<void> { this.ran.push(name); this.payloads.push({ name, payload }); }
  timed(): JobName[] { return this.ran.filter((n) => TIMED.includes(n)); }
}

describe('latestDue', () => {
  it('gives the last daily or weekly occurrence at or before now', () => {
    expect(latestDue({ hour: 6, minute: 0 }, new Date('2026-03-02T07:00:00Z')).toISOString()).toBe('2026-03-02T06:00:00.000Z');
    expect(latestDue({ hour: 6, minute: 0 }, new Date('2026-03-02T05:00:00Z')).toISOString()).toBe('2026-03-01T06:00:00.000Z');
    // Monday 2 March 2026, 09:00: the weekly digest of that Monday; Sunday before it: the Monday a week earlier.
    expect(latestDue({ hour: 9, minute: 0, weekday: 1 }, new Date('2026-03-02T09:00:00Z')).toISOString()).toBe('2026-03-02T09:00:00.000Z');
    expect(latestDue({ hour: 9, minute: 0, weekday: 1 }, new Date('2026-03-01T23:00:00Z')).toISOString()).toBe('2026-02-23T09:00:00.000Z');
    // Fired a few seconds early by a scheduler on another host: still that occurrence.
    expect(latestDue({ hour: 6, minute: 0 }, new Date('2026-03-02T05:59:50Z')).toISOString()).toBe('2026-03-02T06:00:00.000Z');
  });
});

describe.each(queueStoreKinds)('recurring catch-up on the %s queue store', (kind) => {
  let env: QueueTestEnv;
  const runtimes: JobsRuntime[] = [];
  const logger = createLogger('silent');
  let clock = new Date('2026-03-02T05:00:00Z');

  afterEach(async () => {
    for (const runtime of runtimes.splice(0)) await runtime.close();
    await env?.dispose();
  });

  async function startWorker(core: CountingCore): Promise<JobsRuntime> {
    const runtime = await openJobs({
      ...env.storeOptions, db: env.database.db, logger, concurrency: 2, deliveryRates: { slack: 100, teams: 100, memory: 100 },
      now: () => clock,
    });
    runtimes.push(runtime);
    await runtime.startWorkers(core as unknown as BotCore);
    return runtime;
  }

  async function stop(runtime: JobsRuntime): Promise<void> {
    runtimes.splice(runtimes.indexOf(runtime), 1);
    await runtime.close();
  }

  it('a full restart across the risk scan\'s due time gives exactly one run, with two workers starting together', async () => {
    env = await createQueueTestEnv(kind);
    clock = new Date('2026-03-02T05:00:00Z');
    const first = new CountingCore();
    const before = await startWorker(first);
    await until(() => first.ran.includes('reconcile'));
    // A fresh install counts the current periods as done: nothing to catch up.
    expect(first.timed()).toEqual([]);
    await stop(before);

    // 06:00 passes with no worker running; two workers come back at 07:00.
    clock = new Date('2026-03-02T07:00:00Z');
    const a = new CountingCore();
    const b = new CountingCore();
    await Promise.all([startWorker(a), startWorker(b)]);
    await until(() => [...a.timed(), ...b.timed()].length > 0);
    // The store still delivers the scheduler's overdue occurrence of the same period: it is skipped.
    const work = runtimes[0]!.scheduler.queues.get(WORK_QUEUE)!;
    await work.add('risk.scan', {}, { jobId: 'overdue-occurrence' });
    await sleep(1_500);
    // The other worker's catch-up of the same period, added again once the first had completed
    // and been removed: the same id, but not a retry of the job that ran.
    await runtimes[1]!.scheduler.schedule({ name: 'risk.scan', key: catchUpKey('risk.scan', new Date('2026-03-02T06:00:00Z')), payload: {} });
    await sleep(1_500);
    expect([...a.timed(), ...b.timed()]).toEqual(['risk.scan']);
    const row = await env.database.db.selectFrom('recurring_runs').selectAll().where('name', '=', 'risk.scan').executeTakeFirstOrThrow();
    expect(row.due_at.toISOString()).toBe('2026-03-02T06:00:00.000Z');

    // Another restart in the same period runs nothing again.
    for (const runtime of runtimes.splice(0)) await runtime.close();
    clock = new Date('2026-03-02T07:30:00Z');
    const c = new CountingCore();
    await startWorker(c);
    await until(() => c.ran.includes('reconcile'));
    await sleep(500);
    expect(c.timed()).toEqual([]);
  });

  it('several workers starting together all start, and leave one scheduler per recurring job', async () => {
    env = await createQueueTestEnv(kind);
    clock = new Date('2026-03-02T05:00:00Z');
    // Installing the same schedulers at the same moment is the race: the losers must go on.
    const cores = [new CountingCore(), new CountingCore(), new CountingCore(), new CountingCore()];
    const started = await Promise.allSettled(cores.map((core) => startWorker(core)));
    expect(started.map((s) => s.status)).toEqual(cores.map(() => 'fulfilled'));
    const work = runtimes[0]!.scheduler.queues.get(WORK_QUEUE)!;
    const schedulers = (await work.getJobSchedulers(0, -1)).map((j) => j.key ?? j.id).sort();
    expect(schedulers).toEqual(RECURRING.map((r) => `recurring-${r.name}`).sort());
  });

  it('a risk scan asked for one program runs even after the period\'s timed scan ran, where a timed one is skipped', async () => {
    env = await createQueueTestEnv(kind);
    clock = new Date('2026-03-02T07:00:00Z');
    const core = new CountingCore();
    const runtime = await startWorker(core);
    await until(() => core.ran.includes('reconcile'));
    const work = runtime.scheduler.queues.get(WORK_QUEUE)!;
    // The period's timed scan counts as run (a fresh install): a timed occurrence is skipped.
    await work.add('risk.scan', {}, { jobId: 'timed-again' });
    await sleep(1_500);
    expect(core.timed()).toEqual([]);
    // A scan asked for one program is an explicit request: it runs all the same.
    const programId = '00000000-0000-4000-8000-000000000001';
    await work.add('risk.scan', { programId }, { jobId: 'asked-for-one-program' });
    await until(() => core.timed().length === 1);
    expect(core.payloads.filter((p) => p.name === 'risk.scan').map((p) => p.payload)).toEqual([{ programId }]);
  });

  it('a worker down over a weekend catches each missed job up once, not once per missed day', async () => {
    env = await createQueueTestEnv(kind);
    clock = new Date('2026-02-27T12:00:00Z'); // a Friday
    const before = new CountingCore();
    await stop(await startWorker(before).then(async (r) => { await until(() => before.ran.includes('reconcile')); return r; }));
    clock = new Date('2026-03-02T10:00:00Z'); // Monday, after the digest's 09:00
    const after = new CountingCore();
    await startWorker(after);
    await until(() => after.timed().length >= 4);
    await sleep(1_000);
    expect([...after.timed()].sort()).toEqual(['lead.digest', 'report.release', 'retention.purge', 'risk.scan']);
  });
});
