// Neutral cards and messages → Block Kit message blocks. Every button carries only its signed
// ref (as `value`); action ids just have to be unique within the message.
import type { ButtonAction, Card, CardAction, ConfirmDialog, Message, UiContent } from '../../../src/ui/model.ts';
import type { RichText } from '../../../src/ui/rich-text.ts';
import { clip } from '../../../src/ui/clip.ts';
import { SLACK_LIMITS } from './limits.ts';
import { plainText, richTextBlock, type MentionResolver, type RichTextBlock } from './rich-text.ts';

type PlainText = { type: 'plain_text'; text: string; emoji?: boolean };
export type SlackBlock =
  | RichTextBlock
  | { type: 'header'; text: PlainText }
  | { type: 'context'; elements: PlainText[] }
  | { type: 'divider' }
  | { type: 'actions'; block_id?: string; elements: Record<string, unknown>[] }
  | { type: 'input'; block_id: string; label: PlainText; element: Record<string, unknown>; optional?: boolean; hint?: PlainText };

export const plain = (text: string, max: number): PlainText => ({ type: 'plain_text', text: clip(text.trim() === '' ? '\u200b' : text, max), emoji: true });

/** Action ids the adapter listens to: buttons carry a ref, links only need an ack. */
export const BUTTON_ACTION = /^mb\.btn\.\d+$/;
export const LINK_ACTION = /^mb\.link\.\d+$/;

function confirm(dialog: ConfirmDialog): Record<string, unknown> {
  return {
    title: plain(dialog.title, SLACK_LIMITS.confirmTitle),
    text: plain(dialog.text, SLACK_LIMITS.confirmText),
    confirm: plain(dialog.confirmLabel, SLACK_LIMITS.confirmButton),
    deny: plain(dialog.denyLabel, SLACK_LIMITS.confirmButton),
  };
}

function button(action: CardAction, index: number): Record<string, unknown> {
  if (action.kind === 'link') {
    return { type: 'button', action_id: `mb.link.${index}`, text: plain(action.label, SLACK_LIMITS.buttonText), url: action.url.slice(0, SLACK_LIMITS.buttonUrl) };
  }
  const b: ButtonAction = action;
  return {
    type: 'button', action_id: `mb.btn.${index}`, text: plain(b.label, SLACK_LIMITS.buttonText), value: b.ref,
    ...(b.style === 'default' ? {} : { style: b.style }),
    ...(b.confirm ? { confirm: confirm(b.confirm) } : {}),
  };
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Long text split into rich_text blocks of at most the per-block budget, paragraph by paragraph. */
export function textBlocks(text: RichText, resolve: MentionResolver): RichTextBlock[] {
  const groups: RichText[] = [];
  let current: RichText['blocks'][number][] = [];
  let size = 0;
  for (const block of text.blocks) {
    const blockSize = plainText({ blocks: [block] }, resolve).length + 2;
    if (current.length > 0 && size + blockSize > SLACK_LIMITS.richTextChars) { groups.push({ blocks: current }); current = []; size = 0; }
    current.push(block);
    size += blockSize;
  }
  if (current.length > 0) groups.push({ blocks: current });
  return groups.map((g) => richTextBlock(g, resolve));
}

// FACTS_PER_BLOCK × (label + value + separators) stays inside one rich_text block's budget.
const FACT_LABEL = 60;
const FACT_VALUE = 120;
const FACTS_PER_BLOCK = 15;

function factsBlock(card: Card): RichTextBlock {
  const elements = card.facts.flatMap((f, i) => [
    ...(i > 0 ? [{ type: 'text' as const, text: '\n' }] : []),
    // The colon keeps label and value apart where bold does not show (notifications, screen readers, copy).
    ...(f.label ? [{ type: 'text' as const, text: `${clip(f.label, FACT_LABEL)}:`, style: { bold: true } }] : []),
    { type: 'text' as const, text: ` ${clip(f.value, FACT_VALUE)}` },
  ]);
  return { type: 'rich_text', elements: [{ type: 'rich_text_section', elements }] };
}

export function cardBlocks(card: Card, resolve: MentionResolver, maxBlocks: number = SLACK_LIMITS.messageBlocks): SlackBlock[] {
  const head: SlackBlock[] = [{ type: 'header', text: plain(card.header.title, SLACK_LIMITS.headerText) }];
  if (card.header.subtitle) head.push({ type: 'context', elements: [plain(card.header.subtitle, SLACK_LIMITS.fieldText)] });
  const tail: SlackBlock[] = [];
  if (card.facts.length > 0) {
    for (const group of chunks(card.facts, FACTS_PER_BLOCK)) tail.push(factsBlock({ ...card, facts: group }));
  }
  for (const group of chunks(card.actions.map((a, i) => button(a, i)), SLACK_LIMITS.actionsElements)) tail.push({ type: 'actions', elements: group });
  if (card.recorded) tail.push({ type: 'context', elements: [plain(`✓ ${card.recorded}`, SLACK_LIMITS.fieldText)] });
  let body: SlackBlock[] = card.sections.flatMap((s) => textBlocks(s, resolve));
  const room = maxBlocks - head.length - tail.length;
  // Too many sections for one message: fold them into as few blocks as the budget allows.
  if (body.length > room) body = textBlocks({ blocks: card.sections.flatMap((s) => s.blocks) }, resolve).slice(0, Math.max(0, room));
  return [...head, ...body, ...tail];
}

export function messageBlocks(message: Message, resolve: MentionResolver, maxBlocks: number = SLACK_LIMITS.messageBlocks): SlackBlock[] {
  return textBlocks(message.body, resolve).slice(0, maxBlocks);
}

export function contentBlocks(content: UiContent, resolve: MentionResolver, maxBlocks?: number): SlackBlock[] {
  // A file (data export) is uploaded by the sender; as blocks it is its comment only.
  if (content.kind === 'file') return messageBlocks({ kind: 'message', body: { blocks: [{ kind: 'paragraph', content: [{ kind: 'text', text: content.comment }] }] } }, resolve, maxBlocks);
  return content.kind === 'card' ? cardBlocks(content, resolve, maxBlocks) : messageBlocks(content, resolve, maxBlocks);
}

/** The `text` of a message: the notification preview and what screen readers say. */
export function fallbackText(content: UiContent, resolve: MentionResolver): string {
  const text = content.kind === 'card'
    ? [content.header.title, ...content.sections.map((s) => plainText(s, resolve)), content.recorded ? `✓ ${content.recorded}` : ''].filter(Boolean).join('\n')
    : content.kind === 'file' ? content.comment : plainText(content.body, resolve);
  // Escaped grapheme by grapheme, so the cut falls neither inside an emoji nor inside an escape.
  return clip(text, SLACK_LIMITS.fallbackText, (part) => part.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
}
