// The sparse solver against two independent references on small random cohorts: the same
// optimal value, every time, and never a broken hard constraint.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchCohort } from '../../../src/domain/matching/match-cohort.ts';
import { prepareCohort } from '../../../src/domain/matching/prepare-cohort.ts';
import { evaluatePair } from '../../../src/domain/matching/score-pair.ts';
import type { MatchInput, MatchResult } from '../../../src/domain/matching/types.ts';
import { arbitraryCohort } from './helpers/arbitrary-cohort.ts';
import { bruteForce, hungarian, pairTable, type Value } from './helpers/exhaustive.ts';
import { optimisedValue, rankedCohort } from './helpers/ranked-cohort.ts';

function valueOf(result: MatchResult): Value {
  return optimisedValue(result);
}

function assertFeasible(input: MatchInput, result: MatchResult): void {
  const { enc, capacity } = prepareCohort(input);
  const menteeIndex = new Map(enc.mentees.map((e, i) => [e.id, i]));
  const mentorIndex = new Map(enc.mentors.map((r, j) => [r.id, j]));
  const load = new Map<string, number>();
  const seen = new Set<string>();
  for (const p of result.pairs) {
    expect(seen.has(p.menteeId)).toBe(false);
    seen.add(p.menteeId);
    const ev = evaluatePair(enc, menteeIndex.get(p.menteeId)!, mentorIndex.get(p.mentorId)!);
    expect(ev.violation).toBeNull();
    expect(Math.round(p.score * 100)).toBe(ev.points);
    expect(p.choiceRank ?? 0).toBe(ev.choiceRank);
    if (!p.pinned && input.settings.objective === 'score') expect(p.score).toBeGreaterThanOrEqual(input.settings.minScore);
    load.set(p.mentorId, (load.get(p.mentorId) ?? 0) + 1);
  }
  for (const [id, l] of load) {
    const j = mentorIndex.get(id)!;
    const pinnedHere = result.pairs.filter((p) => p.pinned && p.mentorId === id).length;
    expect(l).toBeLessThanOrEqual(capacity[j]! + pinnedHere);
  }
  for (const u of result.unmatched) expect(seen.has(u.menteeId)).toBe(false);
  expect(result.pairs.length + result.unmatched.length).toBe(enc.n);
}

/** The partial check after a repair: whole (the default below 1 000 mentees) or split by how far each mentee may fall. */
const grouped = fc.constantFrom(undefined, 1);
/** Left-out pairs handed over per mentee and round: the default, or one, so that mentees keep violations after a round. */
const widen = fc.constantFrom(undefined, 1);

