// Sending a proposal: the card to each member of a proposed pair and its timed reminder and
// expiry. Apart from proposal.flow.ts (which handles those jobs and rematches on expiry) so
// that publishing and rematching can send proposals without importing the flow back.
import type { Pair } from '../../domain/model.ts';
import type { BaseCtx } from '../context.ts';

export const proposalExpireKey = (matchId: string): string => `proposal.expire:${matchId}`;

/** Sends the proposal to both members and plans its reminder and expiry. The pair must be `proposed` with its expiry set. */
export async function sendProposal(ctx: BaseCtx, pair: Pair): Promise<void> {
  for (const personId of [pair.menteeId, pair.mentorId]) {
    await ctx.notify({
      workspaceId: pair.workspaceId, kind: 'proposal', to: { kind: 'person', personId },
      key: `proposal:${pair.id}:${personId}`, payload: { matchId: pair.id }, matchId: pair.id,
    });
  }
  const proposedAt = pair.proposedAt ?? ctx.now;
  const expiresAt = pair.expiresAt ?? proposedAt;
  const halfway = new Date(proposedAt.getTime() + (expiresAt.getTime() - proposedAt.getTime()) / 2);
  ctx.later({ name: 'proposal.reminder', key: `proposal.reminder:${pair.id}`, payload: { matchId: pair.id }, runAt: halfway });
  ctx.later({ name: 'proposal.expire', key: proposalExpireKey(pair.id), payload: { matchId: pair.id }, runAt: expiresAt });
}
