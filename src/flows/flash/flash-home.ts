// The flash lines of the home view (Slack App Home, Teams home cards): the person's waiting
// request, with Cancel, and for an opted-in mentor the sessions accepted this month.
import { monthStart } from '../../domain/flash.ts';
import { waitingFlashOf } from '../../db/repositories/flash.repository.ts';
import { getProfile } from '../../db/repositories/profile.repository.ts';
import { card, type Card } from '../../ui/model.ts';
import { richText } from '../../ui/rich-text.ts';
import type { ActorCtx } from '../context.ts';
import { topicLabel, workspaceTopics } from './flash-request.ts';

/** On the home view: the person's waiting request (with Cancel) and, for an opted-in mentor, this month's count. */
export async function flashHome(ctx: ActorCtx): Promise<readonly Card[]> {
  const cards: Card[] = [];
  const waiting = await waitingFlashOf(ctx.db, ctx.person.id);
  if (waiting) {
    const topic = topicLabel(ctx.locale, await workspaceTopics(ctx.db, ctx.workspace.id), waiting.topic);
    cards.push(card({
      header: { title: ctx.t('flash.asked.title') }, sections: [richText(ctx.t('flash.home.waiting', { topic }))],
      actions: [{ kind: 'button', style: 'default', label: ctx.t('flash.cancel'), ref: ctx.ref('flash.cancel', [waiting.id]) }],
    }));
  }
  const profile = await getProfile(ctx.db, ctx.person.id);
  if (profile?.flashOptIn) {
    const used = await ctx.db.selectFrom('flash_sessions').select((eb) => eb.fn.countAll<number>().as('n')).where('mentor_id', '=', ctx.person.id)
      .where('state', '=', 'accepted').where('accepted_at', '>=', monthStart(ctx.now)).executeTakeFirstOrThrow();
    cards.push(card({ header: { title: ctx.t('profile.fact.flash') }, sections: [richText(ctx.t('flash.home.mentor', { count: Number(used.n), cap: profile.flashCap }))] }));
  }
  return cards;
}
