// The sparse path (short candidate lists, pruned optimality check, widening and warm repair)
// against the dense Hungarian solver on the full slot-expanded matrix, on cohorts built to be
// hard for pruning: many equal scores, hard rules that exclude most pairs, mentors taking
// several mentees. Same optimum every time, proven optimal, deterministic.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchCohort } from '../../../src/domain/matching/match-cohort.ts';
import type { MatchInput, MatchResult, PairRef } from '../../../src/domain/matching/types.ts';
import { arbitraryCohort } from './helpers/arbitrary-cohort.ts';
import { hungarian, pairTable } from './helpers/exhaustive.ts';
import { optimisedValue, rankedCohort } from './helpers/ranked-cohort.ts';

function value(result: MatchResult): { matched: number; points: number } {
  return optimisedValue(result);
}

/** Everyone on each side answers like the first of their side: nearly every pair scores the same. */
function clones(input: MatchInput): MatchInput {
  const [e0] = input.mentees, [r0] = input.mentors;
  return {
    ...input,
    mentees: input.mentees.map((e) => ({ ...e, timezone: e0!.timezone, level: e0!.level, department: e0!.department, answers: { ...e0!.answers, avoid: e.answers.avoid } })),
    mentors: input.mentors.map((r) => ({ ...r, timezone: r0!.timezone, level: r0!.level, department: r0!.department, answers: { ...r0!.answers, avoid: r.answers.avoid } })),
  };
}

/** Forbids every pair but those `keep` picks: most pairs are ruled out by a hard rule. */
function mostlyForbidden(input: MatchInput, keep: (i: number, j: number) => boolean): MatchInput {
  const forbids: PairRef[] = [...(input.forbids ?? [])];
  input.mentees.forEach((e, i) => input.mentors.forEach((r, j) => { if (!keep(i, j)) forbids.push({ menteeId: e.id, mentorId: r.id }); }));
  return { ...input, forbids };
}

/** Mentors taking 2 to 4 mentees (the capacity override a lead can set). */
function withCapacity(input: MatchInput, capacities: readonly number[]): MatchInput {
  return { ...input, mentors: input.mentors.map((r, j) => ({ ...r, capacity: capacities[j % capacities.length]! })) };
}

function expectSameOptimum(input: MatchInput, k: number, maxRepairEdges: number): void {
  // No per-mentor lists: the graph starts with k mentors per mentee and nothing else, so the
  // optimality check and widening do the work.
  // The partial check after a repair split by how far each mentee may fall, as from 1 000 mentees.
  const options = { candidatesPerMentee: k, candidatesPerMentor: 0, maxRepairEdges, groupedRecheckFrom: 1 };
  const result = matchCohort(input, options);
  const dense = hungarian(pairTable(input), input.settings.objective);
  const got = value(result);
  expect(got.points).toBe(dense.points);
  if (input.settings.objective === 'participation') expect(got.matched).toBe(dense.matched);
  expect(result.report.optimality).toMatchObject({ status: 'optimal', scoreGap: 0, matchedGap: 0 });
  expect(matchCohort(structuredClone(input), options)).toEqual(result);
}

const size = { mentees: 14, mentors: 7 };
const sparse = fc.tuple(fc.integer({ min: 1, max: 3 }), fc.constantFrom(0, 1000));

describe('sparse path vs the dense solver on adversarial cohorts', () => {
  it('many equal scores (clones on each side, one criterion weighted or all)', () => {
    fc.assert(fc.property(arbitraryCohort(undefined, size), fc.boolean(), sparse, (input, oneCriterion, [k, repair]) => {
      const c = clones(input);
      if (oneCriterion) c.settings = { ...c.settings, weights: { ...c.settings.weights, expertise: 1, domain: 0, values: 0, cadence: 0, mode: 0, hours: 0, seniority: 0, feedback: 0, department: 0 } };
      expectSameOptimum(c, k, repair);
    }), { numRuns: 120 });
  });

  it('hard rules excluding most pairs', () => {
    fc.assert(fc.property(arbitraryCohort(undefined, size), fc.integer({ min: 1, max: 1000 }), sparse, (input, salt, [k, repair]) => {
      // About one pair in five survives the forbids; language and hours rules still apply.
      expectSameOptimum(mostlyForbidden(input, (i, j) => ((i * 31 + j * 17 + salt) % 5) === 0), k, repair);
    }), { numRuns: 120 });
  });

  it('mentors taking several mentees', () => {
    fc.assert(fc.property(arbitraryCohort(undefined, size), fc.array(fc.integer({ min: 2, max: 4 }), { minLength: 1, maxLength: 7 }), sparse,
      (input, capacities, [k, repair]) => {
        expectSameOptimum(withCapacity(input, capacities), k, repair);
      }), { numRuns: 120 });
  });

  it('ranked choices on clones: the bonus alone tells the pairs apart', () => {
    fc.assert(fc.property(rankedCohort(undefined, size), sparse, (input, [k, repair]) => {
      expectSameOptimum({ ...clones(input), choices: input.choices }, k, repair);
    }), { numRuns: 120 });
  });

  it('ranked choices with several seats per mentor and most pairs forbidden', () => {
    fc.assert(fc.property(rankedCohort(undefined, size), fc.integer({ min: 1, max: 1000 }), sparse, (input, salt, [k, repair]) => {
      expectSameOptimum(withCapacity(mostlyForbidden(input, (i, j) => ((i * 7 + j * 3 + salt) % 3) !== 0), [2, 3]), k, repair);
    }), { numRuns: 120 });
  });

  it('all three at once', () => {
    fc.assert(fc.property(arbitraryCohort(undefined, size), fc.integer({ min: 1, max: 1000 }), sparse, (input, salt, [k, repair]) => {
      const c = withCapacity(mostlyForbidden(clones(input), (i, j) => ((i + j + salt) % 3) !== 0), [3, 2]);
      expectSameOptimum(c, k, repair);
    }), { numRuns: 80 });
  });
});
