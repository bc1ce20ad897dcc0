// The private side of at-risk detection: a signal drawn from a member's own pulse answers is
// offered to that member alone, with three choices: suggest a rematch (the `end` form, so the
// pairing ends exactly as when they type `end`: the partner is told politely, the mentee offered
// another mentor), involve the program lead (the alert becomes one the leads see, and they are
// told), or no thanks. Until the member involves the lead, nothing of it reaches a lead: not the
// alert, not its counts, not the audit log, not an undelivered-message count (the offer's
// delivery is not linked to the pair).
import type { Pair, RiskAlert, RiskRule } from '../../domain/model.ts';
import { isProgramLead, listProgramLeads } from '../../db/repositories/lead.repository.ts';
import { getRiskAlert, handleRiskAlert, raiseRiskAlert, shareRiskAlert } from '../../db/repositories/risk-alert.repository.ts';
import { card, message, type Card } from '../../ui/model.ts';
import { mention, paragraph, richText } from '../../ui/rich-text.ts';
import type { ActorCtx, BaseCtx } from '../context.ts';
import { endForm } from '../pair/end.flow.ts';
import { openForm, reply, updateSource, type Effect } from '../effects.ts';
import { idOrEmpty, pairById, partnerOf, readerOf, refFor } from '../pair-members.ts';
import type { FlowModule } from '../registry.ts';
import { riskCardFor } from './risk-card.ts';

const LIVE = ['accepted', 'active', 'paused'];

/**
 * Raises the private offer (one open offer per pair and member) and sends it. The
 * send is keyed by the offer, so a scan that runs again after a failure sends it once.
 * Returns whether a new offer was raised.
 */
export async function offerHelp(ctx: BaseCtx, o: { workspaceId: string; matchId: string; rule: RiskRule; personId: string }): Promise<boolean> {
  // One open offer per pair and member: a new signal while one is open is the same news.
  const open = await ctx.db.selectFrom('risk_alerts').select('id')
    .where('match_id', '=', o.matchId).where('person_id', '=', o.personId)
    .where('handled_at', 'is', null).where('shared_at', 'is', null).executeTakeFirst();
  const raised = open ? undefined : await raiseRiskAlert(ctx.db, o.matchId, o.rule, ctx.now, o.personId);
  const offer = open ?? raised;
  if (offer) {
    await ctx.notify({ workspaceId: o.workspaceId, kind: 'risk.offer', to: { kind: 'person', personId: o.personId }, key: `risk.offer:${offer.id}`, payload: { alertId: offer.id } });
  }
  return raised !== undefined;
}

/** The actor's own open offer on a live pair, or undefined. */
async function myOffer(ctx: ActorCtx, id: string | undefined): Promise<{ alert: RiskAlert; pair: Pair } | undefined> {
  const alert = await getRiskAlert(ctx.db, idOrEmpty(id));
  if (!alert || alert.personId !== ctx.person.id || alert.handledAt || alert.sharedAt) return undefined;
  const pair = await pairById(ctx.db, alert.matchId);
  return pair && LIVE.includes(pair.state) ? { alert, pair } : undefined;
}

const gone = (ctx: ActorCtx): Effect[] => [reply(message(richText(ctx.t('risk.offer.gone'))))];

const programLeads = (ctx: BaseCtx, pair: Pair): Promise<string[]> => listProgramLeads(ctx.db, pair.programId);

function offerCard(ctx: BaseCtx, alert: RiskAlert, pair: Pair, readerId: string, t: ReturnType<typeof readerOf>['t']): Card {
  const [before, after] = t('risk.offer.body', { partner: '\u0000' }).split('\u0000');
  return card({
    header: { title: t('risk.offer.title') },
    sections: [richText(paragraph(before ?? '', mention(partnerOf(pair, readerId)), after ?? '')), richText(t('risk.offer.private')), richText(t('risk.offer.choices'))],
    actions: [
      { kind: 'button', style: 'default', label: t('risk.offer.rematch'), ref: refFor(ctx, readerId, 'risk.offer.rematch', [alert.id]) },
      { kind: 'button', style: 'primary', label: t('risk.offer.lead'), ref: refFor(ctx, readerId, 'risk.offer.lead', [alert.id]) },
      { kind: 'button', style: 'default', label: t('risk.offer.decline'), ref: refFor(ctx, readerId, 'risk.offer.decline', [alert.id]) },
    ],
  });
}

export const riskOfferFlow: FlowModule = {
  actions: {
    // Not one-shot: it opens the `end` form, which the member may close and open again.
    'risk.offer.rematch': {
      oneShot: false,
      async handle(ctx, ref) {
        const mine = await myOffer(ctx, ref.subjects[0]);
        return mine ? [openForm(endForm(ctx, mine.pair.id))] : gone(ctx);
      },
    },
    'risk.offer.lead': {
      oneShot: true,
      async handle(ctx, ref) {
        const mine = await myOffer(ctx, ref.subjects[0]);
        const shared = mine && await shareRiskAlert(ctx.db, mine.alert.id, ctx.person.id, ctx.now);
        if (!mine || !shared) return gone(ctx);
        for (const leadId of await programLeads(ctx, mine.pair)) {
          await ctx.notify({ workspaceId: mine.pair.workspaceId, kind: 'risk.shared', to: { kind: 'person', personId: leadId }, key: `risk.shared:${shared.id}:${leadId}`, payload: { alertId: shared.id } });
        }
        return [updateSource(card({ header: { title: ctx.t('risk.offer.title') }, recorded: ctx.t('risk.offer.recorded.lead') }))];
      },
    },
    'risk.offer.decline': {
      oneShot: true,
      async handle(ctx, ref) {
        const mine = await myOffer(ctx, ref.subjects[0]);
        if (!mine || !(await handleRiskAlert(ctx.db, mine.alert.id, 'declined', ctx.person.id, ctx.now, 'member'))) return gone(ctx);
        return [updateSource(card({ header: { title: ctx.t('risk.offer.title') }, recorded: ctx.t('risk.offer.recorded.decline') }))];
      },
    },
  },
  compose: {
    'risk.offer': async (ctx, delivery, recipients) => {
      const alert = await getRiskAlert(ctx.db, idOrEmpty(delivery.payload.alertId));
      const reader = recipients[0];
      if (!alert || !reader || alert.personId !== reader.id || alert.handledAt || alert.sharedAt) return undefined;
      const pair = await pairById(ctx.db, alert.matchId);
      if (!pair || !LIVE.includes(pair.state)) return undefined;
      return offerCard(ctx, alert, pair, reader.id, readerOf(reader).t);
    },
    'risk.shared': async (ctx, delivery, recipients) => {
      const alert = await getRiskAlert(ctx.db, idOrEmpty(delivery.payload.alertId));
      const reader = recipients[0];
      if (!alert || !reader || !alert.sharedAt || alert.handledAt) return undefined;
      const pair = await pairById(ctx.db, alert.matchId);
      if (!pair || !(await isProgramLead(ctx.db, pair.programId, reader.id))) return undefined;
      return riskCardFor(ctx, { id: reader.id, t: readerOf(reader).t }, alert);
    },
  },
};
