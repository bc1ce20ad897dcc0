// A circle's topic is one of its program's topics (the survey's), typed by key or by label in
// either language.
import type { Program } from '../../domain/model.ts';
import type { Locale } from '../../ui/i18n/catalog.ts';

type Topic = Program['settings']['topics'][number];

const fold = (s: string): string => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().trim();

export function findTopic(program: Program, typed: string): Topic | undefined {
  const want = fold(typed);
  return program.settings.topics.find((t) => fold(t.key) === want || fold(t.label.en) === want || fold(t.label.fr) === want);
}

/** The topic's label in the reader's language (its key when the program no longer has it). */
export function topicLabel(program: Program | undefined, key: string, locale: Locale): string {
  return program?.settings.topics.find((t) => t.key === key)?.label[locale] ?? key;
}
