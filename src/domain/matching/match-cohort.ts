// The whole-cohort matching (SPEC §5): score, build the sparse candidate graph, solve it
// exactly, prove the result optimal for the full problem (widening the graph where the proof
// fails), then explain every pair and every mentee left out.
import { buildCandidates, widenGraph, type CandidateGraph } from './candidates.ts';
import { MAX_POINTS } from './criteria.ts';
import { solveAssignment, type AssignmentSolution } from './assignment.ts';
import { checkOptimality } from './optimality-check.ts';
import { prepareCohort } from './prepare-cohort.ts';
import { pairReasons } from './reasons.ts';
import { buildReport } from './report.ts';
import { evaluatePair } from './score-pair.ts';
import { RowContext } from './score-kernel.ts';
import type { MatchInput, MatchOptions, MatchResult, MatchedPair, OptimalityStatus, UnmatchedMentee } from './types.ts';
import { explainUnmatched } from './unmatched-reasons.ts';
import { MATCH_CRITERIA } from '../program-settings.ts';

export const DEFAULT_CANDIDATES_PER_MENTEE = 12;
export const DEFAULT_WIDENING_ROUNDS = 4;
/** Left-out edges added per mentee and round when the proof fails (the worst offenders). */
const WIDEN_PER_MENTEE = 24;

export type MatchPhase = 'scoring' | 'candidates' | 'solve' | 'check' | 'explain';

export interface MatchProfile {
  /** Milliseconds per phase, summed over widening rounds. */
  phases: Record<MatchPhase, number>;
  pairsRescored: number;
}

export function matchCohort(input: MatchInput, options: MatchOptions = {}): MatchResult {
  return matchCohortProfiled(input, options).result;
}

/** Same as matchCohort, timing each phase with `now` (milliseconds) for benchmarks. */
export function matchCohortProfiled(input: MatchInput, options: MatchOptions = {}, now: () => number = () => 0):
  { result: MatchResult; profile: MatchProfile } {
  const phases: Record<MatchPhase, number> = { scoring: 0, candidates: 0, solve: 0, check: 0, explain: 0 };
  let clock = now();
  const lap = (phase: MatchPhase): void => {
    const t = now();
    phases[phase] += t - clock;
    clock = t;
  };

  const prep = prepareCohort(input);
  const { enc } = prep;
  const active = new Uint8Array(enc.n);
  for (let i = 0; i < enc.n; i++) if (prep.pinnedTo[i] === -1) active[i] = 1;
  lap('scoring');

  const k = Math.max(1, options.candidatesPerMentee ?? DEFAULT_CANDIDATES_PER_MENTEE);
  let graph: CandidateGraph = buildCandidates(enc, k, active);
  lap('candidates');

  const maxRounds = options.maxWideningRounds ?? DEFAULT_WIDENING_ROUNDS;
  let solution: AssignmentSolution;
  let rounds = 0, pairsRescored = 0, gap: number;
  for (;;) {
    solution = solveAssignment(graph, prep.capacity, input.settings.objective);
    lap('solve');
    const check = checkOptimality(enc, graph, solution, WIDEN_PER_MENTEE);
    pairsRescored += check.pairsRescored;
    gap = check.gap;
    lap('check');
    if (check.violations.length === 0 || rounds >= maxRounds) break;
    graph = widenGraph(graph, check.violations);
    rounds++;
  }

  const pairs: MatchedPair[] = [];
  const unmatched: UnmatchedMentee[] = [];
  const ctx = new RowContext(enc);
  const row = new Int32Array(enc.m);
  for (let i = 0; i < enc.n; i++) {
    const pinned = prep.pinnedTo[i]!;
    const j = pinned >= 0 ? pinned : solution.mentorOf[i]!;
    if (j < 0) {
      unmatched.push(explainUnmatched(enc, i, ctx, row));
      continue;
    }
    const ev = evaluatePair(enc, i, j);
    const reasons = pairReasons(enc, i, j, ev);
    pairs.push({
      menteeId: enc.mentees[i]!.id,
      mentorId: enc.mentors[j]!.id,
      score: ev.points / 100,
      breakdown: Object.fromEntries(MATCH_CRITERIA.map((c) => [c, ev.breakdown[c] / 100])) as MatchedPair['breakdown'],
      reasons: pinned >= 0 ? [{ code: 'pinned' }, ...reasons] : reasons,
      pinned: pinned >= 0,
    });
  }
  const capacityBefore = new Int32Array(prep.capacity);
  for (let i = 0; i < enc.n; i++) if (prep.pinnedTo[i]! >= 0) capacityBefore[prep.pinnedTo[i]!]!++;
  // In participation units one more match is worth `penalty` and points can move by at most
  // MAX_POINTS per mentee, which bounds what the gap can hide.
  const matchedGap = solution.penalty > 0 ? Math.floor((gap + MAX_POINTS * enc.n) / solution.penalty) : 0;
  const optimality: OptimalityStatus = {
    status: gap > 0 ? 'gap' : 'optimal',
    matchedGap,
    scoreGap: (matchedGap > 0 ? Math.max(0, gap - matchedGap * solution.penalty) : gap) / 100,
    wideningRounds: rounds,
    candidateEdges: graph.mentor.length,
  };
  const report = buildReport({
    objective: input.settings.objective, mentees: enc.n, pairs, unmatched, mentorIds: enc.mentors.map((r) => r.id),
    capacity: capacityBefore, lockedPairs: prep.lockedPairs, optimality, rejectedPins: prep.rejectedPins,
  });
  lap('explain');
  return { result: { pairs, unmatched, report }, profile: { phases, pairsRescored } };
}
