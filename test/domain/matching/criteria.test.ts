import { describe, expect, it } from 'vitest';
import {
  criterionBudgets, departmentValue, domainValue, expertiseValue, feedbackValue, hoursValue, modeValue, rankWeights,
  rhythmValue, seniorityValue, valuesValue,
} from '../../../src/domain/matching/criteria.ts';
import { DEFAULT_WEIGHTS } from '../../../src/domain/program-settings.ts';

describe('scoring criteria', () => {
  it('weighs ranked topics linearly, first goal most', () => {
    expect(rankWeights(3)).toEqual([3 / 6, 2 / 6, 1 / 6]);
    expect(expertiseValue([3, 0, 0])).toBeCloseTo(0.5);
    expect(expertiseValue([0, 0, 3])).toBeCloseTo(1 / 6);
    expect(expertiseValue([3, 3, 3])).toBeCloseTo(1);
    expect(expertiseValue([1])).toBeCloseTo(0.6);
    expect(expertiseValue([2])).toBeCloseTo(0.85);
  });
  it('fits the domain on the same key, whatever the case', () => {
    expect(domainValue('Product ', 'product')).toBe(1);
    expect(domainValue('product', 'sales')).toBe(0);
  });
  it('counts the share of the mentee values the mentor holds', () => {
    expect(valuesValue(3, 1)).toBeCloseTo(1 / 3);
    expect(valuesValue(2, 2)).toBe(1);
    expect(valuesValue(0, 0)).toBe(0.5);
  });
  it('compares cadence and session length as ratios', () => {
    expect(rhythmValue(14, 60, 14, 60)).toBe(1);
    expect(rhythmValue(14, 60, 28, 30)).toBeCloseTo(0.5);
  });
  it('counts the usable share of the mentee modes', () => {
    expect(modeValue(2, 1)).toBe(0.5);
    expect(modeValue(1, 1)).toBe(1);
  });
  it('rewards working-hours overlap up to four hours', () => {
    expect(hoursValue(120)).toBe(0.5);
    expect(hoursValue(480)).toBe(1);
  });
  it('scores the seniority gap against the preference', () => {
    expect(seniorityValue('any', undefined)).toBe(1);
    expect(seniorityValue('close', 1)).toBe(1);
    expect(seniorityValue('close', 3)).toBe(0.5);
    expect(seniorityValue('close', 5)).toBe(0);
    expect(seniorityValue('far', 4)).toBe(1);
    expect(seniorityValue('far', 2)).toBe(0.5);
    expect(seniorityValue('far', 0)).toBe(0);
    expect(seniorityValue('far', undefined)).toBe(0.5);
  });
  it('treats balanced feedback as halfway', () => {
    expect(feedbackValue('direct', 'direct')).toBe(1);
    expect(feedbackValue('direct', 'balanced')).toBe(0.5);
    expect(feedbackValue('direct', 'gentle')).toBe(0);
  });
  it('follows the department preference', () => {
    expect(departmentValue('outside', 'eng', 'ops')).toBe(1);
    expect(departmentValue('outside', 'eng', 'Eng')).toBe(0);
    expect(departmentValue('inside', 'eng', 'eng')).toBe(1);
    expect(departmentValue('any', 'eng', 'eng')).toBe(1);
    expect(departmentValue('outside', undefined, 'eng')).toBe(0.5);
  });
  it('normalises weights to a 0–100 score (10 000 points)', () => {
    const b = criterionBudgets(DEFAULT_WEIGHTS);
    expect(Object.values(b).reduce((s, x) => s + x, 0)).toBeCloseTo(10_000);
    expect(b.expertise).toBeCloseTo((10_000 * 35) / 110);
    expect(criterionBudgets({ ...DEFAULT_WEIGHTS, expertise: 0, domain: 0, values: 0, cadence: 0, mode: 0, seniority: 0, feedback: 0, department: 0, language: 0, career: 0 }).hours).toBe(10_000);
  });
});
