// The whole-cohort matching (SPEC §5): score, build the sparse candidate graph, solve it
// exactly, prove the result optimal for the full problem (widening the graph where the proof
// fails), then explain every pair and every mentee left out.
import { DEFAULT_PER_MENTOR, buildCandidates, widenGraph, type CandidateGraph } from './candidates.ts';
import { MAX_POINTS } from './criteria.ts';
import { solveAssignment, type AssignmentSolution } from './assignment.ts';
import { checkOptimality, recheckAfterSolve, recheckInGroups } from './optimality-check.ts';
import { prepareCohort } from './prepare-cohort.ts';
import { restClasses } from './rest-classes.ts';
import { pairReasons } from './reasons.ts';
import { buildReport } from './report.ts';
import { evaluatePair } from './score-pair.ts';
import { RowContext } from './score-kernel.ts';
import type { MatchInput, MatchOptions, MatchResult, MatchedPair, OptimalityStatus, UnmatchedMentee } from './types.ts';
import { ConstraintCounter, explainUnmatched } from './unmatched-reasons.ts';
import { repairWithNewEdges } from './warm-repair.ts';
import { MATCH_CRITERIA } from '../program-settings.ts';
import { inCanonicalOrder } from './tie-break.ts';
import { choiceStats } from './choice-stats.ts';

export const DEFAULT_CANDIDATES_PER_MENTEE = 12;
export const DEFAULT_WIDENING_ROUNDS = 20;
/** Left-out edges added per mentee and round when the proof fails (the worst offenders). */
const DEFAULT_WIDEN_PER_MENTEE = 24;
/** Up to this many new edges (or n/20) are absorbed by warm repair rather than a fresh solve. */
const MIN_REPAIR_BATCH = 200;

/** From this many mentees, a partial check after a repair is split by how far each may fall. */
const PARTIAL_IN_GROUPS_FROM = 1_000;

export type MatchPhase = 'scoring' | 'candidates' | 'solve' | 'check' | 'explain';

export interface MatchProfile {
  /** Milliseconds per phase, summed over widening rounds. */
  phases: Record<MatchPhase, number>;
  pairsRescored: number;
  /** The final seat prices, for a proof checked outside the matcher (bench/lib/certificate.ts). */
  prices: MatchPrices;
}

/**
 * The price of each mentor's seat (the solver's dual, by mentor id), in the optimiser's units: a
 * pair weighs its points (hundredths) plus its choice bonus plus `penalty` (participation only).
 */
export interface MatchPrices {
  mentor: Map<string, number>;
  penalty: number;
}

export function matchCohort(input: MatchInput, options: MatchOptions = {}): MatchResult {
  return matchCohortProfiled(input, options).result;
}

