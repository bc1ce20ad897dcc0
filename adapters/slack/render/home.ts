// The App Home tab: the core's home cards (pairs, goals, next check-in, proposals, quick actions;
// programs and rounds for leads) one after the other, within the 100 blocks of a view.
import type { Card, UiContent } from '../../../src/ui/model.ts';
import { cardBlocks, contentBlocks, type SlackBlock } from './card.ts';
import { SLACK_LIMITS } from './limits.ts';
import type { MentionResolver } from './rich-text.ts';

export interface HomeView { type: 'home'; blocks: SlackBlock[] }

/**
 * Cards in order; a card that no longer fits is left out whole rather than cut in the middle.
 * `fallback` (the help text) fills an otherwise empty home.
 */
export function homeView(cards: readonly Card[], resolve: MentionResolver, fallback?: UiContent): HomeView {
  const blocks: SlackBlock[] = [];
  for (const card of cards) {
    const rendered = cardBlocks(card, resolve, SLACK_LIMITS.viewBlocks);
    const divider: SlackBlock[] = blocks.length > 0 ? [{ type: 'divider' }] : [];
    if (blocks.length + divider.length + rendered.length > SLACK_LIMITS.viewBlocks) break;
    blocks.push(...divider, ...rendered);
  }
  if (blocks.length === 0 && fallback) blocks.push(...contentBlocks(fallback, resolve, SLACK_LIMITS.viewBlocks));
  return { type: 'home', blocks: renumberActions(blocks) };
}

/**
 * Buttons of different cards share the home view, so their action ids are renumbered to stay
 * unique across the whole view.
 */
export function renumberActions(blocks: SlackBlock[]): SlackBlock[] {
  let n = 0;
  return blocks.map((b) => (b.type !== 'actions' ? b : {
    ...b,
    elements: b.elements.map((e) => ({ ...e, action_id: String(e.action_id).replace(/\.\d+$/, `.${n++}`) })),
  }));
}
