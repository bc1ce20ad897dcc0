// Validates what came back from a form. The values come from outside (a Slack view submission,
// a Teams card action), so nothing about their shape is trusted. Either every field is valid
// and typed values come back, or nothing does and each bad field gets a message in the
// person's language; callers store only on success.
import { isCalendarDate } from '../domain/duration.ts';
import type { FieldValue, Form, FormField, FormValues, SelectOption } from './form.ts';
import type { Locale } from './i18n/catalog.ts';
import { formatCalendarDate } from './i18n/format.ts';
import { t } from './i18n/t.ts';

/** Error key for problems with the submission as a whole rather than one field. */
export const FORM_ERROR = '_form';

export type FormValidation =
  | { readonly ok: true; readonly values: FormValues }
  | { readonly ok: false; readonly errors: Readonly<Record<string, string>> };

type FieldResult = { value: FieldValue | undefined } | { error: string };

const MAX_ARRAY = 1000;
export const MAX_PERSON_ID = 200;

const isEmpty = (raw: unknown): boolean =>
  raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '') || (Array.isArray(raw) && raw.length === 0);

function toNumber(raw: unknown): number | undefined {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : undefined;
  if (typeof raw !== 'string') return undefined;
  const text = raw.trim().replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
  if (!/^[-+]?(\d+\.?\d*|\.\d+)$/.test(text)) return undefined;
  return Number(text);
}

function toStringList(raw: unknown): (string | undefined)[] | undefined {
  const list = typeof raw === 'string' ? [raw] : raw;
  if (!Array.isArray(list) || list.length > MAX_ARRAY) return undefined;
  const out: (string | undefined)[] = [];
  for (const item of list) {
    if (item === null || item === undefined || item === '') out.push(undefined);
    else if (typeof item === 'string') out.push(item);
    else return undefined;
  }
  return out;
}

function checkText(locale: Locale, raw: unknown, maxLength: number, minLength: number | undefined, singleLine: boolean): FieldResult {
  if (typeof raw !== 'string') return { error: t(locale, 'validation.wrong_type') };
  let text = raw.replace(/\r\n?/g, '\n').trim();
  if (singleLine) text = text.replace(/\s*\n\s*/g, ' ');
  const length = [...text].length;
  if (length > maxLength) return { error: t(locale, 'validation.too_long', { count: maxLength }) };
  if (minLength !== undefined && length < minLength) return { error: t(locale, 'validation.too_short', { count: minLength }) };
  return { value: text };
}

function checkRange(locale: Locale, n: number, min: number | undefined, max: number | undefined): FieldResult {
  if (min !== undefined && n < min) return { error: t(locale, 'validation.below_min', { min }) };
  if (max !== undefined && n > max) return { error: t(locale, 'validation.above_max', { max }) };
  return { value: n };
}

function checkNumber(locale: Locale, raw: unknown, integer: boolean, min?: number, max?: number): FieldResult {
  const n = toNumber(raw);
  if (n === undefined) return { error: t(locale, 'validation.not_a_number') };
  if (integer && !Number.isInteger(n)) return { error: t(locale, 'validation.not_integer') };
  return checkRange(locale, n, min, max);
}

function checkChoices(locale: Locale, raw: unknown, options: readonly SelectOption[], min: number | undefined, max: number | undefined): FieldResult {
  const list = toStringList(raw);
  if (!list) return { error: t(locale, 'validation.wrong_type') };
  // Ranked choices may arrive as one select per rank with gaps; the order is what counts.
  const picked = list.filter((v): v is string => v !== undefined);
  const known = new Set(options.map((o) => o.value));
  if (picked.some((v) => !known.has(v))) return { error: t(locale, 'validation.unknown_option') };
  if (new Set(picked).size !== picked.length) return { error: t(locale, 'validation.duplicate') };
  if (max !== undefined && picked.length > max) return { error: t(locale, 'validation.too_many', { count: max }) };
  if (picked.length === 0) return { value: undefined };
  if (min !== undefined && picked.length < min) return { error: t(locale, 'validation.too_few', { count: min }) };
  return { value: picked };
}

