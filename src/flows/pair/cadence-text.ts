// A program cadence in words ("every 2 weeks", « toutes les 2 semaines »), for the pair charter.
import { parseIsoDuration } from '../../domain/duration.ts';
import type { Locale } from '../../ui/i18n/catalog.ts';
import { t } from '../../ui/i18n/t.ts';

export function cadenceText(locale: Locale, iso: string): string {
  const parsed = parseIsoDuration(iso);
  if (!parsed.ok) return iso;
  const d = parsed.duration;
  const parts = Object.entries(d).filter(([, n]) => n > 0);
  // Mixed cadences (P1M2D) are rare; they read fine as "every 1 month 2 days" only in ISO form.
  if (parts.length !== 1) return t(locale, 'pair.cadence.other', { duration: iso });
  if (d.years) return t(locale, 'pair.cadence.years', { count: d.years });
  if (d.months) return t(locale, 'pair.cadence.months', { count: d.months });
  if (d.weeks) return t(locale, 'pair.cadence.weeks', { count: d.weeks });
  if (d.days) return t(locale, 'pair.cadence.days', { count: d.days });
  if (d.hours) return t(locale, 'pair.cadence.hours', { count: d.hours });
  if (d.minutes) return t(locale, 'pair.cadence.minutes', { count: d.minutes });
  return t(locale, 'pair.cadence.seconds', { count: d.seconds });
}
