// A neutral Form step as an Adaptive Card with Input.* elements. Required inputs are checked by
// Teams before sending (isRequired + errorMessage) and again by the core, whose messages come
// back per field and are shown under each input, with the person's answers kept.
import type { Form, FormField } from '../../../src/ui/form.ts';
import type { Locale } from '../../../src/ui/i18n/catalog.ts';
import { t } from '../../../src/ui/i18n/t.ts';
import { FORM_ERROR } from '../../../src/ui/validate-form.ts';
import { adaptiveCard, VERB_SUBMIT, type AcAction, type AcElement, type AdaptiveCard, type Json, type MentionEntity } from './adaptive-card.ts';
import { plainBlock, richTextBlocks, type MentionLookup, type MentionTarget } from './rich-text.ts';

/** How a field's card inputs turn back into one raw value (see form-values.ts). */
export type FieldShape = 'text' | 'list' | 'bool' | `ranked:${number}`;

export interface SubmitData {
  readonly mentor: 'submit';
  readonly ref: string;
  /** The step's form id: the steps of one flow share their ref. */
  readonly form: string;
  readonly shapes: Readonly<Record<string, FieldShape>>;
}

export interface FormRenderOptions {
  readonly locale: Locale;
  readonly lookup: MentionLookup;
  /** Per field id, from the core (already translated); FORM_ERROR for the whole form. */
  readonly errors?: Readonly<Record<string, string>>;
  /** What the person entered, shown again next to the errors (raw values by field id). */
  readonly entered?: Readonly<Record<string, unknown>>;
  /** People a person field may pick (platform user id and name), at most MAX_OPTIONS. */
  readonly people?: readonly MentionTarget[];
}

export const rankInputId = (fieldId: string, position: number): string => `${fieldId}__${position}`;

export function fieldShape(field: FormField): FieldShape {
  switch (field.kind) {
    case 'multi_select': case 'person': return 'list';
    case 'checkbox': return 'bool';
    case 'ranked': return `ranked:${field.maxRanked}`;
    default: return 'text';
  }
}

const asText = (value: unknown): string | undefined => {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.map(String).join(',');
  return String(value);
};

function choices(field: { options: readonly { value: string; label: string; description?: string }[] }): Json {
  return field.options.map((o) => ({ title: o.description ? `${o.label} (${o.description})` : o.label, value: o.value }));
}

