// The core's Scheduler port on BullMQ: the key is the job id, so asking twice schedules once, and
// asking again with another time moves the waiting job.
import { Queue, type JobsOptions } from 'bullmq';
import type { ScheduledJob, Scheduler } from '../src/ports/scheduler.ts';
import type { QueueStore } from './backend.ts';
import { DEFAULT_JOB_OPTIONS, DELIVERY_QUEUE, WORK_QUEUE, queueFor } from './queues.ts';

export interface BullScheduler extends Scheduler {
  readonly queues: ReadonlyMap<string, Queue>;
  close(): Promise<void>;
}

/** BullMQ refuses custom ids that look like integers, and Redis keys use ':' as separator: keep ids plain. */
/** Jobs looked up, and added, per statement. */
const LOOKUP_PAGE = 500;

export const jobIdOf = (key: string): string => `k-${key.replace(/:/g, '|')}`;

export function createBullScheduler(
  store: QueueStore, jobOptions: JobsOptions = DEFAULT_JOB_OPTIONS, onError: (err: Error) => void = () => undefined, now: () => number = Date.now,
): BullScheduler {
  const options = { connection: store.connection as never, prefix: store.prefix, defaultJobOptions: jobOptions };
  const queues = new Map<string, Queue>([
    [WORK_QUEUE, new Queue(WORK_QUEUE, options, store.factory)],
    [DELIVERY_QUEUE, new Queue(DELIVERY_QUEUE, options, store.factory)],
  ]);
  // A queue whose store is down reports it here; readiness and the callers' errors say the rest.
  for (const queue of queues.values()) queue.on('error', onError);
  const queueOf = (name: ScheduledJob['name']) => queues.get(queueFor(name))!;

  return {
    queues,
    async schedule(job) {
      const queue = queueOf(job.name);
      const jobId = jobIdOf(job.key);
      const delay = Math.max(0, (job.runAt?.getTime() ?? 0) - now());
      // A fresh key has no job yet: no need to look (a stray one makes add a no-op, and the
      // deliveries sweep and reconciliation ask again later).
      const existing = job.fresh ? undefined : await queue.getJob(jobId);
      if (existing) {
        const state = await existing.getState();
        if (state === 'delayed' || state === 'waiting' || state === 'prioritized') {
          // Only an explicit new time moves a waiting job; asking again without one (a sweep, a
          // reconcile) never hurries a job that was put back for a rate limit or a backoff.
          if (state === 'delayed' && job.runAt && Math.abs(existing.timestamp + (existing.opts.delay ?? 0) - (now() + delay)) > 1_000) {
            await existing.changeDelay(delay);
          }
          return;
        }
        if (state === 'active') return;
        // A finished job kept by the retention settings: clear it so the key can run again.
        await existing.remove().catch(() => undefined);
      }
      await queue.add(job.name, job.payload, { jobId, delay });
    },
    async scheduleMany(jobs) {
      // Fresh keys go in one write per queue (BullMQ skips an id that exists, as add does). The
      // others are looked up in one read per queue where the store allows (PostgreSQL): the
      // missing ones join the write, and only the few that need a change (a finished job kept by
      // retention, a delayed job asked for at another time) go through schedule() one by one.
      // Elsewhere they are looked at one by one, as schedule() does.
      const adds = new Map<Queue, Parameters<Queue['addBulk']>[0]>();
      const single: ScheduledJob[] = [];
      const add = (job: ScheduledJob) => {
        const queue = queueOf(job.name);
        const delay = Math.max(0, (job.runAt?.getTime() ?? 0) - now());
        adds.set(queue, [...(adds.get(queue) ?? []), { name: job.name, data: job.payload, opts: { jobId: jobIdOf(job.key), delay } }]);
      };
      const looked = new Map<string, ScheduledJob[]>();
      for (const job of jobs) {
        if (job.fresh) add(job);
        else if (store.findJobs) looked.set(queueFor(job.name), [...(looked.get(queueFor(job.name)) ?? []), job]);
        else single.push(job);
      }
      for (const [queueName, batch] of looked) {
        for (let i = 0; i < batch.length; i += LOOKUP_PAGE) {
          const page = batch.slice(i, i + LOOKUP_PAGE);
          const found = await store.findJobs!(queueName, page.map((job) => jobIdOf(job.key)));
          for (const job of page) {
            const existing = found.get(jobIdOf(job.key));
            if (!existing) add(job);
            else if (existing.state === 'completed' || existing.state === 'failed') single.push(job);
            else if (existing.state === 'delayed' && job.runAt && existing.processAt !== null
              && Math.abs(existing.processAt - Math.max(job.runAt.getTime(), now())) > 1_000) single.push(job);
          }
        }
      }
      for (const [queue, batch] of adds) {
        // One job is one add (on PostgreSQL the bulk path builds temporary tables, worth it only for several).
        if (batch.length === 1) await queue.add(batch[0]!.name, batch[0]!.data, batch[0]!.opts);
        else for (let i = 0; i < batch.length; i += LOOKUP_PAGE) await queue.addBulk(batch.slice(i, i + LOOKUP_PAGE));
      }
      for (const job of single) await this.schedule(job);
    },
    async cancel(key) {
      for (const queue of queues.values()) {
        const existing = await queue.getJob(jobIdOf(key));
        if (existing && (await existing.getState()) !== 'active') await existing.remove().catch(() => undefined);
      }
    },
    async close() {
      for (const queue of queues.values()) await queue.close();
    },
  };
}
