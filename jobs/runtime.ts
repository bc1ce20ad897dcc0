// Opens the job layer of one process: the queue store, the Scheduler the core uses, and (for
// worker and all-in-one processes) the workers and the recurring schedules.
import type { EmbeddedEngine } from '../src/db/embedded-engine.ts';
import type { JobsOptions as BullJobOptions } from 'bullmq';
import type { Registry } from 'prom-client';
import { registerJobMetrics } from './metrics.ts';
import type { Kysely } from 'kysely';
import type { Database } from '../src/db/schema.ts';
import type { BotCore } from '../src/flows/bot.ts';
import type { Logger } from '../src/log.ts';
import type { Platform } from '../src/domain/model.ts';
import { openQueueStore, type QueueStore, type QueueStoreOptions } from './backend.ts';
import { createBullScheduler, type BullScheduler } from './bullmq-scheduler.ts';
import { createDeliveryLimiter } from './delivery-limiter.ts';
import { DEFAULT_JOB_OPTIONS, WORK_QUEUE } from './queues.ts';
import { catchUpRecurring, claimRecurringPeriod, RECURRING, repeatOf } from './recurring.ts';
import { startWorkers, type WorkerSet } from './workers.ts';

export interface JobsRuntime {
  readonly store: QueueStore;
  readonly scheduler: BullScheduler;
  /** Starts the workers and the recurring schedules (not in web-only processes). */
  startWorkers(core: BotCore): Promise<WorkerSet>;
  /** Workers first (they finish what is under way), then the queues, then the connection. */
  close(): Promise<void>;
}

export interface JobsOptions extends Pick<QueueStoreOptions, 'schema' | 'prefix' | 'poolSize'> {
  redisUrl?: string | undefined;
  databaseUrl?: string | undefined;
  embedded?: EmbeddedEngine | undefined;
  db: Kysely<Database>;
  logger: Logger;
  concurrency: number;
  deliveryRates: Readonly<Record<Platform, number>>;
  /** Retry and retention settings of every job (tests shorten the backoff). */
  jobOptions?: BullJobOptions;
  /** The process's metrics: queue depths and job durations are added to its registry. */
  metrics?: { readonly registry: Registry };
  /** The time recurring periods are judged by (tests move it). */
  now?: () => Date;
}

/** How often a worker checks that the queue store still holds the recurring schedules. */
const WATCHDOG_EVERY_MS = 60_000;

export async function openJobs(options: JobsOptions): Promise<JobsRuntime> {
  const store = await openQueueStore(options);
  let lastWarning = 0;
  const scheduler = createBullScheduler(store, options.jobOptions ?? DEFAULT_JOB_OPTIONS, (err) => {
    // A store that is down repeats its error many times a second; say it every 10 s at most.
    if (Date.now() - lastWarning < 10_000) return;
    lastWarning = Date.now();
    options.logger.warn({ err: err.message }, 'job queue store unreachable');
  });
  const jobMetrics = options.metrics ? registerJobMetrics(options.metrics.registry, scheduler.queues, (err) => options.logger.warn({ err: err.message }, 'queue figures could not be read for /metrics')) : undefined;
  const now = options.now ?? (() => new Date());
  let workers: WorkerSet | undefined;
  let watchdog: NodeJS.Timeout | undefined;
  return {
    store, scheduler,
    async startWorkers(core) {
      if (workers) return workers;
      workers = startWorkers(store, core, {
        concurrency: options.concurrency, logger: options.logger,
        limiter: createDeliveryLimiter(options.db, options.deliveryRates),
        claim: (name, jobId) => claimRecurringPeriod(options.db, name, jobId, now()),
        ...(jobMetrics ? { metrics: jobMetrics } : {}),
      });
      const work = scheduler.queues.get(WORK_QUEUE)!;
      const installRecurring = async () => {
        // A reconcile scheduler installed now (a new or flushed store) runs its first iteration at
        // once (BullMQ's `every`); only when it was already there is a start-up run asked for, so
        // a start does not reconcile twice (the second pass would re-queue work the first has done).
        const reconcileInstalled = await work.getJobScheduler('recurring-reconcile').then((found) => found !== undefined, () => true);
        for (const recurring of RECURRING) {
          try {
            await work.upsertJobScheduler(`recurring-${recurring.name}`, repeatOf(recurring), { name: recurring.name, data: {} });
          } catch (err) {
            // Two workers starting together install the same scheduler: the one that lost the race
            // finds the iteration already created by the other, which is what it wanted.
            if (!(err instanceof Error && /job ID already exists/.test(err.message))) throw err;
          }
        }
        await catchUpRecurring(options.db, scheduler, now(), options.logger);
        // Whatever was lost while no worker ran (or while the store was away) is queued again.
        if (reconcileInstalled) await scheduler.schedule({ name: 'reconcile', key: `reconcile:${Date.now()}`, payload: {} });
      };
      await installRecurring();
      // A queue store that was flushed or replaced loses the recurring schedules with everything
      // else; the first worker to notice puts them back and reconciles from the database.
      watchdog = setInterval(() => {
        void work.getJobScheduler('recurring-reconcile').then(async (found) => {
          if (found) return;
          options.logger.warn('the queue store lost its schedules (flushed or replaced?): reconciling from the database');
          await installRecurring();
        }).catch(() => undefined);
      }, WATCHDOG_EVERY_MS);
      watchdog.unref();
      return workers;
    },
    async close() {
      clearInterval(watchdog);
      await workers?.close();
      await scheduler.close();
      await store.close();
    },
  };
}
