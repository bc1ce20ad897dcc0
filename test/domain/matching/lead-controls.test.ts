import { describe, expect, it } from 'vitest';
import { matchCohort } from '../../../src/domain/matching/match-cohort.ts';
import { pinRefusal } from '../../../src/domain/matching/pin-check.ts';
import { cohort, mentee, mentor, settings } from './helpers/builders.ts';

const strong = mentor('strong');
const weak = mentor('weak', { expertise: [{ topic: 'sales', level: 1 }], domain: 'sales' });

describe('pins, forbids and locked pairs', () => {
  it('forces a pinned pair even when a better one exists, and uses its capacity', () => {
    const result = matchCohort(cohort([mentee('a'), mentee('b')], [strong, weak], { pins: [{ menteeId: 'a', mentorId: 'weak' }] }));
    const pinned = result.pairs.find((p) => p.menteeId === 'a');
    expect(pinned).toMatchObject({ mentorId: 'weak', pinned: true });
    expect(pinned?.reasons[0]).toEqual({ code: 'pinned' });
    expect(result.pairs.find((p) => p.menteeId === 'b')?.mentorId).toBe('strong');
  });
  it('rejects a pin that breaks a hard constraint or capacity, and says why', () => {
    const result = matchCohort(cohort([mentee('a', { avoid: ['strong'] }), mentee('b'), mentee('c')], [strong, weak], {
      pins: [{ menteeId: 'a', mentorId: 'strong' }, { menteeId: 'b', mentorId: 'weak' }, { menteeId: 'c', mentorId: 'weak' }, { menteeId: 'z', mentorId: 'weak' }],
    }));
    expect(result.report.rejectedPins).toEqual([
      { menteeId: 'a', mentorId: 'strong', reason: 'avoided' },
      { menteeId: 'c', mentorId: 'weak', reason: 'capacity' },
      { menteeId: 'z', mentorId: 'weak', reason: 'unknown_person' },
    ]);
    expect(result.pairs.find((p) => p.menteeId === 'a')?.mentorId).not.toBe('strong');
  });
  it('never proposes a forbidden pair', () => {
    const result = matchCohort(cohort([mentee('a')], [strong, weak], { forbids: [{ menteeId: 'a', mentorId: 'strong' }] }));
    expect(result.pairs[0]?.mentorId).toBe('weak');
  });
  it('keeps locked pairs out of the run and counts their capacity', () => {
    const result = matchCohort(cohort([mentee('a'), mentee('b')], [strong, weak], { lockedPairs: [{ menteeId: 'a', mentorId: 'strong' }] }));
    expect(result.pairs).toEqual([expect.objectContaining({ menteeId: 'b', mentorId: 'weak' })]);
    expect(result.report.lockedPairs).toBe(1);
  });
});

describe('checking a pin when it is set', () => {
  it('gives the reason the next run would give', () => {
    const input = cohort([mentee('a', { avoid: ['strong'] }), mentee('b'), mentee('c')], [strong, weak], { pins: [{ menteeId: 'b', mentorId: 'weak' }] });
    expect(pinRefusal(input, { menteeId: 'a', mentorId: 'strong' })).toBe('avoided');
    expect(pinRefusal(input, { menteeId: 'c', mentorId: 'weak' })).toBe('capacity');
    expect(pinRefusal(input, { menteeId: 'c', mentorId: 'strong' })).toBeUndefined();
    expect(pinRefusal(input, { menteeId: 'z', mentorId: 'strong' })).toBe('unknown_person');
  });
  it('lets a new pin of a mentee replace their earlier pin, and a forbid of the same pair', () => {
    const input = cohort([mentee('a'), mentee('b')], [strong, weak], {
      pins: [{ menteeId: 'a', mentorId: 'weak' }], forbids: [{ menteeId: 'a', mentorId: 'strong' }],
    });
    expect(pinRefusal(input, { menteeId: 'a', mentorId: 'strong' })).toBeUndefined();
    expect(pinRefusal({ ...input, forbids: [{ menteeId: 'b', mentorId: 'strong' }] }, { menteeId: 'b', mentorId: 'strong' })).toBeUndefined();
    // Other pins still take their mentor's place: b cannot be pinned to the weak mentor a holds.
    expect(pinRefusal(input, { menteeId: 'b', mentorId: 'weak' })).toBe('capacity');
  });
});

describe('objectives', () => {
  // a can only take r1; b is better with r1 but can also take r2.
  const a = mentee('a', { languages: ['fr'] });
  const b = mentee('b', { languages: ['fr', 'en'] });
  const r1 = mentor('r1', { languages: ['fr'] });
  const r2 = mentor('r2', { languages: ['en'], expertise: [{ topic: 'product', level: 1 }], domain: 'sales' });

  it('"participation" matches as many mentees as possible', () => {
    const result = matchCohort(cohort([a, b], [r1, r2]));
    expect(result.pairs.map((p) => [p.menteeId, p.mentorId])).toEqual([['a', 'r1'], ['b', 'r2']]);
  });
  it('"score" maximises the total and leaves out pairs under the minimum', () => {
    const result = matchCohort(cohort([a, b], [r1, r2], { settings: settings({ objective: 'score', minScore: 75 }) }));
    expect(result.pairs).toHaveLength(1);
    expect(result.unmatched.map((u) => u.menteeId)).toHaveLength(1);
  });
  it('prefers the higher total among maximum matchings', () => {
    const e1 = mentee('e1');
    const e2 = mentee('e2', { topics: ['sales'] });
    const seller = mentor('seller', { expertise: [{ topic: 'sales', level: 3 }] });
    const result = matchCohort(cohort([e1, e2], [seller, strong]));
    expect(Object.fromEntries(result.pairs.map((p) => [p.menteeId, p.mentorId]))).toEqual({ e1: 'strong', e2: 'seller' });
  });
});
