// Proposals going out: the card to each member of a proposed pair, a reminder halfway through
// the answer window to whoever has not answered, and expiry (then a rematch for the mentee).
// Accepting and declining are the employee flows' part ('proposal.accept' / 'proposal.decline').
import type { Pair, Program } from '../../domain/model.ts';
import { getPair, transitionPair } from '../../db/repositories/pair.repository.ts';
import { findEnrollment } from '../../db/repositories/enrollment.repository.ts';
import { getProgram } from '../../db/repositories/program.repository.ts';
import { getProfile } from '../../db/repositories/profile.repository.ts';
import { t } from '../../ui/i18n/t.ts';
import { message } from '../../ui/model.ts';
import { richText } from '../../ui/rich-text.ts';
import { localeOf } from '../actor.ts';
import type { BaseCtx } from '../context.ts';
import { proposalCard } from './proposal-card.ts';
import type { Composer, FlowModule } from '../registry.ts';
import { proposeRematch } from './rematch.ts';
import { endProposalWindow } from '../admin/round-start.ts';

async function proposedPairAndProgram(ctx: BaseCtx, matchId: unknown): Promise<{ pair: Pair; program: Program } | undefined> {
  const pair = await getPair(ctx.db, String(matchId ?? ''));
  if (!pair || pair.state !== 'proposed') return undefined;
  const program = await getProgram(ctx.db, pair.programId);
  return program && { pair, program };
}

/** The mentee's career objective, only when they agreed in the survey to show it to the proposed mentor. */
async function sharedObjective(ctx: BaseCtx, pair: Pair): Promise<string | undefined> {
  const enrollment = await findEnrollment(ctx.db, pair.roundId, pair.menteeId, 'mentee');
  const answers = enrollment?.answers;
  return answers?.shareObjective === true && typeof answers.careerObjective === 'string' ? answers.careerObjective : undefined;
}

const proposalComposer = (reminder: boolean): Composer => async (ctx, delivery, recipients) => {
  const found = await proposedPairAndProgram(ctx, delivery.payload.matchId);
  const reader = recipients[0];
  // Withdrawn, answered or expired since it was decided: nothing to send any more.
  if (!found || !reader || (reader.id !== found.pair.menteeId && reader.id !== found.pair.mentorId)) return undefined;
  if (reminder && (reader.id === found.pair.menteeId ? found.pair.menteeAcceptedAt : found.pair.mentorAcceptedAt)) return undefined;
  const { pair } = found;
  const partner = await getProfile(ctx.db, reader.id === pair.menteeId ? pair.mentorId : pair.menteeId);
  const objective = reader.id === pair.mentorId ? await sharedObjective(ctx, pair) : undefined;
  return proposalCard({ ...found, reader, signer: ctx.deps.signer, now: ctx.now, reminder, ...(partner ? { partner } : {}), ...(objective ? { objective } : {}) });
};

export const proposalFlow: FlowModule = {
  jobs: {
    'proposal.reminder': async (ctx, payload) => {
      const found = await proposedPairAndProgram(ctx, payload.matchId);
      if (!found) return;
      const { pair } = found;
      const waiting = [
        ...(pair.menteeAcceptedAt ? [] : [pair.menteeId]),
        ...(pair.mentorAcceptedAt ? [] : [pair.mentorId]),
      ];
      for (const personId of waiting) {
        await ctx.notify({
          workspaceId: pair.workspaceId, kind: 'proposal.reminder', to: { kind: 'person', personId },
          key: `proposal.reminder:${pair.id}:${personId}`, payload: { matchId: pair.id }, matchId: pair.id,
        });
      }
    },

    'proposal.expire': async (ctx, payload) => {
      // The round's own job (payload roundId) marks the end of the publication's answer window.
      if (typeof payload.roundId === 'string') {
        await endProposalWindow(ctx, payload.roundId);
        return;
      }
      const pair = await getPair(ctx.db, String(payload.matchId ?? ''));
      if (!pair || pair.state !== 'proposed') return;
      // A worker whose clock runs ahead must not cut the answer window short.
      if (pair.expiresAt && pair.expiresAt > ctx.now) return;
      const expired = await transitionPair(ctx.db, pair.id, { from: ['proposed'], to: 'expired', actorId: null, at: ctx.now });
      if (!expired) return;
      for (const personId of [pair.menteeId, pair.mentorId]) {
        await ctx.notify({
          workspaceId: pair.workspaceId, kind: 'proposal.expired', to: { kind: 'person', personId },
          key: `proposal.expired:${pair.id}:${personId}`, payload: { matchId: pair.id }, matchId: pair.id,
        });
      }
      await proposeRematch(ctx, { roundId: pair.roundId, menteeId: pair.menteeId, trigger: 'expired' });
    },
  },

  compose: {
    proposal: proposalComposer(false),
    'proposal.reminder': proposalComposer(true),
    'proposal.expired': async (ctx, delivery, recipients) => {
      const pair = await getPair(ctx.db, String(delivery.payload.matchId ?? ''));
      const reader = recipients[0];
      if (!pair || pair.state !== 'expired' || !reader) return undefined;
      const locale = localeOf(reader);
      return message(richText(reader.id === pair.menteeId ? t(locale, 'proposal.expired.mentee') : t(locale, 'proposal.expired.mentor')));
    },
  },
};
