// Incremental rematch: one mentee left without a mentor (declined, expired, ended early) is
// matched against the round's remaining capacity without disturbing accepted pairs.
import type { PairRef } from '../../domain/matching/types.ts';
import type { PairState } from '../../domain/pair-state.ts';
import { holdRematches, insertProposedPair, listPairs } from '../../db/repositories/pair.repository.ts';
import { getProgram } from '../../db/repositories/program.repository.ts';
import { getRound } from '../../db/repositories/round.repository.ts';
import { removeFromWaitlist } from '../../db/repositories/waitlist.repository.ts';
import type { BaseCtx } from '../context.ts';
import { buildMatchInput } from './match-input.ts';
import { sendProposal } from './send-proposal.ts';
import { putOnWaitlist } from '../enrol/waitlist-notice.ts';
import { timedMatch } from './timed-match.ts';

/** `mentor_left`: the mentor of the mentee's previewed pair left the round before it was published. */
export type RematchTrigger = 'declined' | 'expired' | 'ended' | 'mentor_left';

export type RematchOutcome =
  | { readonly ok: true; readonly pairId: string }
  | { readonly ok: false; readonly reason: 'no_feasible_mentor' | 'below_min_score' | 'capacity_exhausted' | 'round_closed' };

/** Pairs that hold a mentor's place; drafts are a lead's preview and never coexist with a published round. */
const LIVE: readonly PairState[] = ['proposed', 'accepted', 'active', 'paused'];
const OVER: readonly PairState[] = ['declined', 'expired', 'ended'];

/**
 * Proposes a new mentor to the mentee (a proposal notification), or puts them on the waitlist
 * with an honest notice. Idempotent: a mentee who already has a live pair in the round keeps it.
 */
export async function proposeRematch(ctx: BaseCtx, input: { roundId: string; menteeId: string; trigger: RematchTrigger }): Promise<RematchOutcome> {
  const round = await getRound(ctx.db, input.roundId);
  if (!round || (round.state !== 'published' && round.state !== 'running')) return { ok: false, reason: 'round_closed' };
  const program = await getProgram(ctx.db, round.programId);
  if (!program) return { ok: false, reason: 'round_closed' };

  // One rematch of the round at a time: the places read below are still free when proposed.
  await holdRematches(ctx.db, round.id);
  const pairs = await listPairs(ctx.db, round.id);
  const live = pairs.filter((p) => LIVE.includes(p.state));
  const existing = live.find((p) => p.menteeId === input.menteeId);
  if (existing) return { ok: true, pairId: existing.id };

  const locked: PairRef[] = live.map((p) => ({ menteeId: p.menteeId, mentorId: p.mentorId }));
  const built = await buildMatchInput(ctx.db, program, round, { menteeIds: [input.menteeId], lockedPairs: locked, now: ctx.now });
  // Withdrawn, erased or deactivated since: there is nobody to propose to or to tell.
  if (built.input.mentees.length === 0) return { ok: false, reason: 'no_feasible_mentor' };

  const result = await timedMatch(ctx, 'rematch', built.input);
  const found = result.pairs.find((p) => p.menteeId === input.menteeId);
  if (found) {
    const expiresAt = new Date(ctx.now.getTime() + program.settings.proposalTimeoutHours * 3_600_000);
    const pair = await insertProposedPair(ctx.db, {
      workspaceId: round.workspaceId, programId: program.id, roundId: round.id, menteeId: found.menteeId, mentorId: found.mentorId,
      score: found.score, reasons: found.reasons, source: 'rematch',
    }, ctx.now, expiresAt);
    await removeFromWaitlist(ctx.db, program.id, input.menteeId);
    await sendProposal(ctx, pair);
    await ctx.audit({
      workspaceId: round.workspaceId, actorId: null, action: 'match.rematch', targetType: 'match', targetId: pair.id,
      details: { roundId: round.id, trigger: input.trigger, score: found.score },
    });
    return { ok: true, pairId: pair.id };
  }

  const cause = result.unmatched.find((u) => u.menteeId === input.menteeId)?.reason ?? 'no_feasible_mentor';
  // One notice per pair that ended for this mentee: a retry of the same event does not send twice.
  const endedPairs = pairs.filter((p) => p.menteeId === input.menteeId && OVER.includes(p.state)).length;
  await putOnWaitlist(ctx, {
    program, menteeId: input.menteeId, cause, waitlistReason: 'rematch',
    key: `waitlist.rematch:${round.id}:${input.menteeId}:${endedPairs}`,
  });
  await ctx.audit({
    workspaceId: round.workspaceId, actorId: null, action: 'match.rematch_waitlisted', targetType: 'person', targetId: input.menteeId,
    details: { roundId: round.id, trigger: input.trigger, reason: cause },
  });
  return { ok: false, reason: cause };
}
