// Life of a cohort round (SPEC §2). Decisions:
// - A lead may reopen the survey from `closed` or `matched`: nothing has reached employees
//   before publication, so the preview is simply discarded and matching re-run later.
// - Re-running matching (after pins, forbids or weight changes) stays in `matched`.
// - Cancelling is allowed until publication. Once proposals are out, people have been told;
//   the round then runs to completion and pairs are ended one by one instead.
// - `published → running` happens when the proposal window is over (the scheduler fires it).
import { eventsFrom, runTransition, type Transition, type TransitionResult } from './state-machine.ts';

export const ROUND_STATES = ['draft', 'open', 'closed', 'matched', 'published', 'running', 'completed', 'cancelled'] as const;
export type RoundState = (typeof ROUND_STATES)[number];

export const ROUND_EVENTS = ['open', 'close', 'reopen', 'match', 'publish', 'start', 'complete', 'cancel'] as const;
export type RoundEvent = (typeof ROUND_EVENTS)[number];

/** States in which the round takes survey answers or can still change before publication. */
export const ROUND_STATES_BEFORE_PUBLICATION = ['draft', 'open', 'closed', 'matched'] as const satisfies readonly RoundState[];
export const ROUND_FINAL_STATES = ['completed', 'cancelled'] as const satisfies readonly RoundState[];

export const ROUND_TRANSITIONS: readonly Transition<RoundState, RoundEvent>[] = Object.freeze([
  { from: 'draft', event: 'open', to: 'open' },
  { from: 'open', event: 'close', to: 'closed' },
  { from: 'closed', event: 'reopen', to: 'open' },
  { from: 'matched', event: 'reopen', to: 'open' },
  { from: 'closed', event: 'match', to: 'matched' },
  { from: 'matched', event: 'match', to: 'matched' },
  { from: 'matched', event: 'publish', to: 'published' },
  { from: 'published', event: 'start', to: 'running' },
  { from: 'running', event: 'complete', to: 'completed' },
  ...ROUND_STATES_BEFORE_PUBLICATION.map((from) => ({ from, event: 'cancel' as const, to: 'cancelled' as const })),
]);

export type RoundTransitionResult = TransitionResult<RoundState, RoundEvent>;

export function transitionRound(state: RoundState, event: RoundEvent): RoundTransitionResult {
  return runTransition(ROUND_TRANSITIONS, 'round.transition_refused', state, event);
}

export function roundEventsFrom(state: RoundState): RoundEvent[] {
  return eventsFrom(ROUND_TRANSITIONS, state);
}
