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
import { mentorFields, putMentor, type MentorFields } from './level-postings.ts';
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
  /**
   * For each mentee checked, its slack once the violations and near misses returned for it are in
   * the graph (a fresh solve takes both): what its other left-out pairs keep. A lower bound, as
   * `slack` is; 0 for the mentees in `overflowing`.
   */
  widenedSlack: Float64Array;
  /** Mentees with more violations than were returned: some of their left-out pairs still break. */
  overflowing: number[];
}

/**
 * The topic postings, twice. First each topic's mentors ordered cheapest first (index on ties);
 * then, from `size` on, each topic ordered by working-hours class, then price, in runs of one
 * class: there each class has its own price limit (the mentee's points for those hours), so a
 * walk skips the classes the mentee's hours rule out and stops early in those they make poor.
 * A mentee walks a topic in the second order only when the first would make it read many more
 * entries than the topic has runs. Beside each entry: its price, and what the rest of the pair's
 * points need from the mentor (hours class, domain, languages, values, joint classes), so that a
 * walk reads them in sequence instead of jumping to each mentor's own fields.
 */
interface PricedPostings extends MentorFields {
  level: Uint8Array;
  price: Float64Array;
  /** Topic t's runs are runStart[t] .. runStart[t+1]-1. */
  runStart: Int32Array;
  /** Each run's hours class and its first and last-plus-one positions. */
  runHours: Int32Array;
  runFrom: Int32Array;
  runTo: Int32Array;
}

/** Where a partial check split by how far each mentee may fall (recheckInGroups) may cut: every 5 % of its mentees. */
const RECHECK_CUTS = 20;
/** One more group costs about as much as checking this share of the mentors' count in mentees, every mentor seen (its postings are built again). */
const RECHECK_BUILD_SHARE = 1 / 50;

/** A topic is walked by runs when its entries under the price limit are this many times its runs. */
export const ENTRIES_PER_RUN = 3;

function postingsByPrice(enc: EncodedCohort, price: Float64Array, groups: MentorGroups, classes: RestClasses): PricedPostings {
  const { postingStart, postingMentor, postingLevel } = enc;
  const size = postingMentor.length;
  const out: PricedPostings = {
    ...mentorFields(2 * size), level: new Uint8Array(2 * size), price: new Float64Array(2 * size),
    runStart: new Int32Array(postingStart.length), runHours: new Int32Array(0), runFrom: new Int32Array(0), runTo: new Int32Array(0),
  };
  const put = (q: number, from: number): void => {
    const j = postingMentor[from]!;
    putMentor(out, q, j, groups, classes);
    out.level[q] = postingLevel[from]!;
    out.price[q] = price[j]!;
  };
  const byPrice = (x: number, y: number): number => price[postingMentor[x]!]! - price[postingMentor[y]!]! || postingMentor[x]! - postingMentor[y]!;
  const byHours = (x: number, y: number): number => groups.hoursOf[postingMentor[x]!]! - groups.hoursOf[postingMentor[y]!]! || byPrice(x, y);
  const runHours: number[] = [], runFrom: number[] = [], runTo: number[] = [];
  const order: number[] = [];
  // A topic at a time, in a function of its own (compiled once, see checkMentee).
  const sortTopic = (t: number): void => {
    order.length = 0;
    for (let q = postingStart[t]!; q < postingStart[t + 1]!; q++) order.push(q);
    order.sort(byPrice);
    for (let x = 0; x < order.length; x++) put(postingStart[t]! + x, order[x]!);
    order.sort(byHours);
    for (let x = 0; x < order.length; x++) {
      const q = size + postingStart[t]! + x;
      put(q, order[x]!);
      if (x === 0 || out.hours[q - 1] !== out.hours[q]) {
        runHours.push(out.hours[q]!);
        runFrom.push(q);
        runTo.push(q + 1);
      } else {
        runTo[runTo.length - 1] = q + 1;
      }
    }
    out.runStart[t + 1] = runHours.length;
  };
  for (let t = 0; t + 1 < postingStart.length; t++) sortTopic(t);
  out.runHours = Int32Array.from(runHours);
  out.runFrom = Int32Array.from(runFrom);
  out.runTo = Int32Array.from(runTo);
  return out;
}

