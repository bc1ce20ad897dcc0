// The optimiser: mentees × mentors (with capacity) on the candidate graph, as min-cost flow.
//
// "score": maximise total points; a unit may stay unplaced at no cost, so a pair is made only
// where it adds points. One pass.
//
// "participation": maximise matched mentees, then total points. Pass 1 places units with no
// drop-out option; a unit that cannot reach a free slot is deferred, and what its search saw
// is a "dead" region that no later augmenting path can enter or leave, where the other side is
// saturated. Pass 2 re-solves that region alone from the other side (every unit there must be
// placed, by whichever choice adds the most points), which decides who is left out. Outside
// the region pass 1 is already optimal.
//
// Pass 1 runs from the scarcer side (mentors' slots when they are fewer than mentees), so its
// searches end quickly at one of the many free partners. Whatever the orientation, the
// potentials map to LP duals: row side rowPi + P, column side −colPi (P: the participation
// penalty), which certify optimality on the graph and feed the full-problem check.
import type { CandidateGraph } from './candidates.ts';
import { minCostFlow, type BipartiteGraph, type FlowResult } from './min-cost-flow.ts';

export interface AssignmentSolution {
  /** Mentor index of each mentee, -1 when unmatched. */
  mentorOf: Int32Array;
  pointsOf: Int32Array;
  /**
   * The flow's potentials as a surplus per mentee and a price per mentor, for weights (points +
   * penalty): menteeDual[i] + mentorDual[j] ≥ points + penalty on every graph edge not used, at
   * most that on the matched pairs (not always equal: a matched arc's own bound can take part of
   * it), never above 0 for a mentor with a seat left. With no unused pair of the full problem
   * above u + v, no exchange along a cycle of pairs improves the result. The prices alone give the
   * LP bound that bench/lib/certificate.ts checks over every pair.
   */
  menteeDual: Float64Array;
  mentorDual: Float64Array;
  penalty: number;
}

/** Rows ⇄ columns, keeping only the given rows (all when undefined); ids stay the original ones. */
function transpose(g: BipartiteGraph, keepRow?: Uint8Array): BipartiteGraph {
  const start = new Int32Array(g.cols + 1);
  for (let r = 0; r < g.rows; r++) {
    if (keepRow && !keepRow[r]) continue;
    for (let e = g.start[r]!; e < g.start[r + 1]!; e++) start[g.col[e]! + 1]!++;
  }
  for (let c = 0; c < g.cols; c++) start[c + 1] = start[c + 1]! + start[c]!;
  const fill = start.slice(0, g.cols);
  const col = new Int32Array(start[g.cols]!), weight = new Int32Array(col.length);
  for (let r = 0; r < g.rows; r++) {
    if (keepRow && !keepRow[r]) continue;
    for (let e = g.start[r]!; e < g.start[r + 1]!; e++) {
      const c = g.col[e]!;
      col[fill[c]!] = r;
      weight[fill[c]!] = g.weight[e]!;
      fill[c]!++;
    }
  }
  return { rows: g.cols, cols: g.rows, start, col, weight };
}

/** The LP duals of one side (mentees or mentors), filled by whichever pass solved each node. */
interface Side {
  dual: Float64Array;
}

/** `maxPoints`: the most any pair can weigh (MAX_POINTS plus the largest choice bonus, see choices.ts). */
export function solveAssignment(g: CandidateGraph, capacity: Int32Array, objective: 'participation' | 'score',
  maxPoints: number): AssignmentSolution {
  const { n, m } = g;
  const penalty = objective === 'participation' ? maxPoints * (2 * n + 1) : 0;
  const byMentee: BipartiteGraph = { rows: n, cols: m, start: g.start, col: g.mentor, weight: g.weight };
  const ones = new Int32Array(n).fill(1);
  let slots = 0;
  for (let j = 0; j < m; j++) slots += capacity[j]!;
  const mentorRows = slots < n;

  const mentorOf = new Int32Array(n).fill(-1);
  const mentee: Side = { dual: new Float64Array(n) }, mentor: Side = { dual: new Float64Array(m) };
  const graph = mentorRows ? transpose(byMentee) : byMentee;
  const [rowSide, colSide] = mentorRows ? [mentor, mentee] : [mentee, mentor];
  const first = minCostFlow(graph, mentorRows ? capacity : ones, mentorRows ? ones : capacity, objective === 'score' ? 0 : null);
  record(first, graph.rows, rowSide, colSide, penalty, mentorRows, mentorOf, undefined);

  if (first.deferred.length > 0) {
    closeDeadRegion(first, graph.rows, graph.cols);
    // Pass 2 on the dead region, from the other side: its rows are pass 1's dead columns.
    const flipped = transpose(graph, first.deadRow);
    const keep = first.deadCol;
    const sub = restrictRows(flipped, keep);
    let units = 0;
    const supply = new Int32Array(sub.rows);
    for (let r = 0; r < sub.rows; r++) if (keep[r]) { supply[r] = mentorRows ? 1 : capacity[r]!; units += supply[r]!; }
    const cap = new Int32Array(sub.cols);
    for (let c = 0; c < sub.cols; c++) cap[c] = mentorRows ? capacity[c]! : 1;
    const second = minCostFlow(sub, supply, cap, maxPoints * units + 1);
    for (let i = 0; i < n; i++) if (mentorRows ? keep[i] : first.deadRow[i]) mentorOf[i] = -1;
    record(second, sub.rows, colSide, rowSide, penalty, !mentorRows, mentorOf, keep, first.deadRow);
  }

  const pointsOf = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const j = mentorOf[i]!;
    if (j < 0) continue;
    for (let e = g.start[i]!; e < g.start[i + 1]!; e++) if (g.mentor[e] === j) { pointsOf[i] = g.weight[e]!; break; }
  }
  return { mentorOf, pointsOf, menteeDual: mentee.dual, mentorDual: mentor.dual, penalty };
}

