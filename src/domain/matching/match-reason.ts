// A match reason as data (code + parameters), apart from the code that finds the reasons
// (reasons.ts) so the matcher's types can name it without importing the scoring code back.
import type { COMMUNICATION_MODES, FEEDBACK_STYLES } from '../survey-answers.ts';

export type CommunicationMode = (typeof COMMUNICATION_MODES)[number];
export type FeedbackStyle = (typeof FEEDBACK_STYLES)[number];

export type MatchReason =
  /** `years`: the mentor's years in that topic, present only when the mentor gave them for it. */
  | { code: 'topic_expertise'; topic: string; rank: number; level: number; years?: number }
  | { code: 'same_domain'; domain: string }
  | { code: 'shared_values'; values: string[] }
  | { code: 'compatible_rhythm'; cadenceDays: number; sessionMinutes: number }
  | { code: 'communication_mode'; modes: CommunicationMode[]; office?: string }
  | { code: 'working_hours_overlap'; hours: number }
  | { code: 'seniority_fit'; preference: 'close' | 'far'; gap: number }
  | { code: 'feedback_style'; style: FeedbackStyle }
  | { code: 'department'; preference: 'outside' | 'inside' }
  | { code: 'first_language'; language: string }
  /** `topic`/`level`: a topic the career objective names and the mentor's level on it, when any. */
  | { code: 'career_objective'; experience: 'none' | 'some' | 'experienced'; topic?: string; level?: number }
  | { code: 'pinned' }
  /** The mentee ranked this mentor in a shortlist round (rank 1 = first choice). */
  | { code: 'choice'; rank: number };
