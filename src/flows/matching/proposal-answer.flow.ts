// Answers to a proposal card ('proposal.accept' / 'proposal.decline', subjects [matchId], sent
// by the lead flows). Accepting records one side; the second acceptance makes the pair accepted
// and introduces it. Declining ends the proposal at once, tells the partner politely (never the
// reason), offers the mentee a rematch, and then asks for an optional private reason.
import type { ActionRef } from '../../domain/action-ref.ts';
import { recordAcceptance } from '../../domain/pair-state.ts';
import type { Pair } from '../../domain/model.ts';
import { patchPair, transitionPair } from '../../db/repositories/pair.repository.ts';
import type { Form } from '../../ui/form.ts';
import { card, message } from '../../ui/model.ts';
import { mention, paragraph, richText } from '../../ui/rich-text.ts';
import { pairRefusalText } from '../../ui/state-refusal.ts';
import { validateForm } from '../../ui/validate-form.ts';
import type { ActorCtx } from '../context.ts';
import { pairMessagesAreCopies } from '../delivery-policy.ts';
import { openForm, reply, updateSource, type Effect } from '../effects.ts';
import { introducePair } from '../pair/intro.ts';
import { pairById, partnerOf, readerOf, sideOf } from '../pair-members.ts';
import type { FlowModule } from '../registry.ts';
import { proposeRematch } from './rematch.ts';

const text = (body: string): Effect => reply(message(richText(body)));

async function myProposal(ctx: ActorCtx, ref: ActionRef): Promise<{ ok: true; pair: Pair } | { ok: false; effects: Effect[] }> {
  const pair = await pairById(ctx.db, ref.subjects[0]);
  if (!pair || pair.workspaceId !== ctx.workspace.id || !sideOf(pair, ctx.person.id)) return { ok: false, effects: [text(ctx.t('action.refused'))] };
  if (pair.state !== 'proposed') return { ok: false, effects: [text(pairRefusalText(ctx.locale, pair.state))] };
  if (pair.expiresAt && pair.expiresAt <= ctx.now) return { ok: false, effects: [text(ctx.t('proposal.answer.too_late'))] };
  return { ok: true, pair };
}

/**
 * The answer to a click whose write found the proposal moved on since it was read (the partner
 * declined, the proposal expired, or the other acceptance completed it at the same moment): read
 * again, it is told what it would have been told a moment later, never "already recorded".
 */
async function answerAfterRace(ctx: ActorCtx, ref: ActionRef): Promise<Effect[]> {
  const again = await myProposal(ctx, ref);
  return again.ok ? [text(ctx.t('action.already_done'))] : again.effects;
}

/** What the clicked proposal card turns into: who it was with, and what was recorded. */
const answeredCard = (ctx: ActorCtx, pair: Pair, recorded: string) => updateSource(card({
  header: { title: ctx.t('proposal.answer.title') },
  sections: [richText(paragraph(ctx.t('proposal.answer.with'), ' ', mention(partnerOf(pair, ctx.person.id))))],
  recorded,
}));

async function accept(ctx: ActorCtx, ref: ActionRef): Promise<readonly Effect[]> {
  const found = await myProposal(ctx, ref);
  if (!found.ok) return found.effects;
  const { pair } = found;
  const side = sideOf(pair, ctx.person.id)!;
  const result = recordAcceptance({ state: pair.state, menteeAccepted: pair.menteeAcceptedAt !== null, mentorAccepted: pair.mentorAcceptedAt !== null }, side);
  if (!result.ok) return [text(result.reason === 'pair.already_accepted' ? ctx.t('proposal.answer.already_accepted') : pairRefusalText(ctx.locale, pair.state))];
  const patched = await patchPair(ctx.db, pair.id, ['proposed'], side === 'mentee' ? { mentee_accepted_at: ctx.now } : { mentor_accepted_at: ctx.now }, ctx.now);
  if (!patched) return answerAfterRace(ctx, ref);
  // Decided on the row as written, so two acceptances racing each other still complete the pair once.
  if (!patched.menteeAcceptedAt || !patched.mentorAcceptedAt) return [answeredCard(ctx, pair, ctx.t('proposal.answer.accepted_waiting'))];
  const accepted = await transitionPair(ctx.db, pair.id, { from: ['proposed'], to: 'accepted', patch: { accepted_at: ctx.now }, actorId: ctx.person.id, at: ctx.now });
  if (accepted) await introducePair(ctx, accepted);
  return [answeredCard(ctx, pair, ctx.t(pairMessagesAreCopies(ctx.workspace.platform) ? 'proposal.answer.accepted_both_copies' : 'proposal.answer.accepted_both'))];
}

