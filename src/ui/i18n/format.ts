// Locale- and zone-aware formatting of dates, times, numbers and lists for the catalogs'
// parameters. Time zones come from the person's platform profile.
import type { Locale } from './catalog.ts';

const TAGS: Record<Locale, string> = { en: 'en-GB', fr: 'fr-FR' };
// en-GB rather than en-US: a corporate, international audience reads "14 March 2027" without
// the month/day ambiguity, and gets a 24-hour clock like the rest of the world.

/** French writes the first day of a month as an ordinal: « 1er mars », never « 1 mars ». */
const firstOfMonth = (locale: Locale, text: string): string => (locale === 'fr' ? text.replace(/(^|\s)1(\s)/u, '$11er$2') : text);

export function formatDate(locale: Locale, instant: Date, timeZone: string): string {
  return firstOfMonth(locale, new Intl.DateTimeFormat(TAGS[locale], { dateStyle: 'long', timeZone }).format(instant));
}

/** "Monday 15 March 2027" / "lundi 15 mars 2027". */
export function formatDayLong(locale: Locale, instant: Date, timeZone: string): string {
  return firstOfMonth(locale, new Intl.DateTimeFormat(TAGS[locale], { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone }).format(instant));
}

/** A calendar month, "November 2026" / "novembre 2026"; months of figures are UTC months. */
export function formatMonth(locale: Locale, firstDay: Date): string {
  return new Intl.DateTimeFormat(TAGS[locale], { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(firstDay);
}

export function formatTime(locale: Locale, instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat(TAGS[locale], { timeStyle: 'short', timeZone }).format(instant);
}

export function formatDateTime(locale: Locale, instant: Date, timeZone: string): string {
  return firstOfMonth(locale, new Intl.DateTimeFormat(TAGS[locale], { dateStyle: 'long', timeStyle: 'short', timeZone }).format(instant));
}

/** A calendar date written YYYY-MM-DD (no zone: it is the same day everywhere). */
export function formatCalendarDate(locale: Locale, isoDate: string): string {
  const at = new Date(`${isoDate}T00:00:00Z`);
  return Number.isNaN(at.getTime()) ? isoDate : formatDate(locale, at, 'UTC');
}

export function formatNumber(locale: Locale, value: number): string {
  return new Intl.NumberFormat(TAGS[locale]).format(value);
}

/** "A, B and C" / "A, B et C". */
export function formatList(locale: Locale, items: readonly string[]): string {
  return new Intl.ListFormat(TAGS[locale], { style: 'long', type: 'conjunction' }).format(items);
}

/** Name of a language in the reader's language, capitalised for use as an option label. */
export function languageName(locale: Locale, code: string): string {
  let name: string | undefined;
  try {
    name = new Intl.DisplayNames([TAGS[locale]], { type: 'language' }).of(code);
  } catch {
    name = undefined;
  }
  const label = name ?? code;
  return label.charAt(0).toLocaleUpperCase(TAGS[locale]) + label.slice(1);
}
