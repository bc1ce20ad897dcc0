// Fields shared by the mentee and mentor surveys (SPEC §3). Field ids are the answer keys of
// domain/survey-answers.ts wherever a field maps to one answer, so conversion stays obvious.
import {
  COMMUNICATION_MODES, FEEDBACK_STYLES, VALUES,
} from '../../domain/survey-answers.ts';
import type { ProgramSettings } from '../../domain/program-settings.ts';
import type { FormField, SelectOption } from '../form.ts';
import type { Locale } from '../i18n/catalog.ts';
import { languageName } from '../i18n/format.ts';
import { t } from '../i18n/t.ts';

export const CADENCE_DAYS = [7, 14, 30, 60] as const;
export const SESSION_MINUTES = [30, 45, 60, 90] as const;
export const MAX_VALUES = 3;
export const MAX_AVOID = 50;

function cadenceLabel(locale: Locale, days: (typeof CADENCE_DAYS)[number]): string {
  switch (days) {
    case 7: return t(locale, 'survey.cadence.weekly');
    case 14: return t(locale, 'survey.cadence.biweekly');
    case 30: return t(locale, 'survey.cadence.monthly');
    case 60: return t(locale, 'survey.cadence.bimonthly');
  }
}

export function valueLabel(locale: Locale, value: (typeof VALUES)[number]): string {
  const labels: Record<(typeof VALUES)[number], string> = {
    transparency: t(locale, 'survey.value.transparency'), kindness: t(locale, 'survey.value.kindness'),
    rigor: t(locale, 'survey.value.rigor'), curiosity: t(locale, 'survey.value.curiosity'),
    autonomy: t(locale, 'survey.value.autonomy'), collaboration: t(locale, 'survey.value.collaboration'),
    ambition: t(locale, 'survey.value.ambition'), balance: t(locale, 'survey.value.balance'),
    inclusion: t(locale, 'survey.value.inclusion'), creativity: t(locale, 'survey.value.creativity'),
    integrity: t(locale, 'survey.value.integrity'), learning: t(locale, 'survey.value.learning'),
  };
  return labels[value];
}

const feedbackLabel = (locale: Locale, style: (typeof FEEDBACK_STYLES)[number]): string =>
  style === 'direct' ? t(locale, 'survey.feedback.direct') : style === 'balanced' ? t(locale, 'survey.feedback.balanced') : t(locale, 'survey.feedback.gentle');

const modeLabel = (locale: Locale, mode: (typeof COMMUNICATION_MODES)[number]): string =>
  mode === 'video' ? t(locale, 'survey.mode.video') : mode === 'phone' ? t(locale, 'survey.mode.phone') : t(locale, 'survey.mode.in_person');

export function topicOptions(settings: ProgramSettings, locale: Locale): SelectOption[] {
  return settings.topics.map((topic) => ({ value: topic.key, label: topic.label[locale] }));
}

/** Every half hour of the day, "00:00" to "23:30". */
export const HALF_HOURS: SelectOption[] = Array.from({ length: 48 }, (_, i) => {
  const hhmm = `${String(Math.floor(i / 2)).padStart(2, '0')}:${i % 2 ? '30' : '00'}`;
  return { value: hhmm, label: hhmm };
});

/** The cadence option closest to the program's own (e.g. P1M → 30 days). */
export function nearestCadence(settings: ProgramSettings): number {
  const m = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?/.exec(settings.checkinCadence);
  const days = m ? Number(m[1] ?? 0) * 365 + Number(m[2] ?? 0) * 30 + Number(m[3] ?? 0) * 7 + Number(m[4] ?? 0) : 30;
  return CADENCE_DAYS.reduce((best, d) => (Math.abs(d - days) < Math.abs(best - days) ? d : best));
}

export interface PracticalInitial {
  readonly cadenceDays?: number;
  readonly sessionMinutes?: number;
  readonly modes?: readonly string[];
  readonly office?: string;
  readonly languages?: readonly string[];
  readonly workingHours?: { readonly start: string; readonly end: string };
}

