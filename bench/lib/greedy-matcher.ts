// The baseline the optimiser is measured against: global greedy, best pair first. It uses the
// same scores and hard constraints, so the only difference is the optimisation itself.
import { buildCandidates } from '../../src/domain/matching/candidates.ts';
import { prepareCohort } from '../../src/domain/matching/prepare-cohort.ts';
import { RowContext, scoreRow } from '../../src/domain/matching/score-kernel.ts';
import { TopK } from '../../src/domain/matching/top-k.ts';
import type { MatchInput } from '../../src/domain/matching/types.ts';

export interface GreedyResult {
  matched: number;
  totalPoints: number;
  mentorOf: Int32Array;
}

const LIST = 16;

export function greedyMatch(input: MatchInput): GreedyResult {
  const { enc, capacity: cap } = prepareCohort(input);
  const capacity = Int32Array.from(cap);
  const { n, m } = enc;
  const ctx = new RowContext(enc);
  const row = new Int32Array(m);
  const top = new TopK(LIST);
  const lists: Int32Array[] = [], scores: Int32Array[] = [];
  const complete = new Uint8Array(n), next = new Int32Array(n);
  // Each mentee's best few mentors; a mentee whose list runs dry is rescored against the
  // mentors that still have room (capacity only ever goes down, so nothing is missed).
  const refill = (i: number): void => {
    scoreRow(ctx, i, row);
    top.reset();
    let edges = 0;
    for (let j = 0; j < m; j++) if (row[j]! >= 0 && capacity[j]! > 0) { edges++; top.offer(j, row[j]!); }
    lists[i] = top.mentor.slice(0, top.size);
    scores[i] = top.points.slice(0, top.size);
    complete[i] = edges <= top.size ? 1 : 0;
    next[i] = 0;
  };
  const heapScore: number[] = [], heapMentee: number[] = [];
  const less = (a: number, b: number): boolean =>
    heapScore[a]! > heapScore[b]! || (heapScore[a] === heapScore[b] && heapMentee[a]! < heapMentee[b]!);
  const swap = (a: number, b: number): void => {
    [heapScore[a], heapScore[b]] = [heapScore[b]!, heapScore[a]!];
    [heapMentee[a], heapMentee[b]] = [heapMentee[b]!, heapMentee[a]!];
  };
  const push = (s: number, i: number): void => {
    heapScore.push(s);
    heapMentee.push(i);
    for (let k = heapScore.length - 1; k > 0 && less(k, (k - 1) >> 1); k = (k - 1) >> 1) swap(k, (k - 1) >> 1);
  };
  const pop = (): number => {
    const i = heapMentee[0]!;
    const lastS = heapScore.pop()!, lastI = heapMentee.pop()!;
    if (heapScore.length > 0) {
      heapScore[0] = lastS;
      heapMentee[0] = lastI;
      for (let k = 0; ;) {
        const l = 2 * k + 1, r = l + 1;
        let best = k;
        if (l < heapScore.length && less(l, best)) best = l;
        if (r < heapScore.length && less(r, best)) best = r;
        if (best === k) break;
        swap(k, best);
        k = best;
      }
    }
    return i;
  };

  // First lists from the matcher's pruned candidate search (the exact best LIST, ties aside):
  // scoring every pair up front made the baseline the slowest part of a large benchmark.
  const first = buildCandidates(enc, LIST, undefined, 0);
  for (let i = 0; i < n; i++) {
    const lo = first.start[i]!, hi = first.start[i + 1]!;
    lists[i] = first.mentor.slice(lo, hi);
    scores[i] = first.weight.slice(lo, hi);
    complete[i] = first.cutoff[i]! < 0 ? 1 : 0;
    next[i] = 0;
    if (lists[i]!.length > 0) push(scores[i]![0]!, i);
  }
  const mentorOf = new Int32Array(n).fill(-1);
  let matched = 0, totalPoints = 0;
  while (heapScore.length > 0) {
    const i = pop();
    const j = lists[i]![next[i]!]!;
    if (capacity[j]! > 0) {
      capacity[j]!--;
      mentorOf[i] = j;
      matched++;
      totalPoints += scores[i]![next[i]!]!;
      continue;
    }
    next[i]!++;
    if (next[i]! >= lists[i]!.length) {
      if (complete[i]) continue;
      refill(i);
    }
    if (next[i]! < lists[i]!.length) push(scores[i]![next[i]!]!, i);
  }
  return { matched, totalPoints, mentorOf };
}
