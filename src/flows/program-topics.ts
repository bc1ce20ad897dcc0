// The topics taxonomy as a lead types it: one topic per line, "key | English | Français". Read
// line by line so that each mistake is reported with the line it is on.
import { topicSchema, type ProgramSettings } from '../domain/program-settings.ts';
import type { Locale } from '../ui/i18n/catalog.ts';
import { t } from '../ui/i18n/t.ts';

export const MAX_TOPICS = 100;
type Topic = ProgramSettings['topics'][number];

export function topicsToText(topics: readonly Topic[]): string {
  return topics.map((topic) => `${topic.key} | ${topic.label.en} | ${topic.label.fr}`).join('\n');
}

export type TopicsResult = { readonly ok: true; readonly topics: Topic[] } | { readonly ok: false; readonly error: string };

export function parseTopics(locale: Locale, text: string): TopicsResult {
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l.length > 0);
  if (lines.length === 0) return { ok: false, error: t(locale, 'validation.required') };
  if (lines.length > MAX_TOPICS) return { ok: false, error: t(locale, 'program.error.topics_too_many', { count: MAX_TOPICS }) };
  const topics: Topic[] = [];
  for (const [index, line] of lines.entries()) {
    const parts = line.split('|').map((p) => p.trim());
    const number = index + 1;
    if (parts.length !== 3) return { ok: false, error: t(locale, 'program.error.topic_format', { line: number }) };
    const [key, en, fr] = parts as [string, string, string];
    const parsed = topicSchema.safeParse({ key, label: { en, fr } });
    if (!parsed.success) {
      const badKey = parsed.error.issues.some((i) => i.path[0] === 'key');
      return { ok: false, error: badKey ? t(locale, 'program.error.topic_key', { line: number }) : t(locale, 'program.error.topic_label', { line: number }) };
    }
    if (topics.some((topic) => topic.key === key)) return { ok: false, error: t(locale, 'program.error.topic_duplicate', { key }) };
    topics.push(parsed.data);
  }
  return { ok: true, topics };
}
