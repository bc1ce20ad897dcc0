// The sparse candidate graph: each mentee keeps its best k mentors. The optimality check later
// proves that the edges left out could not improve the result, or widens the graph.
//
// Finding the best k does not need every pair scored. Expertise is summed first from the
// topic → mentors postings (mentors sharing none of the mentee's topics get 0); a mentor whose
// expertise plus the best possible rest cannot beat the current k-th best is skipped, and when
// that bound rules out every mentor without expertise, they are not visited at all.
import { MAX_TOPICS, type EncodedCohort } from './encode-cohort.ts';
import { levelPostings } from './level-postings.ts';
import { MentorBest } from './mentor-best.ts';
import { domainLowerBound, groupMentors } from './mentor-groups.ts';
import { RestRows, finishRest, restClasses, type RestClasses } from './rest-classes.ts';
import { RowContext, choicePoints, expertisePoints, finishPoints, restPoints } from './score-kernel.ts';
import { TopK } from './top-k.ts';

export const DEFAULT_PER_MENTOR = 48;

export interface CandidateGraph {
  n: number;
  m: number;
  /** CSR: mentee i's edges are start[i] .. start[i+1]-1, best first. */
  start: Int32Array;
  mentor: Int32Array;
  weight: Int32Array;
  /** An upper bound on the points of any edge of mentee i left out of the graph; -1 when none is. */
  cutoff: Int32Array;
}

/**
 * Each mentee's best k mentors, plus each mentor's best `perMentor` mentees among the pairs the
 * search scored: the second list gives less sought-after mentors the edges that let the
 * optimiser fill them, which saves widening rounds. Rows of inactive (pinned) mentees stay empty.
 */
