// Proves that the optimum on the sparse candidate graph is the optimum of the full problem, by
// LP duality: the solver's duals (u, v) certify the graph's optimum, and they stay feasible for
// the full problem when every left-out pair (i, j) has points + penalty ≤ u_i + v_j.
// Left-out pairs of mentee i score at most cutoff[i], so only mentors with
// v_j < cutoff[i] + penalty − u_i can break it; mentors are visited cheapest price first and the
// scan of a mentee stops at the first mentor priced above that bound.
import type { AssignmentSolution } from './assignment.ts';
import type { CandidateGraph } from './candidates.ts';
import type { EncodedCohort } from './encode-cohort.ts';
import { RowContext, expertisePoints, finishPoints, restPoints } from './score-kernel.ts';

export interface Violation {
  i: number;
  j: number;
  w: number;
  excess: number;
}

export interface CheckResult {
  /** Left-out pairs that break dual feasibility, the worst ones per mentee first. */
  violations: Violation[];
  /** Upper bound minus the result, in the solver's units (points + penalty per match). */
  gap: number;
  pairsRescored: number;
}

/** Mentors priced up to this much above a mentee's bound are scanned too, so its slack is known that far. */
export const SLACK_MARGIN = 100;

/**
 * Checks every mentee, or only `only` when the others are known to still pass. `slack[i]`
 * receives how much mentee i's dual may drop before one of its left-out edges could break.
 */
export function checkOptimality(enc: EncodedCohort, g: CandidateGraph, sol: AssignmentSolution, keepPerMentee: number,
  only?: readonly number[], slack?: Float64Array): CheckResult {
  const { n, m } = g;
  const ctx = new RowContext(enc);
  const byPrice = Int32Array.from({ length: m }, (_, j) => j).sort((a, b) => sol.mentorDual[a]! - sol.mentorDual[b]! || a - b);
  const price = Float64Array.from(byPrice, (j) => sol.mentorDual[j]!);
  const isCandidate = new Int32Array(m).fill(-1);
  const violations: Violation[] = [];
  const mine: Violation[] = [];
  let gap = 0, pairsRescored = 0;
  const count = only ? only.length : n;
  for (let x0 = 0; x0 < count; x0++) {
    const i = only ? only[x0]! : x0;
    const cutoff = g.cutoff[i]!;
    if (cutoff < 0) { if (slack) slack[i] = Number.POSITIVE_INFINITY; continue; }
    const u = sol.menteeDual[i]!;
    const bound = cutoff + sol.penalty - u;
    if (bound + SLACK_MARGIN <= price[0]!) { if (slack) slack[i] = price[0]! - bound; continue; }
    ctx.load(i);
    for (let e = g.start[i]!; e < g.start[i + 1]!; e++) isCandidate[g.mentor[e]!] = i;
    mine.length = 0;
    let worst = 0, least = SLACK_MARGIN;
    const limit = bound + SLACK_MARGIN;
    let scanned = 0;
    while (scanned < m && price[scanned]! < limit) scanned++;
    // A long prefix is cheaper walked in mentor order (sequential memory) than in price order.
    const inOrder = scanned > m >> 3;
    for (let x = 0; x < (inOrder ? m : scanned); x++) {
      const j = inOrder ? x : byPrice[x]!;
      const v = sol.mentorDual[j]!;
      if (v >= limit || isCandidate[j] === i) continue;
      pairsRescored++;
      const rest = restPoints(ctx, j);
      if (rest < 0) continue;
      const w = finishPoints(enc, rest, expertisePoints(enc, i, j));
      if (w < 0) continue;
      const excess = w + sol.penalty - u - v;
      if (-excess < least) least = -excess;
      if (excess > 0) {
        mine.push({ i, j, w, excess });
        if (excess > worst) worst = excess;
      }
    }
    const x = scanned;
    if (slack) slack[i] = Math.max(0, Math.min(least, x < m ? price[x]! - bound : Number.POSITIVE_INFINITY));
    gap += worst;
    mine.sort((a, b) => b.excess - a.excess || a.j - b.j);
    for (let k = 0; k < Math.min(keepPerMentee, mine.length); k++) violations.push(mine[k]!);
  }
  return { violations, gap, pairsRescored };
}
