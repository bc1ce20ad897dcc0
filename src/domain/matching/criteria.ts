// How well a pair fits on each criterion of SPEC §5, as a value in [0, 1]. These small functions
// are the single definition of the scoring rules: the encoder tabulates them over each
// criterion's (small) domain so the hot loop only looks values up.
import type { MatchCriterion, MatchWeights } from '../program-settings.ts';
import { MATCH_CRITERIA } from '../program-settings.ts';

/** Expertise level 1..3 (0 = none) → how much of a topic the mentor covers. */
export const LEVEL_FACTOR: readonly number[] = [0, 0.6, 0.85, 1];

/** Ranked topics: the first goal weighs most (linear: k, k-1, … 1, normalised). */
export function rankWeights(count: number): number[] {
  const total = (count * (count + 1)) / 2;
  return Array.from({ length: count }, (_, r) => (count - r) / total);
}

export function expertiseValue(levelsByRank: readonly number[]): number {
  const w = rankWeights(levelsByRank.length);
  return levelsByRank.reduce((sum, level, r) => sum + (w[r] ?? 0) * (LEVEL_FACTOR[level] ?? 0), 0);
}

export function domainValue(wanted: string, mentorDomain: string): number {
  return normaliseKey(wanted) === normaliseKey(mentorDomain) ? 1 : 0;
}

/** Share of the mentee's values the mentor also holds; no values chosen = indifferent (0.5). */
export function valuesValue(menteeValueCount: number, shared: number): number {
  return menteeValueCount === 0 ? 0.5 : shared / menteeValueCount;
}

export function ratio(a: number, b: number): number {
  return Math.min(a, b) / Math.max(a, b);
}

/** Cadence and session length weigh half each: 14 vs 30 days is a worse fit than 14 vs 21. */
export function rhythmValue(cadenceA: number, sessionA: number, cadenceB: number, sessionB: number): number {
  return 0.5 * ratio(cadenceA, cadenceB) + 0.5 * ratio(sessionA, sessionB);
}

/** Share of the mentee's modes the pair can use; in person counts only in the same office. */
export function modeValue(menteeModeCount: number, usableModeCount: number): number {
  return usableModeCount / menteeModeCount;
}

/** Four shared hours a day is plenty to schedule a session; less scales down linearly. */
export const FULL_OVERLAP_MINUTES = 240;
export function hoursValue(overlapMinutes: number): number {
  return Math.min(1, overlapMinutes / FULL_OVERLAP_MINUTES);
}

/** gap = mentor level − mentee level; unknown levels are neutral. */
export function seniorityValue(preference: 'any' | 'close' | 'far', gap: number | undefined): number {
  if (preference === 'any') return 1;
  if (gap === undefined) return 0.5;
  if (preference === 'close') return gap === 1 || gap === 2 ? 1 : gap === 0 || gap === 3 ? 0.5 : 0;
  return gap >= 3 ? 1 : gap === 2 ? 0.5 : 0;
}

export function feedbackValue(a: string, b: string): number {
  if (a === b) return 1;
  return a === 'balanced' || b === 'balanced' ? 0.5 : 0;
}

export function departmentValue(
  preference: 'outside' | 'any' | 'inside', menteeDept: string | undefined, mentorDept: string | undefined,
): number {
  if (preference === 'any') return 1;
  if (menteeDept === undefined || mentorDept === undefined) return 0.5;
  const same = normaliseKey(menteeDept) === normaliseKey(mentorDept);
  return (preference === 'inside') === same ? 1 : 0;
}

export function normaliseKey(s: string): string {
  return s.trim().toLowerCase();
}

/** Score points are hundredths of a score point: a pair scores 0..10 000 (= 0..100). */
export const MAX_POINTS = 10_000;

/** Each criterion's share of MAX_POINTS, from the program's relative weights. */
export function criterionBudgets(weights: MatchWeights): Record<MatchCriterion, number> {
  const total = MATCH_CRITERIA.reduce((s, c) => s + weights[c], 0);
  return Object.fromEntries(MATCH_CRITERIA.map((c) => [c, (MAX_POINTS * weights[c]) / total])) as Record<MatchCriterion, number>;
}

export function points(budget: number, value: number): number {
  return Math.round(budget * value);
}