/** The first position in [lo, hi) whose price is at least `limit` (prices ascending there). */
function priceBound(price: Float64Array, lo: number, hi: number, limit: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (price[mid]! < limit) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/** Pairs whose bound comes within this much of breaking are scored too, so a mentee's slack is known that far. */
export const SLACK_MARGIN = 100;

/**
 * Mentors a partial check may leave out because none of their left-out pairs with the mentees
 * checked can break (see recheckInGroups: after a repair, a mentor whose potential fell at least
 * as far as a mentee's fall minus its slack keeps every pair with it), and for each mentee a cap
 * on its slack: what the pairs with the mentors left out are known to keep.
 */
export interface HiddenMentors {
  mentor: Uint8Array;
  slackCap: Float64Array;
}

/**
 * Checks every mentee, or only `only` when the others are known to still pass. `slack[i]`
 * receives how much mentee i's dual may drop before one of its left-out edges could break
 * (a lower bound, exact below SLACK_MARGIN). With `hidden`, the mentors it flags are never met
 * (they are priced out of every walk) and each checked mentee's slack is capped by its `slackCap`.
 */
export function checkOptimality(enc: EncodedCohort, g: CandidateGraph, sol: AssignmentSolution, keepPerMentee: number,
  only?: readonly number[], slack?: Float64Array, classes: RestClasses = restClasses(enc), entriesPerRun = ENTRIES_PER_RUN,
  hidden?: HiddenMentors): CheckResult {
  const st = checkState(enc, g, sol, keepPerMentee, slack, classes, entriesPerRun, hidden);
  if (only) for (const i of only) checkMentee(st, i);
  else for (let i = 0; i < g.n; i++) checkMentee(st, i);
  return {
    violations: st.violations, nearMisses: st.nearMisses, gap: st.gap, pairsRescored: st.pairsRescored,
    widenedSlack: st.widenedSlack, overflowing: st.overflowing,
  };
}

/** What each mentee's check reads, built once per check. */
function checkState(enc: EncodedCohort, g: CandidateGraph, sol: AssignmentSolution, keepPerMentee: number,
  slack: Float64Array | undefined, classes: RestClasses, entriesPerRun: number, hidden: HiddenMentors | undefined) {
  const { m } = g;
  // The walks' order and stops: a hidden mentor is priced beyond every limit, so no walk meets it.
  // A pair's excess is always taken at the mentor's true price (`truePrice`).
  const truePrice = sol.mentorDual;
  const price = hidden ? truePrice.map((v, j) => (hidden.mentor[j] ? Number.POSITIVE_INFINITY : v)) : truePrice;
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
  const { values: postValues, a: postA, b: postB, c: postC, runStart, runHours, runFrom, runTo } = posted;
  const isCandidate = new Int32Array(m).fill(-1);
  const seenFor = new Int32Array(m).fill(-1);
  // A mentor is pending at most once per mentee (those met in a topic walk are skipped by the group walks).
  const pendMentor = new Int32Array(m), pendExpertise = new Int32Array(m);
  const violations: Violation[] = [];
  const mine: Violation[] = [];
  const near: Violation[] = [];
  const nearMisses: Violation[] = [];
  return {
    g, slack, sol, hidden, cheapest, ctx, isCandidate, mine, near, hoursClasses, hoursPoints, rows, rowA,
    rowB, rowC, domainPoints, valuePoints, popcount, langOf, valuesOf, classA, classB, classC, enc, seenFor,
    pendMentor, pendExpertise, menteeTopics, menteeExpertisePoints, runStart, runHours, runFrom, runTo,
    postingStart, postingPrice, postingMentor, postingLevel, postHours, postLang, postDomain, postValues,
    postA, postB, postC, entriesPerRun, hoursStart, groups, byHoursDomain, byHours, domainOf, price,
    truePrice, keepPerMentee, violations, nearMisses,
    gap: 0, pairsRescored: 0, widenedSlack: new Float64Array(g.n), overflowing: [] as number[],
  };
}

type CheckState = ReturnType<typeof checkState>;

/**
 * One mentee's check. It is a function of its own, at module level: the optimising compiler then
 * compiles it once for all the checks of a match (a closure made by each check was compiled again
 * each time), and once for the whole loop instead of again on each exit from an on-stack-replaced
 * inner loop.
 */
function checkMentee(st: CheckState, i: number): void {
  const {
    g, slack, sol, hidden, cheapest, ctx, isCandidate, mine, near, hoursClasses, hoursPoints, rows, rowA,
    rowB, rowC, domainPoints, valuePoints, popcount, langOf, valuesOf, classA, classB, classC, enc, seenFor,
    pendMentor, pendExpertise, menteeTopics, menteeExpertisePoints, runStart, runHours, runFrom, runTo,
    postingStart, postingPrice, postingMentor, postingLevel, postHours, postLang, postDomain, postValues,
    postA, postB, postC, entriesPerRun, hoursStart, groups, byHoursDomain, byHours, domainOf, price,
    truePrice, keepPerMentee, violations, nearMisses, widenedSlack,
  } = st;
  const cutoff = g.cutoff[i]!;
  if (cutoff < 0) {
    if (slack) slack[i] = Number.POSITIVE_INFINITY;
    widenedSlack[i] = Number.POSITIVE_INFINITY;
    return;
  }
  const u = sol.menteeDual[i]!;
  // A pair (i, j) needs scoring only when bound − v_j > floor, i.e. it might come within the margin.
  const tau = u - sol.penalty;
  const floor = tau - SLACK_MARGIN;
  const cap = hidden ? hidden.slackCap[i]! : Number.POSITIVE_INFINITY;
  if (cutoff - cheapest <= floor) {
    if (slack) slack[i] = Math.min(cap, cheapest - cutoff + tau);
    widenedSlack[i] = Math.min(cap, cheapest - cutoff + tau);
    return;
  }
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
  // rules, from a mentor's values and joint classes; exactPart: from the mentor's own fields,
  // -MAX_POINTS when they share no language.
  const restOf = (mentorValues: number, a: number, b: number, c: number): number =>
    valuePoints[valueBase + popcount[values & mentorValues]!]! + rowA[a]! + rowB[b]! + rowC[c]! + careerLevel;
  const exactPart = (j: number): number => ((langOf[j]! & lang) === 0 ? -MAX_POINTS : restOf(valuesOf[j]!, classA[j]!, classB[j]!, classC[j]!));

  // Mentors priced at or above cutoff − floor cannot break whatever they score.
  const priceLimit = cutoff - floor;
  // Ranked mentors are scored whatever their price (the bounds below leave the choice bonus out).
  const choices = enc.choices;
  for (let c = choices.start[i]!; c < choices.start[i + 1]!; c++) {
    const j = choices.mentor[c]!;
    seenFor[j] = i;
    if (isCandidate[j] !== i) { pendMentor[pending] = j; pendExpertise[pending++] = expertisePoints(enc, i, j); }
  }
  // Each topic's postings up to the price limit (each hours class's own limit in a split
  // topic). A mentor that could break is under its limit in every topic it shares, so it is met
  // first in the walk of the first of them, where its expertise is at most its level's share
  // plus the most the mentee's later topics could add. With the exact rest read beside the
  // entry, that bound dismisses nearly every entry; the others get their exact expertise. A
  // mentor met first in a later topic, or never, could not break (its price is above what its
  // first shared topic allowed for its hours): the bound may dismiss it, and the group walks
  // below stop before it.
  let later = 0;
  for (let r = 0; r < MAX_TOPICS; r++) later += menteeExpertisePoints[(i * MAX_TOPICS + r) * 4 + 3]!;
  for (let r = 0; r < MAX_TOPICS; r++) {
    const t = menteeTopics[i * MAX_TOPICS + r]!;
    const base = (i * MAX_TOPICS + r) * 4;
    later -= menteeExpertisePoints[base + 3]!;
    const most = menteeExpertisePoints[base + 3]! + later + domainPoints + restOther;
    const r0 = runStart[t]!;
    let r1 = runStart[t + 1]!;
    // The entries a walk by price alone would read, against the runs.
    const flatEnd = priceBound(postingPrice, postingStart[t]!, postingStart[t + 1]!, priceLimit);
    if (flatEnd - postingStart[t]! < entriesPerRun * (r1 - r0)) r1 = r0;
    const segments = r1 > r0 ? r1 - r0 : 1;
    for (let sg = 0; sg < segments; sg++) {
      let from = postingStart[t]!, to = flatEnd, limit = priceLimit;
      if (r1 > r0) {
        const hours = hoursPoints[hoursRow + runHours[r0 + sg]!]!;
        if (hours < 0) continue;
        from = runFrom[r0 + sg]!;
        to = runTo[r0 + sg]!;
        limit = Math.min(priceLimit, Math.min(cutoff, most + hours) - floor);
      }
      for (let q = from; q < to; q++) {
        const v = postingPrice[q]!;
        if (v >= limit) break;
        const j = postingMentor[q]!;
        if (seenFor[j] === i) continue;
        seenFor[j] = i;
        const hours = hoursPoints[hoursRow + postHours[q]!]!;
        if (hours < 0 || (postLang[q]! & lang) === 0 || isCandidate[j] === i) continue;
        const part = hours + (postDomain[q] === domain ? domainPoints : 0) + restOf(postValues[q]!, postA[q]!, postB[q]!, postC[q]!);
        if (Math.min(cutoff, menteeExpertisePoints[base + postingLevel[q]!]! + later + part) - v <= floor) continue;
        const ex = expertisePoints(enc, i, j);
        if (Math.min(cutoff, ex + part) - v > floor) { pendMentor[pending] = j; pendExpertise[pending++] = ex; }
      }
    }
  }

  // The group walks: mentors met in no topic walk. Those that share a topic are priced beyond
  // where these walks stop (above); a pair found here is still scored with its expertise, so
  // that a pair handed to the graph always carries its true weight.
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
          pendExpertise[pending++] = expertisePoints(enc, i, j);
        }
      }
    }
    const otherBound = Math.min(cutoff, restOther + hours);
    for (let y = lo; y < hi; y++) {
      const j = byHours[y]!;
      if (otherBound - price[j]! <= floor) break;
      if (seenFor[j] !== i && isCandidate[j] !== i && domainOf[j] !== domain && Math.min(cutoff, hours + exactPart(j)) - price[j]! > floor) {
        pendMentor[pending] = j;
        pendExpertise[pending++] = expertisePoints(enc, i, j);
      }
    }
  }
  st.pairsRescored += pending;
  let worst = 0, least = SLACK_MARGIN;
  for (let x = 0; x < pending; x++) {
    const j = pendMentor[x]!;
    const w = finishPoints(enc, restPoints(ctx, j), pendExpertise[x]!, choicePoints(ctx, j));
    if (w < 0) continue;
    const excess = w - tau - truePrice[j]!;
    if (-excess < least) least = -excess;
    if (excess > 0) {
      mine.push({ i, j, w, excess });
      if (excess > worst) worst = excess;
    } else if (-excess < SLACK_MARGIN) {
      near.push({ i, j, w, excess });
    }
  }
  if (slack) slack[i] = Math.max(0, Math.min(least, cap));
  st.gap += worst;
  mine.sort((a, b) => b.excess - a.excess || a.j - b.j);
  const keptMine = Math.min(keepPerMentee, mine.length);
  for (let k = 0; k < keptMine; k++) violations.push(mine[k]!);
  near.sort((a, b) => b.excess - a.excess || a.j - b.j);
  const keptNear = Math.min(keepPerMentee - keptMine, near.length);
  for (let k = 0; k < keptNear; k++) nearMisses.push(near[k]!);
  // Once the pairs returned are in the graph, the left-out pairs scored keep at least what the
  // closest near miss not returned keeps; the others, not scored, at least SLACK_MARGIN.
  if (mine.length > keptMine) {
    widenedSlack[i] = 0;
    st.overflowing.push(i);
  } else {
    widenedSlack[i] = Math.max(0, Math.min(SLACK_MARGIN, cap, near.length > keptNear ? -near[keptNear]!.excess : SLACK_MARGIN));
  }
}

