// The matcher, timed for /metrics (mentor_match_duration_seconds).
import { matchCohort } from '../../domain/matching/match-cohort.ts';
import type { MatchInput, MatchResult } from '../../domain/matching/types.ts';
import type { BaseCtx } from '../context.ts';

export function timedMatch(ctx: Pick<BaseCtx, 'deps'>, purpose: 'preview' | 'publish' | 'rematch', input: MatchInput): MatchResult {
  const started = performance.now();
  try {
    return matchCohort(input);
  } finally {
    ctx.deps.metrics?.matchRun(purpose, (performance.now() - started) / 1000);
  }
}
