// The left-out report counts, per mentee, the mentors each hard rule rules out. It counts by
// (language mask, hours class) group and looks at blocked mentors one by one; these tests hold it
// to the pair-by-pair definition (firstViolation) on random cohorts, including languages beyond
// the first 30 (exact check) and block lists with several rules on one mentor.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prepareCohort } from '../../../src/domain/matching/prepare-cohort.ts';
import { firstViolation } from '../../../src/domain/matching/score-pair.ts';
import type { MatchInput } from '../../../src/domain/matching/types.ts';
import { ConstraintCounter } from '../../../src/domain/matching/unmatched-reasons.ts';
import { arbitraryCohort } from './helpers/arbitrary-cohort.ts';

function pairByPair(input: MatchInput): { feasible: number; blockedBy: Record<string, number> }[] {
  const { enc } = prepareCohort(input);
  return enc.mentees.map((_, i) => {
    const blockedBy: Record<string, number> = {};
    let feasible = 0;
    for (let j = 0; j < enc.m; j++) {
      const v = firstViolation(enc, i, j);
      if (v === null) feasible++; else blockedBy[v] = (blockedBy[v] ?? 0) + 1;
    }
    return { feasible, blockedBy };
  });
}

function grouped(input: MatchInput): { feasible: number; blockedBy: Record<string, number> }[] {
  const { enc } = prepareCohort(input);
  const counter = new ConstraintCounter(enc);
  return enc.mentees.map((_, i) => counter.count(i));
}

/** The first mentee lists 30 other languages first, so every real one is past the exact-bit range. */
function rareLanguages(input: MatchInput): MatchInput {
  const fillers = Array.from({ length: 30 }, (_, k) => `x${k}`);
  return {
    ...input,
    mentees: input.mentees.map((e, i) => (i === 0 ? { ...e, answers: { ...e.answers, languages: [...fillers, ...e.answers.languages] } } : e)),
  };
}

/** Every mentor is avoided by, and forbidden to, the first mentee: two rules on one mentor. */
function doublyBlocked(input: MatchInput): MatchInput {
  const [e0] = input.mentees;
  return {
    ...input,
    mentees: input.mentees.map((e, i) => (i === 0 ? { ...e, answers: { ...e.answers, avoid: input.mentors.map((r) => r.id) } } : e)),
    forbids: [...(input.forbids ?? []), ...input.mentors.map((r) => ({ menteeId: e0!.id, mentorId: r.id }))],
  };
}

describe('mentors ruled out per hard rule, counted by group', () => {
  it('matches the pair-by-pair count', () => {
    fc.assert(fc.property(arbitraryCohort(undefined, { mentees: 10, mentors: 10 }), (input) => {
      expect(grouped(input)).toEqual(pairByPair(input));
    }), { numRuns: 200 });
  });

  it('matches it with languages that need the exact check', () => {
    fc.assert(fc.property(arbitraryCohort(undefined, { mentees: 10, mentors: 10 }), (input) => {
      const rare = rareLanguages(input);
      expect(grouped(rare)).toEqual(pairByPair(rare));
    }), { numRuns: 200 });
  });

  it('matches it when one mentor is blocked by several rules', () => {
    fc.assert(fc.property(arbitraryCohort(undefined, { mentees: 10, mentors: 10 }), (input) => {
      const blocked = doublyBlocked(input);
      expect(grouped(blocked)).toEqual(pairByPair(blocked));
    }), { numRuns: 200 });
  });
});