export function practicalFields(settings: ProgramSettings, locale: Locale, timeZone: string, initial: PracticalInitial = {}): FormField[] {
  const sessions = [...new Set([...SESSION_MINUTES, settings.sessionMinutes, ...(initial.sessionMinutes ? [initial.sessionMinutes] : [])])].sort((a, b) => a - b);
  const cadences = [...new Set([...CADENCE_DAYS, ...(initial.cadenceDays ? [initial.cadenceDays] : [])])].sort((a, b) => a - b);
  const languages = initial.languages?.filter((l) => settings.languages.includes(l));
  const pick = <T>(value: T | undefined): { initial: T } | object => (value === undefined ? {} : { initial: value });
  return [
    {
      kind: 'single_select', id: 'cadenceDays', label: t(locale, 'survey.cadence.label'), required: true,
      options: cadences.map((d) => ({ value: String(d), label: (CADENCE_DAYS as readonly number[]).includes(d) ? cadenceLabel(locale, d as (typeof CADENCE_DAYS)[number]) : String(d) })),
      initial: String(initial.cadenceDays ?? nearestCadence(settings)),
    },
    {
      kind: 'single_select', id: 'sessionMinutes', label: t(locale, 'survey.session.label'), required: true,
      options: sessions.map((m) => ({ value: String(m), label: t(locale, 'survey.session.minutes', { count: m }) })),
      initial: String(initial.sessionMinutes ?? settings.sessionMinutes),
    },
    {
      kind: 'multi_select', id: 'modes', label: t(locale, 'survey.modes.label'), required: true, minSelected: 1,
      options: COMMUNICATION_MODES.map((m) => ({ value: m, label: modeLabel(locale, m) })),
      ...pick(initial.modes),
    },
    { kind: 'short_text', id: 'office', label: t(locale, 'survey.office.label'), help: t(locale, 'survey.office.help'), required: false, maxLength: 80, ...pick(initial.office) },
    {
      kind: 'multi_select', id: 'languages', label: t(locale, 'survey.languages.label'), required: true, minSelected: 1, maxSelected: 10,
      options: settings.languages.map((code) => ({ value: code, label: languageName(locale, code) })),
      initial: languages && languages.length > 0 ? languages : settings.languages.length === 1 ? [...settings.languages] : [locale].filter((l) => settings.languages.includes(l)),
    },
    {
      kind: 'single_select', id: 'workStart', label: t(locale, 'survey.hours.start.label'), help: t(locale, 'survey.hours.help', { timeZone }),
      required: true, options: HALF_HOURS, initial: initial.workingHours?.start ?? '09:00',
    },
    { kind: 'single_select', id: 'workEnd', label: t(locale, 'survey.hours.end.label'), required: true, options: HALF_HOURS, initial: initial.workingHours?.end ?? '17:30' },
  ];
}

export function affinityFields(locale: Locale, side: 'mentee' | 'mentor', initial: { values?: readonly string[]; feedbackStyle?: string } = {}): FormField[] {
  return [
    {
      kind: 'multi_select', id: 'values', label: t(locale, 'survey.values.label'), help: t(locale, 'survey.values.help'),
      required: false, maxSelected: MAX_VALUES, options: VALUES.map((v) => ({ value: v, label: valueLabel(locale, v) })),
      ...(initial.values ? { initial: initial.values } : {}),
    },
    {
      kind: 'single_select', id: 'feedbackStyle', required: true,
      label: side === 'mentee' ? t(locale, 'survey.feedback.mentee.label') : t(locale, 'survey.feedback.mentor.label'),
      options: FEEDBACK_STYLES.map((s) => ({ value: s, label: feedbackLabel(locale, s) })),
      ...(initial.feedbackStyle ? { initial: initial.feedbackStyle } : {}),
    },
  ];
}

export function avoidField(locale: Locale, initial?: readonly string[]): FormField {
  return {
    kind: 'person', id: 'avoid', label: t(locale, 'survey.avoid.label'), help: t(locale, 'survey.avoid.help'),
    required: false, multiple: true, maxSelected: MAX_AVOID, excludeSelf: true, ...(initial && initial.length > 0 ? { initial } : {}),
  };
}

export function consentField(locale: Locale): FormField {
  // Never pre-ticked: consent must be given each time the survey is answered.
  return { kind: 'checkbox', id: 'consent', label: t(locale, 'survey.consent.label'), required: true };
}
