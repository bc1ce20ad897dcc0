import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { programSettingsSchema } from '../../../src/domain/program-settings.ts';
import { checkinForm } from '../../../src/flows/pair/checkin-forms.ts';
import { goalForm } from '../../../src/flows/pair/goal-forms.ts';
import { pulseForm } from '../../../src/flows/evaluation/pulse-forms.ts';
import { menteeSurvey, mentorSurvey } from '../../../src/flows/enrol/survey-forms.ts';
import type { Form, FormField } from '../../../src/ui/form.ts';
import type { ButtonAction, Card, CardAction } from '../../../src/ui/model.ts';
import { bold, bullets, italic, link, mention, paragraph, richText, type Block, type Inline } from '../../../src/ui/rich-text.ts';
import { formValuesFromCard } from '../../../adapters/teams/form-values.ts';
import { renderCard } from '../../../adapters/teams/render/card.ts';
import { contentActivity, contentCard } from '../../../adapters/teams/render/content.ts';
import { renderForm } from '../../../adapters/teams/render/form.ts';
import { renderRecordedForm } from '../../../adapters/teams/render/recorded-form.ts';
import { adaptiveCardProblems } from '../../support/teams-card-validator.ts';

const lookup = (id: string) => (id === 'p-bob' ? { platformUserId: 'aad-bob', displayName: 'Bob <b>' } : undefined);
const personNames = new Map([['aad-bob', 'Bob'], ['aad-eve', 'Eve']]);
const options = (n: number) => Array.from({ length: n }, (_, i) => ({ value: `o${i}`, label: `Option ${i}`, ...(i % 3 === 0 ? { description: 'more' } : {}) }));

const everyKind: FormField[] = [
  { kind: 'short_text', id: 'name', label: 'Name', required: true, maxLength: 80, placeholder: 'Ada', help: 'As colleagues say it' },
  { kind: 'long_text', id: 'story', label: 'Story', required: false, maxLength: 2000, initial: 'Once' },
  { kind: 'number', id: 'years', label: 'Years', required: true, integer: true, min: 0, max: 50, initial: 3 },
  { kind: 'single_select', id: 'one', label: 'One', required: true, options: options(3) },
  { kind: 'single_select', id: 'many', label: 'Many', required: false, options: options(100), initial: 'o7' },
  { kind: 'multi_select', id: 'multi', label: 'Multi', required: true, options: options(12), maxSelected: 3, initial: ['o1', 'o2'] },
  { kind: 'ranked', id: 'rank', label: 'Rank', required: true, options: options(6), maxRanked: 3, minRanked: 1, initial: ['o2'] },
  { kind: 'rating', id: 'r5', label: 'Satisfied?', required: true, scale: '1-5', lowLabel: 'Not at all', highLabel: 'Very' },
  { kind: 'rating', id: 'r10', label: 'Recommend?', required: false, scale: '0-10', initial: 7 },
  { kind: 'date', id: 'when', label: 'When', required: true, min: '2027-01-01', max: '2027-12-31', initial: '2027-06-30' },
  { kind: 'person', id: 'who', label: 'Who', required: false, multiple: true, maxSelected: 3, initial: ['p-bob'] },
  { kind: 'person', id: 'manager', label: 'Manager', required: false, multiple: false },
  { kind: 'checkbox', id: 'consent', label: 'I agree', required: true },
];
const allKinds: Form = { kind: 'form', id: 'all', title: 'Everything (2/3)', submitLabel: 'Next', ref: 'ref-1', fields: everyKind, intro: richText(paragraph('Hello ', mention('p-bob'))), step: { index: 2, count: 3 } };

const settings = programSettingsSchema.parse({
  topics: [{ key: 'leadership', label: { en: 'Leadership', fr: 'Leadership' } }, { key: 'finance', label: { en: 'Finance', fr: 'Finance' } }],
  languages: ['fr', 'en'], checkinCadence: 'P2W', sessionMinutes: 50,
});

