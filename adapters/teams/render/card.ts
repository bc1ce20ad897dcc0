// A neutral Card as an Adaptive Card: header, sections, facts, buttons. A button is an
// Action.Execute (Universal Actions: the bot answers the invoke with the replacement card) with
// an Action.Submit fallback for clients without them. Its data carries only the signed ref.
// A confirmation is a hidden container shown by the button, holding the real action.
import type { ButtonAction, Card, CardAction } from '../../../src/ui/model.ts';
import { adaptiveCard, VERB_CLICK, type AcAction, type AcElement, type AdaptiveCard, type MentionEntity } from './adaptive-card.ts';
import { escapeMarkdown, plainBlock, richTextBlocks, type MentionLookup } from './rich-text.ts';
import { CARD_BUDGET_BYTES, jsonBytes } from './size.ts';

export interface ClickData {
  readonly mentor: 'click';
  readonly ref: string;
}

const STYLE = { primary: 'positive', danger: 'destructive', default: 'default' } as const;

function executeAction(title: string, ref: string, style: ButtonAction['style']): AcAction {
  const data: ClickData = { mentor: 'click', ref };
  return {
    type: 'Action.Execute', title, verb: VERB_CLICK, data: { ...data }, style: STYLE[style],
    fallback: { type: 'Action.Submit', title, data: { ...data }, style: STYLE[style] },
  };
}

interface Rendered { actions: AcAction[]; hidden: AcElement[] }

function renderActions(actions: readonly CardAction[], cardKey: string): Rendered {
  const out: Rendered = { actions: [], hidden: [] };
  actions.forEach((action, index) => {
    if (action.kind === 'link') {
      out.actions.push({ type: 'Action.OpenUrl', title: action.label, url: action.url });
      return;
    }
    if (!action.confirm) {
      out.actions.push(executeAction(action.label, action.ref, action.style));
      return;
    }
    const id = `confirm-${cardKey}-${index}`;
    out.actions.push({ type: 'Action.ToggleVisibility', title: action.label, targetElements: [id] });
    out.hidden.push({
      type: 'Container', id, isVisible: false, style: 'emphasis', items: [
        plainBlock(action.confirm.title, { weight: 'Bolder' }),
        plainBlock(action.confirm.text),
        { type: 'ActionSet', actions: [
          executeAction(action.confirm.confirmLabel, action.ref, action.style === 'default' ? 'primary' : action.style),
          { type: 'Action.ToggleVisibility', title: action.confirm.denyLabel, targetElements: [id] },
        ] },
      ],
    });
  });
  return out;
}

const messageBytes = (card: AdaptiveCard): number =>
  jsonBytes({ type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }] });

/**
 * Card → Adaptive Card. `key` makes element ids unique when several cards share a message.
 * The core bounds what its cards list (top reasons, a few lowest pairs, five risks), so they fit
 * in a Teams message; should one still be over the size budget, its text ends where the budget
 * does, with an ellipsis, and its facts and buttons are kept.
 */
export function renderCard(card: Card, lookup: MentionLookup, key = 'c', budgetBytes = CARD_BUDGET_BYTES): AdaptiveCard {
  const texts: { block: AcElement; mentions: MentionEntity[] }[] = [];
  for (const section of card.sections) {
    const rendered = richTextBlocks(section, lookup);
    // A block's mentions go with it (its <at> tags need their entities, and only those).
    rendered.blocks.forEach((block) => texts.push({ block, mentions: rendered.mentions.filter((m) => String(block.text).includes(m.text)) }));
  }
  let shown = buildCard(card, key, texts, false);
  for (let kept = texts.length - 1; kept >= 0 && messageBytes(shown) > budgetBytes; kept -= 1) {
    shown = buildCard(card, key, texts.slice(0, kept), true);
  }
  return shown;
}

function buildCard(card: Card, key: string, texts: readonly { block: AcElement; mentions: MentionEntity[] }[], cut: boolean): AdaptiveCard {
  const mentions: MentionEntity[] = [];
  const body: AcElement[] = card.header.title ? [plainBlock(card.header.title, { size: 'Medium', weight: 'Bolder' })] : [];
  if (card.header.subtitle) body.push(plainBlock(card.header.subtitle, { isSubtle: true, spacing: 'None' }));
  for (const text of texts) {
    mentions.push(...text.mentions);
    body.push(text.block);
  }
  if (cut) body.push(plainBlock('…'));
  if (card.facts.length > 0) {
    body.push({ type: 'FactSet', facts: card.facts.map((f) => ({ title: escapeMarkdown(f.label), value: escapeMarkdown(f.value) })) });
  }
  const { actions, hidden } = renderActions(card.recorded ? [] : card.actions, key);
  // A host shows at most its maxActions buttons in one set of actions and drops the rest silently:
  // a longer list goes into the body as consecutive ActionSets of at most MAX_ACTIONS each.
  const rows = actions.length > MAX_ACTIONS ? chunks(actions, MAX_ACTIONS) : [];
  for (const row of rows) body.push({ type: 'ActionSet', actions: row });
  body.push(...hidden);
  if (card.recorded) body.push(plainBlock(`✓ ${card.recorded}`, { color: 'Good', weight: 'Bolder', separator: true }));
  return adaptiveCard(body, rows.length > 0 ? [] : actions, mentions);
}

/**
 * Buttons per set of actions: Teams shows six, the Adaptive Cards library's default host config
 * (other hosts, and the validator the tests use) five; five fits both.
 */
export const MAX_ACTIONS = 5;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let k = 0; k < items.length; k += size) out.push(items.slice(k, k + size));
  return out;
}
