// The chemistry check (issue 17): once the first meeting is reported, or when the first-meeting
// nudge finds none, each member is asked privately whether to continue. "Not the right fit" from
// either side ends the pair at once: both get the same neutral message, which never says who
// answered or why, and the mentee is offered a new mentor. Answers are stored per side on the
// pair, read by no lead view and never shown to the partner; leads see only that the pair ended.
import type { Pair } from '../../domain/model.ts';
import { transitionPair } from '../../db/repositories/pair.repository.ts';
import { getPerson } from '../../db/repositories/person.repository.ts';
import { card, message } from '../../ui/model.ts';
import { mention, paragraph, richText } from '../../ui/rich-text.ts';
import type { ActorCtx, BaseCtx } from '../context.ts';
import { reply, updateSource, type Effect } from '../effects.ts';
import { rematchOfferCard } from './end.flow.ts';
import { myPair } from '../my-pairs.ts';
import { pairById, partnerOf, readerOf, refFor, sideOf } from '../pair-members.ts';
import type { FlowModule } from '../registry.ts';

type Answer = 'continue' | 'not_fit';
const OPEN_STATES = ['active', 'paused'] as const;

/** Asks both members, once per pair whatever calls it (keys per pair and person). */
export async function askChemistry(ctx: BaseCtx, pair: Pair): Promise<void> {
  if (pair.state !== 'active') return;
  for (const personId of [pair.menteeId, pair.mentorId]) {
    await ctx.notify({
      workspaceId: pair.workspaceId, kind: 'pair.chemistry', to: { kind: 'person', personId },
      key: `chemistry:${pair.id}:${personId}`, payload: { matchId: pair.id }, matchId: pair.id,
    });
  }
}

const text = (body: string): Effect => reply(message(richText(body)));

async function answer(ctx: ActorCtx, matchId: unknown, value: Answer): Promise<readonly Effect[]> {
  const pair = await myPair(ctx, matchId, OPEN_STATES);
  // A late answer once the pair has ended (the partner's "not the right fit", an `end`) changes nothing.
  if (!pair) return [text(ctx.t('chemistry.closed'))];
  const column = sideOf(pair, ctx.person.id) === 'mentee' ? 'mentee_chemistry' : 'mentor_chemistry';
  // Still open when written: the partner's "not the right fit" or `end` a moment before (its row
  // lock waited for) leaves this answer unrecorded, told so.
  const stored = await ctx.db.updateTable('matches').set({ [column]: value, updated_at: ctx.now })
    .where('id', '=', pair.id).where('state', 'in', OPEN_STATES).where(column, 'is', null).executeTakeFirst();
  if (stored.numUpdatedRows === 0n) return [text(ctx.t(await myPair(ctx, pair.id, OPEN_STATES) ? 'action.already_done' : 'chemistry.closed'))];
  if (value === 'continue') return [updateSource(card({ header: { title: ctx.t('chemistry.title') }, recorded: ctx.t('chemistry.recorded_continue') }))];
  const ended = await transitionPair(ctx.db, pair.id, {
    from: OPEN_STATES, to: 'ended', patch: { ended_at: ctx.now, ended_by: ctx.person.id, end_reason: null }, actorId: ctx.person.id, at: ctx.now,
  });
  if (!ended) return [text(ctx.t('chemistry.closed'))];
  // The same neutral message to both, the one who answered included, so neither learns who it was.
  for (const personId of [pair.menteeId, pair.mentorId]) {
    await ctx.notify({
      workspaceId: pair.workspaceId, kind: 'pair.chemistry_ended', to: { kind: 'person', personId },
      key: `chemistry.ended:${pair.id}:${personId}`, payload: { matchId: pair.id }, matchId: pair.id,
    });
  }
  return [updateSource(card({ header: { title: ctx.t('chemistry.title') }, recorded: ctx.t('chemistry.recorded_not_fit') }))];
}

export const chemistryFlow: FlowModule = {
  actions: {
    'chemistry.continue': { oneShot: true, handle: (ctx, ref) => answer(ctx, ref.subjects[0], 'continue') },
    'chemistry.not_fit': { oneShot: true, handle: (ctx, ref) => answer(ctx, ref.subjects[0], 'not_fit') },
  },
  compose: {
    'pair.chemistry': async (ctx, delivery, recipients) => {
      const pair = await pairById(ctx.db, delivery.payload.matchId);
      const reader = recipients[0];
      if (!pair || !reader || pair.state !== 'active' || !sideOf(pair, reader.id)) return undefined;
      const { t } = readerOf(reader);
      return card({
        header: { title: t('chemistry.title') },
        sections: [richText(paragraph(t('chemistry.question'), ' ', mention(partnerOf(pair, reader.id)))), richText(t('chemistry.private'))],
        actions: [
          { kind: 'button', style: 'primary', label: t('chemistry.continue'), ref: refFor(ctx, reader.id, 'chemistry.continue', [pair.id]) },
          { kind: 'button', style: 'default', label: t('chemistry.not_fit'), ref: refFor(ctx, reader.id, 'chemistry.not_fit', [pair.id]) },
        ],
      });
    },
    'pair.chemistry_ended': async (ctx, delivery, recipients) => {
      const pair = await pairById(ctx.db, delivery.payload.matchId);
      const reader = recipients[0];
      if (!pair || !reader || pair.state !== 'ended' || !sideOf(pair, reader.id)) return undefined;
      const { t } = readerOf(reader);
      const partner = await getPerson(ctx.db, partnerOf(pair, reader.id));
      const intro = paragraph(t('chemistry.ended', { name: partner?.displayName ?? '' }));
      return reader.id === pair.menteeId ? rematchOfferCard(ctx, pair, { id: reader.id, t }, intro) : message(richText(intro, t('chemistry.ended_mentor')));
    },
  },
};
