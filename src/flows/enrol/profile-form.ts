// The `profile` form (title, one-line bio, working hours, time zone) and the lines that show a
// profile: on the person's own card and, for the other side, on a proposal.
import { BIO_MAX, FLASH_CAP_MAX, hhmmOf, ISO_WEEKDAYS, TITLE_MAX, type Profile, type ProfileInput } from '../../domain/profile.ts';
import { isValidTimeZone } from '../../domain/time-zone.ts';
import type { Form, FormValues } from '../../ui/form.ts';
import { HALF_HOURS } from '../../ui/forms/survey-fields.ts';
import type { Locale } from '../../ui/i18n/catalog.ts';
import { formatList } from '../../ui/i18n/format.ts';
import { t } from '../../ui/i18n/t.ts';
import type { Fact } from '../../ui/model.ts';
import { richText } from '../../ui/rich-text.ts';

const TIMEZONE_MAX = 64;

const WEEKDAYS = ['weekday.1', 'weekday.2', 'weekday.3', 'weekday.4', 'weekday.5', 'weekday.6', 'weekday.7'] as const;
const weekdayLabel = (locale: Locale, day: number): string => t(locale, WEEKDAYS[day - 1] ?? 'weekday.1');

export function profileForm(locale: Locale, ref: string, current: ProfileInput): Form {
  return {
    kind: 'form', id: 'profile', ref, title: t(locale, 'profile.form.title'), submitLabel: t(locale, 'profile.form.submit'),
    intro: richText(t(locale, 'profile.form.intro')),
    fields: [
      { kind: 'short_text', id: 'title', label: t(locale, 'profile.title.label'), required: false, maxLength: TITLE_MAX, ...(current.title ? { initial: current.title } : {}) },
      {
        kind: 'short_text', id: 'bio', label: t(locale, 'profile.bio.label'), help: t(locale, 'profile.bio.help', { count: BIO_MAX }),
        required: false, maxLength: BIO_MAX, ...(current.bio ? { initial: current.bio } : {}),
      },
      { kind: 'single_select', id: 'workStart', label: t(locale, 'profile.work_start.label'), required: true, options: HALF_HOURS, initial: current.workStart },
      { kind: 'single_select', id: 'workEnd', label: t(locale, 'profile.work_end.label'), required: true, options: HALF_HOURS, initial: current.workEnd },
      {
        kind: 'multi_select', id: 'workDays', label: t(locale, 'profile.work_days.label'), required: true, minSelected: 1, maxSelected: 7,
        options: ISO_WEEKDAYS.map((d) => ({ value: String(d), label: weekdayLabel(locale, d) })), initial: current.workDays.map(String),
      },
      {
        kind: 'short_text', id: 'timezone', label: t(locale, 'profile.timezone.label'), help: t(locale, 'profile.timezone.help'),
        required: true, maxLength: TIMEZONE_MAX, initial: current.timezone,
      },
      { kind: 'checkbox', id: 'flashOptIn', label: t(locale, 'profile.flash.label'), help: t(locale, 'profile.flash.help'), required: false, initial: current.flashOptIn },
      {
        kind: 'number', id: 'flashCap', label: t(locale, 'profile.flash_cap.label'), help: t(locale, 'profile.flash_cap.help', { max: FLASH_CAP_MAX }),
        required: false, integer: true, min: 1, max: FLASH_CAP_MAX, initial: current.flashCap,
      },
    ],
  };
}

/** Validated form values → the stored profile, or the errors to show next to the fields. */
export function profileFromValues(locale: Locale, values: FormValues, current: ProfileInput): { ok: true; input: ProfileInput } | { ok: false; errors: Record<string, string> } {
  const str = (id: string): string | null => (typeof values[id] === 'string' && values[id] !== '' ? values[id] as string : null);
  const input: ProfileInput = {
    title: str('title'), bio: str('bio'), workStart: str('workStart') ?? '', workEnd: str('workEnd') ?? '',
    workDays: (Array.isArray(values.workDays) ? values.workDays as readonly string[] : []).map(Number), timezone: str('timezone') ?? '',
    // Left empty: the cap stays as it was (a mentor who opts out keeps the number for next time).
    flashOptIn: values.flashOptIn === true, flashCap: typeof values.flashCap === 'number' ? values.flashCap : current.flashCap,
  };
  const errors: Record<string, string> = {};
  if (!isValidTimeZone(input.timezone)) errors.timezone = t(locale, 'profile.error.timezone');
  if (!(input.workStart < input.workEnd)) errors.workEnd = t(locale, 'profile.error.hours');
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, input };
}

/** "Monday, Tuesday…, 09:00–17:00 (Europe/Paris)". */
export function workingHoursText(locale: Locale, profile: Profile): string {
  const h = profile.workingHours;
  const params = { days: formatList(locale, h.days.map((d) => weekdayLabel(locale, d))), start: hhmmOf(h.startMin), end: hhmmOf(h.endMin), timeZone: profile.timezone };
  return profile.workingHoursSet ? t(locale, 'profile.card.hours_value', params) : t(locale, 'profile.card.hours_default', params);
}

/** "Yes, up to 2 a month" / "No". */
export const flashText = (locale: Locale, profile: Profile): string =>
  (profile.flashOptIn ? t(locale, 'profile.card.flash_on', { count: profile.flashCap }) : t(locale, 'profile.card.flash_off'));

/** The profile lines another person may see (title, about, department, location); empty ones are left out. */
export function publicProfileFacts(locale: Locale, profile: Profile): Fact[] {
  const facts: Fact[] = [];
  if (profile.title) facts.push({ label: t(locale, 'profile.fact.title'), value: profile.title });
  if (profile.department) facts.push({ label: t(locale, 'profile.fact.department'), value: profile.department });
  if (profile.location) facts.push({ label: t(locale, 'profile.fact.location'), value: profile.location });
  if (profile.bio) facts.push({ label: t(locale, 'profile.fact.bio'), value: profile.bio });
  return facts;
}
