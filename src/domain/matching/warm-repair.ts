// Widening without re-solving: each new edge whose reduced cost is negative is saturated (its
// mentee now holds two mentors, its mentor one unit too many) and the unit is sent back by one
// shortest path from that mentor to that mentee (Dijkstra on reduced costs), which cancels the
// improving cycle the edge opened. Potentials stay valid on every residual arc, so the result
// is again optimal on the graph, and only the mentees whose potential dropped need their
// left-out edges checked again.
// Nodes: mentees 0..n-1, mentors n..n+m-1, sink T = n+m (it holds the spare capacity and the
// "unmatched" drop-outs; rows on the drop-out arc have cost `penalty`).
import type { AssignmentSolution } from './assignment.ts';
import type { CandidateGraph } from './candidates.ts';
import { IndexedMinHeap } from './indexed-heap.ts';

export interface RepairResult {
  solution: AssignmentSolution;
  /** How much each mentee's dual went down (0 for most): beyond its slack it must be checked again. */
  drop: Float64Array;
  /**
   * How much each mentor's potential went down, in the same units: a left-out pair loses its
   * mentee's drop and gains its mentor's, so a mentor that fell as far as the mentee cannot break it.
   */
  mentorDrop: Float64Array;
}

const INF = Number.POSITIVE_INFINITY;

