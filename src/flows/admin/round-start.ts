// published → running. Decision: a published round starts running when its proposal answer
// window ends (publication + proposalTimeoutHours), fired by a 'proposal.expire' job carrying the
// round id instead of a pair id. Pairs are accepted and introduced one by one meanwhile; the
// round's state only says whether the publication window is still open.
import { transitionRound as checkRound } from '../../domain/round-state.ts';
import { getRound, transitionRound } from '../../db/repositories/round.repository.ts';
import type { BaseCtx } from '../context.ts';

export const proposalWindowKey = (roundId: string): string => `proposal.window:${roundId}`;

/** Idempotent: a round already running (or further) is left as it is. */
export async function endProposalWindow(ctx: BaseCtx, roundId: string): Promise<boolean> {
  const round = await getRound(ctx.db, roundId);
  if (!round || !checkRound(round.state, 'start').ok) return false;
  return (await transitionRound(ctx.db, round.id, ['published'], 'running')) !== undefined;
}
