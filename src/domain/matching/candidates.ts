// The sparse candidate graph: each mentee keeps its best k mentors. The optimality check later
// proves that the edges left out could not improve the result, or widens the graph.
//
// Finding the best k does not need every pair scored. Expertise is summed first from the
// topic → mentors postings (mentors sharing none of the mentee's topics get 0); a mentor whose
// expertise plus the best possible rest cannot beat the current k-th best is skipped, and when
// that bound rules out every mentor without expertise, they are not visited at all.
import { MAX_TOPICS, type EncodedCohort } from './encode-cohort.ts';
import { domainLowerBound, groupMentors } from './mentor-groups.ts';
import { RowContext, expertisePoints, finishPoints, restPoints } from './score-kernel.ts';
import { TopK } from './top-k.ts';

export const DEFAULT_PER_MENTOR = 12;

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
export function buildCandidates(enc: EncodedCohort, k: number, active?: Uint8Array, perMentor = DEFAULT_PER_MENTOR): CandidateGraph {
  const { n, m } = enc;
  const ctx = new RowContext(enc);
  const top = new TopK(k);
  const seenFor = new Int32Array(m).fill(-1);
  const { menteeTopics, menteeExpertisePoints } = enc;
  const byMentor = Array.from({ length: perMentor > 0 ? m : 0 }, () => new TopK(perMentor));
  const offer = (i: number, j: number, s: number): void => {
    top.offer(j, s);
    if (perMentor > 0) byMentor[j]!.offer(i, s);
  };
  const { levelStart, byLevel } = postingsByLevel(enc);
  const comboShare = new Int32Array(MAX_TOPICS * 3), comboRank = new Int32Array(MAX_TOPICS * 3), comboLevel = new Int32Array(MAX_TOPICS * 3);
  const groups = groupMentors(enc);
  const { hoursStart, byHours, byHoursDomain, hoursOf, domainOf, langOf } = groups;
  const hoursClasses = enc.hours.mentorClasses, hoursPoints = enc.hours.points, domainPoints = enc.domainPoints;
  // Mentors met in the lists are done; one skipped there may share a topic, hence its exact
  // expertise (it could not beat the k-th best anyway).
  const coldOffer = (i: number, j: number): void => {
    if (seenFor[j] === i) return;
    const rest = restPoints(ctx, j);
    if (rest >= 0) {
      const s = finishPoints(enc, rest, expertisePoints(enc, i, j));
      if (s >= 0) offer(i, j, s);
    }
  };
  const start = new Int32Array(n + 1);
  const mentor = new Int32Array(n * Math.min(k, m));
  const weight = new Int32Array(mentor.length);
  const cutoff = new Int32Array(n).fill(-1);
  let e = 0;
  for (let i = 0; i < n; i++) {
    if (active && active[i] === 0) { start[i + 1] = e; continue; }
    ctx.load(i);
    top.reset();
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
    const domain = ctx.domain, lang = ctx.lang;
    for (let c = 0; c < comboCount; c++) {
      let unseen = 0;
      for (let r = 0; r < MAX_TOPICS; r++) {
        let most = 0;
        for (let d = c; d < comboCount; d++) if (comboRank[d] === r) { most = comboShare[d]!; break; }
        unseen += most;
      }
      if (unseen + restMax <= top.floor) break;
      const t = menteeTopics[i * MAX_TOPICS + comboRank[c]!]!, level = comboLevel[c]!;
      for (let q = levelStart[t * 4 + level]!; q < levelStart[t * 4 + level + 1]!; q++) {
        const j = byLevel[q]!;
        if (seenFor[j] === i) continue;
        seenFor[j] = i;
        // Hours, domain and language first: they need no expertise, which is bounded by `unseen`.
        const hours = hoursPoints[ctx.hoursRow + hoursOf[j]!]!;
        const fixed = restOther + hours + (domainOf[j] === domain ? domainPoints : 0);
        if (hours < 0 || unseen + fixed <= top.floor || (langOf[j]! & lang) === 0) continue;
        const ex = expertisePoints(enc, i, j);
        if (ex + fixed <= top.floor) continue;
        const rest = restPoints(ctx, j);
        if (rest >= 0) {
          const s = finishPoints(enc, rest, ex);
          if (s >= 0) offer(i, j, s);
        }
      }
    }
    // Mentors without expertise: one bound per (hours class, domain) group.
    if (restMax > top.floor) {
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
    }
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
  const byMentee: { j: number; w: number }[][] = Array.from({ length: n }, () => []);
  byMentor.forEach((t, j) => { for (let r = 0; r < t.size; r++) byMentee[t.mentor[r]!]!.push({ j, w: t.points[r]! }); });
  byMentee.forEach((list, i) => {
    if (list.length === 0) return;
    for (let q = start[i]!; q < start[i + 1]!; q++) listed[graph.mentor[q]!] = i;
    for (const x of list) if (listed[x.j] !== i) extra.push({ i, j: x.j, w: x.w });
  });
  return extra.length > 0 ? widenGraph(graph, extra) : graph;
}

/** The topic postings split by level: mentors of topic t at level L are byLevel[levelStart[4t + L] .. levelStart[4t + L + 1]). */
function postingsByLevel(enc: EncodedCohort): { levelStart: Int32Array; byLevel: Int32Array } {
  const { postingStart, postingMentor, postingLevel } = enc;
  const topics = postingStart.length - 1;
  const levelStart = new Int32Array(topics * 4 + 1);
  for (let t = 0; t < topics; t++) {
    for (let q = postingStart[t]!; q < postingStart[t + 1]!; q++) levelStart[t * 4 + postingLevel[q]! + 1]!++;
  }
  for (let x = 0; x < topics * 4; x++) levelStart[x + 1] = levelStart[x + 1]! + levelStart[x]!;
  const fill = levelStart.slice(0, topics * 4);
  const byLevel = new Int32Array(postingMentor.length);
  for (let t = 0; t < topics; t++) {
    for (let q = postingStart[t]!; q < postingStart[t + 1]!; q++) byLevel[fill[t * 4 + postingLevel[q]!]!++] = postingMentor[q]!;
  }
  return { levelStart, byLevel };
}

/** Adds edges (mentee, mentor, points) to a graph; rows stay sorted best first. */
export function widenGraph(g: CandidateGraph, extra: readonly { i: number; j: number; w: number }[]): CandidateGraph {
  const byMentee = new Map<number, { j: number; w: number }[]>();
  for (const x of extra) {
    const list = byMentee.get(x.i);
    if (list) list.push(x); else byMentee.set(x.i, [x]);
  }
  const start = new Int32Array(g.n + 1);
  const mentor = new Int32Array(g.mentor.length + extra.length);
  const weight = new Int32Array(mentor.length);
  let e = 0;
  for (let i = 0; i < g.n; i++) {
    const row: { j: number; w: number }[] = [];
    for (let q = g.start[i]!; q < g.start[i + 1]!; q++) row.push({ j: g.mentor[q]!, w: g.weight[q]! });
    const added = byMentee.get(i);
    if (added) {
      row.push(...added);
      row.sort((a, b) => b.w - a.w || a.j - b.j);
    }
    for (const x of row) {
      mentor[e] = x.j;
      weight[e] = x.w;
      e++;
    }
    start[i + 1] = e;
  }
  return { ...g, start, mentor, weight };
}
