// Which of our languages to speak: the person's explicit choice (`lang`) wins, then the
// platform locale (Slack user locale, Teams activity locale), then English.
import { LOCALES, type Locale } from './catalog.ts';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** 'fr-FR', 'fr_CA', 'FR' → 'fr'; 'en-US' → 'en'; 'de-DE', '', undefined → 'en'. */
export function resolveLocale(platformLocale?: string | null, override?: string | null): Locale {
  if (isLocale(override)) return override;
  const primary = (platformLocale ?? '').trim().toLowerCase().split(/[-_]/)[0];
  return isLocale(primary) ? primary : 'en';
}
