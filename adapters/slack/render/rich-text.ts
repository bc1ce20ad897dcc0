// Neutral rich text → Block Kit `rich_text`. Styles and mentions are structured elements, never
// mrkdwn, so text a person typed (a goal, a name) can never turn into formatting, a link or an
// @channel ping. The plain fallback is what notifications and screen readers show.
import type { Block, Inline, RichText } from '../../../src/ui/rich-text.ts';
import { clip } from '../../../src/ui/clip.ts';
import { SLACK_LIMITS } from './limits.ts';

/** How a person id in the model reads on Slack: a real mention when we know their Slack user. */
export type MentionResolver = (personId: string) => { readonly platformUserId?: string; readonly name: string };

export type RichTextElement =
  | { type: 'text'; text: string; style?: { bold?: boolean; italic?: boolean } }
  | { type: 'user'; user_id: string }
  | { type: 'link'; url: string; text?: string };

export interface RichTextSection { type: 'rich_text_section'; elements: RichTextElement[] }
export interface RichTextList { type: 'rich_text_list'; style: 'bullet'; elements: RichTextSection[] }
export interface RichTextBlock { type: 'rich_text'; elements: Array<RichTextSection | RichTextList> }

/** A running character budget shared by every text element of one block. */
class Budget {
  left: number;
  constructor(max: number) { this.left = max; }
  /** A mention shows as a name of unknown length; count a generous one. */
  spend(chars: number): void { this.left -= chars; }
  take(text: string): string | undefined {
    if (this.left <= 0) return undefined;
    const cut = clip(text, this.left);
    this.left -= cut.length;
    return cut;
  }
}

const MENTION_CHARS = 24;
const SAFE_URL = /^(https?:|mailto:)/i;

function inlines(parts: readonly Inline[], resolve: MentionResolver, budget: Budget): RichTextElement[] {
  const out: RichTextElement[] = [];
  for (const part of parts) {
    switch (part.kind) {
      case 'text': case 'bold': case 'italic': {
        const text = budget.take(part.text);
        if (!text) break;
        const style = part.kind === 'bold' ? { bold: true } : part.kind === 'italic' ? { italic: true } : undefined;
        out.push(style ? { type: 'text', text, style } : { type: 'text', text });
        break;
      }
      case 'mention': {
        const who = resolve(part.personId);
        if (who.platformUserId) { budget.spend(MENTION_CHARS); out.push({ type: 'user', user_id: who.platformUserId }); }
        else { const text = budget.take(`@${who.name}`); if (text) out.push({ type: 'text', text }); }
        break;
      }
      case 'link': {
        const label = budget.take(part.text);
        if (!label) break;
        if (SAFE_URL.test(part.url) && part.url.length <= SLACK_LIMITS.buttonUrl) out.push({ type: 'link', url: part.url, text: label });
        else out.push({ type: 'text', text: label });
        break;
      }
      case 'break': {
        const text = budget.take('\n');
        if (text) out.push({ type: 'text', text });
        break;
      }
    }
  }
  // Slack refuses an empty section; a zero-width space keeps an empty paragraph valid.
  return out.length > 0 ? out : [{ type: 'text', text: '\u200b' }];
}

function element(block: Block, resolve: MentionResolver, budget: Budget): RichTextSection | RichTextList {
  if (block.kind === 'paragraph') return { type: 'rich_text_section', elements: inlines(block.content, resolve, budget) };
  return { type: 'rich_text_list', style: 'bullet', elements: block.items.map((item) => ({ type: 'rich_text_section', elements: inlines(item, resolve, budget) })) };
}

/** One `rich_text` block holding the whole text, clipped to the per-block budget. */
export function richTextBlock(text: RichText, resolve: MentionResolver, maxChars: number = SLACK_LIMITS.richTextChars): RichTextBlock {
  const budget = new Budget(maxChars);
  const elements = text.blocks.map((b) => element(b, resolve, budget));
  return { type: 'rich_text', elements: elements.length > 0 ? elements : [{ type: 'rich_text_section', elements: [{ type: 'text', text: '\u200b' }] }] };
}

function plainInlines(parts: readonly Inline[], resolve: MentionResolver): string {
  return parts.map((p) => {
    switch (p.kind) {
      case 'text': case 'bold': case 'italic': return p.text;
      case 'mention': return `@${resolve(p.personId).name}`;
      case 'link': return p.text;
      case 'break': return '\n';
    }
  }).join('');
}

/** Plain text for notifications; Slack reads `text` as mrkdwn, so the control characters are escaped. */
export function plainText(text: RichText, resolve: MentionResolver): string {
  return text.blocks.map((b) => (b.kind === 'paragraph'
    ? plainInlines(b.content, resolve)
    : b.items.map((item) => `• ${plainInlines(item, resolve)}`).join('\n'))).join('\n\n');
}

/** Escapes the three characters Slack gives meaning to in mrkdwn and `text` fields. */
export const escapeMrkdwn = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
