import { describe, expect, it } from 'vitest';
import { card, message, recordedCard } from '../../src/ui/model.ts';
import { buttonByNumber, renderCard, renderForm, renderFormFlow, renderMessage } from '../../src/ui/render-text.ts';
import { bold, bullets, italic, lineBreak, link, mention, paragraph, richText } from '../../src/ui/rich-text.ts';
import { formFlow, type Form } from '../../src/ui/form.ts';

const proposal = card({
  header: { title: 'Your mentor', subtitle: 'Leadership 2027' },
  sections: [richText(paragraph('Meet ', mention('p-alice'), ', score ', bold('87')))],
  facts: [{ label: 'Cadence', value: 'Every two weeks' }],
  actions: [
    { kind: 'button', label: 'Accept', style: 'primary', ref: 'ref-accept' },
    { kind: 'link', label: 'Charter', url: 'https://example.com/charter' },
    { kind: 'button', label: 'Decline', style: 'danger', ref: 'ref-decline', confirm: { title: 'Sure?', text: 'x', confirmLabel: 'Yes', denyLabel: 'No' } },
  ],
});

describe('plain-text rendering', () => {
  it('renders rich text with mentions, emphasis, links and bullets', () => {
    const text = renderMessage(message(richText(
      paragraph('Hi ', mention('p1'), ',', lineBreak, italic('welcome'), ' ', link('https://x.test', 'guide')),
      bullets('one', ['two ', bold('2')]),
      'plain',
    )), { nameOf: (id) => (id === 'p1' ? 'Alice' : id) });
    expect(text).toBe('Hi @Alice,\n_welcome_ guide <https://x.test>\n\n• one\n• two *2*\n\nplain');
  });

  it('numbers buttons, not links, and finds a button by its number', () => {
    expect(renderCard(proposal)).toBe([
      '== Your mentor ==', 'Leadership 2027', '', 'Meet @p-alice, score *87*', '', 'Cadence: Every two weeks', '',
      '[1] Accept (primary)  [→] Charter <https://example.com/charter>  [2] Decline (danger) {confirm: Sure?}',
    ].join('\n'));
    expect(buttonByNumber(proposal, 2)?.ref).toBe('ref-decline');
    expect(buttonByNumber(proposal, 3)).toBeUndefined();
    expect(buttonByNumber(proposal, 0)).toBeUndefined();
  });

  it('shows a recorded card without buttons', () => {
    const done = recordedCard(proposal, 'Accepted on 3 March');
    expect(done.actions).toEqual([]);
    expect(renderCard(done)).toContain('✓ Accepted on 3 March');
    expect(renderCard(done)).not.toContain('[1]');
  });

  it('lists form fields with their kind, limits, help and initial value', () => {
    const form: Form = {
      kind: 'form', id: 'f', title: 'Goal', submitLabel: 'Save', ref: 'r', intro: richText('Intro'),
      fields: [
        { kind: 'short_text', id: 'a', label: 'Name', required: true, maxLength: 20, help: 'Your name', initial: 'Bo' },
        { kind: 'ranked', id: 'b', label: 'Topics', required: false, maxRanked: 2, options: [{ value: 'x', label: 'X' }], initial: ['x'] },
        { kind: 'checkbox', id: 'c', label: 'I agree', required: true },
      ],
    };
    expect(renderForm(form)).toBe([
      '# Goal', 'Intro', '1. Name *  [a: text, max 20]', '   Your name', '   = Bo', '2. Topics  [b: rank up to 2 of x=X]', '   = x',
      '3. I agree *  [c: checkbox, must be ticked]', '[Save]',
    ].join('\n'));
    expect(renderFormFlow(formFlow('flow', [form, { ...form, title: 'Two' }]))).toContain('# Two');
  });
});
