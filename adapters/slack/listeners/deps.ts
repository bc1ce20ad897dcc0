import type { EffectDeps } from '../effects.ts';
import type { WorkQueue } from '../work-queue.ts';

export interface ListenerDeps extends EffectDeps {
  /** Where the work after an ack runs (view submissions answer in the ack and use it too). */
  readonly work: WorkQueue;
  /** How long a request's run holds its lease (see request-keys.ts). */
  readonly requestLeaseMs: number;
}
