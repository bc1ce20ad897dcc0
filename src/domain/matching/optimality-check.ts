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
import { domainLowerBound, groupMentors, type MentorGroups } from './mentor-groups.ts';
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
 * The topic postings with each topic's mentors ordered cheapest first (index on ties). Beside
 * each entry: its price, and what the rest of the pair's points need from the mentor (hours
 * class, domain, languages, values, joint classes), so that a walk reads them in sequence
 * instead of jumping to each mentor's own fields.
 */
interface PricedPostings {
  mentor: Int32Array;
  level: Uint8Array;
  price: Float64Array;
  hours: Int32Array;
  domain: Int32Array;
  lang: Int32Array;
  values: Int32Array;
  a: Int32Array;
  b: Int32Array;
  c: Int32Array;
}

function postingsByPrice(enc: EncodedCohort, price: Float64Array, groups: MentorGroups, classes: RestClasses): PricedPostings {
  const { postingStart, postingMentor, postingLevel } = enc;
  const size = postingMentor.length;
  const out: PricedPostings = {
    mentor: new Int32Array(size), level: new Uint8Array(size), price: new Float64Array(size), hours: new Int32Array(size),
    domain: new Int32Array(size), lang: new Int32Array(size), values: new Int32Array(size),
    a: new Int32Array(size), b: new Int32Array(size), c: new Int32Array(size),
  };
  const order: number[] = [];
  for (let t = 0; t + 1 < postingStart.length; t++) {
    order.length = 0;
    for (let q = postingStart[t]!; q < postingStart[t + 1]!; q++) order.push(q);
    order.sort((a, b) => price[postingMentor[a]!]! - price[postingMentor[b]!]! || postingMentor[a]! - postingMentor[b]!);
    for (let x = 0; x < order.length; x++) {
      const j = postingMentor[order[x]!]!, q = postingStart[t]! + x;
      out.mentor[q] = j;
      out.level[q] = postingLevel[order[x]!]!;
      out.price[q] = price[j]!;
      out.hours[q] = groups.hoursOf[j]!;
      out.domain[q] = groups.domainOf[j]!;
      out.lang[q] = groups.langOf[j]!;
      out.values[q] = groups.valuesOf[j]!;
      out.a[q] = classes.a[j]!;
      out.b[q] = classes.b[j]!;
      out.c[q] = classes.c[j]!;
    }
  }
  return out;
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
  const { hoursStart, byHours, byHoursDomain, domainOf, langOf, valuesOf } = groups;
  const { a: classA, b: classB, c: classC } = classes;
  const rows = new RestRows(enc, classes);
  const { a: rowA, b: rowB, c: rowC } = rows;
  const { menteeValuePoints: valuePoints, popcount } = enc;
  let cheapest = Number.POSITIVE_INFINITY;
  for (let j = 0; j < m; j++) cheapest = Math.min(cheapest, price[j]!);
  const ctx = new RowContext(enc);
  const hoursClasses = enc.hours.mentorClasses, hoursPoints = enc.hours.points;
  const { postingStart, menteeTopics, menteeExpertisePoints, domainPoints } = enc;
  const posted = postingsByPrice(enc, price, groups, classes);
  const { mentor: postingMentor, level: postingLevel, price: postingPrice, hours: postHours, domain: postDomain, lang: postLang } = posted;
  const { values: postValues, a: postA, b: postB, c: postC } = posted;
  const isCandidate = new Int32Array(m).fill(-1);
  const seenFor = new Int32Array(m).fill(-1);
  // A mentor is pending at most once per mentee (those met in a topic walk are skipped by the group walks).
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
    const domain = ctx.domain, lang = ctx.lang, values = ctx.values, valueBase = i * 4, hoursRow = ctx.hoursRow;
    rows.load(i);
    const careerLevel = rows.careerLevel;
    // The rest outside hours and domain, exact but for the career level (bounded) and the hard
    // rules; -1 when they share no language.
    const exactPart = (j: number): number => ((langOf[j]! & lang) === 0 ? -MAX_POINTS
      : valuePoints[valueBase + popcount[values & valuesOf[j]!]!]! + rowA[classA[j]!]! + rowB[classB[j]!]! + rowC[classC[j]!]! + careerLevel);

    // Mentors priced at or above cutoff − floor cannot break whatever they score.
    const priceLimit = cutoff - floor;
    // Ranked mentors are scored whatever their price (the bounds below leave the choice bonus out).
    const choices = enc.choices;
    for (let c = choices.start[i]!; c < choices.start[i + 1]!; c++) {
      const j = choices.mentor[c]!;
      seenFor[j] = i;
      if (isCandidate[j] !== i) { pendMentor[pending] = j; pendExpertise[pending++] = expertisePoints(enc, i, j); }
    }
    // Each topic's postings up to the price limit. A mentor is met first in the walk of the first
    // of the mentee's topics it shares (it is under the limit in all of them), so its expertise
    // is at most its level's share there plus the most the mentee's later topics could add. With
    // the exact rest read beside the entry, that bound dismisses nearly every entry; the others
    // get their exact expertise.
    let later = 0;
    for (let r = 0; r < MAX_TOPICS; r++) later += menteeExpertisePoints[(i * MAX_TOPICS + r) * 4 + 3]!;
    for (let r = 0; r < MAX_TOPICS; r++) {
      const t = menteeTopics[i * MAX_TOPICS + r]!;
      const base = (i * MAX_TOPICS + r) * 4;
      later -= menteeExpertisePoints[base + 3]!;
      const end = postingStart[t + 1]!;
      for (let q = postingStart[t]!; q < end; q++) {
        const v = postingPrice[q]!;
        if (v >= priceLimit) break;
        const j = postingMentor[q]!;
        if (seenFor[j] === i) continue;
        seenFor[j] = i;
        const hours = hoursPoints[hoursRow + postHours[q]!]!;
        if (hours < 0 || (postLang[q]! & lang) === 0 || isCandidate[j] === i) continue;
        const part = hours + (postDomain[q] === domain ? domainPoints : 0) + valuePoints[valueBase + popcount[values & postValues[q]!]!]!
          + rowA[postA[q]!]! + rowB[postB[q]!]! + rowC[postC[q]!]! + careerLevel;
        if (Math.min(cutoff, menteeExpertisePoints[base + postingLevel[q]!]! + later + part) - v <= floor) continue;
        const ex = expertisePoints(enc, i, j);
        if (Math.min(cutoff, ex + part) - v > floor) { pendMentor[pending] = j; pendExpertise[pending++] = ex; }
      }
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
