// The matcher, timed for /metrics (mentor_match_duration_seconds); large cohorts in the matching
// thread (match-thread.ts).
import type { MatchInput, MatchResult } from '../../domain/matching/types.ts';
import type { BaseCtx } from '../context.ts';
import { matchOffThread } from './match-thread.ts';

export async function timedMatch(ctx: Pick<BaseCtx, 'deps'>, purpose: 'preview' | 'publish' | 'rematch', input: MatchInput): Promise<MatchResult> {
  const started = performance.now();
  try {
    return await matchOffThread(input);
  } finally {
    ctx.deps.metrics?.matchRun(purpose, (performance.now() - started) / 1000);
  }
}