export const declineReasonForm = (ctx: ActorCtx, matchId: string): Form => ({
  kind: 'form', id: 'proposal.decline_reason', ref: ctx.ref('proposal.decline_reason', [matchId]),
  title: ctx.t('proposal.reason.title'), submitLabel: ctx.t('proposal.reason.submit'), intro: richText(ctx.t('proposal.reason.intro')),
  fields: [{ kind: 'long_text', id: 'reason', label: ctx.t('proposal.reason.label'), required: false, maxLength: 500 }],
});

async function decline(ctx: ActorCtx, ref: ActionRef): Promise<readonly Effect[]> {
  const found = await myProposal(ctx, ref);
  if (!found.ok) return found.effects;
  const declined = await transitionPair(ctx.db, found.pair.id, {
    from: ['proposed'], to: 'declined', patch: { declined_by: ctx.person.id }, actorId: ctx.person.id, at: ctx.now,
  });
  if (!declined) return answerAfterRace(ctx, ref);
  // Like accepting, not audited: the audit log is what leads and the bot did, and leads read it.
  await ctx.notify({
    workspaceId: declined.workspaceId, kind: 'proposal.partner_declined', to: { kind: 'person', personId: partnerOf(declined, ctx.person.id) },
    key: `proposal.partner_declined:${declined.id}`, payload: { matchId: declined.id }, matchId: declined.id,
  });
  await proposeRematch(ctx, { roundId: declined.roundId, menteeId: declined.menteeId, trigger: 'declined' });
  return [answeredCard(ctx, declined, ctx.t('proposal.answer.declined')), openForm(declineReasonForm(ctx, declined.id))];
}

export const proposalAnswerFlow: FlowModule = {
  actions: {
    'proposal.accept': { oneShot: true, handle: accept },
    'proposal.decline': { oneShot: true, handle: decline },
  },
  forms: {
    'proposal.decline_reason': async (ctx, ref, raw) => {
      const pair = await pairById(ctx.db, ref.subjects[0]);
      if (!pair || pair.declinedBy !== ctx.person.id) return { type: 'done', effects: [text(ctx.t('action.refused'))] };
      const checked = validateForm(declineReasonForm(ctx, pair.id), raw, ctx.locale);
      if (!checked.ok) return { type: 'errors', errors: checked.errors };
      const reason = typeof checked.values.reason === 'string' ? checked.values.reason : null;
      if (reason) await patchPair(ctx.db, pair.id, ['declined'], { decline_reason: reason }, ctx.now);
      return { type: 'done', effects: [text(ctx.t('proposal.reason.saved'))] };
    },
  },
  compose: {
    'proposal.partner_declined': async (ctx, delivery, recipients) => {
      const pair = await pairById(ctx.db, delivery.payload.matchId);
      const reader = recipients[0];
      if (!pair || pair.state !== 'declined' || !reader) return undefined;
      const { t } = readerOf(reader);
      const body = reader.id === pair.menteeId ? t('proposal.partner_declined.mentee') : t('proposal.partner_declined.mentor');
      return message(richText(paragraph(mention(partnerOf(pair, reader.id)), ' ', body)));
    },
  },
};
