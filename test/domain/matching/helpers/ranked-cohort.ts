// Random cohorts whose mentees ranked mentors in a shortlist round: some rank none, some rank
// the same mentor twice or someone who is not enrolled, and ranked pairs may break a hard rule.
import fc from 'fast-check';
import { choiceBonusPoints } from '../../../../src/domain/matching/choices.ts';
import type { MatchInput, MatchResult } from '../../../../src/domain/matching/types.ts';
import { arbitraryCohort } from './arbitrary-cohort.ts';

export function rankedCohort(objective?: 'participation' | 'score', size = { mentees: 6, mentors: 4 }): fc.Arbitrary<MatchInput> {
  const ranking = fc.array(fc.integer({ min: 0, max: size.mentors }), { maxLength: 4 });
  return fc.tuple(arbitraryCohort(objective, size), fc.array(ranking, { minLength: size.mentees, maxLength: size.mentees }))
    .map(([input, rankings]) => ({
      ...input,
      choices: input.mentees.map((e, i) => ({
        menteeId: e.id,
        mentorIds: rankings[i]!.map((k) => (k === size.mentors ? 'not-enrolled' : input.mentors[k % input.mentors.length]!.id)),
      })),
    }));
}

/** The optimiser's value of a result: fit points plus choice bonuses of the pairs it made (pins aside). */
export function optimisedValue(result: MatchResult): { matched: number; points: number } {
  const free = result.pairs.filter((p) => !p.pinned);
  return {
    matched: free.length,
    points: free.reduce((s, p) => s + Math.round(p.score * 100) + (p.choiceRank ? choiceBonusPoints(p.choiceRank) : 0), 0),
  };
}