describe('optimiser vs brute force and a dense Hungarian solver', () => {
  it('finds the optimum of the full problem, whatever the candidate list size', () => {
    fc.assert(fc.property(arbitraryCohort(), fc.integer({ min: 1, max: 4 }), fc.constantFrom(0, 1000), grouped, widen, (input, k, maxRepairEdges, groupedRecheckFrom, widenPerMentee) => {
      // maxRepairEdges 0: every widening round re-solves; 1000: every round repairs in place.
      const result = matchCohort(input, { candidatesPerMentee: k, maxRepairEdges, groupedRecheckFrom, widenPerMentee });
      assertFeasible(input, result);
      const table = pairTable(input);
      const brute = bruteForce(table, input.settings.objective);
      const dense = hungarian(table, input.settings.objective);
      const got = valueOf(result);
      expect(dense).toEqual(brute);
      if (input.settings.objective === 'participation') expect(got.matched).toBe(brute.matched);
      expect(got.points).toBe(brute.points);
      expect(result.report.optimality.status).toBe('optimal');
    }), { numRuns: 300 });
  });

  it('reports a gap that bounds the loss when widening is switched off', () => {
    fc.assert(fc.property(arbitraryCohort('score'), (input) => {
      const result = matchCohort(input, { candidatesPerMentee: 1, maxWideningRounds: 0 });
      assertFeasible(input, result);
      const best = bruteForce(pairTable(input), 'score');
      const got = valueOf(result);
      const { status, scoreGap } = result.report.optimality;
      expect(got.points).toBeLessThanOrEqual(best.points);
      expect(Math.round(scoreGap * 100)).toBeGreaterThanOrEqual(best.points - got.points);
      if (status === 'optimal') expect(got.points).toBe(best.points);
    }), { numRuns: 200 });
  });

  it('matches the dense solver on cohorts too large for brute force', () => {
    fc.assert(fc.property(arbitraryCohort(undefined, { mentees: 14, mentors: 7 }), fc.integer({ min: 1, max: 3 }), fc.constantFrom(0, 1000), grouped, widen, (input, k, maxRepairEdges, groupedRecheckFrom, widenPerMentee) => {
      const result = matchCohort(input, { candidatesPerMentee: k, maxRepairEdges, groupedRecheckFrom, widenPerMentee });
      assertFeasible(input, result);
      const dense = hungarian(pairTable(input), input.settings.objective);
      const got = valueOf(result);
      expect(got.points).toBe(dense.points);
      expect(got.matched).toBe(input.settings.objective === 'participation' ? dense.matched : got.matched);
    }), { numRuns: 150 });
  });

  it('finds the optimum with ranked choices (bonus on ranked pairs, never past a rule or the minimum)', () => {
    fc.assert(fc.property(rankedCohort(), fc.integer({ min: 1, max: 4 }), fc.constantFrom(0, 1000), grouped, widen, (input, k, maxRepairEdges, groupedRecheckFrom, widenPerMentee) => {
      const result = matchCohort(input, { candidatesPerMentee: k, maxRepairEdges, groupedRecheckFrom, widenPerMentee });
      assertFeasible(input, result);
      const table = pairTable(input);
      const brute = bruteForce(table, input.settings.objective);
      expect(hungarian(table, input.settings.objective)).toEqual(brute);
      const got = valueOf(result);
      if (input.settings.objective === 'participation') expect(got.matched).toBe(brute.matched);
      expect(got.points).toBe(brute.points);
      expect(result.report.optimality.status).toBe('optimal');
      const stats = result.report.choices;
      if (stats) {
        const ranked = result.pairs.filter((p) => !p.pinned && p.choiceRank !== undefined).length;
        expect(stats.byRank.reduce((s, x) => s + x, 0)).toBe(ranked);
        expect(stats.byRank.reduce((s, x) => s + x, 0) + stats.other + stats.unmatched).toBe(stats.ranked);
      }
    }), { numRuns: 300 });
  });

  it('matches the dense solver with ranked choices on cohorts too large for brute force', () => {
    fc.assert(fc.property(rankedCohort(undefined, { mentees: 14, mentors: 7 }), fc.integer({ min: 1, max: 3 }), fc.constantFrom(0, 1000), grouped, widen, (input, k, maxRepairEdges, groupedRecheckFrom, widenPerMentee) => {
      const result = matchCohort(input, { candidatesPerMentee: k, candidatesPerMentor: 0, maxRepairEdges, groupedRecheckFrom, widenPerMentee });
      assertFeasible(input, result);
      const dense = hungarian(pairTable(input), input.settings.objective);
      const got = valueOf(result);
      expect(got.points).toBe(dense.points);
      if (input.settings.objective === 'participation') expect(got.matched).toBe(dense.matched);
      expect(result.report.optimality).toMatchObject({ status: 'optimal', scoreGap: 0, matchedGap: 0 });
    }), { numRuns: 150 });
  });

  it('is deterministic', () => {
    fc.assert(fc.property(arbitraryCohort(), (input) => {
      expect(matchCohort(input)).toEqual(matchCohort(structuredClone(input)));
    }), { numRuns: 50 });
  });
});
