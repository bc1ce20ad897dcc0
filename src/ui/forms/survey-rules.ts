// Survey rules that involve several fields of one step. They run only when the step holds
// every field they need, so the same check serves the mentee and the mentor surveys.
import type { FormValues } from '../form.ts';
import type { Locale } from '../i18n/catalog.ts';
import { t } from '../i18n/t.ts';

const list = (v: FormValues, id: string): readonly string[] => (Array.isArray(v[id]) ? (v[id] as readonly string[]) : []);

export function checkSurveyRules(values: FormValues, fieldIds: readonly string[], locale: Locale, maxExpertise: number): Record<string, string> | undefined {
  const has = (...ids: string[]): boolean => ids.every((id) => fieldIds.includes(id));
  const errors: Record<string, string> = {};
  if (has('modes', 'office') && list(values, 'modes').includes('in_person') && !values.office) {
    errors.office = t(locale, 'validation.office_required');
  }
  if (has('workStart', 'workEnd') && String(values.workEnd) <= String(values.workStart)) {
    errors.workEnd = t(locale, 'validation.hours_order');
  }
  if (has('expertise1', 'expertise2', 'expertise3')) {
    const all = [...list(values, 'expertise3'), ...list(values, 'expertise2'), ...list(values, 'expertise1')];
    if (all.length === 0) errors.expertise3 = t(locale, 'validation.expertise_required');
    else if (new Set(all).size !== all.length) errors.expertise3 = t(locale, 'validation.expertise_duplicate');
    else if (all.length > maxExpertise) errors.expertise3 = t(locale, 'validation.expertise_too_many', { count: maxExpertise });
  }
  return Object.keys(errors).length > 0 ? errors : undefined;
}