describe('Adaptive Cards rendering', () => {
  it('renders every field kind as a 1.5 card the adaptivecards library accepts, with and without errors', () => {
    for (const extra of [{}, { errors: { name: 'Too long', _form: 'Fix this' }, entered: { name: 'x', rank: ['o1', 'o3'], consent: 'true' } }]) {
      const card = renderForm(allKinds, { locale: 'fr', lookup, personNames, ...extra });
      expect(card.version).toBe('1.5');
      expect(adaptiveCardProblems(card)).toEqual([]);
    }
    expect(adaptiveCardProblems(renderForm(allKinds, { locale: 'en', lookup }))).toEqual([]);
  });

  it('renders every form the core builds', () => {
    const forms: Form[] = [
      ...(['en', 'fr'] as const).flatMap((locale) => [
        ...menteeSurvey({ settings, locale, timeZone: 'Europe/Paris', ref: 'r' }).steps,
        ...mentorSurvey({ settings, locale, timeZone: 'Europe/Paris', ref: 'r' }).steps,
        goalForm({ locale, ref: 'r', today: '2027-03-01' }),
        checkinForm({ locale, ref: 'r', role: 'mentee', partnerName: 'Omar *O*' }, [{ id: 'g1', title: 'Pitch *bold*', progress: 20 }]),
        pulseForm({ locale, ref: 'r' }),
      ]),
    ];
    for (const form of forms) {
      expect(adaptiveCardProblems(renderForm(form, { locale: 'en', lookup, personNames })), form.id).toEqual([]);
      expect(adaptiveCardProblems(renderRecordedForm(form, {}, 'en')), form.id).toEqual([]);
    }
  });

  it('turns card inputs back into the values the core validates', () => {
    const card = renderForm(allKinds, { locale: 'en', lookup, personNames });
    const submit = card.actions?.[0] as unknown as { data: { shapes: Record<string, never> } };
    const raw = formValuesFromCard({ name: 'Ada', multi: 'o1,o2', rank__1: 'o3', rank__2: '', rank__3: 'o1', consent: 'true', who: 'aad-bob,aad-eve', r5: '4' }, submit.data.shapes);
    expect(raw).toMatchObject({ name: 'Ada', multi: ['o1', 'o2'], rank: ['o3', 'o1'], consent: true, who: ['aad-bob', 'aad-eve'], r5: '4' });
    expect(formValuesFromCard({}, submit.data.shapes)).toMatchObject({ consent: false, rank: [] });
  });

  it('shows a recorded form with the answers as the person reads them', () => {
    const card = renderRecordedForm(allKinds, { name: 'Ada', one: 'o1', multi: ['o1', 'o2'], rank: ['o2', 'o0'], r5: 4, when: '2027-06-30', consent: true }, 'en');
    const facts = JSON.stringify(card);
    expect(facts).toContain('"title":"One","value":"Option 1"');
    expect(facts).toContain('"value":"1.\u00a0Option 2  2. Option 0"');
    expect(facts).toContain('"value":"4 / 5"');
    expect(facts).toContain('30 June 2027');
    expect(card.actions).toBeUndefined();
  });

  it('renders cards with every action kind, confirmations, mentions and a recorded line', () => {
    const card: Card = {
      kind: 'card', header: { title: 'Proposal', subtitle: 'Spring' },
      sections: [richText(paragraph('With ', mention('p-bob'), ' and ', mention('p-gone')), bullets('one', [bold('two'), ' ', italic('three')]), paragraph(link('https://example.com/a(b)', 'report'), ' ', link('javascript:alert(1)', 'evil')))],
      facts: [{ label: 'Score', value: '80' }],
      actions: [
        { kind: 'button', label: 'Accept', style: 'primary', ref: 'a' },
        { kind: 'button', label: 'Decline', style: 'danger', ref: 'd', confirm: { title: 'Sure?', text: 'Really', confirmLabel: 'Yes', denyLabel: 'No' } },
        { kind: 'button', label: 'Later', style: 'default', ref: 'l', confirm: { title: 'Later?', text: 'x', confirmLabel: 'Ok', denyLabel: 'Back' } },
        { kind: 'link', label: 'Open', url: 'https://example.com' },
      ],
    };
    const rendered = renderCard(card, lookup);
    expect(adaptiveCardProblems(rendered)).toEqual([]);
    const json = JSON.stringify(rendered);
    expect(json).toContain('<at>Bob b</at>');
    expect(rendered.msteams?.entities).toEqual([{ type: 'mention', text: '<at>Bob b</at>', mentioned: { id: 'aad-bob', name: 'Bob b' } }]);
    expect(json).toContain('"type":"Action.Execute","title":"Accept","verb":"mentor.click","data":{"mentor":"click","ref":"a"}');
    expect(json).toContain('"fallback":{"type":"Action.Submit"');
    expect(json).not.toContain('javascript:');
    const done = renderCard({ ...card, recorded: 'Accepted' }, lookup);
    expect(adaptiveCardProblems(done)).toEqual([]);
    expect(done.actions).toBeUndefined();
    expect(JSON.stringify(done)).toContain('✓ Accepted');
  });

  it('keeps every button of a card with more than a host shows in one row, in order, at most five a row', () => {
    const buttons = (n: number): CardAction[] => Array.from({ length: n }, (_, k) => ({ kind: 'button', label: `B${k}`, style: 'default', ref: `r${k}` }));
    const labels = (actions: readonly object[]): unknown[] => actions.map((a) => (a as { title?: unknown }).title);
    const five = renderCard({ kind: 'card', header: { title: 'Five' }, sections: [], facts: [], actions: buttons(5) }, lookup);
    expect(adaptiveCardProblems(five)).toEqual([]);
    expect(labels(five.actions ?? [])).toEqual(['B0', 'B1', 'B2', 'B3', 'B4']);
    // Six: the official library's default host config already refuses that many in one row.
    expect(adaptiveCardProblems({ ...five, actions: [...five.actions!, five.actions![0]] })).not.toEqual([]);
    const thirteen = renderCard({ kind: 'card', header: { title: 'Thirteen' }, sections: [], facts: [], actions: [
      ...buttons(12), { kind: 'button', label: 'Drop', style: 'danger', ref: 'x', confirm: { title: 'Sure?', text: 'Really', confirmLabel: 'Yes', denyLabel: 'No' } },
    ] }, lookup);
    expect(adaptiveCardProblems(thirteen)).toEqual([]);
    expect(thirteen.actions ?? []).toEqual([]);
    const sets = thirteen.body.filter((e) => e.type === 'ActionSet') as unknown as { actions: object[] }[];
    expect(sets.map((set) => set.actions.length)).toEqual([5, 5, 3]);
    expect(sets.flatMap((set) => labels(set.actions))).toEqual([...buttons(12).map((b) => b.label), 'Drop']);
    // The confirmation still opens its hidden container, placed after the buttons.
    const json = JSON.stringify(thirteen);
    expect(json.indexOf('"title":"Drop"')).toBeLessThan(json.indexOf('"id":"confirm-c-12"'));
  });

  it('escapes what people typed so it never becomes markup', () => {
    const activity = contentActivity({ kind: 'message', body: richText(paragraph('**not bold** [x](https://evil.example) <at>Eve</at>\n- item')) }, lookup);
    expect(activity.text).toBe('\\*\\*not bold\\*\\* \\[x\\](https://evil.example) \\<at\\>Eve\\</at\\>\n-\u00a0item');
    expect(activity.entities).toBeUndefined();
    expect(adaptiveCardProblems(contentCard({ kind: 'message', body: richText('plain') }, lookup))).toEqual([]);
  });

  it('writes numbered lines as Teams shows them, says the consent once and shows typed answers as typed', () => {
    // Teams shows a backslash before a digit as typed: a goal line must not read "\\1.".
    const goals = contentActivity({ kind: 'message', body: richText(bullets('1. Pitch (slides), by 30 June: 40 %', '2. Budget')) }, lookup);
    expect(goals.text).toBe('- 1.\u00a0Pitch (slides), by 30 June: 40 %\n- 2.\u00a0Budget');
    expect(goals.text).not.toContain('\\');
    const card = contentCard({ kind: 'message', body: richText(paragraph('3. Third'), paragraph('- dash'), paragraph('+ plus')) }, lookup);
    expect(JSON.stringify(card)).not.toMatch(/\\\\[0-9+-]/);
    // The consent: its label once, the box beside it only says yes.
    const consent = renderForm({ ...allKinds, fields: [everyKind.at(-1)!] }, { locale: 'fr', lookup });
    const toggle = consent.body.find((e) => e.type === 'Input.Toggle')!;
    expect(toggle).toMatchObject({ label: 'I agree', title: 'Oui' });
    // Recorded answers (facts) are escaped: a typed "*" or "[link](…)" stays text.
    const recorded = JSON.stringify(renderRecordedForm(allKinds, { name: '**Ada** [x](https://evil.example)' }, 'en'));
    expect(recorded).toContain('"value":"\\\\*\\\\*Ada\\\\*\\\\* \\\\[x\\\\](https://evil.example)"');
  });

  it('renders any card or form the neutral model allows', () => {
    const text = fc.string({ minLength: 1, maxLength: 40 });
    const inline: fc.Arbitrary<Inline> = fc.oneof(
      text.map((t) => ({ kind: 'text' as const, text: t })), text.map(bold), text.map(italic),
      fc.constantFrom('p-bob', 'p-x').map(mention), text.map((t) => link('https://example.com/x', t)), fc.constant({ kind: 'break' as const }),
    );
    const block: fc.Arbitrary<Block> = fc.oneof(
      fc.array(inline, { minLength: 1, maxLength: 5 }).map((c) => paragraph(...c)),
      fc.array(fc.array(inline, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 4 }).map((items) => bullets(...items)),
    );
    const action: fc.Arbitrary<CardAction> = fc.oneof(
      fc.record({ kind: fc.constant('button' as const), label: text, style: fc.constantFrom('primary', 'danger', 'default') as fc.Arbitrary<ButtonAction['style']>, ref: fc.string({ minLength: 1, maxLength: 199 }) }),
      fc.record({ kind: fc.constant('button' as const), label: text, style: fc.constant('danger' as const), ref: text, confirm: fc.record({ title: text, text, confirmLabel: text, denyLabel: text }) }),
      fc.record({ kind: fc.constant('link' as const), label: text, url: fc.constant('https://example.com/page') }),
    );
    const card: fc.Arbitrary<Card> = fc.record({
      kind: fc.constant('card' as const), header: fc.record({ title: text, subtitle: fc.option(text, { nil: undefined }) }),
      sections: fc.array(fc.array(block, { minLength: 1, maxLength: 3 }).map((b) => richText(...b)), { maxLength: 3 }),
      facts: fc.array(fc.record({ label: text, value: text }), { maxLength: 4 }),
      actions: fc.array(action, { maxLength: 5 }), recorded: fc.option(text, { nil: undefined }),
    });
    fc.assert(fc.property(card, (c) => { expect(adaptiveCardProblems(renderCard(c, lookup))).toEqual([]); }), { numRuns: 150 });
    const field: fc.Arbitrary<FormField> = fc.constantFrom(...everyKind);
    const form = fc.uniqueArray(field, { minLength: 1, maxLength: everyKind.length, selector: (f) => f.id }).map((fields): Form => ({ ...allKinds, fields }));
    fc.assert(fc.property(form, fc.constantFrom('en', 'fr') as fc.Arbitrary<'en' | 'fr'>, (f, locale) => {
      expect(adaptiveCardProblems(renderForm(f, { locale, lookup, personNames }))).toEqual([]);
    }), { numRuns: 100 });
  });
});

describe('a stored value longer than its field in Teams', () => {
  it('is shown whole in the card (the core then names it too long), never cut by the client', () => {
    const stored = 'A description written before the limit was lowered. '.repeat(12);
    const form: Form = {
      kind: 'form', id: 'f', title: 'Edit', submitLabel: 'Save', ref: 'r',
      fields: [{ kind: 'long_text', id: 'description', label: 'Description', required: false, maxLength: 500, initial: stored }],
    };
    const card = renderForm(form, { locale: 'en', lookup });
    const input = JSON.stringify(card.body);
    expect(input).toContain(JSON.stringify(stored).slice(1, -1));
    expect(input).toContain(`"maxLength":${stored.length}`);
    expect(adaptiveCardProblems(card)).toEqual([]);
  });
});
