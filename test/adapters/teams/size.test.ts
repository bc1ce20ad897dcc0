// Every card the Teams adapter writes stays within Teams' message size (about 28 KB) by design:
// the forms of the largest program the settings allow (100 topics, every label at its longest, in
// English and French, with answers filled in and an error under every field) are rendered and
// measured as the activities that carry them, and checked by the official adaptivecards library.
import { describe, expect, it } from 'vitest';
import { programSettingsSchema } from '../../../src/domain/program-settings.ts';
import { checkinForm, MAX_GOALS_IN_CHECKIN } from '../../../src/flows/pair/checkin-forms.ts';
import { goalForm } from '../../../src/flows/pair/goal-forms.ts';
import { programFormStep } from '../../../src/flows/admin/program-forms.ts';
import { pulseForm } from '../../../src/flows/evaluation/pulse-forms.ts';
import { menteeSurvey, mentorSurvey } from '../../../src/flows/enrol/survey-forms.ts';
import type { Form } from '../../../src/ui/form.ts';
import type { Locale } from '../../../src/ui/i18n/catalog.ts';
import { FormCache } from '../../../adapters/teams/form-cache.ts';
import { answersOf, withAnswers } from '../../../adapters/teams/form-parts.ts';
import { cardActivityBytes, layoutForm, type FormRenderOptions } from '../../../adapters/teams/render/form.ts';
import { renderRecordedForm } from '../../../adapters/teams/render/recorded-form.ts';
import { CARD_BUDGET_BYTES, TEAMS_MESSAGE_LIMIT_BYTES } from '../../../adapters/teams/render/size.ts';
import { answerSearch } from '../../../adapters/teams/search.ts';
import { createTestDatabase } from '../../support/databases.ts';
import { adaptiveCardProblems } from '../../support/teams-card-validator.ts';
import { largestProgramTopics } from '../../support/topic-fixtures.ts';

const LIMIT = 28 * 1024;
const topics = largestProgramTopics();
const settings = programSettingsSchema.parse({ topics, languages: ['fr', 'en'], checkinCadence: 'P2W', sessionMinutes: 50 });
const keys = topics.map((t) => t.key);
const REF = `ref-${'r'.repeat(180)}`;
const longFrench = (n: number) => 'Présenter la feuille de route « à l’oral » au comité 🇫🇷 '.repeat(20).slice(0, n);

/** Every form a person or a lead meets, at the program limits, in one language. */
function everyForm(locale: Locale): Form[] {
  const ctx = { settings, locale, timeZone: 'Europe/Paris', ref: REF };
  const draft = { name: 'N'.repeat(80), description: longFrench(500), settings };
  return [
    ...menteeSurvey(ctx).steps,
    ...mentorSurvey(ctx).steps,
    ...(['identity', 'rhythm', 'matching', 'privacy'] as const).map((step) => programFormStep(locale, step, REF, draft)),
    goalForm({ locale, ref: REF, today: '2027-03-01' }, { title: longFrench(200), measure: longFrench(300), targetDate: '2027-06-30' }),
    checkinForm({ locale, ref: REF, role: 'mentee', partnerName: longFrench(80) }, Array.from({ length: MAX_GOALS_IN_CHECKIN }, (_, i) => ({ id: `goal-${i}`, title: longFrench(200), progress: i * 10 }))),
    pulseForm({ locale, ref: REF }),
  ];
}

/** What a person may have entered: the most choices each field takes, and long texts. */
function fullAnswers(form: Form): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  for (const field of form.fields) {
    if (field.kind === 'ranked') raw[field.id] = keys.slice(0, field.maxRanked);
    else if (field.kind === 'multi_select') raw[field.id] = field.options.slice(0, field.maxSelected ?? field.options.length).map((o) => o.value);
    else if (field.kind === 'person') raw[field.id] = ['aad-1', 'aad-2', 'aad-3'].slice(0, field.multiple ? 3 : 1);
    else if (field.kind === 'long_text' || field.kind === 'short_text') raw[field.id] = (field.initial ?? longFrench(field.maxLength)).slice(0, field.maxLength);
  }
  return raw;
}

const personNames = new Map([['aad-1', 'Élodie Lefèvre-Dubois'], ['aad-2', 'Zoë'], ['aad-3', 'Jean-Baptiste']]);
const lookup = () => undefined;