/**
 * The partial check after the first repair since a full check (match-cohort.ts), split so that
 * each mentee walks only the mentors that could break one of its pairs. A left-out pair (i, j) had
 * at least mentee i's slack s_i at the full check; the repair took i's potential down by d_i and
 * j's by d_j, so the pair keeps at least s_i − d_i + d_j: it cannot break when d_j ≥ θ_i = d_i − s_i
 * (`dropped` holds d_i, `mentorDropped` d_j, `slack` s_i, updated for the mentees checked). Mentees are
 * grouped by θ (quantiles); a group's check hides the mentors with d_j ≥ its largest θ, and caps
 * each mentee's new slack by what those hidden pairs keep. Mentees that had violations may have
 * more left-out pairs already breaking (only the worst were added): they are checked whole.
 */
export function recheckInGroups(enc: EncodedCohort, graph: CandidateGraph, solution: AssignmentSolution, keepPerMentee: number,
  only: readonly number[], hadViolations: ReadonlySet<number>, slack: Float64Array, dropped: Float64Array,
  mentorDropped: Float64Array, classes: RestClasses = restClasses(enc)): CheckResult {
  const whole = only.filter((i) => hadViolations.has(i));
  const rest = only.filter((i) => !hadViolations.has(i));
  const theta = (i: number): number => dropped[i]! - slack[i]!;
  rest.sort((a, b) => theta(a) - theta(b) || a - b);
  const parts: { mentees: number[]; hidden?: HiddenMentors }[] = [];
  if (whole.length > 0) parts.push({ mentees: whole });
  // Each mentee is in one group: one array of caps serves them all.
  const slackCap = new Float64Array(enc.n);
  for (const [from, to] of groupCuts(rest.map(theta), mentorDropped)) {
    const mentees = rest.slice(from, to);
    const bar = theta(mentees[mentees.length - 1]!);
    const mentor = new Uint8Array(enc.m);
    for (let j = 0; j < enc.m; j++) if (mentorDropped[j]! >= bar) mentor[j] = 1;
    for (const i of mentees) slackCap[i] = bar - theta(i);
    parts.push({ mentees: mentees.sort((a, b) => a - b), hidden: { mentor, slackCap } });
  }
  const result: CheckResult = {
    violations: [], nearMisses: [], gap: 0, pairsRescored: 0, widenedSlack: new Float64Array(enc.n), overflowing: [],
  };
  for (const part of parts) {
    const c = checkOptimality(enc, graph, solution, keepPerMentee, part.mentees, slack, classes, undefined, part.hidden);
    // One push per item: a part may return more pairs than a call can take arguments.
    for (const v of c.violations) result.violations.push(v);
    for (const v of c.nearMisses) result.nearMisses.push(v);
    result.gap += c.gap;
    result.pairsRescored += c.pairsRescored;
    for (const i of part.mentees) result.widenedSlack[i] = c.widenedSlack[i]!;
    for (const i of c.overflowing) result.overflowing.push(i);
  }
  result.overflowing.sort((a, b) => a - b);
  // Violations per mentee in mentee order, as a single check would give them.
  result.violations.sort((a, b) => a.i - b.i);
  result.nearMisses.sort((a, b) => a.i - b.i);
  return result;
}

