// The program's note (settings.introNote, "A word from the program"), shown in each pair's and
// each circle's introduction in the reader's language.
import type { Locale } from '../ui/i18n/catalog.ts';

/** The note in the reader's language; in the other one when it is the only language of the message. */
export function noteFor(note: { en?: string; fr?: string } | undefined, locale: Locale, languages: number): { note?: string } {
  const text = note?.[locale] ?? (languages === 1 ? note?.[locale === 'en' ? 'fr' : 'en'] : undefined);
  return text ? { note: text } : {};
}
