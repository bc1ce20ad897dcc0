// End of a round (durationDays after publication): the round is completed, unanswered proposals
// expire, and every pair still going is ended with a thank-you to both members and the closing
// conversation (wins, what each learnt; pair/closing.flow.ts). Their goals,
// check-ins and pulse answers stay until the program's retention period is over.
import { getPair, listPairs, transitionPair } from '../../db/repositories/pair.repository.ts';
import { getProgram } from '../../db/repositories/program.repository.ts';
import { getRound, transitionRound } from '../../db/repositories/round.repository.ts';
import { endCirclesOfRound } from '../../db/repositories/circle.repository.ts';
import { t } from '../../ui/i18n/t.ts';
import { message } from '../../ui/model.ts';
import { paragraph, richText } from '../../ui/rich-text.ts';
import { localeOf } from '../actor.ts';
import type { FlowModule } from '../registry.ts';
import { endProposalWindow } from './round-start.ts';
import { askClosing } from '../pair/closing.flow.ts';

export const roundCompleteFlow: FlowModule = {
  jobs: {
    'round.complete': async (ctx, payload) => {
      const round = await getRound(ctx.db, String(payload.roundId ?? ''));
      if (!round || (round.endsAt && round.endsAt > ctx.now)) return;
      // A round still in its answer window (a very short program) starts before it completes.
      if (round.state === 'published') await endProposalWindow(ctx, round.id);
      const completed = await transitionRound(ctx.db, round.id, ['running'], 'completed', { completed_at: ctx.now });
      if (!completed) return;
      await endCirclesOfRound(ctx.db, round.id);
      for (const pair of await listPairs(ctx.db, round.id, ['proposed'])) {
        await transitionPair(ctx.db, pair.id, { from: ['proposed'], to: 'expired', actorId: null, at: ctx.now });
      }
      for (const pair of await listPairs(ctx.db, round.id, ['accepted', 'active', 'paused'])) {
        const ended = await transitionPair(ctx.db, pair.id, { from: ['accepted', 'active', 'paused'], to: 'ended', patch: { ended_at: ctx.now }, actorId: null, at: ctx.now });
        if (!ended) continue;
        // One message each, so each reads it in their own language.
        for (const personId of [pair.menteeId, pair.mentorId]) {
          await ctx.notify({
            workspaceId: pair.workspaceId, kind: 'round.thanks', to: { kind: 'person', personId },
            key: `round.thanks:${pair.id}:${personId}`, payload: { matchId: pair.id }, matchId: pair.id,
          });
        }
        // Then the closing conversation: wins and what each learnt (pair/closing.flow.ts).
        await askClosing(ctx, ended);
      }
    },
  },
  compose: {
    'round.thanks': async (ctx, delivery, recipients) => {
      const pair = await getPair(ctx.db, String(delivery.payload.matchId ?? ''));
      const program = pair && await getProgram(ctx.db, pair.programId);
      const reader = recipients[0];
      if (!pair || !program || !reader || pair.state !== 'ended') return undefined;
      const locale = localeOf(reader);
      return message(richText(
        paragraph(t(locale, 'round.thanks.body', { program: program.name })),
        paragraph(t(locale, 'round.thanks.data', { days: program.settings.retentionDays })),
      ));
    },
  },
};
