// The sparse candidate graph: each mentee keeps its best k mentors. The optimality check later
// proves that the edges left out could not improve the result, or widens the graph.
//
// Finding the best k does not need every pair scored. Expertise is summed first from the
// topic → mentors postings (mentors sharing none of the mentee's topics get 0); a mentor whose
// expertise plus the best possible rest cannot beat the current k-th best is skipped, and when
// that bound rules out every mentor without expertise, they are not visited at all.
import { MAX_TOPICS, type EncodedCohort } from './encode-cohort.ts';
import { RowContext, finishPoints, restPoints } from './score-kernel.ts';
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
  const expertise = new Int32Array(m);
  const hot = new Int32Array(m);
  const { postingStart, postingMentor, postingLevel, menteeTopics, menteeExpertisePoints } = enc;
  const byMentor = Array.from({ length: perMentor > 0 ? m : 0 }, () => new TopK(perMentor));
  const offer = (i: number, j: number, s: number): void => {
    top.offer(j, s);
    if (perMentor > 0) byMentor[j]!.offer(i, s);
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
    let hotCount = 0;
    for (let r = 0; r < MAX_TOPICS; r++) {
      const t = menteeTopics[i * MAX_TOPICS + r]!;
      const base = (i * MAX_TOPICS + r) * 4;
      for (let q = postingStart[t]!; q < postingStart[t + 1]!; q++) {
        const j = postingMentor[q]!;
        if (seenFor[j] !== i) {
          seenFor[j] = i;
          expertise[j] = 0;
          hot[hotCount++] = j;
        }
        expertise[j] = expertise[j]! + menteeExpertisePoints[base + postingLevel[q]!]!;
      }
    }
    const restMax = ctx.restMax;
    for (let x = 0; x < hotCount; x++) {
      const j = hot[x]!;
      const ex = expertise[j]!;
      if (ex + restMax <= top.floor) continue;
      const rest = restPoints(ctx, j);
      if (rest >= 0) {
        const s = finishPoints(enc, rest, ex);
        if (s >= 0) offer(i, j, s);
      }
    }
    if (restMax > top.floor) {
      for (let j = 0; j < m; j++) {
        if (seenFor[j] === i) continue;
        const rest = restPoints(ctx, j);
        if (rest >= 0) {
          const s = finishPoints(enc, rest, 0);
          if (s >= 0) offer(i, j, s);
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
