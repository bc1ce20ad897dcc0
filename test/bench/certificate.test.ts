// The benchmark's exhaustive proof of optimality (bench/lib/certificate.ts): every pair scored
// against the matcher's seat prices gives an upper bound on any assignment. It must prove what the
// matcher proves, never bound below the true optimum, and refuse a result that is not optimal or
// prices that do not support it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { verifyCertificate } from '../../bench/lib/certificate.ts';
import { generateCohort } from '../../bench/lib/cohort-generator.ts';
import { matchCohortProfiled } from '../../src/domain/matching/match-cohort.ts';
import type { MatchInput, MatchOptions } from '../../src/domain/matching/types.ts';
import { hungarian, pairTable } from '../domain/matching/helpers/exhaustive.ts';
import { optimisedValue, rankedCohort } from '../domain/matching/helpers/ranked-cohort.ts';

function run(input: MatchInput, options: MatchOptions = {}) {
  const { result, profile } = matchCohortProfiled(input, options);
  return { result, prices: profile.prices, check: verifyCertificate(input, result, profile.prices) };
}

describe("the benchmark's exhaustive optimality check", () => {
  it('proves every result the matcher reports optimal on random cohorts (both objectives, pins, forbids, managers, rankings)', () => {
    fc.assert(fc.property(rankedCohort(undefined, { mentees: 14, mentors: 7 }), fc.integer({ min: 1, max: 3 }), (input, k) => {
      const { result, check } = run(input, { candidatesPerMentee: k, candidatesPerMentor: 0 });
      expect(result.report.optimality.status).toBe('optimal');
      expect(check.problems).toEqual([]);
      expect(check.bound).toBe(check.primal);
    }), { numRuns: 200 });
  });

  it('never bounds below the true optimum, and proves a result only when it is optimal (widening off)', () => {
    let unproven = 0;
    fc.assert(fc.property(rankedCohort(undefined, { mentees: 14, mentors: 7 }), (input) => {
      const { result, prices, check } = run(input, { candidatesPerMentee: 1, candidatesPerMentor: 0, maxWideningRounds: 0 });
      const dense = hungarian(pairTable(input), input.settings.objective);
      const got = optimisedValue(result);
      const P = prices.penalty;
      // In the optimiser's units: each pair weighs its points plus the penalty.
      const optimum = dense.points + P * dense.matched, value = got.points + P * got.matched;
      expect(check.primal).toBe(value);
      expect(check.bound).toBeGreaterThanOrEqual(optimum);
      if (check.problems.length === 0) expect(value).toBe(optimum);
      else unproven++;
      if (result.report.optimality.status === 'optimal') expect(check.problems).toEqual([]);
    }), { numRuns: 300 });
    // The property above is not vacuous: some first solves are left unproven.
    expect(unproven).toBeGreaterThan(5);
  });

  it('proves generated company cohorts, with a locked pair and a pin', () => {
    for (const [seed, objective] of [[1, 'participation'], [2, 'score']] as const) {
      const base = generateCohort({ mentees: 600, mentors: 300, seed, objective });
      const input: MatchInput = {
        ...base,
        lockedPairs: [{ menteeId: base.mentees[0]!.id, mentorId: base.mentors[0]!.id }],
        pins: [{ menteeId: base.mentees[1]!.id, mentorId: base.mentors[1]!.id }],
      };
      const { result, check } = run(input);
      expect(result.report.optimality.status).toBe('optimal');
      expect(check.problems).toEqual([]);
      expect(check.pairs).toBeGreaterThan(50_000);
    }
  });

  it('refuses a result that leaves out a mentee it could have matched', () => {
    const input = generateCohort({ mentees: 300, mentors: 150, seed: 3 });
    const { result, prices } = run(input);
    const left = result.pairs[0]!;
    const check = verifyCertificate(input, { ...result, pairs: result.pairs.slice(1) }, prices);
    expect(check.primal).toBeLessThan(check.bound);
    expect(check.envious).toBe(1);
    expect(check.problems[0]).toMatch(new RegExp(`^mentee ${left.menteeId}: r\\d+ is worth \\d+ more than staying unmatched at the prices$`));
    expect(check.problems.at(-1)).toMatch(/^the result is worth \d+, the bound \d+$/);
  });

  it('refuses a result that gives a mentor more mentees than seats, or a pair a hard rule forbids', () => {
    const input = generateCohort({ mentees: 300, mentors: 150, seed: 4 });
    const { result, prices } = run(input);
    const first = result.pairs[0]!;
    const crowded = { ...result, pairs: result.pairs.map((p) => ({ ...p, mentorId: first.mentorId })) };
    expect(verifyCertificate(input, crowded, prices).problems.join('\n')).toMatch(/more mentees than seats|is not allowed/);
    const forbidden = { ...input, forbids: [{ menteeId: first.menteeId, mentorId: first.mentorId }] };
    expect(verifyCertificate(forbidden, result, prices).problems).toContain(`pair ${first.menteeId}–${first.mentorId} is not allowed`);
  });

  it('refuses a result that gives a mentee two pairs, or pairs someone outside the problem', () => {
    const input = generateCohort({ mentees: 300, mentors: 150, seed: 6 });
    const { result, prices } = run(input);
    const [first, second] = result.pairs;
    const twice = { ...result, pairs: [...result.pairs, { ...second!, menteeId: first!.menteeId }] };
    expect(verifyCertificate(input, twice, prices).problems).toContain(`mentee ${first!.menteeId}: more than one pair`);
    const stranger = { ...result, pairs: [...result.pairs, { ...first!, menteeId: 'nobody' }] };
    expect(verifyCertificate(input, stranger, prices).problems).toContain(`pair nobody–${first!.mentorId}: unknown, pinned or locked mentee`);
  });

  it('refuses prices that are missing, too low, or set on a mentor with a seat left', () => {
    const input = generateCohort({ mentees: 150, mentors: 150, seed: 5 }); // more seats than mentees
    const { result, prices } = run(input);
    const withPrice = (id: string, price: number) => ({ ...prices, mentor: new Map(prices.mentor).set(id, price) });
    const missing = { ...prices, mentor: new Map([...prices.mentor].slice(1)) };
    expect(verifyCertificate(input, result, missing).problems[0]).toMatch(/^no price for mentor /);
    // A mentor who is somebody's better buy once free: the mentees around it no longer hold their pair.
    const [pricey, price] = [...prices.mentor].find(([, x]) => x > 0)!;
    const cheap = verifyCertificate(input, result, withPrice(pricey, 0));
    expect(cheap.envious).toBeGreaterThan(0);
    expect(cheap.bound).toBeGreaterThan(cheap.primal);
    const taken = new Map<string, number>();
    for (const p of result.pairs) taken.set(p.mentorId, (taken.get(p.mentorId) ?? 0) + 1);
    const spare = input.mentors.find((r) => (taken.get(r.id) ?? 0) < (r.capacity ?? r.answers.capacity))!;
    const priced = verifyCertificate(input, result, withPrice(spare.id, price));
    expect(priced.pricedSpare).toBe(1);
    expect(priced.problems).toContain(`mentor ${spare.id}: a seat left, and a price of ${price}`);
  });
});
