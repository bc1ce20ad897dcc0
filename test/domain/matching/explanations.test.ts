// The criteria added for exact explanations: a shared first language, the career objective
// against the mentor's experience, and topic reasons that quote the topic's own level and years.
import { describe, expect, it } from 'vitest';
import { careerValue, firstLanguageValue, objectiveNamesTopic } from '../../../src/domain/matching/criteria.ts';
import { matchCohort } from '../../../src/domain/matching/match-cohort.ts';
import { DEFAULT_WEIGHTS, type MatchCriterion } from '../../../src/domain/program-settings.ts';
import { cohort, mentee, mentor, settings } from './helpers/builders.ts';

const only = (c: MatchCriterion): typeof DEFAULT_WEIGHTS =>
  Object.fromEntries(Object.keys(DEFAULT_WEIGHTS).map((k) => [k, k === c ? 100 : 0])) as typeof DEFAULT_WEIGHTS;

describe('shared first language', () => {
  it('values the same first language 1, the mentee’s first language spoken second 0.5, otherwise 0', () => {
    expect(firstLanguageValue(['fr', 'en'], ['fr'])).toBe(1);
    expect(firstLanguageValue(['fr', 'en'], ['en', 'fr'])).toBe(0.5);
    expect(firstLanguageValue(['fr', 'en'], ['en'])).toBe(0);
  });
  it('prefers, all else equal, the mentor with the mentee’s first language, and says so', () => {
    const result = matchCohort(cohort([mentee('e', { languages: ['fr', 'en'] })],
      [mentor('anglo', { languages: ['en'] }), mentor('franco', { languages: ['fr', 'en'] })]));
    expect(result.pairs[0]?.mentorId).toBe('franco');
    expect(result.pairs[0]?.breakdown.language).toBeCloseTo((100 * DEFAULT_WEIGHTS.language) / 110, 1);
    const weighted = matchCohort(cohort([mentee('e', { languages: ['fr', 'en'] })], [mentor('franco', { languages: ['fr', 'en'] })],
      { settings: settings({ weights: only('language') }) }));
    expect(weighted.pairs[0]?.reasons).toEqual([{ code: 'first_language', language: 'fr' }]);
  });
});

describe('career objective against the mentor’s experience', () => {
  it('finds topics an objective names, on the first five letters of each word', () => {
    expect(objectiveNamesTopic('I want to become a product manager', 'product-management')).toBe(true);
    expect(objectiveNamesTopic('Devenir designer', 'design')).toBe(true);
    expect(objectiveNamesTopic('Lead a data team', 'data-science')).toBe(false);
    expect(objectiveNamesTopic('grow', 'ai')).toBe(false);
  });
  it('is half mentoring experience and half the best level on a named topic, or the experience alone', () => {
    expect(careerValue('experienced', false, 0)).toBe(1);
    expect(careerValue('none', false, 0)).toBe(0.25);
    expect(careerValue('some', true, 3)).toBeCloseTo(0.8);
    expect(careerValue('experienced', true, 0)).toBe(0.5);
  });
  it('chooses the mentor who knows what the objective names and explains it with that topic and level', () => {
    const result = matchCohort(cohort(
      [mentee('e', { topics: ['sales'], careerObjective: 'Become a product manager within two years' })],
      [
        mentor('seller', { expertise: [{ topic: 'sales', level: 3 }], mentoringExperience: 'experienced' }),
        mentor('pm', { expertise: [{ topic: 'sales', level: 3 }, { topic: 'product-management', level: 2 }], mentoringExperience: 'experienced' }),
      ],
      { settings: settings({ weights: { ...DEFAULT_WEIGHTS, career: 30 } }) },
    ));
    expect(result.pairs[0]?.mentorId).toBe('pm');
    expect(result.pairs[0]?.reasons).toContainEqual({ code: 'career_objective', experience: 'experienced', topic: 'product-management', level: 2 });
  });
  it('with only the career weight, an experienced mentor scores above a first-time one', () => {
    const input = cohort([mentee('e', { careerObjective: 'grow' })],
      [mentor('new', { mentoringExperience: 'none' }), mentor('old', { mentoringExperience: 'experienced' })],
      { settings: settings({ weights: only('career') }) });
    const result = matchCohort(input);
    expect(result.pairs[0]).toEqual(expect.objectContaining({ mentorId: 'old', score: 100 }));
  });
});

describe('topic reasons', () => {
  it('quote the mentor’s level and years for that topic, never the overall years', () => {
    const result = matchCohort(cohort([mentee('e', { topics: ['sql', 'pm'] })],
      [mentor('r', { expertise: [{ topic: 'sql', level: 1, years: 2 }, { topic: 'pm', level: 3 }], yearsExperience: 25 })]));
    const topic = result.pairs[0]?.reasons.find((r) => r.code === 'topic_expertise');
    // sql (first goal, working knowledge) weighs 2 × 0.6 = 1.2; pm (second goal, expert) 1 × 1 = 1.
    expect(topic).toEqual({ code: 'topic_expertise', topic: 'sql', rank: 1, level: 1, years: 2 });
    const other = matchCohort(cohort([mentee('e', { topics: ['pm'] })],
      [mentor('r', { expertise: [{ topic: 'pm', level: 3 }], yearsExperience: 25 })])).pairs[0]?.reasons.find((r) => r.code === 'topic_expertise');
    expect(other).toEqual({ code: 'topic_expertise', topic: 'pm', rank: 1, level: 3 });
  });
});
