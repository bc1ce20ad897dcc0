// Replies packed into few Slack messages: every card arrives, in order, whole, inside Block
// Kit's limits; a click on one packed card replaces that card only.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pack, replacePart, type RenderedMessage } from '../../../adapters/slack/render/bundle.ts';
import { contentBlocks, fallbackText } from '../../../adapters/slack/render/card.ts';
import { checkBlocks } from '../../../adapters/slack/render/check-blocks.ts';
import { formView } from '../../../adapters/slack/render/form.ts';
import type { MentionResolver } from '../../../adapters/slack/render/rich-text.ts';
import { card, type Card } from '../../../src/ui/model.ts';
import { richText } from '../../../src/ui/rich-text.ts';
import { validateForm } from '../../../src/ui/validate-form.ts';

const resolve: MentionResolver = (id) => ({ name: id });
const render = (c: Card): RenderedMessage => ({ blocks: contentBlocks(c, resolve), text: fallbackText(c, resolve) });
const titles = (blocks: readonly unknown[]): string[] =>
  (blocks as Array<{ type: string; text?: { text: string } }>).filter((b) => b.type === 'header').map((b) => b.text!.text);

const cardOf = (title: string, sections: number, buttons: number): Card => card({
  header: { title }, sections: Array.from({ length: sections }, (_, i) => richText(`Section ${i} of ${title}`)),
  actions: Array.from({ length: buttons }, (_, i) => ({ kind: 'button' as const, label: `Do ${i}`, style: 'default' as const, ref: `${title}-${i}` })),
});

describe('packing replies into Slack messages', () => {
  it('keeps every card, whole and in order, in valid messages of at most 50 blocks', () => {
    const cards = fc.array(fc.tuple(fc.integer({ min: 0, max: 45 }), fc.integer({ min: 0, max: 30 })), { minLength: 1, maxLength: 40 })
      .map((shapes) => shapes.map(([sections, buttons], i) => cardOf(`Card ${i}`, sections, buttons)));
    fc.assert(fc.property(cards, (list) => {
      const messages = pack(list.map(render));
      for (const m of messages) {
        expect(m.blocks.length).toBeLessThanOrEqual(50);
        expect(checkBlocks(m.blocks, 'message')).toEqual([]);
        expect(m.text.length).toBeLessThanOrEqual(4000);
      }
      expect(messages.flatMap((m) => titles(m.blocks))).toEqual(list.map((c) => c.header.title));
      // Never more messages than a greedy fill needs: two neighbours could not have shared one.
      const firstCard = (m: RenderedMessage) => m.blocks.filter((b) => { const id = (b as { block_id?: string }).block_id; return !id || id.startsWith('mb.p0.'); }).length;
      for (let i = 1; i < messages.length; i += 1) expect(messages[i - 1]!.blocks.length + 1 + firstCard(messages[i]!)).toBeGreaterThan(50);
      const values = messages.flatMap((m) => m.blocks.flatMap((b) => (b.type === 'actions' ? b.elements.map((e) => e.value) : [])));
      expect(values).toEqual(list.flatMap((c) => c.actions.map((a) => (a.kind === 'button' ? a.ref : undefined))));
    }), { numRuns: 150 });
  });

  it('packs twelve small cards into one message', () => {
    const messages = pack(Array.from({ length: 12 }, (_, i) => render(cardOf(`Program ${i}`, 1, 2))));
    expect(messages).toHaveLength(1);
    expect(titles(messages[0]!.blocks)).toHaveLength(12);
  });

  it('replaces the clicked card only, and refuses what is not a packed card', () => {
    const [packed] = pack([render(cardOf('A', 1, 2)), render(cardOf('B', 1, 2)), render(cardOf('C', 1, 2))]);
    const clicked = packed!.blocks.find((b) => b.type === 'actions' && b.elements.some((e) => e.value === 'B-1')) as { block_id: string };
    const done = render(card({ header: { title: 'B' }, recorded: 'Handled' }));
    const merged = replacePart(packed!.blocks, clicked.block_id, done)!;
    expect(titles(merged)).toEqual(['A', 'B', 'C']);
    const refs = merged.flatMap((b) => (b.type === 'actions' ? b.elements.map((e) => e.value) : []));
    expect(refs).toEqual(['A-0', 'A-1', 'C-0', 'C-1']);
    expect(checkBlocks(merged, 'message')).toEqual([]);
    expect(replacePart(packed!.blocks, 'b1', done)).toBeUndefined();
    expect(replacePart(packed!.blocks, 'mb.p7.0', done)).toBeUndefined();
  });
});

describe('a stored value longer than its field', () => {
  it('is shown whole in the modal and refused with a field error, never cut', () => {
    const stored = 'A description written before the limit was lowered. '.repeat(12);
    const form = {
      kind: 'form' as const, id: 'f', title: 'Edit', submitLabel: 'Save', ref: 'r',
      fields: [{ kind: 'long_text' as const, id: 'description', label: 'Description', required: false, maxLength: 500, initial: stored }],
    };
    const element = (formView(form, resolve).blocks.find((b) => b.type === 'input') as unknown as { element: { initial_value: string; max_length: number } }).element;
    expect(element.initial_value).toBe(stored);
    expect(element.max_length).toBeGreaterThanOrEqual(stored.length);
    const checked = validateForm(form, { description: stored }, 'en');
    expect(checked).toEqual({ ok: false, errors: { description: expect.stringContaining('500') } });
  });
});
