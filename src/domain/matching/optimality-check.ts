// Proves that the optimum on the sparse candidate graph is the optimum of the full problem, by
// LP duality: the solver's duals (u, v) certify the graph's optimum, and they stay feasible for
// the full problem when every left-out pair (i, j) has points + penalty ≤ u_i + v_j.
//
// Scoring every left-out pair is most of the cost at scale, so a pair is scored only when an
// upper bound on its points could break the inequality. Left-out pairs of mentee i score at most
// cutoff[i]; besides, a pair scores at most its exact expertise plus the mentee's best possible
// rest, refined by the mentor's hours class and domain. Mentors sharing a topic with the mentee
// are found from the topic postings and bounded one by one; the others have no expertise, so a
// whole (hours class, domain) group shares one bound and, its mentors ordered cheapest first,
// its scan stops at the first mentor priced above it. Groups whose hours fail the mentee's
// minimum overlap are never visited.
import type { AssignmentSolution } from './assignment.ts';
import type { CandidateGraph } from './candidates.ts';
import { MAX_TOPICS, type EncodedCohort } from './encode-cohort.ts';
import { domainLowerBound, groupMentors } from './mentor-groups.ts';
import { MAX_POINTS } from './criteria.ts';
import { RestRows, restClasses, type RestClasses } from './rest-classes.ts';
import { RowContext, choicePoints, expertisePoints, finishPoints, restPoints } from './score-kernel.ts';

export interface Violation {
  i: number;
  j: number;
  w: number;
  excess: number;
}

export interface CheckResult {
  /** Left-out pairs that break dual feasibility, the worst ones per mentee first. */
  violations: Violation[];
  /**
   * Left-out pairs within SLACK_MARGIN of breaking (excess in (−margin, 0]), the closest per
   * mentee first: a fresh solve that gets them too is less likely to break them next round.
   */
  nearMisses: Violation[];
  /** Upper bound minus the result, in the solver's units (points + penalty per match). */
  gap: number;
  pairsRescored: number;
}

/**
 * The topic postings with each topic's mentors ordered cheapest first (index on ties), each
 * entry's price beside it so that a walk reads prices in sequence.
 */
function postingsByPrice(enc: EncodedCohort, price: Float64Array): { mentor: Int32Array; level: Uint8Array; price: Float64Array } {
  const { postingStart, postingMentor, postingLevel } = enc;
  const mentor = new Int32Array(postingMentor.length), level = new Uint8Array(postingLevel.length);
  const sortedPrice = new Float64Array(postingMentor.length);
  const order: number[] = [];
  for (let t = 0; t + 1 < postingStart.length; t++) {
    order.length = 0;
    for (let q = postingStart[t]!; q < postingStart[t + 1]!; q++) order.push(q);
    order.sort((a, b) => price[postingMentor[a]!]! - price[postingMentor[b]!]! || postingMentor[a]! - postingMentor[b]!);
    for (let x = 0; x < order.length; x++) {
      const j = postingMentor[order[x]!]!;
      mentor[postingStart[t]! + x] = j;
      level[postingStart[t]! + x] = postingLevel[order[x]!]!;
      sortedPrice[postingStart[t]! + x] = price[j]!;
    }
  }
  return { mentor, level, price: sortedPrice };
}

/** Pairs whose bound comes within this much of breaking are scored too, so a mentee's slack is known that far. */
export const SLACK_MARGIN = 100;

/**
 * Checks every mentee, or only `only` when the others are known to still pass. `slack[i]`
 * receives how much mentee i's dual may drop before one of its left-out edges could break
 * (a lower bound, exact below SLACK_MARGIN).
 */
