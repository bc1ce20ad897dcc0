// The optimiser: mentees (rows) × mentors (columns with capacity) on the candidate graph.
//
// "score": maximise total points; a mentee may stay unmatched at no cost, so a pair is made
// only where it adds points. One min-cost-flow pass with a zero drop-out penalty.
//
// "participation": maximise matched mentees, then total points. Pass 1 places mentees with no
// drop-out option; a mentee that cannot reach a free slot is deferred, and what its search saw
// is a "dead" region that no later augmenting path can enter or leave. Every mentor in it is
// full, so pass 2 re-solves that region alone from the mentors' side (each slot must be filled,
// by whichever mentees add the most points), which decides who stays unmatched. Outside the
// region pass 1 is already optimal. The two sets of potentials are merged into one dual
// certificate, with dead-region prices lifted by the participation penalty.
import type { CandidateGraph } from './candidates.ts';
import { MAX_POINTS } from './criteria.ts';
import { minCostFlow, type BipartiteGraph } from './min-cost-flow.ts';

export interface AssignmentSolution {
  /** Mentor index of each mentee, -1 when unmatched. */
  mentorOf: Int32Array;
  pointsOf: Int32Array;
  /**
   * LP duals for weights (points + penalty): menteeDual[i] + mentorDual[j] ≥ points + penalty on
   * every graph edge, equal on matched pairs, both ≥ 0, 0 for a mentor with spare capacity and
   * for an unmatched mentee. Their sum (weighted by capacity) is the solution's value: a proof.
   */
  menteeDual: Float64Array;
  mentorDual: Float64Array;
  penalty: number;
}

export function solveAssignment(g: CandidateGraph, capacity: Int32Array, objective: 'participation' | 'score'): AssignmentSolution {
  const { n, m } = g;
  const graph: BipartiteGraph = { rows: n, cols: m, start: g.start, col: g.mentor, weight: g.weight };
  const ones = new Int32Array(n).fill(1);
  const penalty = objective === 'participation' ? MAX_POINTS * (2 * n + 1) : 0;
  const first = minCostFlow(graph, ones, capacity, objective === 'score' ? 0 : null);

  const mentorOf = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) if (first.rowLoad[i]! > 0) mentorOf[i] = first.rowCols[i * first.maxSupply]!;
  const menteeDual = new Float64Array(n), mentorDual = new Float64Array(m);
  for (let i = 0; i < n; i++) menteeDual[i] = first.rowPi[i]! + penalty;
  for (let j = 0; j < m; j++) mentorDual[j] = -first.colPi[j]!;

  if (first.deferred.length > 0) resolveDeadRegion(g, capacity, first.deadRow, first.deadCol, penalty, mentorOf, menteeDual, mentorDual);

  const pointsOf = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const j = mentorOf[i]!;
    if (j < 0) continue;
    for (let e = g.start[i]!; e < g.start[i + 1]!; e++) if (g.mentor[e] === j) { pointsOf[i] = g.weight[e]!; break; }
  }
  return { mentorOf, pointsOf, menteeDual, mentorDual, penalty };
}

function resolveDeadRegion(g: CandidateGraph, capacity: Int32Array, deadMentee: Uint8Array, deadMentor: Uint8Array,
  penalty: number, mentorOf: Int32Array, menteeDual: Float64Array, mentorDual: Float64Array): void {
  const mentees: number[] = [], mentors: number[] = [];
  const local = new Int32Array(Math.max(g.n, g.m)).fill(-1);
  for (let i = 0; i < g.n; i++) if (deadMentee[i]) mentees.push(i);
  for (let j = 0; j < g.m; j++) if (deadMentor[j]) { local[j] = mentors.length; mentors.push(j); }
  // Transpose the region: rows are its mentors, columns its mentees.
  const rowStart = new Int32Array(mentors.length + 1);
  for (const i of mentees) for (let e = g.start[i]!; e < g.start[i + 1]!; e++) rowStart[local[g.mentor[e]!]! + 1]!++;
  for (let r = 0; r < mentors.length; r++) rowStart[r + 1] = rowStart[r + 1]! + rowStart[r]!;
  const fill = rowStart.slice(0, mentors.length);
  const col = new Int32Array(rowStart[mentors.length]!), weight = new Int32Array(col.length);
  mentees.forEach((i, c) => {
    for (let e = g.start[i]!; e < g.start[i + 1]!; e++) {
      const r = local[g.mentor[e]!]!;
      col[fill[r]!] = c;
      weight[fill[r]!] = g.weight[e]!;
      fill[r]!++;
    }
  });
  const supply = new Int32Array(mentors.map((j) => capacity[j]!));
  let slots = 0;
  for (const s of supply) slots += s;
  const slotPenalty = MAX_POINTS * slots + 1;
  const sub = minCostFlow({ rows: mentors.length, cols: mentees.length, start: rowStart, col, weight },
    supply, new Int32Array(mentees.length).fill(1), slotPenalty);

  for (const i of mentees) mentorOf[i] = -1;
  mentors.forEach((j, r) => {
    for (let s = 0; s < sub.rowLoad[r]!; s++) mentorOf[mentees[sub.rowCols[r * sub.maxSupply + s]!]!] = j;
    // Row dual R = pi + slotPenalty satisfies R + Z ≥ w + slotPenalty; shifting by the outer
    // penalty gives the mentor price in the participation units.
    mentorDual[j] = sub.rowPi[r]! + penalty;
  });
  mentees.forEach((i, c) => { menteeDual[i] = -sub.colPi[c]!; });
}
