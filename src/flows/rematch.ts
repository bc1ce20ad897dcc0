// Incremental rematch: one mentee left without a mentor (declined, expired, ended early) is
// matched against the round's remaining capacity without disturbing accepted pairs.
import type { BaseCtx } from './context.ts';

export type RematchTrigger = 'declined' | 'expired' | 'ended';

export type RematchOutcome =
  | { readonly ok: true; readonly pairId: string }
  | { readonly ok: false; readonly reason: 'no_feasible_mentor' | 'below_min_score' | 'capacity_exhausted' | 'round_closed' };

/** Proposes a new mentor to the mentee (a proposal notification), or puts them on the waitlist. */
export async function proposeRematch(_ctx: BaseCtx, _input: { roundId: string; menteeId: string; trigger: RematchTrigger }): Promise<RematchOutcome> {
  throw new Error('flows.rematch_unavailable: the incremental rematch is being written (lead flows)');
}
