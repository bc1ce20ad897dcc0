// The two queues and how their jobs are kept and retried. Deliveries have a queue of their own so
// that a slow platform or a rate limit never holds up timed work (deadlines, expiries, prompts).
import type { JobsOptions } from 'bullmq';
import type { JobName } from '../src/ports/scheduler.ts';

export const WORK_QUEUE = 'mentor-work';
export const DELIVERY_QUEUE = 'mentor-deliveries';

export const queueFor = (name: JobName): string => (name === 'deliver' ? DELIVERY_QUEUE : WORK_QUEUE);

export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 8,
  // 2 s, 4 s, 8 s … about 4 min in all, with jitter so that a burst of failures does not retry in step.
  backoff: { type: 'exponential', delay: 2_000, jitter: 0.5 },
  // Done jobs leave the queue at once (the database keeps what happened), so a key can be used again.
  removeOnComplete: true,
  removeOnFail: { count: 5_000, age: 14 * 24 * 3600 },
};