export function repairWithNewEdges(g: CandidateGraph, capacity: Int32Array, previous: AssignmentSolution,
  newEdges: readonly { i: number; j: number; w: number }[]): RepairResult {
  const { n, m } = g;
  const P = previous.penalty;
  const T = n + m;
  const pi = new Float64Array(n + m + 1);
  for (let i = 0; i < n; i++) pi[i] = previous.menteeDual[i]! - P;
  for (let j = 0; j < m; j++) pi[n + j] = -previous.mentorDual[j]!;
  const mentorOf = Int32Array.from(previous.mentorOf);
  const pointsOf = Int32Array.from(previous.pointsOf);
  let maxCap = 2;
  for (let j = 0; j < m; j++) maxCap = Math.max(maxCap, capacity[j]! + 1);
  const holders = new Int32Array(m * maxCap), holderW = new Int32Array(m * maxCap), load = new Int32Array(m);
  const hold = (i: number, j: number, w: number): void => {
    holders[j * maxCap + load[j]!] = i;
    holderW[j * maxCap + load[j]!] = w;
    load[j]!++;
  };
  const release = (i: number, j: number): void => {
    const last = j * maxCap + load[j]! - 1;
    for (let s = j * maxCap; s <= last; s++) {
      if (holders[s] === i) { holders[s] = holders[last]!; holderW[s] = holderW[last]!; break; }
    }
    load[j]!--;
  };
  for (let i = 0; i < n; i++) if (mentorOf[i]! >= 0) hold(i, mentorOf[i]!, pointsOf[i]!);

  const dist = new Float64Array(n + m + 1).fill(INF);
  const pred = new Int32Array(n + m + 1).fill(-1);
  const predW = new Int32Array(n + m + 1);
  const heap = new IndexedMinHeap(n + m + 1);
  const popped: number[] = [], touched: number[] = [];
  const drop = new Float64Array(n);
  const mentorDrop = new Float64Array(m);
  const pathMentors = new Int32Array(m + 2);
  let pathCount: number;
  // The mentee each search must get back to: once reached, nothing at its distance or beyond
  // can be popped before it, so it is not queued.
  let goal = -1;
  const relax = (v: number, nd: number, from: number, w: number): void => {
    if (nd >= dist[v]! || (v !== goal && goal >= 0 && nd >= dist[goal]!)) return;
    if (dist[v] === INF) touched.push(v);
    dist[v] = nd;
    pred[v] = from;
    predW[v] = w;
    heap.push(v, nd);
  };

  // New edges take part in searches only once processed, so that every arc a search can use
  // has a non-negative reduced cost.
  const usable = new Uint8Array(g.mentor.length).fill(1);
  const edgeOf = (i: number, j: number): number => {
    for (let e = g.start[i]!; e < g.start[i + 1]!; e++) if (g.mentor[e] === j) return e;
    throw new Error(`warm repair: edge ${i}-${j} is not in the graph`);
  };
  for (const { i, j } of newEdges) usable[edgeOf(i, j)] = 0;

  // One edge's repair, in a function of its own: the optimising compiler then compiles this
  // search alone, instead of the whole function on the stack (see checkMentee in optimality-check.ts).
  const repairEdge = (i: number, j: number, w: number): void => {
    // Saturate i→j: j holds i as well; send that unit from j back to i along a shortest path.
    const old = mentorOf[i]!;
    const spareAtJ = load[j]! < capacity[j]!;
    hold(i, j, w);
    mentorOf[i] = j;
    pointsOf[i] = w;
    goal = i;
    relax(n + j, 0, -1, 0);
    let target = INF;
    while (heap.length > 0 && heap.peekKey() < target) {
      const u = heap.pop();
      popped.push(u);
      const du = dist[u]!;
      if (u === i) { target = du; break; }
      if (u < n) {
        // Forward arcs of a mentee to mentors it does not hold, and its drop-out arc.
        for (let e = g.start[u]!; e < g.start[u + 1]!; e++) {
          const c = g.mentor[e]!;
          if (!usable[e] || c === mentorOf[u] || (u === i && c === old)) continue;
          relax(n + c, du - g.weight[e]! + pi[u]! - pi[n + c]!, u, g.weight[e]!);
        }
        if (mentorOf[u]! >= 0 || u === i) relax(T, du + P + pi[u]! - pi[T]!, u, 0);
      } else if (u < T) {
        const c = u - n;
        for (let s = c * maxCap; s < c * maxCap + load[c]!; s++) {
          const r = holders[s]!;
          relax(r, du + holderW[s]! + pi[u]! - pi[r]!, u, holderW[s]!);
        }
        if (load[c]! < capacity[c]! || (c === j && spareAtJ)) relax(T, du + pi[u]! - pi[T]!, u, 0);
      } else {
        // From the sink: undo a drop-out, or take a unit off a mentor that has one.
        for (let r = 0; r < n; r++) if (mentorOf[r]! < 0 && r !== i) relax(r, du - P + pi[T]! - pi[r]!, T, 0);
        if (i !== -1 && old < 0) relax(i, du - P + pi[T]! - pi[i]!, T, 0);
        for (let c = 0; c < m; c++) if (load[c]! > 0) relax(n + c, du + pi[T]! - pi[n + c]!, T, 0);
      }
    }
    heap.clear();
    if (target === INF) throw new Error('warm repair: no way back to the mentee (solver invariant)');
    for (const v of popped) {
      if (dist[v]! < target) {
        pi[v] = pi[v]! + dist[v]! - target;
        if (v < n) drop[v] = drop[v]! + target - dist[v]!;
        else if (v < T) mentorDrop[v - n] = mentorDrop[v - n]! + target - dist[v]!;
      }
    }
    // Push the unit along the path (walked from i back to j). Only the mentees on it, and the
    // holders of the mentors on it, can change mentor: their mentorOf is rebuilt from those mentors.
    pathCount = 0;
    pathMentors[pathCount++] = j;
    if (old >= 0) pathMentors[pathCount++] = old;
    let v = i;
    while (v !== n + j) {
      if (v < n) mentorOf[v] = -1;
      else if (v < T) pathMentors[pathCount++] = v - n;
      const from = pred[v]!;
      if (v < n && from >= n && from < T) {
        release(v, from - n); // mentor → mentee: the mentee gives that mentor up
      } else if (v < n && from === T) {
        // sink → mentee: the mentee leaves the drop-out arc
      } else if (v >= n && v < T && from < n) {
        hold(from, v - n, predW[v]!); // mentee → mentor: the mentee takes it
      }
      // mentor → sink, mentee → sink and sink → mentor only move spare capacity or drop-outs.
      v = from;
    }
    for (const x of touched) { dist[x] = INF; pred[x] = -1; }
    touched.length = 0;
    popped.length = 0;
    mentorOf[i] = -1;
    for (let x = 0; x < pathCount; x++) {
      const c = pathMentors[x]!;
      for (let s = c * maxCap; s < c * maxCap + load[c]!; s++) { mentorOf[holders[s]!] = c; pointsOf[holders[s]!] = holderW[s]!; }
    }
  };
  for (const { i, j, w } of newEdges) {
    usable[edgeOf(i, j)] = 1;
    if (-w + pi[i]! - pi[n + j]! < 0) repairEdge(i, j, w);
  }

  const menteeDual = new Float64Array(n), mentorDual = new Float64Array(m);
  for (let i = 0; i < n; i++) { menteeDual[i] = pi[i]! - pi[T]! + P; if (mentorOf[i]! < 0) pointsOf[i] = 0; }
  for (let j = 0; j < m; j++) mentorDual[j] = pi[T]! - pi[n + j]!;
  return { solution: { mentorOf, pointsOf, menteeDual, mentorDual, penalty: P }, drop, mentorDrop };
}