/** Same as matchCohort, timing each phase with `now` (milliseconds) for benchmarks. */
export function matchCohortProfiled(given: MatchInput, options: MatchOptions = {}, now: () => number = () => 0):
  { result: MatchResult; profile: MatchProfile } {
  // The solver breaks ties by index: it sees people in the seeded canonical order, never in the
  // caller's order (tie-break.ts); results are handed back in the caller's mentee order.
  const input = inCanonicalOrder(given);
  const position = new Map<string, number>();
  given.mentees.forEach((e, k) => { if (!position.has(e.id)) position.set(e.id, k); });
  const byPosition = (a: { menteeId: string }, b: { menteeId: string }): number =>
    position.get(a.menteeId)! - position.get(b.menteeId)!;
  const phases: Record<MatchPhase, number> = { scoring: 0, candidates: 0, solve: 0, check: 0, explain: 0 };
  let clock = now();
  const lap = (phase: MatchPhase): void => {
    const t = now();
    phases[phase] += t - clock;
    clock = t;
  };

  const prep = prepareCohort(input);
  const { enc } = prep;
  // A ranked pair weighs its fit plus its choice bonus: the participation penalty must outweigh that.
  const maxPoints = MAX_POINTS + enc.choices.maxPoints;
  const active = new Uint8Array(enc.n);
  for (let i = 0; i < enc.n; i++) if (prep.pinnedTo[i] === -1) active[i] = 1;
  lap('scoring');

  const k = Math.max(1, options.candidatesPerMentee ?? DEFAULT_CANDIDATES_PER_MENTEE);
  const classes = restClasses(enc);
  let graph: CandidateGraph = buildCandidates(enc, k, active, Math.max(0, options.candidatesPerMentor ?? DEFAULT_PER_MENTOR), classes);
  lap('candidates');

  const maxRounds = options.maxWideningRounds ?? DEFAULT_WIDENING_ROUNDS;
  const repairLimit = options.maxRepairEdges ?? Math.max(MIN_REPAIR_BATCH, enc.n / 20);
  let solution: AssignmentSolution = solveAssignment(graph, prep.capacity, input.settings.objective, maxPoints);
  lap('solve');
  const slack = new Float64Array(enc.n);
  const dropped = new Float64Array(enc.n);
  // Mentor potentials' fall since the last full check, and whether a partial check came since
  // (after one, mentees' slacks date from different moments, and the mentor falls cannot be used).
  const mentorDropped = new Float64Array(enc.m);
  let partialSinceFull = false;
  const groupedFrom = options.groupedRecheckFrom ?? PARTIAL_IN_GROUPS_FROM;
  const widenPerMentee = Math.max(1, options.widenPerMentee ?? DEFAULT_WIDEN_PER_MENTEE);
  let check = checkOptimality(enc, graph, solution, widenPerMentee, undefined, slack, classes);
  let rounds = 0, pairsRescored = check.pairsRescored;
  lap('check');
  while (check.violations.length > 0 && rounds < maxRounds) {
    rounds++;
    if (check.violations.length > repairLimit) {
      // The fresh solve will move many duals: pairs that nearly broke are taken in as well.
      graph = widenGraph(graph, [...check.violations, ...check.nearMisses]);
      // Many new edges: a fresh solve is cheaper than one repair search per edge.
      const before = solution;
      solution = solveAssignment(graph, prep.capacity, input.settings.objective, maxPoints);
      lap('solve');
      // After a check of every mentee (none partial since), the check after the fresh solve is
      // split by how far each side moved (recheckAfterSolve): the last check's widened slacks hold
      // for every mentee. After a partial one, the slacks of the others are older.
      check = !partialSinceFull && enc.n >= groupedFrom
        ? recheckAfterSolve(enc, graph, before, solution, widenPerMentee, check, slack, classes)
        : checkOptimality(enc, graph, solution, widenPerMentee, undefined, slack, classes);
      dropped.fill(0);
      mentorDropped.fill(0);
      partialSinceFull = false;
    } else {
      graph = widenGraph(graph, check.violations);
      // A pair's dual sum only falls when its mentee's dual does, so besides the mentees that had
      // violations (they may have more than were added), only those whose dual fell further
      // than their slack need their left-out edges checked again.
      const hadViolations = new Set(check.violations.map((v) => v.i));
      const recheck = new Set(hadViolations);
      const repaired = repairWithNewEdges(graph, prep.capacity, solution, check.violations);
      solution = repaired.solution;
      for (let i = 0; i < enc.n; i++) {
        dropped[i] = dropped[i]! + repaired.drop[i]!;
        if (dropped[i]! > slack[i]!) recheck.add(i);
      }
      for (let j = 0; j < enc.m; j++) mentorDropped[j] = mentorDropped[j]! + repaired.mentorDrop[j]!;
      lap('solve');
      const only = [...recheck].sort((a, b) => a - b);
      check = partialSinceFull || only.length < groupedFrom
        ? checkOptimality(enc, graph, solution, widenPerMentee, only, slack, classes)
        : recheckInGroups(enc, graph, solution, widenPerMentee, only, hadViolations, slack, dropped, mentorDropped, classes);
      for (const i of only) dropped[i] = 0;
      partialSinceFull = true;
    }
    pairsRescored += check.pairsRescored;
    lap('check');
  }
  const gap = check.gap;

  const pairs: MatchedPair[] = [];
  const unmatched: UnmatchedMentee[] = [];
  const ctx = new RowContext(enc);
  const row = new Int32Array(enc.m);
  const counter = new ConstraintCounter(enc);
  for (let i = 0; i < enc.n; i++) {
    const pinned = prep.pinnedTo[i]!;
    const j = pinned >= 0 ? pinned : solution.mentorOf[i]!;
    if (j < 0) {
      unmatched.push(explainUnmatched(enc, i, ctx, row, counter));
      continue;
    }
    const ev = evaluatePair(enc, i, j);
    const reasons = pairReasons(enc, i, j, ev);
    pairs.push({
      menteeId: enc.mentees[i]!.id,
      mentorId: enc.mentors[j]!.id,
      score: ev.points / 100,
      breakdown: Object.fromEntries(MATCH_CRITERIA.map((c) => [c, ev.breakdown[c] / 100])) as MatchedPair['breakdown'],
      reasons: pinned >= 0 ? [{ code: 'pinned' }, ...reasons] : ev.choiceRank > 0 ? [{ code: 'choice', rank: ev.choiceRank }, ...reasons] : reasons,
      pinned: pinned >= 0,
      ...(ev.choiceRank > 0 ? { choiceRank: ev.choiceRank } : {}),
    });
  }
  const capacityBefore = new Int32Array(prep.capacity);
  for (let i = 0; i < enc.n; i++) if (prep.pinnedTo[i]! >= 0) capacityBefore[prep.pinnedTo[i]!]!++;
  // In participation units one more match is worth `penalty` and points can move by at most
  // maxPoints per mentee, which bounds what the gap can hide.
  const matchedGap = solution.penalty > 0 ? Math.floor((gap + maxPoints * enc.n) / solution.penalty) : 0;
  const optimality: OptimalityStatus = {
    status: gap > 0 ? 'gap' : 'optimal',
    matchedGap,
    scoreGap: (matchedGap > 0 ? Math.max(0, gap - matchedGap * solution.penalty) : gap) / 100,
    wideningRounds: rounds,
    candidateEdges: graph.mentor.length,
  };
  pairs.sort(byPosition);
  unmatched.sort(byPosition);
  const report = buildReport({
    objective: input.settings.objective, mentees: enc.n, pairs, unmatched, mentorIds: enc.mentors.map((r) => r.id),
    capacity: capacityBefore, lockedPairs: prep.lockedPairs, optimality, rejectedPins: prep.rejectedPins,
    seed: input.seed ?? 0, choices: choiceStats(enc, prep.pinnedTo, solution.mentorOf),
  });
  lap('explain');
  const prices: MatchPrices = { mentor: new Map(), penalty: solution.penalty };
  for (let j = 0; j < enc.m; j++) prices.mentor.set(enc.mentors[j]!.id, solution.mentorDual[j]!);
  return { result: { pairs, unmatched, report }, profile: { phases, pairsRescored, prices } };
}