function checkSingle(locale: Locale, raw: unknown, options: readonly SelectOption[]): FieldResult {
  if (typeof raw !== 'string') return { error: t(locale, 'validation.wrong_type') };
  return options.some((o) => o.value === raw) ? { value: raw } : { error: t(locale, 'validation.unknown_option') };
}

function checkDate(locale: Locale, raw: unknown, min?: string, max?: string): FieldResult {
  if (typeof raw !== 'string') return { error: t(locale, 'validation.wrong_type') };
  const date = raw.trim();
  if (!isCalendarDate(date)) return { error: t(locale, 'validation.bad_date') };
  if (min !== undefined && date < min) return { error: t(locale, 'validation.date_too_early', { date: formatCalendarDate(locale, min) }) };
  if (max !== undefined && date > max) return { error: t(locale, 'validation.date_too_late', { date: formatCalendarDate(locale, max) }) };
  return { value: date };
}

function checkPeople(locale: Locale, raw: unknown, multiple: boolean, maxSelected: number | undefined): FieldResult {
  const list = toStringList(raw);
  if (!list) return { error: t(locale, 'validation.wrong_type') };
  const ids = [...new Set(list.filter((v): v is string => v !== undefined).map((v) => v.trim()).filter((v) => v !== ''))];
  if (ids.some((id) => id.length > MAX_PERSON_ID)) return { error: t(locale, 'validation.wrong_type') };
  const max = multiple ? maxSelected : 1;
  if (max !== undefined && ids.length > max) return { error: t(locale, 'validation.too_many', { count: max }) };
  return { value: ids.length > 0 ? ids : undefined };
}

function checkCheckbox(locale: Locale, raw: unknown, required: boolean): FieldResult {
  const checked = raw === true || raw === 'true' || raw === 'on' ? true
    : raw === false || raw === 'false' || raw === undefined || raw === null || raw === '' ? false : undefined;
  if (checked === undefined) return { error: t(locale, 'validation.wrong_type') };
  if (required && !checked) return { error: t(locale, 'validation.must_check') };
  return { value: checked };
}

export function validateField(field: FormField, raw: unknown, locale: Locale): FieldResult {
  if (field.kind === 'checkbox') return checkCheckbox(locale, raw, field.required);
  if (isEmpty(raw)) return field.required ? { error: t(locale, 'validation.required') } : { value: undefined };
  let result: FieldResult;
  switch (field.kind) {
    case 'short_text': result = checkText(locale, raw, field.maxLength, field.minLength, true); break;
    case 'long_text': result = checkText(locale, raw, field.maxLength, field.minLength, false); break;
    case 'number': result = checkNumber(locale, raw, field.integer, field.min, field.max); break;
    case 'rating': result = field.scale === '1-5' ? checkNumber(locale, raw, true, 1, 5) : checkNumber(locale, raw, true, 0, 10); break;
    case 'single_select': result = checkSingle(locale, raw, field.options); break;
    case 'multi_select': result = checkChoices(locale, raw, field.options, field.minSelected, field.maxSelected); break;
    case 'ranked': result = checkChoices(locale, raw, field.options, field.minRanked, field.maxRanked); break;
    case 'date': result = checkDate(locale, raw, field.min, field.max); break;
    case 'person': result = checkPeople(locale, raw, field.multiple, field.maxSelected); break;
  }
  if ('value' in result && result.value === undefined && field.required) return { error: t(locale, 'validation.required') };
  return result;
}

export function validateForm(form: Form, raw: unknown, locale: Locale): FormValidation {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, errors: { [FORM_ERROR]: t(locale, 'validation.form_unreadable') } };
  }
  const input = raw as Record<string, unknown>;
  const values: Record<string, FieldValue> = {};
  const errors: Record<string, string> = {};
  for (const field of form.fields) {
    const result = validateField(field, Object.hasOwn(input, field.id) ? input[field.id] : undefined, locale);
    if ('error' in result) errors[field.id] = result.error;
    else if (result.value !== undefined) values[field.id] = result.value;
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, values };
}
