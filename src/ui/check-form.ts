// Structural checks of a form against what both platforms can render. Forms are built by code,
// so a problem here is a bug: tests run every built form through it, and adapters may assert it.
import { MAX_FIELDS_PER_STEP, MAX_OPTIONS, MAX_TEXT_LENGTH, type Form } from './form.ts';

export function formProblems(form: Form): string[] {
  const problems: string[] = [];
  const ids = form.fields.map((f) => f.id);
  if (form.fields.length === 0) problems.push('no fields');
  if (form.fields.length > MAX_FIELDS_PER_STEP) problems.push(`${form.fields.length} fields, more than ${MAX_FIELDS_PER_STEP}: split it into steps`);
  for (const id of ids.filter((id, i) => ids.indexOf(id) !== i)) problems.push(`duplicate field id ${id}`);
  if (!form.title.trim() || !form.submitLabel.trim()) problems.push('empty title or submit label');
  for (const f of form.fields) {
    if (!f.label.trim()) problems.push(`${f.id}: empty label`);
    if (f.kind === 'short_text' || f.kind === 'long_text') {
      if (f.maxLength > MAX_TEXT_LENGTH) problems.push(`${f.id}: maxLength ${f.maxLength}, more than ${MAX_TEXT_LENGTH}`);
      if (f.initial !== undefined && [...f.initial].length > f.maxLength) problems.push(`${f.id}: initial value longer than maxLength, a platform would cut it`);
    }
    if (!('options' in f)) continue;
    const values = f.options.map((o) => o.value);
    if (values.length === 0) problems.push(`${f.id}: no options`);
    if (values.length > MAX_OPTIONS) problems.push(`${f.id}: ${values.length} options, more than ${MAX_OPTIONS}`);
    if (new Set(values).size !== values.length) problems.push(`${f.id}: duplicate option values`);
    const initial = f.initial === undefined ? [] : typeof f.initial === 'string' ? [f.initial] : f.initial;
    if (initial.some((v) => !values.includes(v))) problems.push(`${f.id}: initial value not among the options`);
  }
  return problems;
}