function inputs(field: FormField, o: FormRenderOptions): AcElement[] {
  const required = field.required;
  const base = {
    id: field.id, label: field.label, isRequired: required,
    ...(required ? { errorMessage: t(o.locale, 'validation.required') } : {}),
  };
  const entered = o.entered?.[field.id];
  const placeholder = field.placeholder ? { placeholder: field.placeholder } : {};
  switch (field.kind) {
    case 'short_text': case 'long_text': {
      const value = asText(entered) ?? field.initial;
      // A value longer than the field allows (stored before a limit was lowered, or just typed) is
      // shown whole, for the core's "too long" error to name, rather than cut by the client.
      const maxLength = Math.max(field.maxLength, value?.length ?? 0);
      return [{ type: 'Input.Text', ...base, ...placeholder, maxLength, isMultiline: field.kind === 'long_text', ...(value !== undefined ? { value } : {}) }];
    }
    case 'number': {
      const value = entered !== undefined ? Number(entered) : field.initial;
      return [{ type: 'Input.Number', ...base, ...placeholder, ...(field.min !== undefined ? { min: field.min } : {}), ...(field.max !== undefined ? { max: field.max } : {}), ...(value !== undefined && Number.isFinite(value) ? { value } : {}) }];
    }
    case 'single_select': {
      const value = asText(entered) ?? field.initial;
      return [{ type: 'Input.ChoiceSet', ...base, ...placeholder, style: field.options.length <= 4 ? 'expanded' : 'compact', choices: choices(field), ...(value !== undefined ? { value } : {}) }];
    }
    case 'multi_select': {
      const value = asText(entered) ?? field.initial?.join(',');
      return [{ type: 'Input.ChoiceSet', ...base, ...placeholder, isMultiSelect: true, style: field.options.length <= 8 ? 'expanded' : 'compact', choices: choices(field), ...(value ? { value } : {}) }];
    }
    case 'ranked': {
      // Cards have no ordering input: one drop-down per rank, best first.
      const chosen = Array.isArray(entered) ? entered.map(String) : field.initial ?? [];
      const min = field.minRanked ?? (required ? 1 : 0);
      return Array.from({ length: field.maxRanked }, (_, i): AcElement => {
        const mandatory = i < min;
        const value = chosen[i];
        return {
          type: 'Input.ChoiceSet', id: rankInputId(field.id, i + 1), label: `${i === 0 ? `${field.label} ` : ''}${i + 1}.`,
          isRequired: mandatory, ...(mandatory ? { errorMessage: t(o.locale, 'validation.required') } : {}),
          style: 'compact', choices: choices(field), ...(value ? { value } : {}),
        };
      });
    }
    case 'rating': {
      const top = field.scale === '1-5' ? 5 : 10;
      const bottom = field.scale === '1-5' ? 1 : 0;
      const options = Array.from({ length: top - bottom + 1 }, (_, i) => {
        const n = bottom + i;
        const title = n === bottom && field.lowLabel ? `${n} – ${field.lowLabel}` : n === top && field.highLabel ? `${n} – ${field.highLabel}` : String(n);
        return { title, value: String(n) };
      });
      const value = asText(entered) ?? (field.initial !== undefined ? String(field.initial) : undefined);
      return [{ type: 'Input.ChoiceSet', ...base, style: top === 5 ? 'expanded' : 'compact', choices: options, ...(value !== undefined ? { value } : {}) }];
    }
    case 'date': {
      const value = asText(entered) ?? field.initial;
      return [{ type: 'Input.Date', ...base, ...(field.min ? { min: field.min } : {}), ...(field.max ? { max: field.max } : {}), ...(value ? { value } : {}) }];
    }
    case 'person': {
      // Teams' directory picker (Data.Query) needs cards 1.6; a filtered choice set of the
      // workspace's people the bot knows stays within 1.5, and only they can be resolved anyway.
      const people = o.people ?? [];
      // Pre-filled with person ids or, from the surveys, platform user ids already.
      const initial = (field.initial ?? []).map((id) => o.lookup(id)?.platformUserId ?? id);
      const value = asText(entered) ?? (initial.length > 0 ? initial.join(',') : undefined);
      if (people.length === 0) {
        // Nobody to offer yet (no one else has installed the app): a plain text input, which the
        // core validates like any other answer.
        return [{ type: 'Input.Text', ...base, ...placeholder, maxLength: 2_000, ...(value ? { value } : {}) }];
      }
      const options = people.map((p) => ({ title: p.displayName, value: p.platformUserId }));
      return [{ type: 'Input.ChoiceSet', ...base, ...placeholder, isMultiSelect: field.multiple, style: 'filtered', choices: options, ...(value ? { value } : {}) }];
    }
    case 'checkbox': {
      const value = entered !== undefined ? String(entered) === 'true' : field.initial ?? false;
      return [{ type: 'Input.Toggle', ...base, title: field.label, valueOn: 'true', valueOff: 'false', value: value ? 'true' : 'false' }];
    }
  }
}

export function renderForm(form: Form, o: FormRenderOptions): AdaptiveCard {
  const mentions: MentionEntity[] = [];
  // The core already writes "Title (2/4)" into a step's title.
  const body: AcElement[] = [plainBlock(form.title, { size: 'Medium', weight: 'Bolder' })];
  if (form.intro) {
    const intro = richTextBlocks(form.intro, o.lookup);
    mentions.push(...intro.mentions);
    body.push(...intro.blocks);
  }
  const formError = o.errors?.[FORM_ERROR];
  if (formError) body.push(plainBlock(formError, { color: 'Attention', weight: 'Bolder' }));
  const shapes: Record<string, FieldShape> = {};
  for (const field of form.fields) {
    shapes[field.id] = fieldShape(field);
    body.push(...inputs(field, o));
    if (field.help) body.push(plainBlock(field.help, { isSubtle: true, size: 'Small', spacing: 'None' }));
    const error = o.errors?.[field.id];
    if (error) body.push(plainBlock(error, { color: 'Attention', spacing: 'None' }));
  }
  const data: SubmitData = { mentor: 'submit', ref: form.ref, form: form.id, shapes };
  const submit: AcAction = {
    type: 'Action.Execute', title: form.submitLabel, verb: VERB_SUBMIT, style: 'positive', data: { ...data },
    fallback: { type: 'Action.Submit', title: form.submitLabel, style: 'positive', data: { ...data } },
  };
  return adaptiveCard(body, [submit], mentions);
}
