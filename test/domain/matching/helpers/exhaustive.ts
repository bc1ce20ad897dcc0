// Independent references for the optimiser: every pair's points come from the engine's
// single-pair evaluation, then the best assignment is found by brute force or by a dense
// Hungarian algorithm on an expanded matrix. Neither shares code with the sparse solver.
import { prepareCohort } from '../../../../src/domain/matching/prepare-cohort.ts';
import { evaluatePair } from '../../../../src/domain/matching/score-pair.ts';
import type { MatchInput } from '../../../../src/domain/matching/types.ts';

export interface PairTable {
  n: number;
  m: number;
  /** points[i][j] (fit plus choice bonus), or -1 when the pair is not allowed (hard constraint, or a fit under the minimum score). */
  points: number[][];
  capacity: number[];
  /** Mentees already placed by a pin, with their mentor. */
  pinned: Map<number, number>;
}

export function pairTable(input: MatchInput): PairTable {
  const prep = prepareCohort(input);
  const { enc } = prep;
  const points = Array.from({ length: enc.n }, (_, i) => Array.from({ length: enc.m }, (_, j) => {
    const ev = evaluatePair(enc, i, j);
    return ev.violation !== null || ev.points < enc.minEdgePoints ? -1 : ev.points + ev.choicePoints;
  }));
  const pinned = new Map<number, number>();
  prep.pinnedTo.forEach((j, i) => { if (j >= 0) pinned.set(i, j); });
  return { n: enc.n, m: enc.m, points, capacity: Array.from(prep.capacity), pinned };
}

/** Lexicographic value: matched count first for "participation", then points. */
export interface Value {
  matched: number;
  points: number;
}

export function better(a: Value, b: Value, objective: 'participation' | 'score'): boolean {
  if (objective === 'participation' && a.matched !== b.matched) return a.matched > b.matched;
  return a.points > b.points;
}

export function bruteForce(t: PairTable, objective: 'participation' | 'score'): Value {
  const load = [...t.capacity];
  let best: Value = { matched: 0, points: 0 };
  const go = (i: number, matched: number, pts: number): void => {
    if (i === t.n) {
      const v = { matched, points: pts };
      if (better(v, best, objective)) best = v;
      return;
    }
    if (t.pinned.has(i)) { go(i + 1, matched, pts); return; }
    go(i + 1, matched, pts);
    for (let j = 0; j < t.m; j++) {
      const w = t.points[i]![j]!;
      if (w < 0 || load[j]! <= 0) continue;
      load[j]!--;
      go(i + 1, matched + 1, pts + w);
      load[j]!++;
    }
  };
  go(0, 0, 0);
  return best;
}

/**
 * Dense Hungarian algorithm (shortest augmenting paths with potentials, O(rows² · cols)) on the
 * matrix mentees × (mentor slots + one "unmatched" column per mentee), minimising cost.
 */
export function hungarian(t: PairTable, objective: 'participation' | 'score'): Value {
  const rows = [...Array(t.n).keys()].filter((i) => !t.pinned.has(i));
  const slots: number[] = [];
  t.capacity.forEach((c, j) => { for (let s = 0; s < c; s++) slots.push(j); });
  // More than any total of points, so that one more match always wins.
  const heaviest = Math.max(0, ...t.points.flat());
  const bonus = objective === 'participation' ? (heaviest + 1) * (t.n + 1) : 0;
  const forbidden = 1e12;
  const R = rows.length, C = slots.length + R;
  const cost = (r: number, c: number): number => {
    if (c >= slots.length) return c - slots.length === r ? 0 : forbidden;
    const w = t.points[rows[r]!]![slots[c]!]!;
    return w < 0 ? forbidden : -(w + bonus);
  };
  const u = new Array<number>(R + 1).fill(0), v = new Array<number>(C + 1).fill(0);
  const owner = new Array<number>(C + 1).fill(0), way = new Array<number>(C + 1).fill(0);
  for (let r = 1; r <= R; r++) {
    owner[0] = r;
    let c0 = 0;
    const minv = new Array<number>(C + 1).fill(Infinity);
    const used = new Array<boolean>(C + 1).fill(false);
    do {
      used[c0] = true;
      const r0 = owner[c0]!;
      let delta = Infinity, c1 = 0;
      for (let c = 1; c <= C; c++) {
        if (used[c]) continue;
        const cur = cost(r0 - 1, c - 1) - u[r0]! - v[c]!;
        if (cur < minv[c]!) { minv[c] = cur; way[c] = c0; }
        if (minv[c]! < delta) { delta = minv[c]!; c1 = c; }
      }
      for (let c = 0; c <= C; c++) {
        if (used[c]) { u[owner[c]!] = u[owner[c]!]! + delta; v[c] = v[c]! - delta; } else minv[c] = minv[c]! - delta;
      }
      c0 = c1;
    } while (owner[c0] !== 0);
    do {
      const c1 = way[c0]!;
      owner[c0] = owner[c1]!;
      c0 = c1;
    } while (c0 !== 0);
  }
  const value: Value = { matched: 0, points: 0 };
  for (let c = 1; c <= slots.length; c++) {
    if (owner[c] === 0) continue;
    const w = t.points[rows[owner[c]! - 1]!]![slots[c - 1]!]!;
    if (w >= 0) { value.matched++; value.points += w; }
  }
  return value;
}
