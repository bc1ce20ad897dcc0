// The job layer behaves the same on every store: keys schedule once, times move, cancels hold,
// failures retry with backoff, bad jobs fail for good, deliveries wait for their rate, and a
// closing worker finishes what it started.
import { afterEach, describe, expect, it } from 'vitest';
import type { BotCore, DeliverOptions } from '../../src/flows/bot.ts';
import { RetryLaterError } from '../../src/flows/bot.ts';
import { CalendarThrottledError } from '../../src/ports/calendar.ts';
import { createLogger } from '../../src/log.ts';
import type { JobName, JobPayload } from '../../src/ports/scheduler.ts';
import { openJobs, type JobsRuntime } from '../../jobs/runtime.ts';
import { upsertWorkspace } from '../../src/db/repositories/workspace.repository.ts';
import { createQueueTestEnv, queueStoreKinds, type QueueTestEnv } from '../support/queue-stores.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await sleep(20);
  }
}

class RecordingCore implements Partial<BotCore> {
  readonly ran: Array<{ name: JobName; payload: JobPayload; at: number }> = [];
  readonly delivered: string[] = [];
  failuresLeft = new Map<string, number>();
  /** Calendar 429s left per meeting, each asking to come back after `throttleMs`. */
  throttledLeft = new Map<string, number>();
  throttleMs = 300;
  readonly tries: Array<{ key: string; at: number }> = [];
  slowMs = 0;
  workspaceId = '';

  async runJob(name: JobName, payload: JobPayload): Promise<void> {
    if (this.slowMs) await sleep(this.slowMs);
    const key = String(payload.matchId ?? payload.roundId ?? payload.checkinId ?? payload.meetingId ?? name);
    this.tries.push({ key, at: Date.now() });
    const throttled = this.throttledLeft.get(key) ?? 0;
    if (throttled > 0) {
      this.throttledLeft.set(key, throttled - 1);
      throw new CalendarThrottledError('calendar answered 429', this.throttleMs);
    }
    const left = this.failuresLeft.get(key) ?? 0;
    if (left > 0) {
      this.failuresLeft.set(key, left - 1);
      throw new Error('passing failure');
    }
    this.ran.push({ name, payload, at: Date.now() });
  }

  async deliver(key: string, options: DeliverOptions = {}) {
    const wait = (await options.admit?.(this.workspaceId)) ?? 0;
    if (wait > 0) throw new RetryLaterError('rate', wait, this.workspaceId);
    this.delivered.push(key);
    return 'sent' as const;
  }
}

