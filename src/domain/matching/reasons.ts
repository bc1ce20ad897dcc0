// Why a pair was made, as data: the core renders it in the reader's language (reasons-text.ts
// is a self-contained English/French rendering). Only criteria where the pair truly fits become
// reasons, strongest contribution first.
import type { MatchCriterion } from '../program-settings.ts';
import { COMMUNICATION_MODES } from '../survey-answers.ts';
import { LEVEL_FACTOR, MAX_OBJECTIVE_TOPICS, normaliseKey } from './criteria.ts';
import { MAX_TOPICS, type EncodedCohort } from './encode-cohort.ts';
import type { MatchReason } from './match-reason.ts';
import type { PairEvaluation } from './score-pair.ts';

export const MAX_REASONS = 3;

export function pairReasons(enc: EncodedCohort, i: number, j: number, ev: PairEvaluation, max = MAX_REASONS): MatchReason[] {
  const mentee = enc.mentees[i]!, mentor = enc.mentors[j]!;
  const a = mentee.answers, b = mentor.answers;
  const found: { criterion: MatchCriterion; reason: MatchReason }[] = [];
  const full = (c: MatchCriterion): boolean => enc.budgets[c] > 0 && ev.breakdown[c] >= Math.round(enc.budgets[c]);

  let bestTopic: { rank: number; level: number; weight: number } | undefined;
  for (let r = 0; r < Math.min(a.topics.length, MAX_TOPICS); r++) {
    const level = enc.mentorLevels[j * enc.topicStride + enc.menteeTopics[i * MAX_TOPICS + r]!]!;
    const weight = (a.topics.length - r) * (LEVEL_FACTOR[level] ?? 0);
    if (level > 0 && (bestTopic === undefined || weight > bestTopic.weight)) bestTopic = { rank: r, level, weight };
  }
  if (bestTopic && enc.budgets.expertise > 0) {
    const topic = a.topics[bestTopic.rank]!;
    // The mentor's own entry for that topic (the highest level when listed twice): its years, never the overall figure.
    const entry = b.expertise.filter((x) => normaliseKey(x.topic) === normaliseKey(topic)).sort((x, y) => y.level - x.level)[0];
    found.push({ criterion: 'expertise', reason: {
      code: 'topic_expertise', topic, rank: bestTopic.rank + 1, level: bestTopic.level,
      ...(entry?.years !== undefined ? { years: entry.years } : {}),
    } });
  }
  if (full('domain')) found.push({ criterion: 'domain', reason: { code: 'same_domain', domain: b.domain } });
  const shared = a.values.filter((v) => b.values.includes(v));
  if (shared.length > 0 && enc.budgets.values > 0) found.push({ criterion: 'values', reason: { code: 'shared_values', values: shared } });
  if (enc.budgets.cadence > 0 && ev.breakdown.cadence >= 0.75 * enc.budgets.cadence) {
    found.push({ criterion: 'cadence', reason: { code: 'compatible_rhythm', cadenceDays: b.cadenceDays, sessionMinutes: b.sessionMinutes } });
  }
  const office = normaliseKey(a.office ?? mentee.location ?? '');
  const sameOffice = office !== '' && office === normaliseKey(b.office ?? mentor.location ?? '');
  const modes = COMMUNICATION_MODES.filter((md) => a.modes.includes(md) && b.modes.includes(md) && (md !== 'in_person' || sameOffice));
  if (modes.length > 0 && enc.budgets.mode > 0) {
    found.push({ criterion: 'mode', reason: modes.includes('in_person')
      ? { code: 'communication_mode', modes, office: a.office ?? mentee.location ?? '' }
      : { code: 'communication_mode', modes } });
  }
  if (enc.budgets.hours > 0 && ev.breakdown.hours >= 0.5 * enc.budgets.hours) {
    found.push({ criterion: 'hours', reason: { code: 'working_hours_overlap', hours: Math.floor(ev.overlapMinutes / 30) / 2 } });
  }
  if (a.seniorityGap !== 'any' && full('seniority') && mentee.level !== undefined && mentor.level !== undefined) {
    found.push({ criterion: 'seniority', reason: { code: 'seniority_fit', preference: a.seniorityGap, gap: mentor.level - mentee.level } });
  }
  if (a.feedbackStyle === b.feedbackStyle && enc.budgets.feedback > 0) {
    found.push({ criterion: 'feedback', reason: { code: 'feedback_style', style: b.feedbackStyle } });
  }
  if (a.department !== 'any' && full('department')) {
    found.push({ criterion: 'department', reason: { code: 'department', preference: a.department } });
  }
  if (enc.budgets.language > 0 && a.languages[0] !== undefined && a.languages[0] === b.languages[0]) {
    found.push({ criterion: 'language', reason: { code: 'first_language', language: a.languages[0] } });
  }
  if (enc.budgets.career > 0 && ev.breakdown.career >= 0.6 * enc.budgets.career) {
    let named: { topic: string; level: number } | undefined;
    for (let k = 0; k < MAX_OBJECTIVE_TOPICS; k++) {
      const t = enc.objectiveTopics[i * MAX_OBJECTIVE_TOPICS + k]!;
      const level = enc.mentorLevels[j * enc.topicStride + t]!;
      if (level > 0 && (named === undefined || level > named.level)) named = { topic: enc.topicKeys[t]!, level };
    }
    found.push({ criterion: 'career', reason: named
      ? { code: 'career_objective', experience: b.mentoringExperience, topic: named.topic, level: named.level }
      : { code: 'career_objective', experience: b.mentoringExperience } });
  }
  // Stable sort keeps the criteria order on equal points.
  found.sort((x, y) => ev.breakdown[y.criterion] - ev.breakdown[x.criterion]);
  return found.slice(0, max).map((f) => f.reason);
}
