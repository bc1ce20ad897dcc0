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

/**
 * Shared first language: 1 when both list the same language first, 0.5 when the mentor speaks
 * the mentee's first language but lists another first, 0 otherwise (they still share a language,
 * or the pair would fail the hard rule).
 */
export function firstLanguageValue(menteeLanguages: readonly string[], mentorLanguages: readonly string[]): number {
  const first = menteeLanguages[0];
  if (first === undefined) return 0;
  if (mentorLanguages[0] === first) return 1;
  return mentorLanguages.includes(first) ? 0.5 : 0;
}

/** How much a mentor's own mentoring experience helps with a career objective. */
export const EXPERIENCE_FACTOR: Readonly<Record<'none' | 'some' | 'experienced', number>> = { none: 0.25, some: 0.6, experienced: 1 };

/**
 * Career objective against the mentor's experience. When the objective names topics the mentor
 * may know (see objectiveTopics), half is the mentor's mentoring experience and half their best
 * level on a named topic; otherwise it is the mentoring experience alone.
 */
export function careerValue(experience: 'none' | 'some' | 'experienced', namesTopics: boolean, bestLevel: number): number {
  const e = EXPERIENCE_FACTOR[experience];
  return namesTopics ? 0.5 * e + 0.5 * (LEVEL_FACTOR[bestLevel] ?? 0) : e;
}

/** Topics an objective can name at most (the first ones in the text's order of topic keys). */
export const MAX_OBJECTIVE_TOPICS = 3;

const stem = (word: string): string => word.slice(0, 5);
function words(text: string): string[] {
  return text.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').split(/[^a-z0-9]+/).filter((w) => w.length > 0);
}

/**
 * Whether a career objective names a topic key: every word of the key ("product-management" →
 * product, management) of three letters or more appears in the objective, compared on their first
 * five letters so that "manager" names "management" and "designer" names "design".
 */
export function objectiveNamesTopic(objective: string, topicKey: string): boolean {
  return namesTopic(objectiveStems(objective), topicStems(topicKey));
}

/** The objective's words as compared (see objectiveNamesTopic), to test many topics against one objective. */
export function objectiveStems(objective: string): ReadonlySet<string> {
  return new Set(words(objective).map(stem));
}

/** The topic key's words that must appear, as compared. */
export function topicStems(topicKey: string): readonly string[] {
  return words(topicKey).filter((w) => w.length >= 3).map(stem);
}

export function namesTopic(objective: ReadonlySet<string>, topic: readonly string[]): boolean {
  return topic.length > 0 && topic.every((w) => objective.has(w));
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
