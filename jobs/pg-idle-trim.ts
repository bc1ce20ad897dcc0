// BullMQ's PostgreSQL worker loop, made cheaper when a queue runs dry. As shipped, every time a
// worker finds no job it sends three more statements before it sleeps: the "no job" signal
// (`next_signal`: the BullMQ rate limit's wait and the next delayed job's time), then two probes
// when it starts waiting (`has_waiting_job`, to catch a NOTIFY sent before it listened, and
// `next_delay`, to wake for the next delayed job). On a queue fed one job at a time (deliveries
// behind their prompts) that is most of the queue's statements. Here:
// - the "no job" signal is answered without asking when no BullMQ rate limit applies. This project
//   sets none (the delivery limiter is its own, jobs/delivery-limiter.ts), and the signal's other
//   half, the next delayed job's time, is asked again by the wait's probe anyway;
// - the wait's two probes are one statement returning both answers, so the guarantees stay as they
//   are (a job added before the LISTEN is still seen; a delayed job still wakes its worker on time);
// - a claim that takes a job also says whether another one was waiting. When none was, the
//   worker's next claim (BullMQ claims until one comes back empty) is answered "none" without
//   asking: the worker then waits, and the wait's probe sees any job added meanwhile, whose
//   NOTIFY may have come while nobody listened. That is what the skipped claim would have seen,
//   one statement later; a delayed job that fell due is also in the probe's answer.
// The backend's claim, finish and wake-up logic is BullMQ's, unchanged.
import { createPostgresBackend, type BackendFactory, type IQueueBackend } from 'bullmq';

type Rows = { rows: Array<Record<string, unknown>> };
type Run = (command: string, params: unknown[]) => Promise<Rows>;
type Query = (text: string, params: unknown[]) => Promise<Rows>;

/** Both wait probes in one statement (the two probes' own SQL, side by side). */
const WAIT_PROBE = `SELECT EXISTS(SELECT 1 FROM job WHERE queue = $1 AND state = 'waiting')
  AND NOT EXISTS(SELECT 1 FROM meta WHERE queue = $1 AND field = 'paused' AND value = '1') AS present,
  next_delay($1) AS next_delay`;

/** BullMQ's claim, plus whether another job was waiting when the statement began (its snapshot). */
const CLAIM = `SELECT m.*, EXISTS(SELECT 1 FROM job w WHERE w.queue = $1 AND w.state = 'waiting' AND w.id <> m.id) AS more_waiting
  FROM move_to_active($1, $2, $3, $4, $5, $6, $7) m`;

/** What `next_signal` answers when no BullMQ rate limit applies and the wait will look up the rest. */
const NO_SIGNAL: Rows = { rows: [{ rate_limit_ttl: '0', next_delay: null }] };

/** Applies the trim to one backend built by BullMQ's PostgreSQL factory. */
export function trimIdleStatements(backend: IQueueBackend): IQueueBackend {
  const target = backend as unknown as { run?: Run; query?: Query };
  const run = target.run;
  const query = target.query;
  // The hooks are the backend's own command runner and query method; a BullMQ that renamed them
  // must fail here, loudly, rather than run untrimmed unnoticed.
  if (typeof run !== 'function' || typeof query !== 'function') throw new Error('jobs.pg_backend_changed: BullMQ\'s PostgreSQL backend no longer has run()/query()');
  let probe: { queue: unknown; result: Promise<Rows> } | undefined;
  /** The last claim took the only waiting job: the next claim can only come back empty. */
  let drainedByClaim = false;
  target.run = async function trimmed(this: unknown, command: string, params: unknown[]): Promise<Rows> {
    switch (command) {
      case 'move_to_active': {
        // params: queue, token, lock ms, now, worker name, limiter max (null when none), limiter duration.
        if (params[5] !== null && params[5] !== undefined) break;
        if (drainedByClaim) {
          drainedByClaim = false;
          return { rows: [] };
        }
        const claimed = await query.call(this, CLAIM, params);
        const row = claimed.rows[0];
        if (row) {
          drainedByClaim = row.more_waiting === false;
          delete row.more_waiting;
        }
        return claimed;
      }
      case 'next_signal':
        // params: queue, the worker's limiter max (null when none), now.
        if (params[1] === null || params[1] === undefined) return Promise.resolve(NO_SIGNAL);
        break;
      case 'has_waiting_job': {
        drainedByClaim = false;
        // The wait sends next_delay right after this, in the same turn: both get this one answer.
        const result = query.call(this, WAIT_PROBE, params);
        probe = { queue: params[0], result };
        return result;
      }
      case 'next_delay':
        if (probe && probe.queue === params[0]) {
          const { result } = probe;
          probe = undefined;
          return result;
        }
        break;
    }
    return run.call(this, command, params);
  };
  return backend;
}

/** BullMQ's PostgreSQL backend with the idle loop trimmed (see above). */
export const createTrimmedPostgresBackend: BackendFactory = (name, opts, options) =>
  trimIdleStatements(createPostgresBackend(name, opts as never, options));
