// Large cohorts are matched in a worker thread. The matcher is synchronous and takes seconds from
// about 10,000 mentees (docs/matching.md, "Benchmark"): on the main thread it would stop the whole
// process meanwhile (no Slack acknowledgement within its 3 seconds, no Teams answer, no job, no
// health check). Small cohorts, the common case, are matched in place: the thread's first start
// (loading the matcher's modules) costs more than their match.
import { Worker } from 'node:worker_threads';
import { matchCohort } from '../../domain/matching/match-cohort.ts';
import type { MatchInput, MatchResult } from '../../domain/matching/types.ts';
import type { MatchReply, MatchRequest } from './match-thread-worker.ts';

/** From this many mentee × mentor pairs (about 700 × 350), a match runs in the thread. */
export const OFF_THREAD_FROM_PAIRS = 250_000;
/** An idle thread ends after this long, handing its memory back; the next large match starts one. */
const IDLE_MS = 60_000;

interface Waiting { resolve: (result: MatchResult) => void; reject: (err: Error) => void }

class MatchThread {
  readonly #worker: Worker;
  readonly #waiting = new Map<number, Waiting>();
  #next = 1;
  #idle: NodeJS.Timeout | undefined;
  #gone = false;
  readonly #onGone: (thread: MatchThread) => void;

  constructor(onGone: (thread: MatchThread) => void) {
    this.#onGone = onGone;
    this.#worker = new Worker(new URL('./match-thread-worker.ts', import.meta.url));
    this.#worker.unref();
    this.#worker.on('message', (reply: MatchReply) => this.#answer(reply));
    this.#worker.on('error', (err) => this.#end(new Error(`the matching thread failed: ${err.message}`, { cause: err })));
    this.#worker.on('exit', (code) => this.#end(new Error(`the matching thread ended (exit code ${code})`)));
  }

  run(input: MatchInput): Promise<MatchResult> {
    if (this.#idle) { clearTimeout(this.#idle); this.#idle = undefined; }
    const id = this.#next++;
    const answer = new Promise<MatchResult>((resolve, reject) => { this.#waiting.set(id, { resolve, reject }); });
    // A match under way keeps the process alive; an idle thread does not.
    if (this.#waiting.size === 1) this.#worker.ref();
    try {
      this.#worker.postMessage({ id, input } satisfies MatchRequest);
    } catch (err) {
      // An input the thread cannot be handed (it was never sent): fails this match only.
      this.#answer({ id, error: { name: 'Error', message: `the cohort could not be handed to the matching thread: ${(err as Error).message}` } });
    }
    return answer;
  }

  #answer(reply: MatchReply): void {
    const waiting = this.#waiting.get(reply.id);
    if (!waiting) return;
    this.#waiting.delete(reply.id);
    if ('result' in reply) waiting.resolve(reply.result);
    else waiting.reject(Object.assign(new Error(reply.error.message), { name: reply.error.name, stack: reply.error.stack }));
    if (this.#waiting.size === 0) {
      this.#worker.unref();
      this.#idle = setTimeout(() => { void this.close(); }, IDLE_MS).unref();
    }
  }

  #end(err: Error): void {
    if (this.#gone) return;
    this.#gone = true;
    if (this.#idle) clearTimeout(this.#idle);
    this.#onGone(this);
    for (const waiting of this.#waiting.values()) waiting.reject(err);
    this.#waiting.clear();
  }

  async close(): Promise<void> {
    this.#end(new Error('the matching thread was closed'));
    await this.#worker.terminate();
  }
}

let thread: MatchThread | undefined;

/**
 * The same result as matchCohort (same input, same seed), computed in the matching thread when
 * the cohort is large. A thread that fails or dies fails the matches it was running (the request
 * then fails as any other would); the next large match starts a new one.
 */
export function matchOffThread(input: MatchInput, offThreadFrom = OFF_THREAD_FROM_PAIRS): Promise<MatchResult> {
  if (input.mentees.length * input.mentors.length < offThreadFrom) return Promise.resolve().then(() => matchCohort(input));
  thread ??= new MatchThread((gone) => { if (thread === gone) thread = undefined; });
  return thread.run(input);
}

/** Ends the matching thread if one runs (at shutdown, and in tests). */
export async function closeMatchThread(): Promise<void> {
  const running = thread;
  thread = undefined;
  await running?.close();
}
