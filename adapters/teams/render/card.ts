// A neutral Card as an Adaptive Card: header, sections, facts, buttons. A button is an
// Action.Execute (Universal Actions: the bot answers the invoke with the replacement card) with
// an Action.Submit fallback for clients without them. Its data carries only the signed ref.
// A confirmation is a hidden container shown by the button, holding the real action.
import type { ButtonAction, Card, CardAction } from '../../../src/ui/model.ts';
import { adaptiveCard, VERB_CLICK, type AcAction, type AcElement, type AdaptiveCard, type MentionEntity } from './adaptive-card.ts';
import { escapeMarkdown, plainBlock, richTextBlocks, type MentionLookup } from './rich-text.ts';

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

/** Card → Adaptive Card. `key` makes element ids unique when several cards share a message. */
export function renderCard(card: Card, lookup: MentionLookup, key = 'c'): AdaptiveCard {
  const mentions: MentionEntity[] = [];
  const body: AcElement[] = card.header.title ? [plainBlock(card.header.title, { size: 'Medium', weight: 'Bolder' })] : [];
  if (card.header.subtitle) body.push(plainBlock(card.header.subtitle, { isSubtle: true, spacing: 'None' }));
  for (const section of card.sections) {
    const rendered = richTextBlocks(section, lookup);
    mentions.push(...rendered.mentions);
    body.push(...rendered.blocks);
  }
  if (card.facts.length > 0) {
    body.push({ type: 'FactSet', facts: card.facts.map((f) => ({ title: escapeMarkdown(f.label), value: escapeMarkdown(f.value) })) });
  }
  const { actions, hidden } = renderActions(card.recorded ? [] : card.actions, key);
  body.push(...hidden);
  if (card.recorded) body.push(plainBlock(`✓ ${card.recorded}`, { color: 'Good', weight: 'Bolder', separator: true }));
  return adaptiveCard(body, actions, mentions);
}
