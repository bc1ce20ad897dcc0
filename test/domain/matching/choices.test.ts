import { describe, expect, it } from 'vitest';
import { CHOICE_BONUS, choiceBonusPoints } from '../../../src/domain/matching/choices.ts';
import { matchCohort } from '../../../src/domain/matching/match-cohort.ts';
import { cohort, mentee, mentor, settings } from './helpers/builders.ts';

const strong = mentor('strong');
const fair = mentor('fair', { expertise: [{ topic: 'product', level: 2 }] });

describe('ranked choices from a shortlist', () => {
  it('gives each rank its documented bonus, the last one repeating', () => {
    expect(CHOICE_BONUS).toEqual([30, 20, 10, 5]);
    expect([1, 2, 3, 4, 5].map(choiceBonusPoints)).toEqual([3000, 2000, 1000, 500, 500]);
  });

  it('honours a first choice over a better fit, says so, and counts it in the preview', () => {
    const plain = matchCohort(cohort([mentee('a')], [strong, fair]));
    expect(plain.pairs[0]?.mentorId).toBe('strong');
    expect(plain.report.choices).toBeUndefined();
    const ranked = matchCohort(cohort([mentee('a')], [strong, fair], { choices: [{ menteeId: 'a', mentorIds: ['fair', 'strong'] }] }));
    expect(ranked.pairs[0]).toMatchObject({ mentorId: 'fair', choiceRank: 1 });
    expect(ranked.pairs[0]?.reasons[0]).toEqual({ code: 'choice', rank: 1 });
    // The score stays the pair's fit: the bonus only steers the optimiser.
    expect(ranked.pairs[0]?.score).toBe(matchCohort(cohort([mentee('a')], [fair])).pairs[0]?.score);
    expect(ranked.report.choices).toEqual({ ranked: 1, byRank: [1, 0, 0, 0, 0], other: 0, unmatched: 0 });
  });

  it('shares a contested mentor by ranks across the cohort, and matches a mentee who ranked nobody as before', () => {
    const input = cohort([mentee('a'), mentee('b'), mentee('silent')], [strong, fair, mentor('third', { domain: 'ops' })], {
      choices: [{ menteeId: 'a', mentorIds: ['strong', 'fair'] }, { menteeId: 'b', mentorIds: ['strong', 'third'] }],
    });
    const result = matchCohort(input);
    expect(result.pairs).toHaveLength(3);
    const got = Object.fromEntries(result.pairs.map((p) => [p.menteeId, p.choiceRank ?? 0]));
    // One of a and b gets their first choice, the other their second; the silent mentee has no rank.
    expect([got.a, got.b].sort()).toEqual([1, 2]);
    expect(got.silent).toBe(0);
    expect(result.report.choices).toEqual({ ranked: 2, byRank: [1, 1, 0, 0, 0], other: 0, unmatched: 0 });
  });

  it('never lifts a pair over a hard rule, the minimum score or a full mentor', () => {
    const avoided = matchCohort(cohort([mentee('a', { avoid: ['fair'] })], [strong, fair], { choices: [{ menteeId: 'a', mentorIds: ['fair'] }] }));
    expect(avoided.pairs[0]?.mentorId).toBe('strong');
    expect(avoided.report.choices).toEqual({ ranked: 1, byRank: [0, 0, 0, 0, 0], other: 1, unmatched: 0 });
    const weak = mentor('weak', { expertise: [{ topic: 'sales', level: 1 }], domain: 'sales', languages: ['en'], values: [] });
    const fit = matchCohort(cohort([mentee('a')], [weak], { settings: settings({ objective: 'score', minScore: 0 }) })).pairs[0]!.score;
    const floor = matchCohort(cohort([mentee('a')], [strong, weak], {
      settings: settings({ objective: 'score', minScore: fit + 1 }), choices: [{ menteeId: 'a', mentorIds: ['weak'] }],
    }));
    expect(floor.pairs[0]?.mentorId).toBe('strong');
  });
});