export function buildCandidates(enc: EncodedCohort, k: number, active?: Uint8Array, perMentor = DEFAULT_PER_MENTOR,
  classes: RestClasses = restClasses(enc)): CandidateGraph {
  const { n, m } = enc;
  const ctx = new RowContext(enc);
  const top = new TopK(k);
  const seenFor = new Int32Array(m).fill(-1);
  const { menteeTopics, menteeExpertisePoints } = enc;
  const mentorBest = new MentorBest(m, perMentor);
  const offer = (i: number, j: number, s: number): void => {
    top.offer(j, s);
    if (perMentor > 0) mentorBest.offer(j, i, s);
  };
  const comboShare = new Int32Array(MAX_TOPICS * 3), comboRank = new Int32Array(MAX_TOPICS * 3), comboLevel = new Int32Array(MAX_TOPICS * 3);
  const unseenFrom = new Int32Array(MAX_TOPICS * 3), mostOfRank = new Int32Array(MAX_TOPICS);
  const { start: choiceStart, mentor: choiceMentor } = enc.choices;
  const groups = groupMentors(enc);
  const { hoursStart, byHours, byHoursDomain, domainOf } = groups;
  const rows = new RestRows(enc, classes);
  const postings = levelPostings(enc, groups, classes);
  const { levelStart, mentor: postMentor, hours: postHours, domain: postDomain, lang: postLang, runEnd } = postings;
  const { values: postValues, a: postA, b: postB, c: postC } = postings;
  const hoursClasses = enc.hours.mentorClasses, hoursPoints = enc.hours.points, domainPoints = enc.domainPoints;
  const { a: rowA, b: rowB, c: rowC } = rows;
  const { menteeValuePoints: valuePoints, popcount } = enc;
  // Mentors met in the lists are done; one skipped there may share a topic, hence its exact
  // expertise (it could not beat the k-th best anyway).
  const coldOffer = (i: number, j: number): void => {
    if (seenFor[j] === i) return;
    const rest = restPoints(ctx, j);
    if (rest >= 0) {
      const s = finishPoints(enc, rest, expertisePoints(enc, i, j), choicePoints(ctx, j));
      if (s >= 0) offer(i, j, s);
    }
  };
  const start = new Int32Array(n + 1);
  const mentor = new Int32Array(n * Math.min(k, m));
  const weight = new Int32Array(mentor.length);
  const cutoff = new Int32Array(n).fill(-1);
  // One mentee's search, in a function of its own: the optimising compiler then compiles it once,
  // instead of compiling the whole loop again on each exit from an on-stack-replaced inner loop.
  const search = (i: number): void => {
    ctx.load(i);
    top.reset();
    // Ranked mentors first, scored exactly: the bounds below leave their choice bonus out.
    for (let c = choiceStart[i]!; c < choiceStart[i + 1]!; c++) {
      const j = choiceMentor[c]!;
      coldOffer(i, j);
      seenFor[j] = i;
    }
    // (rank, level) lists, largest expertise share first. A mentor not met yet has, on each rank,
    // a level whose list is still ahead, so its expertise is at most the sum over ranks of the
    // largest share left; once that plus the best rest cannot beat the k-th best, the rest of
    // the lists is skipped.
    let comboCount = 0;
    for (let r = 0; r < MAX_TOPICS; r++) {
      for (let level = 3; level >= 1; level--) {
        const share = menteeExpertisePoints[(i * MAX_TOPICS + r) * 4 + level]!;
        if (share <= 0) continue;
        let pos = comboCount++;
        while (pos > 0 && comboShare[pos - 1]! < share) {
          comboShare[pos] = comboShare[pos - 1]!;
          comboRank[pos] = comboRank[pos - 1]!;
          comboLevel[pos] = comboLevel[pos - 1]!;
          pos--;
        }
        comboShare[pos] = share;
        comboRank[pos] = r;
        comboLevel[pos] = level;
      }
    }
    const restMax = ctx.restMax;
    let bestHours = 0;
    for (let h = 0; h < hoursClasses; h++) bestHours = Math.max(bestHours, hoursPoints[ctx.hoursRow + h]!);
    // Best rest without the hours and domain parts (restMax counts the domain as matched).
    const restOther = restMax - bestHours - domainPoints;
    const domain = ctx.domain, lang = ctx.lang, hoursRow = ctx.hoursRow, values = ctx.values, valueBase = i * 4;
    rows.load(i);
    const careerLevel = rows.careerLevel;
    // unseenFrom[c]: summed over the ranks, the share of each rank's first list at c or after (one
    // pass from the end, each rank's share replaced as an earlier list of it is met).
    mostOfRank.fill(0);
    for (let c = comboCount - 1, sum = 0; c >= 0; c--) {
      sum += comboShare[c]! - mostOfRank[comboRank[c]!]!;
      mostOfRank[comboRank[c]!] = comboShare[c]!;
      unseenFrom[c] = sum;
    }
    for (let c = 0; c < comboCount; c++) {
      const unseen = unseenFrom[c]!;
      if (unseen + restMax <= top.floor) break;
      const t = menteeTopics[i * MAX_TOPICS + comboRank[c]!]!, level = comboLevel[c]!;
      const hi = levelStart[t * 4 + level + 1]!;
      for (let q = levelStart[t * 4 + level]!; q < hi; q++) {
        // Hours, domain and language first: they need no expertise, which is bounded by `unseen`.
        // A run of one hours class is skipped whole when even the domain could not lift it.
        const hours = hoursPoints[hoursRow + postHours[q]!]!;
        if (hours < 0 || unseen + restOther + hours + domainPoints <= top.floor) { q = runEnd[q]! - 1; continue; }
        const j = postMentor[q]!;
        if (seenFor[j] === i) continue;
        seenFor[j] = i;
        const shared = postLang[q]! & lang;
        const dom = postDomain[q] === domain ? domainPoints : 0;
        const fixed = restOther + hours + dom;
        if (unseen + fixed <= top.floor || shared === 0) continue;
        // The rest exactly from the classes kept beside the postings (the mentor's row is not
        // read), but for the hard rules and the career level (bounded).
        const partial = hours + dom + valuePoints[valueBase + popcount[values & postValues[q]!]!]!
          + rowA[postA[q]!]! + rowB[postB[q]!]! + rowC[postC[q]!]!;
        // A pair that neither list would keep, whatever its expertise, is not read further:
        // both lists end as if it had been offered.
        const most = unseen + partial + careerLevel;
        if (most <= top.floor && (perMentor === 0 || !mentorBest.accepts(j, i, most))) continue;
        const ex = expertisePoints(enc, i, j);
        if (ex + fixed <= top.floor) continue;
        const rest = finishRest(ctx, j, shared, partial);
        if (rest >= 0) {
          const s = finishPoints(enc, rest, ex, choicePoints(ctx, j));
          if (s >= 0) offer(i, j, s);
        }
      }
    }
    if (restMax > top.floor) groupWalk(i, restOther);
  };
  // Mentors without expertise: one bound per (hours class, domain) group. Rarely reached, so a
  // function apart: its first use does not throw away the search's compiled code.
  const groupWalk = (i: number, restOther: number): void => {
    const domain = ctx.domain;
    for (let h = 0; h < hoursClasses; h++) {
      const hours = hoursPoints[ctx.hoursRow + h]!;
      if (hours < 0) continue;
      const lo = hoursStart[h]!, hi = hoursStart[h + 1]!;
      if (lo === hi || restOther + hours + domainPoints <= top.floor) continue;
      const end = domainLowerBound(groups, lo, hi, domain + 1);
      for (let y = domainLowerBound(groups, lo, end, domain); y < end; y++) coldOffer(i, byHoursDomain[y]!);
      if (restOther + hours <= top.floor) continue;
      for (let y = lo; y < hi; y++) {
        const j = byHours[y]!;
        if (domainOf[j] !== domain) coldOffer(i, j);
      }
    }
  };
  let e = 0;
  for (let i = 0; i < n; i++) {
    if (active && active[i] === 0) { start[i + 1] = e; continue; }
    search(i);
    for (let r = 0; r < top.size; r++) {
      mentor[e] = top.mentor[r]!;
      weight[e] = top.points[r]!;
      e++;
    }
    if (top.size === k) cutoff[i] = top.floor;
    start[i + 1] = e;
  }
  const graph: CandidateGraph = { n, m, start, mentor: mentor.subarray(0, e), weight: weight.subarray(0, e), cutoff };
  if (perMentor === 0) return graph;
  const extra: { i: number; j: number; w: number }[] = [];
  const listed = new Int32Array(m).fill(-1);
  // Mentor lists read mentee by mentee (extras in mentor order), so that the result does not
  // depend on how the lists were filled.
  const offerStart = new Int32Array(n + 1);
  for (let j = 0; j < m; j++) mentorBest.forEach(j, (i) => { offerStart[i + 1]!++; });
  for (let i = 0; i < n; i++) offerStart[i + 1] = offerStart[i + 1]! + offerStart[i]!;
  const offerFill = offerStart.slice(0, n);
  const offerMentor = new Int32Array(offerStart[n]!), offerWeight = new Int32Array(offerStart[n]!);
  for (let j = 0; j < m; j++) {
    mentorBest.forEach(j, (i, points) => {
      offerMentor[offerFill[i]!] = j;
      offerWeight[offerFill[i]!] = points;
      offerFill[i]!++;
    });
  }
  for (let i = 0; i < n; i++) {
    if (offerStart[i] === offerStart[i + 1]) continue;
    for (let q = start[i]!; q < start[i + 1]!; q++) listed[graph.mentor[q]!] = i;
    for (let x = offerStart[i]!; x < offerStart[i + 1]!; x++) {
      if (listed[offerMentor[x]!] !== i) extra.push({ i, j: offerMentor[x]!, w: offerWeight[x]! });
    }
  }
  return extra.length > 0 ? widenGraph(graph, extra) : graph;
}

