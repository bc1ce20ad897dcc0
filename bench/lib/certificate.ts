// The benchmark's own proof that a match is optimal, independent of the matcher's shortcuts: every
// pair of the cohort is scored with the plain kernel (one mentee against every mentor: no candidate
// lists, no bounds, no postings), and only the price of each mentor's seat is taken from the
// matcher. LP duality then gives an upper bound on every possible assignment:
//   any assignment ≤ Σ_i max(0, max_j (weight(i, j) + penalty − price_j)) + Σ_j seats_j · price_j
// for any prices ≥ 0 (each mentee takes at most one pair, each mentor at most its seats). When that
// bound equals the result's value Σ (weight + penalty) over its pairs, nothing can beat the result.
// It does exactly when every mentee's pair is its best buy at those prices (an unmatched mentee
// has none worth its price) and no mentor with a seat left has a price. Weights are integers
// (hundredths of a point, plus the choice bonus, plus the participation penalty), so every
// comparison is exact.
import { prepareCohort } from '../../src/domain/matching/prepare-cohort.ts';
import { RowContext, scoreRow } from '../../src/domain/matching/score-kernel.ts';
import { inCanonicalOrder } from '../../src/domain/matching/tie-break.ts';
import type { MatchPrices } from '../../src/domain/matching/match-cohort.ts';
import type { MatchInput, MatchResult } from '../../src/domain/matching/types.ts';

export interface CertificateCheck {
  /** Allowed pairs scored (mentee without pin or lock × mentor with a seat). */
  pairs: number;
  /** The result's value and the bound from the prices (solver units); equal for a proof. */
  primal: number;
  bound: number;
  /** Mentees with a better buy than their pair at those prices; mentors with a seat left and a price. */
  envious: number;
  pricedSpare: number;
  /** What went wrong, one line each (at most 20); empty when the result is proven optimal. */
  problems: string[];
}

export function verifyCertificate(given: MatchInput, result: MatchResult, prices: MatchPrices): CertificateCheck {
  const { enc, capacity, pinnedTo } = prepareCohort(inCanonicalOrder(given));
  const problems: string[] = [];
  const problem = (line: string): void => { if (problems.length < 20) problems.push(line); };
  const P = prices.penalty;

  const v = new Float64Array(enc.m);
  let bound = 0;
  for (let j = 0; j < enc.m; j++) {
    const id = enc.mentors[j]!.id;
    const price = prices.mentor.get(id);
    if (price === undefined || Number.isNaN(price)) { problem(`no price for mentor ${id}`); continue; }
    // The bound holds for any prices ≥ 0; a mentor no mentee can take may come with a negative one.
    v[j] = Math.max(0, price);
    bound += capacity[j]! * v[j]!;
  }
  const mentorIndex = new Map(enc.mentors.map((r, j) => [r.id, j] as const));
  const mentorOf = new Map<string, number>();
  const inProblem = new Set<string>();
  for (let i = 0; i < enc.n; i++) if (pinnedTo[i] === -1) inProblem.add(enc.mentees[i]!.id);
  for (const p of result.pairs) {
    if (p.pinned) continue;
    const j = mentorIndex.get(p.mentorId);
    if (!inProblem.has(p.menteeId)) problem(`pair ${p.menteeId}–${p.mentorId}: unknown, pinned or locked mentee`);
    else if (j === undefined) problem(`pair ${p.menteeId}–${p.mentorId}: unknown mentor`);
    else if (mentorOf.has(p.menteeId)) problem(`mentee ${p.menteeId}: more than one pair`);
    else mentorOf.set(p.menteeId, j);
  }

  const ctx = new RowContext(enc);
  const row = new Int32Array(enc.m);
  const seatsUsed = new Int32Array(enc.m);
  let pairs = 0, primal = 0, envious = 0, pricedSpare = 0;
  for (let i = 0; i < enc.n; i++) {
    if (pinnedTo[i] !== -1) continue;
    const id = enc.mentees[i]!.id;
    scoreRow(ctx, i, row);
    let best = 0, bestJ = -1;
    for (let j = 0; j < enc.m; j++) {
      const w = row[j]!;
      if (w < 0 || capacity[j]! <= 0) continue;
      pairs++;
      const surplus = w + P - v[j]!;
      if (surplus > best) { best = surplus; bestJ = j; }
    }
    bound += best;
    let own = 0;
    const j = mentorOf.get(id);
    if (j !== undefined) {
      if (row[j]! < 0 || capacity[j]! <= 0) { problem(`pair ${id}–${enc.mentors[j]!.id} is not allowed`); continue; }
      primal += row[j]! + P;
      own = row[j]! + P - v[j]!;
      if (++seatsUsed[j]! > capacity[j]!) problem(`mentor ${enc.mentors[j]!.id}: more mentees than seats`);
    }
    if (best > own) {
      envious++;
      problem(`mentee ${id}: ${enc.mentors[bestJ]!.id} is worth ${best - own} more than ${j === undefined ? 'staying unmatched' : 'their pair'} at the prices`);
    }
  }
  for (let j = 0; j < enc.m; j++) {
    if (seatsUsed[j]! < capacity[j]! && v[j]! > 0) {
      pricedSpare++;
      problem(`mentor ${enc.mentors[j]!.id}: a seat left, and a price of ${v[j]!}`);
    }
  }
  if (primal !== bound) problem(`the result is worth ${primal}, the bound ${bound}`);
  return { pairs, primal, bound, envious, pricedSpare, problems };
}
