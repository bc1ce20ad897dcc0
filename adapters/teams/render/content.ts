// Neutral content as a Teams activity: a message as markdown text, a card or a form as an
// Adaptive Card attachment. Mentions become <at> tags with their entities.
import type { Activity } from 'botbuilder';
import type { UiContent } from '../../../src/ui/model.ts';
import { richText } from '../../../src/ui/rich-text.ts';
import { ADAPTIVE_CARD_CONTENT_TYPE, type AdaptiveCard } from './adaptive-card.ts';
import { renderCard } from './card.ts';
import { richTextMarkdown, type MentionLookup } from './rich-text.ts';

export type OutgoingActivity = Partial<Activity>;

export function cardActivity(card: AdaptiveCard): OutgoingActivity {
  return { type: 'message', attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: card }] };
}

export function contentActivity(content: UiContent, lookup: MentionLookup): OutgoingActivity {
  switch (content.kind) {
    case 'message': {
      const { markdown, mentions } = richTextMarkdown(content.body, lookup);
      return { type: 'message', text: markdown, textFormat: 'markdown', ...(mentions.length > 0 ? { entities: [...mentions] } : {}) };
    }
    case 'card': return cardActivity(renderCard(content, lookup));
    // Teams takes files from bots through the consent card (file-offers.ts, offered by the
    // turn or the messenger); here, without a recipient to offer it to, the comment alone.
    case 'file':
      return contentActivity({ kind: 'message', body: richText(content.comment) }, lookup);
  }
}

/** Content that must replace a card: a plain message becomes a card of its text. */
export function contentCard(content: UiContent, lookup: MentionLookup): AdaptiveCard {
  if (content.kind === 'card') return renderCard(content, lookup);
  const body = content.kind === 'file' ? richText(content.comment) : content.body;
  return renderCard({ kind: 'card', header: { title: '' }, sections: [body], facts: [], actions: [] }, lookup);
}
