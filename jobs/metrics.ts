// The job layer's figures on the process's /metrics registry: how many jobs each queue holds per
// state (read from the queue store at each scrape), and how long each job took by name and outcome.
import { Gauge, Histogram, type Registry } from 'prom-client';
import type { Queue } from 'bullmq';

export type JobOutcome = 'completed' | 'failed' | 'put_back';

export interface JobMetrics {
  /** Times one run of a job; call the returned function with how it ended. */
  startJob(queue: string, name: string): (outcome: JobOutcome) => void;
}

const STATES = ['waiting', 'active', 'delayed', 'failed'] as const;

export function registerJobMetrics(registry: Registry, queues: ReadonlyMap<string, Queue>, onError?: (err: Error) => void): JobMetrics {
  new Gauge({
    name: 'mentor_queue_jobs', help: 'Jobs in each queue, by state (waiting, active, delayed, failed), read from the queue store at scrape time',
    labelNames: ['queue', 'state'], registers: [registry],
    async collect() {
      for (const [name, queue] of queues) {
        try {
          const counts = await queue.getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'failed');
          this.set({ queue: name, state: 'waiting' }, (counts.waiting ?? 0) + (counts.prioritized ?? 0));
          for (const state of STATES.slice(1)) this.set({ queue: name, state }, counts[state] ?? 0);
        } catch (err) {
          // The store is away: say so through the error log, and leave the last figures.
          onError?.(err as Error);
        }
      }
    },
  });
  const duration = new Histogram({
    name: 'mentor_job_duration_seconds', help: 'Time of one run of a job, by queue, job name and outcome (completed, failed, put_back)',
    labelNames: ['queue', 'name', 'outcome'], registers: [registry],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  });
  return {
    startJob(queue, name) {
      const end = duration.startTimer({ queue, name });
      return (outcome) => { end({ outcome }); };
    },
  };
}
