// At-risk pairs: the daily 'risk.scan' job raises alerts (and private offers to members, see
// risk-offer.ts); the lead acts from the card of an alert they may see with one-shot buttons. "Offer a rematch" ends the pair (by the lead, no reason stored) and
// proposes the mentee a new mentor through the incremental rematch, or the waitlist; both members
// get a neutral notice. Every action closes the alert, so it is not raised again for that pair.
import type { RiskAlert } from '../../domain/model.ts';
import { getPair, transitionPair } from '../../db/repositories/pair.repository.ts';
import { getPerson } from '../../db/repositories/person.repository.ts';
import { getRiskAlert, handleRiskAlert } from '../../db/repositories/risk-alert.repository.ts';
import { card, message } from '../../ui/model.ts';
import { mention, paragraph, richText } from '../../ui/rich-text.ts';
import type { ActorCtx } from '../context.ts';
import { reply, updateSource, type Effect } from '../effects.ts';
import { alertAt, leadAction } from '../lead-guard.ts';
import { idOrEmpty, pairById, partnerOf, readerOf } from '../pair-members.ts';
import type { FlowModule } from '../registry.ts';
import { proposeRematch } from '../matching/rematch.ts';
import { scanProgramRisks } from './risk-scan.ts';

type Outcome = 'nudge' | 'rematch' | 'handled';

/** A pair has at most one alert per rule; a ref naming more is not one of ours. */
const MAX_CARD_ALERTS = 8;

async function openAlertOfWorkspace(ctx: ActorCtx, id: string | undefined): Promise<RiskAlert | undefined> {
  const alert = await getRiskAlert(ctx.db, idOrEmpty(id));
  const pair = alert && await getPair(ctx.db, alert.matchId);
  return alert && pair && pair.workspaceId === ctx.workspace.id && ctx.leadOf.has(pair.programId) ? alert : undefined;
}

const recordedLine = (ctx: ActorCtx, outcome: Outcome): string =>
  outcome === 'nudge' ? ctx.t('risk.recorded.nudge') : outcome === 'rematch' ? ctx.t('risk.recorded.rematch') : ctx.t('risk.recorded.handled');

function riskAction(outcome: Outcome, act: (ctx: ActorCtx, alert: RiskAlert) => Promise<void>) {
  return leadAction(true, alertAt, async (ctx, ref): Promise<readonly Effect[]> => {
    // A card stands for one pair and carries the alerts it showed (all of the same pair): the
    // action closes those still open, and acts once.
    let alert: RiskAlert | undefined;
    for (const id of ref.subjects.slice(0, MAX_CARD_ALERTS)) {
      const found = await openAlertOfWorkspace(ctx, id);
      if (!found || (alert && found.matchId !== alert.matchId)) continue;
      if (await handleRiskAlert(ctx.db, found.id, outcome, ctx.person.id, ctx.now)) alert ??= found;
    }
    if (!alert) return [reply(message(richText(ctx.t('risk.already'))))];
    await act(ctx, alert);
    await ctx.audit({ workspaceId: ctx.workspace.id, actorId: ctx.person.id, action: `risk.${outcome}`, targetType: 'match', targetId: alert.matchId, details: { rule: alert.rule } });
    return [updateSource(card({ header: { title: ctx.t('risk.card.title') }, recorded: recordedLine(ctx, outcome) }))];
  });
}

async function notifyMembers(ctx: ActorCtx, matchId: string, kind: 'risk.nudge' | 'risk.rematch', alertId: string): Promise<void> {
  const pair = await getPair(ctx.db, matchId);
  if (!pair) return;
  for (const personId of [pair.menteeId, pair.mentorId]) {
    await ctx.notify({ workspaceId: pair.workspaceId, kind, to: { kind: 'person', personId }, key: `${kind}:${alertId}:${personId}`, payload: { matchId, personId }, matchId });
  }
}

export const riskFlow: FlowModule = {
  jobs: {
    'risk.scan': async (ctx, payload) => {
      const programs = typeof payload.programId === 'string'
        ? [idOrEmpty(payload.programId)].filter(Boolean)
        : (await ctx.db.selectFrom('programs').select('id').where('status', '=', 'active').execute()).map((p) => p.id);
      let raised = 0;
      for (const id of programs) raised += await scanProgramRisks(ctx, id);
      ctx.deps.logger.info({ programs: programs.length, raised }, 'at-risk scan done');
    },
  },
  actions: {
    'risk.nudge': riskAction('nudge', (ctx, alert) => notifyMembers(ctx, alert.matchId, 'risk.nudge', alert.id)),
    'risk.handled': riskAction('handled', async () => undefined),
    'risk.rematch': riskAction('rematch', async (ctx, alert) => {
      const ended = await transitionPair(ctx.db, alert.matchId, {
        from: ['accepted', 'active', 'paused'], to: 'ended', patch: { ended_at: ctx.now, ended_by: ctx.person.id, end_reason: null }, actorId: ctx.person.id, at: ctx.now,
      });
      if (!ended) return;
      // The pair's other open alerts go with it.
      await ctx.db.updateTable('risk_alerts').set({ handled_at: ctx.now, handled_by: ctx.person.id, action: 'rematch' })
        .where('match_id', '=', alert.matchId).where('handled_at', 'is', null).execute();
      await notifyMembers(ctx, alert.matchId, 'risk.rematch', alert.id);
      await proposeRematch(ctx, { roundId: ended.roundId, menteeId: ended.menteeId, trigger: 'ended' });
    }),
  },
  compose: {
    'risk.nudge': async (ctx, delivery) => {
      const pair = await pairById(ctx.db, delivery.payload.matchId);
      const person = await getPerson(ctx.db, idOrEmpty(delivery.payload.personId));
      if (!pair || !person || !['accepted', 'active', 'paused'].includes(pair.state)) return undefined;
      const { t } = readerOf(person);
      const [before, after] = t('risk.nudge.body', { partner: '\u0000' }).split('\u0000');
      return card({ header: { title: t('risk.nudge.title') }, sections: [richText(paragraph(before ?? '', mention(partnerOf(pair, person.id)), after ?? ''))] });
    },
    'risk.rematch': async (ctx, delivery) => {
      const pair = await pairById(ctx.db, delivery.payload.matchId);
      const person = await getPerson(ctx.db, idOrEmpty(delivery.payload.personId));
      if (!pair || !person) return undefined;
      const { t } = readerOf(person);
      const [before, after] = t('risk.rematch.body', { partner: '\u0000' }).split('\u0000');
      return card({ header: { title: t('risk.rematch.title') }, sections: [richText(paragraph(before ?? '', mention(partnerOf(pair, person.id)), after ?? ''))] });
    },
  },
};
