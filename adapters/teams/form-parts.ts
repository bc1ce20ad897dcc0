// A form step too big for one Teams card is shown in parts (render/form.ts). What the person
// answered in the parts already submitted is kept in the step's form itself, as its initial
// values, where the forms shown are kept (form-cache.ts): the next part is rendered from it, and
// the last part's submission is merged with it into the whole step the core validates.
import type { Form, FormField } from '../../src/ui/form.ts';

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const list = (value: unknown): string[] | undefined =>
  (Array.isArray(value) ? value.map(String).filter((v) => v.trim() !== '') : typeof value === 'string' ? value.split(',').map((v) => v.trim()).filter(Boolean) : undefined);
const num = (value: unknown): number | undefined => {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
};

function withInitial(field: FormField, value: unknown): FormField {
  const { initial: _dropped, ...rest } = field as FormField & { initial?: unknown };
  const set = (initial: unknown) => (initial === undefined || initial === '' ? rest : { ...rest, initial }) as FormField;
  switch (field.kind) {
    case 'short_text': case 'long_text': case 'single_select': case 'date': return set(text(value));
    case 'number': case 'rating': return set(num(value));
    case 'multi_select': case 'ranked': case 'person': return set(list(value));
    case 'checkbox': return set(value === true || value === 'true');
  }
}

/** The step with these raw answers (by field id) as its initial values; other fields unchanged. */
export function withAnswers(form: Form, raw: Readonly<Record<string, unknown>>): Form {
  return { ...form, fields: form.fields.map((f) => (f.id in raw ? withInitial(f, raw[f.id]) : f)) };
}

/** The step's initial values as raw answers, as the card inputs would send them. */
export function answersOf(form: Form): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  for (const field of form.fields) {
    const initial = (field as { initial?: unknown }).initial;
    if (initial === undefined) continue;
    raw[field.id] = Array.isArray(initial) ? [...(initial as unknown[]).map(String)] : typeof initial === 'boolean' ? initial : String(initial);
  }
  return raw;
}
