// Exact b-matching on a sparse bipartite graph as a min-cost flow, solved by successive
// shortest augmenting paths with node potentials (Dijkstra on reduced costs), one unit of row
// supply at a time. Costs are −weight; the sink T keeps potential 0.
//
// Two ways to treat a unit that cannot (or should not) be placed:
// - penalty: every row may send a unit to T at that cost (a "stay unmatched" arc), so each
//   search ends quickly at the cheapest of a free column or a drop-out;
// - no penalty: a unit that cannot reach a free column is deferred. Everything its search
//   visited can never reach a free column again ("dead"), so later searches skip it; that keeps
//   maximum-cardinality matching cheap when capacity is short (see assignment.ts).
import { IndexedMinHeap } from './indexed-heap.ts';

export interface BipartiteGraph {
  rows: number;
  cols: number;
  /** CSR: row r's arcs are start[r] .. start[r+1]-1. */
  start: Int32Array;
  col: Int32Array;
  weight: Int32Array;
}

export interface FlowResult {
  /** Columns of each row: rowCols[r * maxSupply + s] for s < rowLoad[r]. */
  rowCols: Int32Array;
  rowLoad: Int32Array;
  maxSupply: number;
  colLoad: Int32Array;
  /** Potentials; reduced cost of arc r→c is −w + rowPi[r] − colPi[c] ≥ 0 off the dead region. */
  rowPi: Float64Array;
  colPi: Float64Array;
  /** Units that found no free column (only without a penalty), as row ids, one entry per unit. */
  deferred: number[];
  deadRow: Uint8Array;
  deadCol: Uint8Array;
}

const INF = Number.POSITIVE_INFINITY;

