// Each mentor's best mentees (the candidate graph's second list) are kept in a buffer that is cut
// back to its best half when full. Held to the plain rule: all offers sorted by points, the
// earlier mentee first on equal points, the first `size` kept.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MentorBest, selectNth } from '../../../src/domain/matching/mentor-best.ts';

interface Offer { j: number; i: number; points: number }

function kept(best: MentorBest, mentors: number): string[][] {
  const out: string[][] = [];
  for (let j = 0; j < mentors; j++) {
    const list: string[] = [];
    best.forEach(j, (i, points) => list.push(`${i}:${points}`));
    out.push(list.sort());
  }
  return out;
}

function reference(offers: readonly Offer[], mentors: number, size: number): string[][] {
  const out: string[][] = [];
  for (let j = 0; j < mentors; j++) {
    const mine = offers.filter((o) => o.j === j).sort((a, b) => b.points - a.points || a.i - b.i).slice(0, size);
    out.push(mine.map((o) => `${o.i}:${o.points}`).sort());
  }
  return out;
}

describe('each mentor’s best mentees', () => {
  it('keeps the best offers by points, the earlier mentee on equal points, whatever the order of the offers', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 6 }),
      fc.array(fc.record({ j: fc.nat(), points: fc.integer({ min: 0, max: 12 }) }), { maxLength: 200 }),
      fc.boolean(),
      (mentors, size, raw, shuffled) => {
        // Each mentee offers each mentor at most once, as in the search; few point values force ties.
        let offers: Offer[] = raw.map((o, i) => ({ j: o.j % mentors, i, points: o.points }));
        if (shuffled) offers = [...offers].reverse();
        const best = new MentorBest(mentors, size);
        for (const o of offers) best.offer(o.j, o.i, o.points);
        expect(kept(best, mentors)).toEqual(reference(offers, mentors, size));
      },
    ), { numRuns: 300 });
  });

  it('says which offers it would keep: leaving out the others changes nothing', () => {
    // The candidate search skips a pair that neither list would keep (candidates.ts): it asks
    // accepts() with an upper bound of the pair's points before scoring it.
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 6 }),
      fc.array(fc.record({ j: fc.nat(), points: fc.integer({ min: 0, max: 12 }), slack: fc.integer({ min: 0, max: 3 }) }), { maxLength: 200 }),
      (mentors, size, raw) => {
        const offers = raw.map((o, i) => ({ j: o.j % mentors, i, points: o.points, bound: o.points + o.slack }));
        const all = new MentorBest(mentors, size), asked = new MentorBest(mentors, size);
        for (const o of offers) {
          all.offer(o.j, o.i, o.points);
          if (asked.accepts(o.j, o.i, o.bound)) asked.offer(o.j, o.i, o.points);
        }
        expect(kept(asked, mentors)).toEqual(kept(all, mentors));
      },
    ), { numRuns: 300 });
  });

  it('keeps them all when a mentor has fewer offers than the list holds', () => {
    const best = new MentorBest(2, 4);
    best.offer(1, 7, 50);
    best.offer(1, 3, 20);
    expect(kept(best, 2)).toEqual([[], ['3:20', '7:50']]);
  });

  it('cuts a full buffer back by selection: the value a sort puts at k, nothing smaller after it, nothing larger before, the same values', () => {
    fc.assert(fc.property(
      fc.array(fc.oneof(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 1_000_000 })), { minLength: 1, maxLength: 200 }),
      fc.nat(),
      (values, at) => {
        const a = Float64Array.from(values), sorted = Float64Array.from(values).sort();
        const k = at % a.length;
        selectNth(a, k);
        expect(a[k]).toBe(sorted[k]);
        expect(a.subarray(0, k).every((x) => x <= a[k]!)).toBe(true);
        expect(a.subarray(k + 1).every((x) => x >= a[k]!)).toBe(true);
        expect(Float64Array.from(a).sort()).toEqual(sorted);
      },
    ), { numRuns: 500 });
  });
});