/**
 * The dead region is closed under residual arcs, but a dead row may still hold columns the
 * failed searches never reached (a row's held arcs are not residual). Pulling every pair with
 * one end in the region into it keeps it closed and lets pass 2 own all of its units.
 */
function closeDeadRegion(f: FlowResult, rows: number, cols: number): void {
  const holderStart = new Int32Array(cols + 1);
  for (let r = 0; r < rows; r++) for (let s = 0; s < f.rowLoad[r]!; s++) holderStart[f.rowCols[r * f.maxSupply + s]! + 1]!++;
  for (let c = 0; c < cols; c++) holderStart[c + 1] = holderStart[c + 1]! + holderStart[c]!;
  const fill = holderStart.slice(0, cols), holder = new Int32Array(holderStart[cols]!);
  for (let r = 0; r < rows; r++) for (let s = 0; s < f.rowLoad[r]!; s++) { const c = f.rowCols[r * f.maxSupply + s]!; holder[fill[c]!++] = r; }
  const queue: number[] = [];
  for (let r = 0; r < rows; r++) if (f.deadRow[r]) queue.push(r);
  for (let c = 0; c < cols; c++) if (f.deadCol[c]) queue.push(rows + c);
  while (queue.length > 0) {
    const v = queue.pop()!;
    if (v < rows) {
      for (let s = 0; s < f.rowLoad[v]!; s++) {
        const c = f.rowCols[v * f.maxSupply + s]!;
        if (!f.deadCol[c]) { f.deadCol[c] = 1; queue.push(rows + c); }
      }
    } else {
      const c = v - rows;
      for (let k = holderStart[c]!; k < holderStart[c + 1]!; k++) {
        const r = holder[k]!;
        if (!f.deadRow[r]) { f.deadRow[r] = 1; queue.push(r); }
      }
    }
  }
}

/** Keeps the arcs of the flagged rows only (other rows get none). */
function restrictRows(g: BipartiteGraph, keep: Uint8Array): BipartiteGraph {
  const start = new Int32Array(g.rows + 1);
  let e = 0;
  const col = new Int32Array(g.col.length), weight = new Int32Array(g.col.length);
  for (let r = 0; r < g.rows; r++) {
    if (keep[r]) {
      for (let q = g.start[r]!; q < g.start[r + 1]!; q++) { col[e] = g.col[q]!; weight[e] = g.weight[q]!; e++; }
    }
    start[r + 1] = e;
  }
  return { rows: g.rows, cols: g.cols, start, col: col.subarray(0, e), weight: weight.subarray(0, e) };
}

/** Writes a pass's pairs and duals; only rows/cols flagged in keepRow/keepCol when given. */
function record(f: FlowResult, rows: number, rowSide: Side, colSide: Side, penalty: number, rowsAreMentors: boolean,
  mentorOf: Int32Array, keepRow: Uint8Array | undefined, keepCol?: Uint8Array): void {
  for (let r = 0; r < rows; r++) {
    if (keepRow && !keepRow[r]) continue;
    rowSide.dual[r] = f.rowPi[r]! + penalty;
    for (let s = 0; s < f.rowLoad[r]!; s++) {
      const c = f.rowCols[r * f.maxSupply + s]!;
      if (rowsAreMentors) mentorOf[c] = r; else mentorOf[r] = c;
    }
  }
  for (let c = 0; c < f.colPi.length; c++) {
    if (keepCol && !keepCol[c]) continue;
    colSide.dual[c] = -f.colPi[c]!;
  }
}
