// Several replies to one request as few Slack messages as possible. A response_url takes at most
// five posts, so a list of twelve cards sent one message each would mostly vanish; packed into
// messages of up to 50 blocks it arrives whole. Each card of a packed message keeps its own
// block ids (`mb.p<part>.<n>`), so a click on one card can replace that card alone.
import { ELLIPSIS } from '../../../src/ui/clip.ts';
import type { SlackBlock } from './card.ts';
import { renumberActions } from './home.ts';
import { SLACK_LIMITS } from './limits.ts';

export interface RenderedMessage { readonly blocks: SlackBlock[]; readonly text: string }

const PART_ID = /^mb\.p(\d+)\.\d+$/;
const partOf = (blockId: unknown): string | undefined => (typeof blockId === 'string' ? PART_ID.exec(blockId)?.[1] : undefined);

/** Whether a block (the one a clicked button sits in) belongs to a packed message. */
export const isPackedBlock = (blockId: string | undefined): boolean => partOf(blockId) !== undefined;

/** A card's blocks as part `part` of a packed message; parts after the first open with a divider. */
function asPart(blocks: readonly SlackBlock[], part: number): SlackBlock[] {
  const withDivider: SlackBlock[] = part > 0 ? [{ type: 'divider' }, ...blocks] : [...blocks];
  return withDivider.map((b, n) => ({ ...b, block_id: `mb.p${part}.${n}` }) as SlackBlock);
}

/** Notification texts of the parts, whole ones only, within Slack's fallback budget. */
function joinTexts(texts: readonly string[]): string {
  let out = '';
  for (const text of texts) {
    const next = out ? `${out}\n\n${text}` : text;
    if (next.length > SLACK_LIMITS.fallbackText - 2) return `${out}\n${ELLIPSIS}`;
    out = next;
  }
  return out;
}

function packed(parts: readonly RenderedMessage[]): RenderedMessage {
  if (parts.length === 1) return parts[0]!;
  return { blocks: renumberActions(parts.flatMap((p, i) => asPart(p.blocks, i))), text: joinTexts(parts.map((p) => p.text)) };
}

/** Messages in order, packed greedily: a message is never cut, a card never split across two. */
export function pack(messages: readonly RenderedMessage[], maxBlocks: number = SLACK_LIMITS.messageBlocks): RenderedMessage[] {
  const out: RenderedMessage[] = [];
  let current: RenderedMessage[] = [];
  let size = 0;
  for (const message of messages) {
    const cost = message.blocks.length + (current.length > 0 ? 1 : 0);
    if (current.length > 0 && size + cost > maxBlocks) {
      out.push(packed(current));
      current = [];
      size = 0;
    }
    size += message.blocks.length + (current.length > 0 ? 1 : 0);
    current.push(message);
  }
  if (current.length > 0) out.push(packed(current));
  return out;
}

/**
 * The packed message `original` with the part holding `clickedBlockId` replaced by `replacement`;
 * undefined when the block is not part of a packed message or the result would not fit.
 */
export function replacePart(original: readonly unknown[], clickedBlockId: string, replacement: RenderedMessage): SlackBlock[] | undefined {
  const part = partOf(clickedBlockId);
  if (part === undefined) return undefined;
  const blocks = original.filter((b): b is SlackBlock => typeof b === 'object' && b !== null);
  const at = blocks.findIndex((b) => partOf((b as { block_id?: unknown }).block_id) === part);
  if (at < 0) return undefined;
  const before = blocks.slice(0, at);
  const after = blocks.slice(at).filter((b) => partOf((b as { block_id?: unknown }).block_id) !== part);
  const merged = [...before, ...asPart(replacement.blocks, Number(part)), ...after];
  return merged.length <= SLACK_LIMITS.messageBlocks ? renumberActions(merged) : undefined;
}