export function checkOptimality(enc: EncodedCohort, g: CandidateGraph, sol: AssignmentSolution, keepPerMentee: number,
  only?: readonly number[], slack?: Float64Array, classes: RestClasses = restClasses(enc)): CheckResult {
  const { n, m } = g;
  const price = sol.mentorDual;
  const groups = groupMentors(enc, price);
  const { hoursStart, byHours, byHoursDomain, hoursOf, domainOf, langOf, valuesOf } = groups;
  const { a: classA, b: classB, c: classC } = classes;
  const rows = new RestRows(enc, classes);
  const { a: rowA, b: rowB, c: rowC } = rows;
  const { menteeValuePoints: valuePoints, popcount } = enc;
  let cheapest = Number.POSITIVE_INFINITY;
  for (let j = 0; j < m; j++) cheapest = Math.min(cheapest, price[j]!);
  const ctx = new RowContext(enc);
  const hoursClasses = enc.hours.mentorClasses, hoursPoints = enc.hours.points;
  const { postingStart, menteeTopics, menteeExpertisePoints, domainPoints } = enc;
  const { mentor: postingMentor, level: postingLevel, price: postingPrice } = postingsByPrice(enc, price);
  const isCandidate = new Int32Array(m).fill(-1);
  const seenFor = new Int32Array(m).fill(-1);
  const expertise = new Int32Array(m);
  const hot = new Int32Array(m);
  // A mentor is pending at most once per mentee (hot ones are skipped by the group walks).
  const pendMentor = new Int32Array(m), pendExpertise = new Int32Array(m);
  const violations: Violation[] = [];
  const mine: Violation[] = [];
  const near: Violation[] = [];
  const nearMisses: Violation[] = [];
  let gap = 0, pairsRescored = 0;
  const count = only ? only.length : n;
  for (let x0 = 0; x0 < count; x0++) {
    const i = only ? only[x0]! : x0;
    const cutoff = g.cutoff[i]!;
    if (cutoff < 0) { if (slack) slack[i] = Number.POSITIVE_INFINITY; continue; }
    const u = sol.menteeDual[i]!;
    // A pair (i, j) needs scoring only when bound − v_j > floor, i.e. it might come within the margin.
    const tau = u - sol.penalty;
    const floor = tau - SLACK_MARGIN;
    if (cutoff - cheapest <= floor) { if (slack) slack[i] = cheapest - cutoff + tau; continue; }
    ctx.load(i);
    for (let e = g.start[i]!; e < g.start[i + 1]!; e++) isCandidate[g.mentor[e]!] = i;
    mine.length = 0;
    near.length = 0;
    // Pairs to score, gathered first and scored in one loop (no closure over the counters).
    let pending = 0;
    let bestHours = 0;
    for (let h = 0; h < hoursClasses; h++) bestHours = Math.max(bestHours, hoursPoints[ctx.hoursRow + h]!);
    // Best rest without the hours and domain parts (restMax counts the domain as matched).
    const restMax = ctx.restMax;
    const restOther = restMax - bestHours - domainPoints;
    const domain = ctx.domain, lang = ctx.lang, values = ctx.values, valueBase = i * 4;
    rows.load(i);
    const careerLevel = rows.careerLevel;
    // The rest outside hours and domain, exact but for the career level (bounded) and the hard
    // rules; -1 when they share no language.
    const exactPart = (j: number): number => ((langOf[j]! & lang) === 0 ? -MAX_POINTS
      : valuePoints[valueBase + popcount[values & valuesOf[j]!]!]! + rowA[classA[j]!]! + rowB[classB[j]!]! + rowC[classC[j]!]! + careerLevel);

    // Mentors priced at or above cutoff − floor cannot break whatever they score, and that test
    // is the same in every topic's postings, so expertise still adds up over the prefixes.
    const priceLimit = cutoff - floor;
    let hotCount = 0;
    // Ranked mentors are scored whatever their price (the bounds below leave the choice bonus out).
    const choices = enc.choices;
    for (let c = choices.start[i]!; c < choices.start[i + 1]!; c++) {
      const j = choices.mentor[c]!;
      seenFor[j] = i;
      if (isCandidate[j] !== i) { pendMentor[pending] = j; pendExpertise[pending++] = expertisePoints(enc, i, j); }
    }
    for (let r = 0; r < MAX_TOPICS; r++) {
      const t = menteeTopics[i * MAX_TOPICS + r]!;
      const base = (i * MAX_TOPICS + r) * 4;
      const end = postingStart[t + 1]!;
      for (let q = postingStart[t]!; q < end; q++) {
        if (postingPrice[q]! >= priceLimit) break;
        const j = postingMentor[q]!;
        if (seenFor[j] !== i) {
          seenFor[j] = i;
          expertise[j] = 0;
          hot[hotCount++] = j;
        }
        expertise[j] = expertise[j]! + menteeExpertisePoints[base + postingLevel[q]!]!;
      }
    }
    for (let x = 0; x < hotCount; x++) {
      const j = hot[x]!;
      const ex = expertise[j]!, v = price[j]!;
      if (ex + restMax - v <= floor || isCandidate[j] === i) continue;
      const hours = hoursPoints[ctx.hoursRow + hoursOf[j]!]!;
      if (hours < 0) continue;
      const dom = domainOf[j] === domain ? domainPoints : 0;
      if (Math.min(cutoff, ex + restOther + hours + dom) - v <= floor) continue;
      if (Math.min(cutoff, ex + hours + dom + exactPart(j)) - v > floor) { pendMentor[pending] = j; pendExpertise[pending++] = ex; }
    }

    for (let h = 0; h < hoursClasses; h++) {
      const hours = hoursPoints[ctx.hoursRow + h]!;
      if (hours < 0) continue;
      const lo = hoursStart[h]!, hi = hoursStart[h + 1]!;
      if (lo === hi) continue;
      // Mentors of the mentee's domain: one more bound, on their own ordered range.
      const sameBound = Math.min(cutoff, restOther + hours + domainPoints);
      if (sameBound - cheapest > floor) {
        const end = domainLowerBound(groups, lo, hi, domain + 1);
        for (let y = domainLowerBound(groups, lo, end, domain); y < end; y++) {
          const j = byHoursDomain[y]!;
          if (sameBound - price[j]! <= floor) break;
          if (seenFor[j] !== i && isCandidate[j] !== i && Math.min(cutoff, hours + domainPoints + exactPart(j)) - price[j]! > floor) {
            pendMentor[pending] = j;
            pendExpertise[pending++] = 0;
          }
        }
      }
      const otherBound = Math.min(cutoff, restOther + hours);
      for (let y = lo; y < hi; y++) {
        const j = byHours[y]!;
        if (otherBound - price[j]! <= floor) break;
        if (seenFor[j] !== i && isCandidate[j] !== i && domainOf[j] !== domain && Math.min(cutoff, hours + exactPart(j)) - price[j]! > floor) {
          pendMentor[pending] = j;
          pendExpertise[pending++] = 0;
        }
      }
    }
    pairsRescored += pending;
    let worst = 0, least = SLACK_MARGIN;
    for (let x = 0; x < pending; x++) {
      const j = pendMentor[x]!;
      const w = finishPoints(enc, restPoints(ctx, j), pendExpertise[x]!, choicePoints(ctx, j));
      if (w < 0) continue;
      const excess = w - tau - price[j]!;
      if (-excess < least) least = -excess;
      if (excess > 0) {
        mine.push({ i, j, w, excess });
        if (excess > worst) worst = excess;
      } else if (-excess < SLACK_MARGIN) {
        near.push({ i, j, w, excess });
      }
    }
    if (slack) slack[i] = Math.max(0, least);
    gap += worst;
    mine.sort((a, b) => b.excess - a.excess || a.j - b.j);
    for (let k = 0; k < Math.min(keepPerMentee, mine.length); k++) violations.push(mine[k]!);
    near.sort((a, b) => b.excess - a.excess || a.j - b.j);
    for (let k = 0; k < Math.min(keepPerMentee - Math.min(keepPerMentee, mine.length), near.length); k++) nearMisses.push(near[k]!);
  }
  return { violations, nearMisses, gap, pairsRescored };
}
