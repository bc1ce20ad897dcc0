// Shared notes (issue 17): what a pair agreed to do next, and the advice a mentee applied, written
// in the check-in form. Unlike the private note they are meant for the partner: the partner gets
// them as a message once, and `status` and the next preparation quote the pair's latest ones.
// Nothing here reads the private note, and no lead view reads these lines (docs/privacy.md).
import type { Pair } from '../../domain/model.ts';
import { getCheckin, latestSharedNotes, type SharedNote } from '../../db/repositories/checkin.repository.ts';
import { getPerson } from '../../db/repositories/person.repository.ts';
import type { Db } from '../../db/repositories/db.ts';
import type { Locale } from '../../ui/i18n/catalog.ts';
import { formatDate } from '../../ui/i18n/format.ts';
import type { Translate } from '../../ui/i18n/t.ts';
import { card } from '../../ui/model.ts';
import { bullets, paragraph, richText, type Block, type RichText } from '../../ui/rich-text.ts';
import type { BaseCtx } from '../context.ts';
import { idOrEmpty, pairById, partnerOf, readerOf } from '../pair-members.ts';
import type { FlowModule } from '../registry.ts';

/** Pairs whose members still talk to each other: an ended pair's late answer is not passed on. */
const LIVE_STATES: ReadonlySet<Pair['state']> = new Set(['active', 'paused']);

/**
 * Tells the partner, once per check-in, what its author chose to share. False when there is
 * nothing to tell: nothing shared, or the pair has ended (a late answer stays its author's).
 */
export async function shareWithPartner(ctx: BaseCtx, pair: Pair, checkinId: string, authorId: string, shared: { nextSteps?: string; adviceApplied?: string }): Promise<boolean> {
  if (!shared.nextSteps && !shared.adviceApplied) return false;
  if (!LIVE_STATES.has(pair.state)) return false;
  await ctx.notify({
    workspaceId: pair.workspaceId, kind: 'pair.shared_notes', to: { kind: 'person', personId: partnerOf(pair, authorId) },
    key: `shared:${checkinId}`, payload: { checkinId }, matchId: pair.id,
  });
  return true;
}

/** The pair's latest shared lines as one block, in the reader's language and zone; undefined when there are none. */
export async function sharedNotesBlock(db: Db, matchId: string, reader: { t: Translate; locale: Locale; timeZone: string }): Promise<RichText | undefined> {
  const notes = await latestSharedNotes(db, matchId);
  if (notes.length === 0) return undefined;
  const names = new Map<string, string>();
  for (const n of notes) names.set(n.personId, (await getPerson(db, n.personId))?.displayName ?? '');
  return richText(reader.t('shared.heading'), sharedLines(reader, notes, names));
}

function sharedLines(reader: { t: Translate; locale: Locale; timeZone: string }, notes: readonly SharedNote[], names: ReadonlyMap<string, string>): Block {
  const lines: string[] = [];
  for (const n of notes) {
    const params = { name: names.get(n.personId) ?? '', date: formatDate(reader.locale, n.answeredAt, reader.timeZone) };
    if (n.nextSteps) lines.push(reader.t('shared.line_next', { ...params, text: n.nextSteps }));
    if (n.adviceApplied) lines.push(reader.t('shared.line_advice', { ...params, text: n.adviceApplied }));
  }
  return bullets(...lines);
}

export const sharedNotesFlow: FlowModule = {
  compose: {
    // Written at send time: the partner of the check-in's author, while the pair is still live.
    'pair.shared_notes': async (ctx, delivery, recipients) => {
      const checkinId = idOrEmpty(delivery.payload.checkinId);
      const checkin = checkinId ? await getCheckin(ctx.db, checkinId) : undefined;
      const pair = checkin && await pairById(ctx.db, checkin.matchId);
      const reader = recipients[0];
      if (!checkin || !pair || !reader || !LIVE_STATES.has(pair.state)) return undefined;
      if (reader.id !== partnerOf(pair, checkin.personId) || reader.id === checkin.personId) return undefined;
      if (!checkin.nextSteps && !checkin.adviceApplied) return undefined;
      const author = await getPerson(ctx.db, checkin.personId);
      const { t } = readerOf(reader);
      const sections: RichText[] = [];
      if (checkin.nextSteps) sections.push(richText(paragraph(t('shared.next_steps')), paragraph(checkin.nextSteps)));
      if (checkin.adviceApplied) sections.push(richText(paragraph(t('shared.advice')), paragraph(checkin.adviceApplied)));
      sections.push(richText(t('shared.private_kept', { name: author?.displayName ?? '' })));
      return card({ header: { title: t('shared.title', { name: author?.displayName ?? '' }) }, sections });
    },
  },
};
