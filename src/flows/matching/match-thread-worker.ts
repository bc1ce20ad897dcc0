// The thread the matcher runs in for large cohorts (match-thread.ts): one match at a time, asked
// and answered by message, so the process's main thread keeps serving requests and jobs meanwhile.
import { parentPort } from 'node:worker_threads';
import { matchCohort } from '../../domain/matching/match-cohort.ts';
import type { MatchInput, MatchResult } from '../../domain/matching/types.ts';

export interface MatchRequest { id: number; input: MatchInput }
export type MatchReply =
  | { id: number; result: MatchResult }
  | { id: number; error: { name: string; message: string; stack?: string } };

parentPort!.on('message', (request: MatchRequest) => {
  let reply: MatchReply;
  try {
    reply = { id: request.id, result: matchCohort(request.input) };
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    reply = { id: request.id, error: { name: e.name, message: e.message, ...(e.stack ? { stack: e.stack } : {}) } };
  }
  parentPort!.postMessage(reply);
});
