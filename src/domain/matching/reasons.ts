// Why a pair was made, as data: the core renders it in the reader's language (reasons-text.ts
// is a self-contained English/French rendering). Only criteria where the pair truly fits become
// reasons, strongest contribution first.
import type { MatchCriterion } from '../program-settings.ts';
import { COMMUNICATION_MODES, type FEEDBACK_STYLES } from '../survey-answers.ts';
import { LEVEL_FACTOR, normaliseKey } from './criteria.ts';
import { MAX_TOPICS, type EncodedCohort } from './encode-cohort.ts';
import type { PairEvaluation } from './score-pair.ts';

export type CommunicationMode = (typeof COMMUNICATION_MODES)[number];
export type FeedbackStyle = (typeof FEEDBACK_STYLES)[number];

export type MatchReason =
  | { code: 'topic_expertise'; topic: string; rank: number; level: number; years: number }
  | { code: 'same_domain'; domain: string }
  | { code: 'shared_values'; values: string[] }
  | { code: 'compatible_rhythm'; cadenceDays: number; sessionMinutes: number }
  | { code: 'communication_mode'; modes: CommunicationMode[]; office?: string }
  | { code: 'working_hours_overlap'; hours: number }
  | { code: 'seniority_fit'; preference: 'close' | 'far'; gap: number }
  | { code: 'feedback_style'; style: FeedbackStyle }
  | { code: 'department'; preference: 'outside' | 'inside' }
  | { code: 'pinned' };

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
    found.push({ criterion: 'expertise', reason: {
      code: 'topic_expertise', topic: a.topics[bestTopic.rank]!, rank: bestTopic.rank + 1, level: bestTopic.level, years: b.yearsExperience,
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
  // Stable sort keeps the criteria order on equal points.
  found.sort((x, y) => ev.breakdown[y.criterion] - ev.breakdown[x.criterion]);
  return found.slice(0, max).map((f) => f.reason);
}
