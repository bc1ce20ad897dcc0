import { describe, expect, it } from 'vitest';
import { matchCohort } from '../../../src/domain/matching/match-cohort.ts';
import { prepareCohort } from '../../../src/domain/matching/prepare-cohort.ts';
import { firstViolation } from '../../../src/domain/matching/score-pair.ts';
import type { MatchInput } from '../../../src/domain/matching/types.ts';
import { cohort, mentee, mentor, settings } from './helpers/builders.ts';

function violation(input: MatchInput): string | null {
  return firstViolation(prepareCohort(input).enc, 0, 0);
}

describe('hard constraints', () => {
  it('passes a plain compatible pair', () => {
    expect(violation(cohort([mentee('e')], [mentor('r')]))).toBeNull();
  });
  it('needs a common language', () => {
    expect(violation(cohort([mentee('e', { languages: ['fr'] })], [mentor('r', { languages: ['en', 'de'] })]))).toBe('language');
    expect(violation(cohort([mentee('e', { languages: ['fr', 'en'] })], [mentor('r', { languages: ['en'] })]))).toBeNull();
  });
  it('never pairs someone with their manager or anyone above in the chain', () => {
    const boss = mentor('boss');
    expect(violation(cohort([mentee('e', {}, { managerId: 'boss' })], [boss]))).toBe('manager_chain');
    expect(violation(cohort([mentee('e', {}, { managerId: 'm1' })], [boss], { org: [{ id: 'm1', managerId: 'm2' }, { id: 'm2', managerId: 'boss' }] })))
      .toBe('manager_chain');
    // A cycle in bad org data does not hang; the boss is outside it.
    expect(violation(cohort([mentee('e', {}, { managerId: 'm1' })], [boss], { org: [{ id: 'm1', managerId: 'e' }] }))).toBeNull();
  });
  it('never pairs a mentee with someone she manages, directly or through others (reports_chain)', () => {
    expect(violation(cohort([mentee('e')], [mentor('r', {}, { managerId: 'e' })]))).toBe('reports_chain');
    expect(violation(cohort([mentee('e')], [mentor('r', {}, { managerId: 'm1' })], { org: [{ id: 'm1', managerId: 'm2' }, { id: 'm2', managerId: 'e' }] })))
      .toBe('reports_chain');
    // A peer is neither above nor below.
    expect(violation(cohort([mentee('e', {}, { managerId: 'boss' })], [mentor('r', {}, { managerId: 'boss' })]))).toBeNull();
  });
  it('walks the management chain to any depth, both ways (300 levels)', () => {
    const org = Array.from({ length: 300 }, (_, k) => ({ id: `m${k}`, managerId: `m${k + 1}` }));
    expect(violation(cohort([mentee('e', {}, { managerId: 'm0' })], [mentor('m300')], { org }))).toBe('manager_chain');
    expect(violation(cohort([mentee('m300')], [mentor('r', {}, { managerId: 'm0' })], { org }))).toBe('reports_chain');
  });
  it('reads a cycle in the org data as everyone on it managing everyone else on it, without looping', () => {
    const org = [{ id: 'a', managerId: 'b' }, { id: 'b', managerId: 'c' }, { id: 'c', managerId: 'a' }];
    expect(violation(cohort([mentee('a', {}, { managerId: 'b' })], [mentor('c', {}, { managerId: 'a' })], { org }))).toBe('manager_chain');
    // Self-loop: stops at once.
    expect(violation(cohort([mentee('e', {}, { managerId: 'e' })], [mentor('r')]))).toBeNull();
  });
  it('keeps apart people with the same direct manager when the program asks (same_team)', () => {
    const pair = cohort([mentee('e', {}, { managerId: 'boss' })], [mentor('r', {}, { managerId: 'boss' })]);
    expect(violation(pair)).toBeNull();
    expect(violation({ ...pair, settings: { ...pair.settings, sameTeamRule: true } })).toBe('same_team');
    const result = matchCohort({ ...pair, settings: { ...pair.settings, sameTeamRule: true } });
    expect(result.unmatched).toEqual([{ menteeId: 'e', reason: 'no_feasible_mentor', feasibleMentors: 0, blockedBy: { same_team: 1 } }]);
  });
  it('respects both avoid lists', () => {
    expect(violation(cohort([mentee('e', { avoid: ['r'] })], [mentor('r')]))).toBe('avoided');
    expect(violation(cohort([mentee('e')], [mentor('r', { avoid: ['e'] })]))).toBe('avoided');
  });
  it('never repeats a past pair, nor proposes a forbidden one, nor pairs a person with themself', () => {
    expect(violation(cohort([mentee('e')], [mentor('r')], { pastPairs: [{ menteeId: 'e', mentorId: 'r' }] }))).toBe('past_pair');
    expect(violation(cohort([mentee('e')], [mentor('r')], { forbids: [{ menteeId: 'e', mentorId: 'r' }] }))).toBe('forbidden');
    expect(violation(cohort([mentee('x')], [mentor('x')]))).toBe('self');
  });
  it('requires the minimum working-hours overlap', () => {
    const e = mentee('e', {}, { timezone: 'Europe/Paris' });
    const r = mentor('r', {}, { timezone: 'America/Los_Angeles' });
    expect(violation(cohort([e], [r]))).toBe('working_hours');
    expect(violation(cohort([e], [r], { settings: settings({ minOverlapHours: 0 }) }))).toBeNull();
    const ny = mentor('r', {}, { timezone: 'America/New_York' }); // 2 h overlap in winter
    expect(violation(cohort([e], [ny]))).toBeNull();
    expect(violation(cohort([e], [ny], { settings: settings({ minOverlapHours: 3 }) }))).toBe('working_hours');
  });
  it('reports the most important constraint first', () => {
    expect(violation(cohort([mentee('e', { languages: ['fr'], avoid: ['r'] })], [mentor('r')]))).toBe('language');
  });
  it('keeps mentor capacity', () => {
    const result = matchCohort(cohort([mentee('a'), mentee('b'), mentee('c')], [mentor('r', { capacity: 2 })]));
    expect(result.pairs).toHaveLength(2);
    expect(result.unmatched).toEqual([expect.objectContaining({ menteeId: expect.stringMatching(/^[abc]$/), reason: 'capacity_exhausted', feasibleMentors: 1 })]);
  });
  it('explains a mentee nobody can take, constraint by constraint', () => {
    const result = matchCohort(cohort([mentee('e', { languages: ['fr'], avoid: ['r2'] })],
      [mentor('r1'), mentor('r2', { languages: ['fr'] }), mentor('r3', { languages: ['fr'] }, { timezone: 'Asia/Tokyo' })]));
    expect(result.unmatched).toEqual([{
      menteeId: 'e', reason: 'no_feasible_mentor', feasibleMentors: 0, blockedBy: { language: 1, avoided: 1, working_hours: 1 },
    }]);
  });
  it('does not propose pairs under the minimum score with the "score" objective', () => {
    const weak = mentor('r', { expertise: [{ topic: 'sales', level: 1 }], domain: 'sales', feedbackStyle: 'gentle' });
    const e = mentee('e', { feedbackStyle: 'direct' });
    expect(matchCohort(cohort([e], [weak], { settings: settings({ objective: 'score', minScore: 60 }) })).unmatched[0]?.reason)
      .toBe('below_min_score');
    expect(matchCohort(cohort([e], [weak], { settings: settings({ objective: 'participation', minScore: 60 }) })).pairs).toHaveLength(1);
  });
});
