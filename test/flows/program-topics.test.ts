import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { programSettingsSchema, topicSchema } from '../../src/domain/program-settings.ts';
import { programFormStep, readProgramStep } from '../../src/flows/admin/program-forms.ts';
import { MAX_TOPICS, parseTopics, TOPIC_FIELDS, topicFieldCount, topicFieldId, topicsToTexts } from '../../src/flows/admin/program-topics.ts';
import { formProblems } from '../../src/ui/check-form.ts';
import { MAX_TEXT_LENGTH } from '../../src/ui/form.ts';
import { longestTopics } from '../support/topic-fixtures.ts';

const inputs = (texts: readonly string[]) => texts.map((text, i) => ({ id: topicFieldId(i), text }));

describe('program topics over several inputs', () => {
  it('spreads 100 of the longest topics over inputs that each fit, and reads them back exactly', () => {
    const topics = longestTopics();
    for (const t of topics) expect(topicSchema.safeParse(t).success).toBe(true);
    const texts = topicsToTexts(topics);
    expect(texts.length).toBeLessThanOrEqual(TOPIC_FIELDS);
    for (const text of texts) expect(text.length).toBeLessThanOrEqual(MAX_TEXT_LENGTH);
    expect(texts.join('\n').length).toBeGreaterThan(MAX_TEXT_LENGTH * 5);
    const read = parseTopics('en', inputs(texts));
    expect(read).toEqual({ ok: true, topics });
  });

  it('round-trips any valid topic list', () => {
    const label = fc.string({ minLength: 1, maxLength: 75, unit: fc.constantFrom('a', 'é', ' ', '🎤', '’', '«', '漢', '-') })
      .filter((s) => s.trim() === s && s.length > 0 && s.length <= 75);
    const topic = fc.record({ key: fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,39}$/), label: fc.record({ en: label, fr: label }) });
    fc.assert(fc.property(fc.uniqueArray(topic, { minLength: 1, maxLength: MAX_TOPICS, selector: (t) => t.key }), (topics) => {
      const texts = topicsToTexts(topics);
      expect(texts.length).toBeLessThanOrEqual(TOPIC_FIELDS);
      expect(texts.every((t) => t.length <= MAX_TEXT_LENGTH)).toBe(true);
      expect(parseTopics('fr', inputs(texts))).toEqual({ ok: true, topics });
    }), { numRuns: 200 });
  });

  it('reports a mistake on the input and the line it is on', () => {
    const texts = ['a | A | A\nb | B | B', 'c | C | C\nBad Key | D | D'];
    expect(parseTopics('en', inputs(texts))).toEqual({ ok: false, errors: { topics_2: 'Line 2: the key may only use lowercase letters, digits, - and _ (40 at most).' } });
    expect(parseTopics('en', inputs(['a | A | A', '', 'a | Again | Encore']))).toEqual({ ok: false, errors: { topics_3: 'The key “a” appears twice.' } });
    expect(parseTopics('en', inputs(['', '']))).toEqual({ ok: false, errors: { topics: 'This field is required.' } });
  });

  it('refuses a 101st topic, wherever it is typed', () => {
    const texts = topicsToTexts(longestTopics());
    const more = [...texts, 'one-more | One more | Un de plus'];
    const read = parseTopics('en', inputs(more));
    expect(read.ok).toBe(false);
    expect(!read.ok && read.errors[topicFieldId(more.length - 1)]).toBe('At most 100 topics.');
  });

  it('shows the filled inputs and one empty input to add to, never more than the maximum', () => {
    expect(topicFieldCount(undefined)).toBe(1);
    expect(topicFieldCount([{ key: 'a', label: { en: 'A', fr: 'A' } }])).toBe(2);
    expect(topicFieldCount(longestTopics())).toBe(TOPIC_FIELDS);
  });

  it('builds program forms every platform can render, and an unchanged submission keeps the topics', () => {
    const topics = longestTopics();
    const draft = { name: 'Big', description: null, settings: programSettingsSchema.parse({ topics, languages: ['en', 'fr'] }) };
    const form = programFormStep('fr', 'identity', 'ref', draft);
    expect(formProblems(form)).toEqual([]);
    const raw = Object.fromEntries(form.fields.map((f) => [f.id, 'initial' in f ? f.initial : undefined]));
    const read = readProgramStep('fr', 'identity', raw, draft);
    expect(read.ok && read.draft.settings.topics).toEqual(topics);
    expect(read.ok && JSON.stringify(read.draft.settings.topics)).toBe(JSON.stringify(topics));
  });
});