export function minCostFlow(g: BipartiteGraph, supply: Int32Array, capacity: Int32Array, penalty: number | null): FlowResult {
  const { rows, cols, start, col, weight } = g;
  let maxSupply = 1, maxCap = 1;
  for (let r = 0; r < rows; r++) maxSupply = Math.max(maxSupply, supply[r]!);
  for (let c = 0; c < cols; c++) maxCap = Math.max(maxCap, capacity[c]!);
  const N = rows + cols;
  const pi = new Float64Array(N);
  const dist = new Float64Array(N).fill(INF);
  const pred = new Int32Array(N).fill(-1);
  const predW = new Int32Array(cols);
  const rowCols = new Int32Array(rows * maxSupply), rowLoad = new Int32Array(rows);
  const colRows = new Int32Array(cols * maxCap), colW = new Int32Array(cols * maxCap), colLoad = new Int32Array(cols);
  const dead = new Uint8Array(N);
  const heap = new IndexedMinHeap(N);
  const popped = new Int32Array(N), touched = new Int32Array(N);
  const deferred: number[] = [];
  const started = new Uint8Array(rows);

  const holds = (r: number, c: number): boolean => {
    for (let s = r * maxSupply; s < r * maxSupply + rowLoad[r]!; s++) if (rowCols[s] === c) return true;
    return false;
  };
  const link = (r: number, c: number, w: number): void => {
    rowCols[r * maxSupply + rowLoad[r]!] = c;
    rowLoad[r]!++;
    colRows[c * maxCap + colLoad[c]!] = r;
    colW[c * maxCap + colLoad[c]!] = w;
    colLoad[c]!++;
  };
  const unlink = (r: number, c: number): void => {
    const rs = r * maxSupply, re = rs + rowLoad[r]! - 1;
    for (let s = rs; s <= re; s++) if (rowCols[s] === c) { rowCols[s] = rowCols[re]!; break; }
    rowLoad[r]!--;
    const cs = c * maxCap, ce = cs + colLoad[c]! - 1;
    for (let s = cs; s <= ce; s++) {
      if (colRows[s] === r) { colRows[s] = colRows[ce]!; colW[s] = colW[ce]!; break; }
    }
    colLoad[c]!--;
  };

  for (let source = 0; source < rows; source++) {
    for (let unit = 0; unit < supply[source]!; unit++) {
      if (!started[source]) {
        // No arc enters a row before its first unit, so its potential may be raised to make
        // all its outgoing reduced costs non-negative.
        started[source] = 1;
        let top = penalty === null ? 0 : -penalty;
        for (let e = start[source]!; e < start[source + 1]!; e++) top = Math.max(top, weight[e]! + pi[rows + col[e]!]!);
        pi[source] = top;
      }
      if (dead[source]) { deferred.push(source); continue; }
      let touchedCount = 0, poppedCount = 0;
      dist[source] = 0;
      touched[touchedCount++] = source;
      heap.push(source, 0);
      let dT = INF, end = -1;
      while (heap.length > 0 && heap.peekKey() < dT) {
        const u = heap.pop();
        popped[poppedCount++] = u;
        const du = dist[u]!, pu = pi[u]!;
        if (u < rows) {
          if (penalty !== null && du + penalty + pu < dT) { dT = du + penalty + pu; end = u; }
          for (let e = start[u]!; e < start[u + 1]!; e++) {
            const c = col[e]!, v = rows + c;
            if (dead[v]) continue;
            const nd = du - weight[e]! + pu - pi[v]!;
            // A node reached at dT or more is never popped: it is not queued at all.
            if (nd < dist[v]! && nd < dT && !holds(u, c)) {
              if (dist[v] === INF) touched[touchedCount++] = v;
              dist[v] = nd;
              pred[v] = u;
              predW[c] = weight[e]!;
              heap.push(v, nd);
              // A free column ends a path as soon as it is reached; knowing dT early keeps
              // the queue short.
              if (colLoad[c]! < capacity[c]! && nd + pi[v]! < dT) { dT = nd + pi[v]!; end = v; }
            }
          }
        } else {
          const c = u - rows;
          if (colLoad[c]! < capacity[c]!) {
            if (du + pu < dT) { dT = du + pu; end = u; }
            continue;
          }
          for (let s = c * maxCap; s < c * maxCap + colLoad[c]!; s++) {
            const v = colRows[s]!;
            if (dead[v]) continue;
            const nd = du + colW[s]! + pu - pi[v]!;
            if (nd < dist[v]! && nd < dT) {
              if (dist[v] === INF) touched[touchedCount++] = v;
              dist[v] = nd;
              pred[v] = u;
              heap.push(v, nd);
            }
          }
        }
      }
      heap.clear();
      if (end < 0) {
        // Nothing reachable has a free column, now or after any later augmentation.
        for (let k = 0; k < poppedCount; k++) dead[popped[k]!] = 1;
        deferred.push(source);
      } else {
        for (let k = 0; k < poppedCount; k++) {
          const v = popped[k]!;
          pi[v] = pi[v]! + dist[v]! - dT;
        }
        // Walk back: each column on the path changes hands from the row after it to the row
        // before it (the row gives its old column up before taking the new one).
        let r = -1, c = -1;
        if (end >= rows) {
          c = end - rows;
          r = pred[end]!;
        } else if (end !== source) {
          c = pred[end]! - rows;
          unlink(end, c);
          r = pred[rows + c]!;
        }
        while (r >= 0) {
          const previous = r === source ? -1 : pred[r]! - rows;
          if (previous >= 0) unlink(r, previous);
          link(r, c, predW[c]!);
          if (previous < 0) break;
          c = previous;
          r = pred[rows + c]!;
        }
      }
      for (let k = 0; k < touchedCount; k++) {
        dist[touched[k]!] = INF;
        pred[touched[k]!] = -1;
      }
    }
  }
  return {
    rowCols, rowLoad, maxSupply, colLoad, rowPi: pi.slice(0, rows), colPi: pi.slice(rows), deferred,
    deadRow: dead.slice(0, rows), deadCol: dead.slice(rows),
  };
}