describe.each(queueStoreKinds)('job layer on %s', (kind) => {
  let env: QueueTestEnv;
  let jobs: JobsRuntime | undefined;
  afterEach(async () => {
    await jobs?.close();
    jobs = undefined;
    await env?.dispose();
  });

  async function start(core: RecordingCore, rate = 1000) {
    env = await createQueueTestEnv(kind);
    jobs = await openJobs({
      ...env.storeOptions, db: env.database.db, logger: createLogger('silent'), concurrency: 5,
      deliveryRates: { slack: rate, teams: rate, memory: rate },
      jobOptions: { attempts: 3, backoff: { type: 'exponential', delay: 100, jitter: 0.5 }, removeOnComplete: true, removeOnFail: 100 },
    });
    const workspace = await upsertWorkspace(env.database.db, { platform: 'slack', externalId: 'T_RATE' });
    core.workspaceId = workspace.id;
    await jobs.startWorkers(core as unknown as BotCore);
    return jobs;
  }

  it('runs a key once however often it is scheduled, at its time, and moves it when asked', async () => {
    const core = new RecordingCore();
    const runtime = await start(core);
    const t0 = Date.now();
    for (let i = 0; i < 3; i += 1) await runtime.scheduler.schedule({ name: 'proposal.expire', key: 'proposal.expire:m1', runAt: new Date(t0 + 600), payload: { matchId: 'm1' } });
    await runtime.scheduler.schedule({ name: 'pause.resume', key: 'pause.resume:m2', runAt: new Date(t0 + 60_000), payload: { matchId: 'm2' } });
    await runtime.scheduler.schedule({ name: 'pause.resume', key: 'pause.resume:m2', runAt: new Date(t0 + 300), payload: { matchId: 'm2' } });
    // Recurring work (reconciliation, the delivery sweep) runs alongside; only these two count here.
    const mine = () => core.ran.filter((r) => r.name === 'proposal.expire' || r.name === 'pause.resume');
    await until(() => mine().length >= 2);
    await sleep(400);
    const ran = mine();
    expect(ran.map((r) => r.name).sort()).toEqual(['pause.resume', 'proposal.expire']);
    const expire = ran.find((r) => r.name === 'proposal.expire')!;
    expect(expire.at - t0).toBeGreaterThanOrEqual(550);
    expect(ran.find((r) => r.name === 'pause.resume')!.at - t0).toBeLessThan(30_000);
  }, 60_000);

  it('wakes an idle worker as soon as a job is queued, not at its next poll', async () => {
    const core = new RecordingCore();
    const runtime = await start(core);
    // Let the start-up work (reconciliation) finish so that the workers sit in their blocking wait.
    await until(() => core.ran.some((r) => r.name === 'reconcile'));
    await sleep(500);
    const t0 = Date.now();
    await runtime.scheduler.schedule({ name: 'round.complete', key: 'round.complete:idle', payload: { roundId: 'idle' } });
    await until(() => core.ran.some((r) => r.payload.roundId === 'idle'));
    // BullMQ's blocking wait lasts 5 s; woken by the store, the job runs within milliseconds.
    expect(Date.now() - t0).toBeLessThan(2_500);
  }, 60_000);

  it('asks for many keys at once as it would one by one: missing ones added, queued ones kept or moved, finished ones run again', async () => {
    const core = new RecordingCore();
    core.failuresLeft.set('f', 1);
    const runtime = await start(core);
    const t0 = Date.now();
    const queue = runtime.scheduler.queues.get('mentor-work')!;
    // A job that failed for good is kept by retention; asked for again, it must run again.
    await queue.add('pause.resume', { matchId: 'f' }, { jobId: 'k-pause.resume|f', attempts: 1 });
    await until(() => core.failuresLeft.get('f') === 0);
    await sleep(300);
    await runtime.scheduler.schedule({ name: 'pause.resume', key: 'pause.resume:kept', runAt: new Date(t0 + 60_000), payload: { matchId: 'kept' } });
    await runtime.scheduler.schedule({ name: 'pause.resume', key: 'pause.resume:moved', runAt: new Date(t0 + 60_000), payload: { matchId: 'moved' } });
    await runtime.scheduler.scheduleMany!([
      { name: 'pause.resume', key: 'pause.resume:f', payload: { matchId: 'f' } },
      { name: 'pause.resume', key: 'pause.resume:kept', runAt: new Date(t0 + 60_000), payload: { matchId: 'kept' } },
      { name: 'pause.resume', key: 'pause.resume:moved', runAt: new Date(t0 + 400), payload: { matchId: 'moved' } },
      { name: 'pause.resume', key: 'pause.resume:new1', payload: { matchId: 'new1' } },
      { name: 'pause.resume', key: 'pause.resume:new2', runAt: new Date(t0 + 300), payload: { matchId: 'new2' } },
    ]);
    const ran = () => core.ran.filter((r) => r.name === 'pause.resume').map((r) => String(r.payload.matchId)).sort();
    await until(() => ran().length >= 4);
    await sleep(500);
    expect(ran()).toEqual(['f', 'moved', 'new1', 'new2']);
    expect(await (await queue.getJob('k-pause.resume|kept'))?.getState()).toBe('delayed');
  }, 60_000);

  it('cancels a waiting job', async () => {
    const core = new RecordingCore();
    const runtime = await start(core);
    await runtime.scheduler.schedule({ name: 'survey.deadline', key: 'survey.deadline:r1', runAt: new Date(Date.now() + 500), payload: { roundId: 'r1' } });
    await runtime.scheduler.cancel('survey.deadline:r1');
    await sleep(1_200);
    expect(core.ran.filter((r) => r.name === 'survey.deadline')).toEqual([]);
  }, 60_000);

  it('retries a passing failure and fails a malformed job for good', async () => {
    const core = new RecordingCore();
    core.failuresLeft.set('c-retry', 2);
    const runtime = await start(core);
    await runtime.scheduler.schedule({ name: 'checkin.prompt', key: 'checkin.prompt:c-retry', payload: { checkinId: 'c-retry' } });
    await runtime.scheduler.schedule({ name: 'checkin.prompt', key: 'checkin.prompt:bad', payload: { wrong: 'x' } });
    await until(() => core.ran.some((r) => r.payload.checkinId === 'c-retry'));
    expect(core.failuresLeft.get('c-retry')).toBe(0);
    await sleep(500);
    const queue = runtime.scheduler.queues.get('mentor-work')!;
    const failed = await queue.getFailed();
    const bad = failed.find((j) => j.data.wrong === 'x');
    expect(bad?.failedReason).toContain('jobs.bad_payload');
    expect(bad?.attemptsMade).toBe(1);
  }, 60_000);

  it('puts a job the calendar throttled back for its Retry-After, without using up its attempts', async () => {
    const core = new RecordingCore();
    const meetingId = '00000000-0000-4000-8000-000000000001';
    // More 429s than the 3 attempts the queue allows.
    core.throttledLeft.set(meetingId, 4);
    const runtime = await start(core);
    await runtime.scheduler.schedule({ name: 'meeting.cancel_event', key: `meeting.cancel_event:${meetingId}`, payload: { meetingId } });
    await until(() => core.ran.some((r) => r.payload.meetingId === meetingId));
    const tries = core.tries.filter((t) => t.key === meetingId);
    expect(tries).toHaveLength(5);
    for (let i = 1; i < tries.length; i += 1) expect(tries[i]!.at - tries[i - 1]!.at).toBeGreaterThanOrEqual(core.throttleMs - 20);
  }, 60_000);

  it('holds deliveries to the rate and lets them all through', async () => {
    const core = new RecordingCore();
    const runtime = await start(core, 20);
    const t0 = Date.now();
    for (let i = 0; i < 40; i += 1) await runtime.scheduler.schedule({ name: 'deliver', key: `deliver:k${i}`, payload: { key: `k${i}` } });
    await until(() => core.delivered.length === 40, 30_000);
    const elapsed = Date.now() - t0;
    // A burst of 20, then 20 more at 20/s: about a second at least, never all at once.
    expect(elapsed).toBeGreaterThan(700);
    expect(new Set(core.delivered).size).toBe(40);
  }, 60_000);

  it('lets a closing worker finish the job it is running', async () => {
    const core = new RecordingCore();
    core.slowMs = 800;
    const runtime = await start(core);
    await runtime.scheduler.schedule({ name: 'round.complete', key: 'round.complete:r9', payload: { roundId: 'r9' } });
    await until(() => core.ran.length > 0 || Date.now() < 0, 300).catch(() => undefined);
    await sleep(300);
    await runtime.close();
    jobs = undefined;
    expect(core.ran.some((r) => r.name === 'round.complete')).toBe(true);
  }, 60_000);
});
