// Incremental rematch (SPEC §5): after a decline, an expiry or an early end, the one mentee
// left is matched against the capacity that remains, leaving every other pair untouched.
import { matchCohort } from './match-cohort.ts';
import { prepareCohort } from './prepare-cohort.ts';
import { RowContext, scoreRow } from './score-kernel.ts';
import { inCanonicalOrder } from './tie-break.ts';
import type { MatchInput, MatchOptions, MatchedPair, UnmatchedMentee } from './types.ts';

export interface RematchRequest {
  menteeId: string;
  /** Mentors not to propose again (e.g. the one who just declined), on top of past pairs. */
  excludeMentorIds?: readonly string[];
}

export interface RematchResult {
  pair: MatchedPair | null;
  unmatched: UnmatchedMentee | null;
  /** Next best mentors with capacity left, best first, for a lead who wants to choose. */
  alternatives: { mentorId: string; score: number }[];
}

const ALTERNATIVES = 3;

/**
 * `input.lockedPairs` must hold every pair to keep (accepted, running and still proposed
 * ones): they use capacity. Pairs of the mentee itself are ignored there.
 */
export function rematchMentee(input: MatchInput, request: RematchRequest, options: MatchOptions = {}): RematchResult {
  const mentee = input.mentees.find((e) => e.id === request.menteeId);
  if (!mentee) throw new RangeError(`rematch: unknown mentee "${request.menteeId}"`);
  const single: MatchInput = {
    ...input,
    mentees: [mentee],
    lockedPairs: (input.lockedPairs ?? []).filter((p) => p.menteeId !== mentee.id),
    pins: (input.pins ?? []).filter((p) => p.menteeId === mentee.id),
    forbids: [...(input.forbids ?? []), ...(request.excludeMentorIds ?? []).map((mentorId) => ({ menteeId: mentee.id, mentorId }))],
  };
  const result = matchCohort(single, options);
  const pair = result.pairs[0] ?? null;

  // Alternatives on equal scores follow the same seeded order as the match.
  const prep = prepareCohort(inCanonicalOrder(single));
  const row = new Int32Array(prep.enc.m);
  scoreRow(new RowContext(prep.enc), 0, row);
  const alternatives = [...row.keys()]
    .filter((j) => row[j]! >= 0 && prep.capacity[j]! > 0 && prep.enc.mentors[j]!.id !== pair?.mentorId)
    .sort((a, b) => row[b]! - row[a]! || a - b)
    .slice(0, ALTERNATIVES)
    .map((j) => ({ mentorId: prep.enc.mentors[j]!.id, score: row[j]! / 100 }));
  return { pair, unmatched: result.unmatched[0] ?? null, alternatives };
}