describe('Teams cards within the message size', () => {
  it('renders every form at the program limits, in English and French, answered and with errors, within 28 KB and valid', () => {
    expect(CARD_BUDGET_BYTES).toBeLessThan(TEAMS_MESSAGE_LIMIT_BYTES);
    expect(TEAMS_MESSAGE_LIMIT_BYTES).toBe(LIMIT);
    let largest = 0;
    for (const locale of ['en', 'fr'] as const) {
      for (const form of everyForm(locale)) {
        const entered = fullAnswers(form);
        const errors = Object.fromEntries(form.fields.map((f) => [f.id, longFrench(120)]));
        for (const extra of [{}, { entered }, { entered, errors }] as Partial<FormRenderOptions>[]) {
          const layout = layoutForm(form, { locale, lookup, personNames, ...extra });
          for (const [i, card] of layout.cards.entries()) {
            const bytes = cardActivityBytes(card);
            largest = Math.max(largest, bytes);
            expect(bytes, `${form.id} part ${i + 1}`).toBeLessThanOrEqual(CARD_BUDGET_BYTES);
            expect(adaptiveCardProblems(card), form.id).toEqual([]);
          }
          // Every field is in exactly one part, in the form's order.
          const inputIds = layout.cards.flatMap((card) => JSON.stringify(card).match(/"id":"[^"]+"/g) ?? []);
          for (const field of form.fields) expect(inputIds.join(' '), `${form.id}.${field.id}`).toContain(`"id":"${field.id}`);
        }
        const recorded = renderRecordedForm(form, entered, locale);
        expect(cardActivityBytes(recorded), `${form.id} recorded`).toBeLessThanOrEqual(CARD_BUDGET_BYTES);
        expect(adaptiveCardProblems(recorded)).toEqual([]);
      }
    }
    expect(largest).toBeGreaterThan(CARD_BUDGET_BYTES / 2);
  });

  it('shows a form again within 28 KB whatever was entered: texts of 800 000 UTF-16 units, lists of 150 000 values, values no field offers', () => {
    // Only a crafted card submission carries these (the clients hold inputs to the card's limits);
    // the endpoint takes up to 1 MB. The form shown next to the errors keeps, of each field, what
    // the field can hold: texts cut at 16 kB, known options, the first people.
    const huge = '🇫🇷'.repeat(100_000) + 'é'.repeat(400_000);
    const many = Array.from({ length: 150_000 }, (_, i) => `v${i}`);
    // French: the longer labels.
    for (const locale of ['fr'] as const) {
      for (const form of everyForm(locale)) {
        for (const junk of [huge, many, many.join(','), '2027-02-30T99:99', 'not-an-option']) {
          const entered = Object.fromEntries(form.fields.map((f) => [f.id, junk]));
          const errors = Object.fromEntries(form.fields.map((f) => [f.id, longFrench(120)]));
          // A step in parts keeps the parts answered before in the form itself: the same values as initial ones.
          for (const [shown, extra] of [[form, { entered, errors }], [withAnswers(form, entered), { errors }]] as const) {
            const layout = layoutForm(shown, { locale, lookup, personNames, ...extra });
            for (const [i, card] of layout.cards.entries()) {
              expect(cardActivityBytes(card), `${form.id} part ${i + 1}`).toBeLessThanOrEqual(CARD_BUDGET_BYTES);
              expect(adaptiveCardProblems(card), form.id).toEqual([]);
              // A text is cut between characters, never inside one (no lone surrogate).
              expect(JSON.stringify(card)).not.toMatch(/\\ud[89a-f]/i);
            }
          }
        }
      }
    }
  });

  it('turns the 100-topic lists into type-ahead searches that find every topic, none dropped', async () => {
    const step = menteeSurvey({ settings, locale: 'fr', timeZone: 'Europe/Paris', ref: REF }).steps[0]!;
    const layout = layoutForm(step, { locale: 'fr', lookup });
    expect(layout.cards).toHaveLength(1);
    expect([...layout.searched]).toEqual(['topics']);
    const rank1 = JSON.parse(JSON.stringify(layout.cards[0]!.body)).find((e: { id?: string }) => e.id === 'topics__1');
    expect(rank1).toMatchObject({ type: 'Input.ChoiceSet', style: 'filtered', 'choices.data': { type: 'Data.Query' }, choices: [] });
    // Searching page by page with an empty text lists all 100, each once, in the program's order.
    const database = await createTestDatabase('embedded');
    const forms = new FormCache(database.db);
    await forms.remember(step);
    const actor = { workspaceExternalId: 't', platformUserId: 'u' } as never;
    const deps = { db: undefined as never, forms, logger: { warn: () => {} } };
    const found: string[] = [];
    for (let skip = 0; skip < 120; skip += 15) {
      const answer = await answerSearch(deps, actor, { queryText: '', dataset: rank1['choices.data'].dataset, queryOptions: { skip, top: 15 } });
      expect(answer.statusCode).toBe(200);
      found.push(...(answer.value.results ?? []).map((r) => r.value));
    }
    expect(found).toEqual(keys);
    // Case and accents do not matter; titles that start with the text come first.
    const prise = await answerSearch(deps, actor, { queryText: 'PRISE DE PAROLE N°42', dataset: rank1['choices.data'].dataset });
    expect(prise.value.results?.map((r) => r.value)).toEqual([keys[42]]);
    const accents = await answerSearch(deps, actor, { queryText: 'a l’oral', dataset: rank1['choices.data'].dataset, queryOptions: { top: 100 } });
    expect(accents.value.results).toHaveLength(15);
    expect((await answerSearch(deps, actor, { queryText: 'x', dataset: 'other' })).statusCode).toBe(400);
    expect((await answerSearch(deps, actor, { queryText: 5 })).statusCode).toBe(400);
    await database.dispose();
  });

  it('shows a step too big for one card in parts, and keeps the answers of each part for the whole step', () => {
    const draft = { name: 'Big', description: longFrench(500), settings };
    const step = programFormStep('fr', 'identity', REF, draft);
    const layout = layoutForm(step, { locale: 'fr', lookup });
    expect(layout.cards.length).toBeGreaterThan(1);
    const submits = layout.cards.map((card) => (card.actions?.[0] as unknown as { title: string; data: { part: number; parts: number; shapes: Record<string, string> } }));
    expect(submits.map((s) => [s.data.part, s.data.parts])).toEqual(layout.cards.map((_, i) => [i + 1, layout.cards.length]));
    expect(submits.at(-1)!.title).toBe(step.submitLabel);
    expect(submits[0]!.title).toBe('Suivant');
    expect(submits.flatMap((s) => Object.keys(s.data.shapes))).toEqual(step.fields.map((f) => f.id));
    // A part's answers kept in the form come back, with the other parts' values, as the whole step.
    const kept = withAnswers(step, { name: 'Renamed', languages: ['fr'] });
    expect(answersOf(kept)).toMatchObject({ name: 'Renamed', languages: ['fr'], description: draft.description });
  });
});
