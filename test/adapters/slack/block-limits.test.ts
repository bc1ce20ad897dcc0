// Every view the bot can produce fits Slack's limits: the product's real forms (surveys in both
// languages, goal, check-in, pulse, program settings) as modals, and any card, message, form or
// home the model allows — long texts, many sections, facts, buttons and options — checked with
// the same rules Slack applies (render/check-blocks.ts).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contentBlocks, fallbackText } from '../../../adapters/slack/render/card.ts';
import { checkBlocks, checkView } from '../../../adapters/slack/render/check-blocks.ts';
import { formView } from '../../../adapters/slack/render/form.ts';
import { homeView } from '../../../adapters/slack/render/home.ts';
import type { MentionResolver } from '../../../adapters/slack/render/rich-text.ts';
import { programSettingsSchema } from '../../../src/domain/program-settings.ts';
import { checkinForm } from '../../../src/flows/pair/checkin-forms.ts';
import { goalForm } from '../../../src/flows/pair/goal-forms.ts';
import { PROGRAM_STEPS, programFormStep } from '../../../src/flows/admin/program-forms.ts';
import { pulseForm } from '../../../src/flows/evaluation/pulse-forms.ts';
import { menteeSurvey, mentorSurvey } from '../../../src/flows/enrol/survey-forms.ts';
import type { Form, FormField } from '../../../src/ui/form.ts';
import type { Card, Message } from '../../../src/ui/model.ts';
import type { RichText } from '../../../src/ui/rich-text.ts';

const resolve: MentionResolver = (id) => (id.startsWith('p') ? { platformUserId: `U${id.slice(1)}`, name: id } : { name: id });

const settings = programSettingsSchema.parse({
  topics: Array.from({ length: 40 }, (_, i) => ({ key: `topic-${i}`, label: { en: `A rather long topic name number ${i} for the taxonomy`, fr: `Un thème au nom assez long numéro ${i}` } })),
  languages: ['fr', 'en'], checkinCadence: 'P2W', sessionMinutes: 50,
});

function productForms(): Form[] {
  const forms: Form[] = [];
  for (const locale of ['en', 'fr'] as const) {
    const ctx = { settings, locale, timeZone: 'Europe/Paris', ref: 'r'.repeat(190) };
    forms.push(...menteeSurvey(ctx).steps, ...mentorSurvey(ctx).steps);
    forms.push(goalForm({ locale, ref: ctx.ref, timeZone: 'Europe/Paris', today: '2027-03-01' } as never));
    forms.push(checkinForm({ locale, ref: ctx.ref, role: 'mentee', partnerName: 'Maximilienne '.repeat(6) }, Array.from({ length: 10 }, (_, i) => ({ id: `g${i}`, title: `Goal ${i} `.repeat(40), progress: 40 })) as never));
    forms.push(pulseForm({ locale, ref: ctx.ref }));
    for (const step of PROGRAM_STEPS) forms.push(programFormStep(locale, step, ctx.ref));
  }
  return forms;
}

