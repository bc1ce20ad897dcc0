// Life of a mentor/mentee pair (the `matches` table). Decisions:
// - `draft` pairs exist only in a lead's preview; re-running matching replaces them.
// - A proposal needs both members' acceptance. Half-acceptance is data on the pair
//   (mentee_accepted_at / mentor_accepted_at), not a state: the pair stays `proposed` so expiry,
//   decline and reminders treat it the same, and it moves to `accepted` when the second
//   member accepts. recordAcceptance() implements that rule.
// - Either member may decline even after the other accepted.
// - `end` is possible from accepted (before the intro), active and paused: nobody is ever stuck.
import { eventsFrom, runTransition, type Transition, type TransitionResult } from './state-machine.ts';

export const PAIR_STATES = ['draft', 'proposed', 'accepted', 'declined', 'expired', 'active', 'paused', 'ended'] as const;
export type PairState = (typeof PAIR_STATES)[number];

export const PAIR_EVENTS = ['propose', 'accept', 'decline', 'expire', 'introduce', 'pause', 'resume', 'end'] as const;
export type PairEvent = (typeof PAIR_EVENTS)[number];

/** Pairs that still hold a mentor's capacity and block a new pairing of the same people. */
export const OPEN_PAIR_STATES = ['draft', 'proposed', 'accepted', 'active', 'paused'] as const satisfies readonly PairState[];
export const PAIR_FINAL_STATES = ['declined', 'expired', 'ended'] as const satisfies readonly PairState[];

export const PAIR_TRANSITIONS: readonly Transition<PairState, PairEvent>[] = Object.freeze([
  { from: 'draft', event: 'propose', to: 'proposed' },
  /** Only once both members have accepted; see recordAcceptance. */
  { from: 'proposed', event: 'accept', to: 'accepted' },
  { from: 'proposed', event: 'decline', to: 'declined' },
  { from: 'proposed', event: 'expire', to: 'expired' },
  { from: 'accepted', event: 'introduce', to: 'active' },
  { from: 'active', event: 'pause', to: 'paused' },
  { from: 'paused', event: 'resume', to: 'active' },
  { from: 'accepted', event: 'end', to: 'ended' },
  { from: 'active', event: 'end', to: 'ended' },
  { from: 'paused', event: 'end', to: 'ended' },
]);

export type PairTransitionResult = TransitionResult<PairState, PairEvent>;

export function transitionPair(state: PairState, event: PairEvent): PairTransitionResult {
  return runTransition(PAIR_TRANSITIONS, 'pair.transition_refused', state, event);
}

export function pairEventsFrom(state: PairState): PairEvent[] {
  return eventsFrom(PAIR_TRANSITIONS, state);
}

export type PairSide = 'mentee' | 'mentor';

export interface PairAcceptance {
  readonly state: PairState;
  readonly menteeAccepted: boolean;
  readonly mentorAccepted: boolean;
}

export type AcceptanceResult =
  | { readonly ok: true; readonly to: PairState; readonly menteeAccepted: boolean; readonly mentorAccepted: boolean; readonly complete: boolean }
  | { readonly ok: false; readonly reason: 'pair.transition_refused' | 'pair.already_accepted'; readonly from: PairState };

/** One member accepts; the pair becomes `accepted` only when both have. */
export function recordAcceptance(pair: PairAcceptance, side: PairSide): AcceptanceResult {
  if (pair.state !== 'proposed') return { ok: false, reason: 'pair.transition_refused', from: pair.state };
  const already = side === 'mentee' ? pair.menteeAccepted : pair.mentorAccepted;
  if (already) return { ok: false, reason: 'pair.already_accepted', from: pair.state };
  const menteeAccepted = pair.menteeAccepted || side === 'mentee';
  const mentorAccepted = pair.mentorAccepted || side === 'mentor';
  const complete = menteeAccepted && mentorAccepted;
  const to = complete ? transitionPair('proposed', 'accept') : { ok: true as const, to: 'proposed' as const };
  return { ok: true, to: to.ok ? to.to : 'proposed', menteeAccepted, mentorAccepted, complete };
}
