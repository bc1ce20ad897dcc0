// Workers: they take jobs from the queues and hand them to the bot core. A job that cannot be
// understood fails for good; a passing failure is retried with backoff. A delivery counts its own
// attempts in the database (src/flows/delivery-policy.ts): when it asks to be retried later
// (RetryLaterError, with its backoff or the platform's Retry-After) it is put back for that long
// without using up a queue attempt.
import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { BotCore } from '../src/flows/bot.ts';
import { RetryLaterError } from '../src/flows/bot.ts';
import { CalendarThrottledError } from '../src/ports/calendar.ts';
import type { Logger } from '../src/log.ts';
import type { JobName } from '../src/ports/scheduler.ts';
import type { QueueStore } from './backend.ts';
import type { JobMetrics } from './metrics.ts';
import { checkPayload } from './payloads.ts';
import { DELIVERY_QUEUE, WORK_QUEUE } from './queues.ts';

export interface DeliveryLimiter {
  /** 0 = send now; otherwise milliseconds to wait (see rate-bucket.repository.ts). */
  admit(workspaceId: string): Promise<number>;
  /** The platform answered 429: hold the whole workspace back. */
  penalise(workspaceId: string, ms: number): Promise<void>;
}

export interface WorkerSet {
  readonly workers: readonly Worker[];
  close(): Promise<void>;
}

export interface WorkerOptions {
  concurrency: number;
  limiter: DeliveryLimiter;
  logger: Logger;
  /** False when the job's period already ran (timed recurring jobs; see recurring.ts): the run is skipped. */
  claim?: (name: JobName, jobId: string) => Promise<boolean>;
  /** Job durations for /metrics. */
  metrics?: JobMetrics;
}

/** Runs one job under the duration histogram: a job put back for later (DelayedError) is told apart. */
async function timed<T>(metrics: JobMetrics | undefined, queue: string, name: string, run: () => Promise<T>): Promise<T> {
  const end = metrics?.startJob(queue, name);
  try {
    const result = await run();
    end?.('completed');
    return result;
  } catch (err) {
    end?.(err instanceof DelayedError ? 'put_back' : 'failed');
    throw err;
  }
}

function validated(job: Job): { name: JobName; payload: Record<string, string | number | boolean | null> } {
  const check = checkPayload(job.name, job.data);
  if (!check.ok) throw new UnrecoverableError(`jobs.bad_payload: ${check.problem}`);
  return { name: job.name as JobName, payload: check.payload };
}

async function putBack(job: Job, token: string | undefined, ms: number): Promise<never> {
  await job.moveToDelayed(Date.now() + ms, token);
  throw new DelayedError();
}

export function startWorkers(store: QueueStore, core: BotCore, options: WorkerOptions): WorkerSet {
  const { logger, limiter } = options;
  const base = { connection: store.connection as never, prefix: store.prefix, concurrency: options.concurrency };

  const work = new Worker(WORK_QUEUE, async (job, token) => timed(options.metrics, WORK_QUEUE, job.name, async () => {
    const { name, payload } = validated(job);
    // Only the timed runs (from the scheduler or a catch-up, with no payload) claim their period; a
    // run asked for one program (a payload) is an explicit request and always runs.
    const timedRun = Object.keys(payload ?? {}).length === 0;
    // A job is named by its id and the time it was added: its retries (after a failure or a crash)
    // keep both and may claim again, while the same id added anew once the first run completed
    // and was removed (two workers catching up at once) is another job, refused.
    if (options.claim && timedRun && !(await options.claim(name, `${job.id ?? job.name}@${job.timestamp}`))) {
      logger.info({ job: name, id: job.id }, 'recurring run skipped: its period already ran');
      return;
    }
    try {
      await core.runJob(name, payload);
    } catch (err) {
      if (err instanceof Error && err.message.startsWith('flows.unknown_job')) throw new UnrecoverableError(err.message);
      // A calendar answering 429: put back for its Retry-After (nothing was done; the row still waits).
      if (err instanceof CalendarThrottledError) return putBack(job, token, err.retryAfterMs);
      throw err;
    }
  }), base, store.factory);

  const deliveries = new Worker(DELIVERY_QUEUE, async (job, token) => timed(options.metrics, DELIVERY_QUEUE, job.name, async () => {
    const { payload } = validated(job);
    try {
      const result = await core.deliver(String(payload.key), { admit: (workspaceId) => limiter.admit(workspaceId) });
      return result;
    } catch (err) {
      if (!(err instanceof RetryLaterError)) throw err;
      const wait = err.retryAfterMs ?? 1_000;
      if (err.throttled && err.workspaceId) await limiter.penalise(err.workspaceId, wait);
      return putBack(job, token, wait);
    }
  }), base, store.factory);

  for (const worker of [work, deliveries]) {
    worker.on('failed', (job, err) => {
      const final = !job || err instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1);
      logger[final ? 'error' : 'warn']({ queue: worker.name, job: job?.name, id: job?.id, attempt: job?.attemptsMade, err: err.message }, final ? 'job failed for good' : 'job failed, will retry');
    });
    worker.on('error', (err) => logger.error({ queue: worker.name, err: err.message }, 'worker error'));
  }

  return {
    workers: [work, deliveries],
    // close() lets the jobs under way finish, so a SIGTERM never cuts a send in half.
    async close() {
      await Promise.all([work.close(), deliveries.close()]);
    },
  };
}
