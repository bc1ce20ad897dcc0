// Public API of the matcher, for the core and the CLI.
export { matchCohort, matchCohortProfiled, DEFAULT_CANDIDATES_PER_MENTEE, type MatchPhase, type MatchProfile, type MatchPrices } from './match-cohort.ts';
export { rematchMentee, type RematchRequest, type RematchResult } from './rematch.ts';
export { renderReason, type ReasonContext, type ReasonLocale } from './reasons-text.ts';
export type { MatchReason } from './match-reason.ts';
export type * from './types.ts';
export { HARD_CONSTRAINTS } from './types.ts';
