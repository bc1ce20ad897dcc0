// The topics taxonomy as a lead types it: one topic per line, "key | English | Français". A text
// input holds at most MAX_TEXT_LENGTH characters on every platform, and 100 topics can take
// nearly 20,000, so the topics are spread over several inputs, split between topics, never
// inside one: an unchanged edit gives back exactly the topics it showed. Read line by line so
// that each mistake is reported on the input and the line it is on.
import { topicSchema, type ProgramSettings } from '../../domain/program-settings.ts';
import { MAX_TEXT_LENGTH } from '../../ui/form.ts';
import type { Locale } from '../../ui/i18n/catalog.ts';
import { t } from '../../ui/i18n/t.ts';

export const MAX_TOPICS = 100;
type Topic = ProgramSettings['topics'][number];

/** The longest line a topic can take: a 40-character key and two 75-character labels. */
const LONGEST_LINE = 40 + 75 + 75 + ' | '.length * 2 + '\n'.length;
/** Enough inputs for MAX_TOPICS of the longest topics, each input filled with whole lines. */
export const TOPIC_FIELDS = Math.ceil(MAX_TOPICS / Math.floor(MAX_TEXT_LENGTH / LONGEST_LINE));

/** Field ids of the topic inputs, in order: "topics", then "topics_2"… */
export const topicFieldId = (index: number): string => (index === 0 ? 'topics' : `topics_${index + 1}`);

const topicLine = (topic: Topic): string => `${topic.key} | ${topic.label.en} | ${topic.label.fr}`;

/** The topics as the texts of consecutive inputs, each within MAX_TEXT_LENGTH, cut between lines. */
export function topicsToTexts(topics: readonly Topic[]): string[] {
  const texts: string[] = [];
  let current = '';
  for (const line of topics.map(topicLine)) {
    const next = current ? `${current}\n${line}` : line;
    if (current && next.length > MAX_TEXT_LENGTH) {
      texts.push(current);
      current = line;
    } else {
      current = next;
    }
  }
  if (current) texts.push(current);
  return texts;
}

/** How many topic inputs the form shows: the filled ones and one empty to add to, up to TOPIC_FIELDS. */
export const topicFieldCount = (topics: readonly Topic[] | undefined): number =>
  Math.min(TOPIC_FIELDS, (topics ? topicsToTexts(topics).length : 0) + 1);

export type TopicsResult =
  | { readonly ok: true; readonly topics: Topic[] }
  | { readonly ok: false; readonly errors: Readonly<Record<string, string>> };

/** The topics typed in the inputs `texts` (by field id, in order), or errors by field id. */
export function parseTopics(locale: Locale, texts: readonly { readonly id: string; readonly text: string }[]): TopicsResult {
  const topics: Topic[] = [];
  const first = texts[0]?.id ?? topicFieldId(0);
  for (const { id, text } of texts) {
    const lines = text.split('\n').map((l) => l.trim());
    for (const [index, line] of lines.entries()) {
      if (line.length === 0) continue;
      const fail = (error: string): TopicsResult => ({ ok: false, errors: { [id]: error } });
      if (topics.length === MAX_TOPICS) return fail(t(locale, 'program.error.topics_too_many', { count: MAX_TOPICS }));
      const number = index + 1;
      const parts = line.split('|').map((p) => p.trim());
      if (parts.length !== 3) return fail(t(locale, 'program.error.topic_format', { line: number }));
      const [key, en, fr] = parts as [string, string, string];
      const parsed = topicSchema.safeParse({ key, label: { en, fr } });
      if (!parsed.success) {
        const badKey = parsed.error.issues.some((i) => i.path[0] === 'key');
        return fail(badKey ? t(locale, 'program.error.topic_key', { line: number }) : t(locale, 'program.error.topic_label', { line: number }));
      }
      if (topics.some((topic) => topic.key === key)) return fail(t(locale, 'program.error.topic_duplicate', { key }));
      topics.push(parsed.data);
    }
  }
  if (topics.length === 0) return { ok: false, errors: { [first]: t(locale, 'validation.required') } };
  return { ok: true, topics };
}
