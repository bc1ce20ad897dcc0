import { describe, expect, it } from 'vitest';
import { matchCohort } from '../../../src/domain/matching/match-cohort.ts';
import { rematchMentee } from '../../../src/domain/matching/rematch.ts';
import { cohort, mentee, mentor } from './helpers/builders.ts';

describe('incremental rematch', () => {
  const mentors = [mentor('best'), mentor('good', { domain: 'sales' }), mentor('ok', { domain: 'sales', feedbackStyle: 'gentle' })];

  it('matches one mentee against the remaining capacity without touching locked pairs', () => {
    const input = cohort([mentee('a'), mentee('b')], mentors, { lockedPairs: [{ menteeId: 'a', mentorId: 'best' }] });
    const result = rematchMentee(input, { menteeId: 'b' });
    expect(result.pair?.mentorId).toBe('good');
    expect(result.alternatives.map((x) => x.mentorId)).toEqual(['ok']);
  });
  it('skips the mentor who declined', () => {
    const result = rematchMentee(cohort([mentee('b')], mentors), { menteeId: 'b', excludeMentorIds: ['best'] });
    expect(result.pair?.mentorId).toBe('good');
  });
  it('explains when nobody is left', () => {
    const input = cohort([mentee('a'), mentee('b')], [mentor('best')], { lockedPairs: [{ menteeId: 'a', mentorId: 'best' }] });
    const result = rematchMentee(input, { menteeId: 'b' });
    expect(result.pair).toBeNull();
    expect(result.unmatched?.reason).toBe('capacity_exhausted');
  });
  it('refuses an unknown mentee', () => {
    expect(() => rematchMentee(cohort([], mentors), { menteeId: 'nobody' })).toThrow(/unknown mentee/);
  });
});

describe('report', () => {
  it('counts pairs, reasons, load and the score distribution', () => {
    const result = matchCohort(cohort(
      [mentee('a'), mentee('b'), mentee('c'), mentee('d', { languages: ['fr'] })],
      [mentor('r1', { capacity: 2 }), mentor('idle', { languages: ['de'] })],
    ));
    const r = result.report;
    expect(r).toMatchObject({ mentees: 4, mentors: 2, matched: 2, unmatched: 2, objective: 'participation' });
    expect(r.unmatchedByReason).toEqual({ no_feasible_mentor: 1, below_min_score: 0, capacity_exhausted: 1 });
    expect(r.mentorLoad).toEqual({ capacity: 3, used: 2, byLoad: { 2: 1, 0: 1 }, idleMentors: 1 });
    expect(r.scoreDistribution.buckets.reduce((s, b) => s + b.count, 0)).toBe(2);
    expect(r.lowestPairs).toHaveLength(2);
    expect(r.totalScore).toBeCloseTo(result.pairs.reduce((s, p) => s + p.score, 0), 2);
    expect(r.optimality.status).toBe('optimal');
  });
});
