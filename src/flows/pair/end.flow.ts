// `end`: ending a pairing early (SPEC §3). A confirm step (the card's button), then a form with an
// optional private reason; the partner gets a polite notice without it, and the mentee is
// offered a rematch ('rematch.request' → proposeRematch with trigger 'ended').
import type { Pair } from '../../domain/model.ts';
import { transitionPair } from '../../db/repositories/pair.repository.ts';
import type { Form } from '../../ui/form.ts';
import { card, message, type Card } from '../../ui/model.ts';
import { mention, paragraph, richText, type Block } from '../../ui/rich-text.ts';
import { validateForm } from '../../ui/validate-form.ts';
import type { ActorCtx, BaseCtx } from '../context.ts';
import { openForm, reply, updateSource, type Effect } from '../effects.ts';
import { myPair, myPairs } from '../my-pairs.ts';
import { pairById, partnerOf, readerOf, refFor } from '../pair-members.ts';
import type { FlowModule } from '../registry.ts';
import { proposeRematch } from '../matching/rematch.ts';
import { askClosing } from './closing.flow.ts';

const ENDABLE = ['accepted', 'active', 'paused'] as const;
const text = (body: string): Effect => reply(message(richText(body)));

export const endForm = (ctx: ActorCtx, matchId: string): Form => ({
  kind: 'form', id: 'end', ref: ctx.ref('end.submit', [matchId]), title: ctx.t('end.form.title'), submitLabel: ctx.t('end.form.submit'),
  intro: richText(ctx.t('end.form.intro')),
  fields: [{ kind: 'long_text', id: 'reason', label: ctx.t('end.form.reason'), help: ctx.t('end.form.reason_help'), required: false, maxLength: 1000 }],
});

/** The rematch offer a mentee gets once a pairing ended early, signed for that mentee. */
export function rematchOfferCard(ctx: BaseCtx, pair: Pair, reader: { id: string; t: ReturnType<typeof readerOf>['t'] }, intro: Block): Card {
  return card({
    header: { title: reader.t('end.rematch.title') },
    sections: [richText(intro), richText(reader.t('end.rematch.body'))],
    actions: [{ kind: 'button', style: 'primary', label: reader.t('end.rematch.button'), ref: refFor(ctx, reader.id, 'rematch.request', [pair.id]) }],
  });
}

/** Ends the pair with the person's private reason; the partner is told, the mentee offered a rematch. */
export async function endPair(ctx: BaseCtx, pair: Pair, byId: string, reason: string | null, kind: 'pair.ended' | 'pair.partner_left'): Promise<Pair | undefined> {
  const ended = await transitionPair(ctx.db, pair.id, {
    from: ENDABLE, to: 'ended', patch: { ended_at: ctx.now, ended_by: byId, end_reason: reason }, actorId: byId, at: ctx.now,
  });
  if (!ended) return undefined;
  // Not audited: leads read the audit log, and who ended a pair is the participant's choice. The
  // pair's own history (match_events) keeps it, read by no lead view.
  const partnerId = partnerOf(pair, byId);
  await ctx.notify({
    workspaceId: pair.workspaceId, kind, to: { kind: 'person', personId: partnerId },
    key: `${kind}:${pair.id}`, payload: { matchId: pair.id }, matchId: pair.id,
  });
  return ended;
}

export const endFlow: FlowModule = {
  commands: {
    end: async (ctx) => {
      const pairs = await myPairs(ctx, ENDABLE);
      if (pairs.length === 0) return [text(ctx.t('end.no_pair'))];
      return pairs.map((pair) => reply(card({
        header: { title: ctx.t('end.confirm.title') },
        sections: [richText(paragraph(ctx.t('end.confirm.body'), ' ', mention(partnerOf(pair, ctx.person.id)))), richText(ctx.t('end.confirm.alternative'))],
        actions: [{ kind: 'button', style: 'danger', label: ctx.t('end.confirm.button'), ref: ctx.ref('end.confirm', [pair.id]) }],
      })));
    },
  },
  actions: {
    'end.confirm': {
      oneShot: false,
      async handle(ctx, ref) {
        const pair = await myPair(ctx, ref.subjects[0], ENDABLE);
        return pair ? [openForm(endForm(ctx, pair.id))] : [text(ctx.t('end.not_possible'))];
      },
    },
    'rematch.request': {
      oneShot: true,
      async handle(ctx, ref) {
        const pair = await myPair(ctx, ref.subjects[0], ['ended']);
        if (!pair || pair.menteeId !== ctx.person.id) return [text(ctx.t('action.refused'))];
        const outcome = await proposeRematch(ctx, { roundId: pair.roundId, menteeId: ctx.person.id, trigger: 'ended' });
        const recorded = outcome.ok ? ctx.t('end.rematch.requested') : ctx.t('end.rematch.waitlisted');
        return [updateSource(card({ header: { title: ctx.t('end.rematch.title') }, recorded }))];
      },
    },
  },
  forms: {
    'end.submit': async (ctx, ref, raw) => {
      const pair = await myPair(ctx, ref.subjects[0], ENDABLE);
      if (!pair) return { type: 'done', effects: [text(ctx.t('end.not_possible'))] };
      const checked = validateForm(endForm(ctx, pair.id), raw, ctx.locale);
      if (!checked.ok) return { type: 'errors', errors: checked.errors };
      const reason = typeof checked.values.reason === 'string' ? checked.values.reason : null;
      const ended = await endPair(ctx, pair, ctx.person.id, reason, 'pair.ended');
      if (!ended) return { type: 'done', effects: [text(ctx.t('end.not_possible'))] };
      // Both members get the closing conversation (wins, what each learnt): pair/closing.flow.ts.
      await askClosing(ctx, ended);
      const effects: Effect[] = [text(ctx.t('end.done'))];
      if (pair.menteeId === ctx.person.id) effects.push(reply(rematchOfferCard(ctx, pair, { id: ctx.person.id, t: ctx.t }, paragraph(ctx.t('end.rematch.self')))));
      return { type: 'done', effects };
    },
  },
  compose: {
    'pair.ended': async (ctx, delivery, recipients) => {
      const pair = await pairById(ctx.db, delivery.payload.matchId);
      const reader = recipients[0];
      if (!pair || !reader || pair.state !== 'ended') return undefined;
      const { t } = readerOf(reader);
      const intro = paragraph(mention(partnerOf(pair, reader.id)), ' ', t('end.partner_notice'));
      return reader.id === pair.menteeId ? rematchOfferCard(ctx, pair, { id: reader.id, t }, intro) : message(richText(intro));
    },
  },
};
