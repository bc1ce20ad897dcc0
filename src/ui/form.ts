// Neutral forms: Slack modals and Teams Adaptive Cards are both rendered from these. A survey
// is a FormFlow of several steps because a Slack modal holds at most 100 blocks and a Teams card
// has a payload size limit; MAX_FIELDS_PER_STEP keeps every step comfortably inside both.
import type { RichText } from './rich-text.ts';

export const MAX_FIELDS_PER_STEP = 20;
/**
 * The longest value a text input takes on every platform (Slack's plain_text_input holds 3,000
 * characters). A text field never asks for more, and its initial value always fits: a platform
 * would otherwise cut it, and an unchanged submission would lose the rest.
 */
export const MAX_TEXT_LENGTH = 3000;
export const MAX_OPTIONS = 100;

export interface SelectOption {
  readonly value: string;
  readonly label: string;
  readonly description?: string;
}

interface FieldBase {
  /** Unique within the form flow; the key of the submitted value. */
  readonly id: string;
  readonly label: string;
  readonly required: boolean;
  readonly help?: string;
  readonly placeholder?: string;
}

export interface ShortTextField extends FieldBase {
  readonly kind: 'short_text';
  readonly maxLength: number;
  readonly minLength?: number;
  readonly initial?: string;
}

export interface LongTextField extends FieldBase {
  readonly kind: 'long_text';
  readonly maxLength: number;
  readonly minLength?: number;
  readonly initial?: string;
}

export interface NumberField extends FieldBase {
  readonly kind: 'number';
  readonly min?: number;
  readonly max?: number;
  readonly integer: boolean;
  readonly initial?: number;
}

export interface SingleSelectField extends FieldBase {
  readonly kind: 'single_select';
  readonly options: readonly SelectOption[];
  readonly initial?: string;
}

export interface MultiSelectField extends FieldBase {
  readonly kind: 'multi_select';
  readonly options: readonly SelectOption[];
  readonly minSelected?: number;
  readonly maxSelected?: number;
  readonly initial?: readonly string[];
}

/** Pick and order up to maxRanked of the options; the value is the ordered list, best first. */
export interface RankedField extends FieldBase {
  readonly kind: 'ranked';
  readonly options: readonly SelectOption[];
  readonly maxRanked: number;
  readonly minRanked?: number;
  readonly initial?: readonly string[];
}

export interface RatingField extends FieldBase {
  readonly kind: 'rating';
  /** 1–5 (satisfaction, usefulness) or 0–10 (would you recommend). */
  readonly scale: '1-5' | '0-10';
  readonly lowLabel?: string;
  readonly highLabel?: string;
  readonly initial?: number;
}

/** A calendar date, YYYY-MM-DD, with optional inclusive bounds in the same form. */
export interface DateField extends FieldBase {
  readonly kind: 'date';
  readonly min?: string;
  readonly max?: string;
  readonly initial?: string;
}

/** Platform users picked by the adapter's native picker; values are person ids after the adapter resolved them. */
export interface PersonField extends FieldBase {
  readonly kind: 'person';
  readonly multiple: boolean;
  readonly maxSelected?: number;
  readonly initial?: readonly string[];
  /**
   * The person answering cannot be picked (people to avoid, one's manager): a picker that can
   * leave them out does; the flow refuses them anyway.
   */
  readonly excludeSelf?: boolean;
}

/** With required: true the box must be checked (e.g. the confidentiality charter). */
export interface CheckboxField extends FieldBase {
  readonly kind: 'checkbox';
  readonly initial?: boolean;
}

export type FormField =
  | ShortTextField | LongTextField | NumberField | SingleSelectField | MultiSelectField
  | RankedField | RatingField | DateField | PersonField | CheckboxField;

export type FieldKind = FormField['kind'];

export interface Form {
  readonly kind: 'form';
  readonly id: string;
  readonly title: string;
  readonly submitLabel: string;
  readonly intro?: RichText;
  readonly fields: readonly FormField[];
  /** Signed action reference sent back with the submission (action-ref.ts). */
  readonly ref: string;
  /** 1-based position in its flow, for "Step 2 of 4" and for the adapter's back/next logic. */
  readonly step?: { readonly index: number; readonly count: number };
}

/**
 * A form split into steps. Each step is validated on its own submission; the flow keeps the
 * validated values of the earlier steps and merges them before the final conversion.
 */
export interface FormFlow {
  readonly kind: 'form_flow';
  readonly id: string;
  readonly steps: readonly Form[];
}

/** Typed value of a validated field: text, date (YYYY-MM-DD), single select → string; number, rating → number; multi select, ranked, person → string[]; checkbox → boolean. */
export type FieldValue = string | number | boolean | readonly string[];

/** Validated values; an optional field left empty is absent. */
export type FormValues = Readonly<Record<string, FieldValue>>;

export function formFlow(id: string, steps: readonly Omit<Form, 'step'>[]): FormFlow {
  return {
    kind: 'form_flow',
    id,
    steps: steps.map((s, i) => ({ ...s, step: { index: i + 1, count: steps.length } })),
  };
}