/** Adds edges (mentee, mentor, points) to a graph; rows stay sorted best first (mentor index on ties). */
export function widenGraph(g: CandidateGraph, extra: readonly { i: number; j: number; w: number }[]): CandidateGraph {
  // The new edges bucketed by mentee in flat arrays, then merged into each sorted row: no
  // per-edge objects, which at scale kept the heap large for the whole match.
  const addStart = new Int32Array(g.n + 1);
  for (const x of extra) addStart[x.i + 1]!++;
  for (let i = 0; i < g.n; i++) addStart[i + 1] = addStart[i + 1]! + addStart[i]!;
  const fill = addStart.slice(0, g.n);
  const addMentor = new Int32Array(extra.length), addWeight = new Int32Array(extra.length);
  for (const x of extra) { addMentor[fill[x.i]!] = x.j; addWeight[fill[x.i]!] = x.w; fill[x.i]!++; }
  const start = new Int32Array(g.n + 1);
  const mentor = new Int32Array(g.mentor.length + extra.length);
  const weight = new Int32Array(mentor.length);
  const before = (w1: number, j1: number, w2: number, j2: number): boolean => w1 > w2 || (w1 === w2 && j1 < j2);
  let e = 0;
  for (let i = 0; i < g.n; i++) {
    const lo = addStart[i]!, hi = addStart[i + 1]!;
    // Few edges per row: insertion sort in place.
    for (let x = lo + 1; x < hi; x++) {
      const j = addMentor[x]!, w = addWeight[x]!;
      let y = x;
      while (y > lo && before(w, j, addWeight[y - 1]!, addMentor[y - 1]!)) {
        addMentor[y] = addMentor[y - 1]!;
        addWeight[y] = addWeight[y - 1]!;
        y--;
      }
      addMentor[y] = j;
      addWeight[y] = w;
    }
    let q = g.start[i]!, x = lo;
    const qEnd = g.start[i + 1]!;
    while (q < qEnd || x < hi) {
      if (x >= hi || (q < qEnd && before(g.weight[q]!, g.mentor[q]!, addWeight[x]!, addMentor[x]!))) {
        mentor[e] = g.mentor[q]!;
        weight[e] = g.weight[q]!;
        q++;
      } else {
        mentor[e] = addMentor[x]!;
        weight[e] = addWeight[x]!;
        x++;
      }
      e++;
    }
    start[i + 1] = e;
  }
  return { ...g, start, mentor, weight };
}