/**
 * The check after a fresh solve of the graph widened by every violation and near miss that
 * `previous` (a check of every mentee, at the duals of `before`) returned (match-cohort.ts). Once
 * those pairs are in the graph, each mentee's other left-out pairs keep at least its widened slack
 * at the old duals; from `before` to `after` a pair (i, j) moves by i's fall against j's, both of
 * either sign, so the check is split as recheckInGroups splits the one after a repair. Mentees
 * with more violations than were handed over are checked whole; those with no left-out pair are
 * not checked (none is left out now). `slack` receives the new slacks.
 */
export function recheckAfterSolve(enc: EncodedCohort, graph: CandidateGraph, before: AssignmentSolution,
  after: AssignmentSolution, keepPerMentee: number, previous: CheckResult, slack: Float64Array,
  classes: RestClasses = restClasses(enc)): CheckResult {
  const dropped = new Float64Array(enc.n), mentorDropped = new Float64Array(enc.m);
  // A mentee's surplus fell by dropped[i]; a mentor's price rose by mentorDropped[j] (its potential fell).
  for (let i = 0; i < enc.n; i++) dropped[i] = before.menteeDual[i]! - after.menteeDual[i]!;
  for (let j = 0; j < enc.m; j++) mentorDropped[j] = after.mentorDual[j]! - before.mentorDual[j]!;
  slack.set(previous.widenedSlack);
  const every: number[] = [];
  for (let i = 0; i < enc.n; i++) if (Number.isFinite(slack[i]!)) every.push(i);
  return recheckInGroups(enc, graph, after, keepPerMentee, every, new Set(previous.overflowing), slack, dropped, mentorDropped, classes);
}

