// Rich text as Teams markdown: **bold**, _italic_, [links](url), "- " lists and <at> mentions.
// The core never writes markup, so every piece of text is escaped here: a name or an answer
// containing * or [ can never turn into formatting or a fake link.
import type { Block, Inline, RichText } from '../../../src/ui/rich-text.ts';
import type { AcElement, MentionEntity } from './adaptive-card.ts';

/** What the renderer knows of a person mentioned by id: the Teams user to mention and their name. */
export interface MentionTarget {
  readonly platformUserId: string;
  readonly displayName: string;
}

export type MentionLookup = (personId: string) => MentionTarget | undefined;

export interface RenderedText {
  readonly markdown: string;
  readonly mentions: readonly MentionEntity[];
}

const MARKDOWN_SPECIAL = /[\\`*_[\]<>]/g;

/**
 * A line that starts with "-", "+" or "1." followed by a space would become a list item. Teams
 * does not honour a backslash before a digit or a dash (it shows "\\1." as typed), so the space
 * after the marker becomes a no-break space instead: a list needs a plain space there, and the
 * reader sees the same text.
 */
const LIST_MARKER = /^([ \t]*)([-+]|\d+\.)[ \t]+/gm;

export function escapeMarkdown(text: string): string {
  return text.replace(MARKDOWN_SPECIAL, (c) => `\\${c}`).replace(LIST_MARKER, '$1$2\u00a0');
}

/** Link targets are only http(s) and mailto; anything else is shown as text. */
function safeUrl(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return ['http:', 'https:', 'mailto:'].includes(parsed.protocol) ? parsed.toString().replace(/\)/g, '%29') : undefined;
  } catch {
    return undefined;
  }
}

function inline(parts: readonly Inline[], lookup: MentionLookup, mentions: MentionEntity[]): string {
  return parts.map((part) => {
    switch (part.kind) {
      case 'text': return escapeMarkdown(part.text);
      case 'bold': return part.text.trim() ? `**${escapeMarkdown(part.text)}**` : '';
      case 'italic': return part.text.trim() ? `_${escapeMarkdown(part.text)}_` : '';
      case 'break': return '\n\n';
      case 'link': {
        const url = safeUrl(part.url);
        return url ? `[${escapeMarkdown(part.text)}](${url})` : escapeMarkdown(part.text);
      }
      case 'mention': {
        const target = lookup(part.personId);
        if (!target) return '@?';
        const name = target.displayName.replace(/[<>]/g, '');
        const text = `<at>${name}</at>`;
        mentions.push({ type: 'mention', text, mentioned: { id: target.platformUserId, name } });
        return text;
      }
    }
  }).join('');
}

function block(b: Block, lookup: MentionLookup, mentions: MentionEntity[]): string {
  if (b.kind === 'paragraph') return inline(b.content, lookup, mentions);
  // Teams card markdown separates list items with \r.
  return b.items.map((item) => `- ${inline(item, lookup, mentions)}`).join('\r');
}

/** One markdown string (paragraphs separated by blank lines), for a chat message. */
export function richTextMarkdown(text: RichText, lookup: MentionLookup): RenderedText {
  const mentions: MentionEntity[] = [];
  const markdown = text.blocks.map((b) => block(b, lookup, mentions).replace(/\r/g, '\n')).join('\n\n');
  return { markdown, mentions };
}

/** One TextBlock per block, for a card. */
export function richTextBlocks(text: RichText, lookup: MentionLookup, options: { subtle?: boolean } = {}): { blocks: AcElement[]; mentions: MentionEntity[] } {
  const mentions: MentionEntity[] = [];
  const blocks = text.blocks
    .map((b) => block(b, lookup, mentions))
    .filter((md) => md.trim() !== '')
    .map((md): AcElement => ({ type: 'TextBlock', text: md, wrap: true, ...(options.subtle ? { isSubtle: true } : {}) }));
  return { blocks, mentions };
}

/** A plain TextBlock for a string that is not rich text (titles, labels). */
export function plainBlock(text: string, extra: Record<string, string | boolean> = {}): AcElement {
  return { type: 'TextBlock', text: escapeMarkdown(text), wrap: true, ...extra };
}
