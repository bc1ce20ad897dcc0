// What a form card turns into once its last step is stored: the same title and the answers as
// facts, with no inputs or buttons left to press. Only the person who answered ever sees it
// (personal chat), so private answers may appear here.
import type { Form, FormField } from '../../../src/ui/form.ts';
import type { Locale } from '../../../src/ui/i18n/catalog.ts';
import { formatCalendarDate } from '../../../src/ui/i18n/format.ts';
import { adaptiveCard, type AcElement, type AdaptiveCard } from './adaptive-card.ts';
import { escapeMarkdown, plainBlock } from './rich-text.ts';

function labelOf(field: { options: readonly { value: string; label: string }[] }, value: string): string {
  return field.options.find((o) => o.value === value)?.label ?? value;
}

const list = (value: unknown): string[] =>
  (Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : []).map(String).filter((s) => s.trim() !== '');

/** The answer as a person reads it, or undefined when left empty. */
export function displayValue(field: FormField, raw: unknown, locale: Locale): string | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  switch (field.kind) {
    case 'single_select': return labelOf(field, String(raw));
    case 'multi_select': return list(raw).map((v) => labelOf(field, v)).join(', ') || undefined;
    case 'ranked': return list(raw).map((v, i) => `${i + 1}. ${labelOf(field, v)}`).join('  ') || undefined;
    case 'rating': return `${String(raw)} / ${field.scale === '1-5' ? 5 : 10}`;
    case 'checkbox': return String(raw) === 'true' ? '✓' : '✗';
    case 'date': return /^\d{4}-\d{2}-\d{2}$/.test(String(raw)) ? formatCalendarDate(locale, String(raw)) : String(raw);
    // Picked people are Teams ids; their names are not in the submission.
    case 'person': return list(raw).length > 0 ? '✓' : undefined;
    default: return String(raw);
  }
}

export function renderRecordedForm(form: Form, values: Readonly<Record<string, unknown>>, locale: Locale): AdaptiveCard {
  const facts = form.fields
    .map((field) => ({ title: field.label, value: displayValue(field, values[field.id], locale) }))
    .filter((f): f is { title: string; value: string } => f.value !== undefined)
    // Teams reads markdown in facts: what the person typed is shown as typed, never as formatting.
    .map((f) => ({ title: escapeMarkdown(f.title), value: escapeMarkdown(f.value) }));
  const body: AcElement[] = [plainBlock(`✓ ${form.title}`, { size: 'Medium', weight: 'Bolder', color: 'Good' })];
  if (facts.length > 0) body.push({ type: 'FactSet', facts });
  return adaptiveCard(body, [], []);
}