/**
 * Splits mentees sorted by θ into groups [from, to): a group walks the mentors that fell less than
 * its largest θ, and each group costs one more build of the postings. The cuts (every 5 % of the
 * mentees) are chosen by dynamic programming over that estimate.
 */
function groupCuts(theta: readonly number[], mentorDropped: Float64Array): [number, number][] {
  const count = theta.length;
  if (count === 0) return [];
  const falls = Float64Array.from(mentorDropped).sort();
  const m = falls.length;
  // Mentors that fell less than `bar`, as a share of all.
  const visible = (bar: number): number => {
    let lo = 0, hi = m;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (falls[mid]! < bar) lo = mid + 1; else hi = mid; }
    return m === 0 ? 0 : lo / m;
  };
  const points = [0];
  for (let c = 1; c <= RECHECK_CUTS; c++) {
    const at = Math.round((count * c) / RECHECK_CUTS);
    if (at > points[points.length - 1]!) points.push(at);
  }
  const build = m * RECHECK_BUILD_SHARE;
  const best = new Float64Array(points.length).fill(Number.POSITIVE_INFINITY);
  const from = new Int32Array(points.length);
  best[0] = 0;
  for (let b = 1; b < points.length; b++) {
    const share = visible(theta[points[b]! - 1]!);
    for (let a = 0; a < b; a++) {
      const cost = best[a]! + build + (points[b]! - points[a]!) * share;
      if (cost < best[b]!) { best[b] = cost; from[b] = a; }
    }
  }
  const cuts: [number, number][] = [];
  for (let b = points.length - 1; b > 0; b = from[b]!) cuts.unshift([points[from[b]!]!, points[b]!]);
  return cuts;
}
