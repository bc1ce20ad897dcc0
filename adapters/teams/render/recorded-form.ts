// What a form card turns into once its last step is stored: the same title and the answers as
// facts, with no inputs or buttons left to press. Only the person who answered ever sees it
// (personal chat), so private answers may appear here.
import type { Form, FormField } from '../../../src/ui/form.ts';
import type { Locale } from '../../../src/ui/i18n/catalog.ts';
import { formatCalendarDate } from '../../../src/ui/i18n/format.ts';
import { adaptiveCard, type AcElement, type AdaptiveCard } from './adaptive-card.ts';
import { clip } from '../../../src/ui/clip.ts';
import { escapeMarkdown, plainBlock } from './rich-text.ts';
import { CARD_BUDGET_BYTES, jsonBytes } from './size.ts';

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

/** Longest answer shown whole once the card is over the size budget, then shorter ones. */
const CLIPPED_LENGTHS = [1_000, 300, 80];

export function renderRecordedForm(form: Form, values: Readonly<Record<string, unknown>>, locale: Locale, budgetBytes = CARD_BUDGET_BYTES): AdaptiveCard {
  const answers = form.fields
    .map((field) => ({ title: field.label, value: displayValue(field, values[field.id], locale) }))
    .filter((f): f is { title: string; value: string } => f.value !== undefined);
  const card = (max: number): AdaptiveCard => {
    // Teams reads markdown in facts: what the person typed is shown as typed, never as formatting.
    const facts = answers.map((f) => ({ title: escapeMarkdown(f.title), value: escapeMarkdown(clip(f.value, max)) }));
    const body: AcElement[] = [plainBlock(`✓ ${form.title}`, { size: 'Medium', weight: 'Bolder', color: 'Good' })];
    if (facts.length > 0) body.push({ type: 'FactSet', facts });
    return adaptiveCard(body, [], []);
  };
  // The answers are stored whole; this card only shows them back, so very long ones (100 topics
  // typed by a lead) are shortened, with an ellipsis, until the card fits in a Teams message.
  let shown = card(Number.MAX_SAFE_INTEGER);
  for (const max of CLIPPED_LENGTHS) {
    if (jsonBytes({ type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: shown }] }) <= budgetBytes) break;
    shown = card(max);
  }
  return shown;
}