describe('Slack rendering stays inside Block Kit limits', () => {
  it('renders every product form as a valid modal', () => {
    const forms = productForms();
    expect(forms.length).toBeGreaterThan(10);
    for (const form of forms) expect(checkView(formView(form, resolve)), form.id).toEqual([]);
  });

  const text = fc.string({ maxLength: 5000 });
  const inline = fc.oneof(
    text.map((t) => ({ kind: 'text' as const, text: t })),
    text.map((t) => ({ kind: 'bold' as const, text: t })),
    fc.constantFrom('p1', 'p2', 'x9').map((personId) => ({ kind: 'mention' as const, personId })),
    fc.tuple(fc.webUrl(), text).map(([url, t]) => ({ kind: 'link' as const, url, text: t })),
    fc.constant({ kind: 'break' as const }),
  );
  const richText: fc.Arbitrary<RichText> = fc.array(fc.oneof(
    fc.array(inline, { maxLength: 6 }).map((content) => ({ kind: 'paragraph' as const, content })),
    fc.array(fc.array(inline, { maxLength: 3 }), { maxLength: 8 }).map((items) => ({ kind: 'bullets' as const, items })),
  ), { maxLength: 12 }).map((blocks) => ({ blocks }));
  const button = fc.record({
    kind: fc.constant('button' as const), label: text, style: fc.constantFrom('primary' as const, 'danger' as const, 'default' as const), ref: fc.string({ minLength: 1, maxLength: 199 }),
    confirm: fc.option(fc.record({ title: text, text, confirmLabel: text, denyLabel: text }), { nil: undefined }),
  });
  const card: fc.Arbitrary<Card> = fc.record({
    kind: fc.constant('card' as const), header: fc.record({ title: text, subtitle: fc.option(text, { nil: undefined }) }),
    sections: fc.array(richText, { maxLength: 60 }), facts: fc.array(fc.record({ label: text, value: text }), { maxLength: 40 }),
    actions: fc.array(fc.oneof(button, fc.record({ kind: fc.constant('link' as const), label: text, url: fc.webUrl() })), { maxLength: 30 }),
    recorded: fc.option(text, { nil: undefined }),
  });
  const message: fc.Arbitrary<Message> = richText.map((body) => ({ kind: 'message', body }));
  const option = fc.record({ value: fc.string({ minLength: 1, maxLength: 60 }), label: text, description: fc.option(text, { nil: undefined }) });
  const options = fc.uniqueArray(option, { minLength: 1, maxLength: 250, selector: (o) => o.value });
  const field: fc.Arbitrary<FormField> = fc.oneof(
    fc.record({ kind: fc.constant('short_text' as const), maxLength: fc.integer({ min: 1, max: 10_000 }), initial: fc.option(text, { nil: undefined }) }),
    fc.record({ kind: fc.constant('long_text' as const), maxLength: fc.integer({ min: 1, max: 10_000 }) }),
    fc.record({ kind: fc.constant('number' as const), integer: fc.boolean(), min: fc.option(fc.integer(), { nil: undefined }) }),
    options.map((o) => ({ kind: 'single_select' as const, options: o, initial: o[0]!.value })),
    options.map((o) => ({ kind: 'multi_select' as const, options: o, maxSelected: 3, initial: o.slice(0, 2).map((x) => x.value) })),
    fc.tuple(options, fc.integer({ min: 1, max: 5 })).map(([o, n]) => ({ kind: 'ranked' as const, options: o, maxRanked: n })),
    fc.constantFrom('1-5' as const, '0-10' as const).map((scale) => ({ kind: 'rating' as const, scale, lowLabel: 'x'.repeat(100), highLabel: 'y' })),
    fc.constant({ kind: 'date' as const, initial: '2027-01-31' }),
    fc.boolean().map((multiple) => ({ kind: 'person' as const, multiple, maxSelected: multiple ? 3 : undefined, initial: ['p1'] })),
    fc.boolean().map((initial) => ({ kind: 'checkbox' as const, initial })),
  ).chain((f) => fc.record({ id: fc.string({ minLength: 1, maxLength: 30 }).filter((s) => !s.includes('#')), label: text, required: fc.boolean(), help: fc.option(text, { nil: undefined }), placeholder: fc.option(text, { nil: undefined }) })
    .map((base) => ({ ...base, ...f }) as FormField));
  const form: fc.Arbitrary<Form> = fc.record({
    kind: fc.constant('form' as const), id: fc.constant('f'), title: text.filter((t) => t.trim() !== ''), submitLabel: text, ref: fc.string({ minLength: 1, maxLength: 199 }),
    intro: fc.option(richText, { nil: undefined }), fields: fc.uniqueArray(field, { minLength: 1, maxLength: 20, selector: (f) => f.id }),
  });

  it('fits any card or message in a message, with a short enough fallback text', () => {
    fc.assert(fc.property(fc.oneof(card, message), (content) => {
      expect(checkBlocks(contentBlocks(content, resolve), 'message')).toEqual([]);
      expect(fallbackText(content, resolve).length).toBeLessThanOrEqual(4000);
    }), { numRuns: 150 });
  });

  it('fits any form in a modal', () => {
    fc.assert(fc.property(form, (f) => { expect(checkView(formView(f, resolve))).toEqual([]); }), { numRuns: 150 });
  });

  it('fits any set of cards in the Home tab', () => {
    fc.assert(fc.property(fc.array(card, { maxLength: 8 }), (cards) => { expect(checkView(homeView(cards, resolve))).toEqual([]); }), { numRuns: 60 });
  });
});
