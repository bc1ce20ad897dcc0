// The SMART goal form shared by both members of a pair: what, how it is measured, by when, and
// the article's two other questions, what makes it achievable and why it is relevant (optional:
// a pair may fill them in later, when it edits the goal).
import type { Form, FormValues } from '../../ui/form.ts';
import type { Locale } from '../../ui/i18n/catalog.ts';
import { t } from '../../ui/i18n/t.ts';
import { richText } from '../../ui/rich-text.ts';

export interface GoalInput {
  readonly title: string;
  readonly measure: string;
  /** YYYY-MM-DD */
  readonly targetDate: string;
  /** Null when left empty. */
  readonly achievable?: string | null;
  readonly relevant?: string | null;
}

export interface GoalFormContext {
  readonly locale: Locale;
  readonly ref: string;
  /** Today in the person's zone, YYYY-MM-DD: a target date cannot be in the past. */
  readonly today: string;
}

export function goalForm(ctx: GoalFormContext, previous?: GoalInput): Form {
  const l = ctx.locale;
  return {
    kind: 'form', id: 'goal', ref: ctx.ref, title: t(l, 'goal.form.title'), submitLabel: t(l, 'goal.form.submit'),
    intro: richText(t(l, 'goal.form.intro')),
    fields: [
      { kind: 'long_text', id: 'title', label: t(l, 'goal.what.label'), help: t(l, 'goal.what.help'), required: true, maxLength: 200, ...(previous ? { initial: previous.title } : {}) },
      { kind: 'long_text', id: 'measure', label: t(l, 'goal.measure.label'), help: t(l, 'goal.measure.help'), required: true, maxLength: 300, ...(previous ? { initial: previous.measure } : {}) },
      { kind: 'long_text', id: 'achievable', label: t(l, 'goal.achievable.label'), help: t(l, 'goal.achievable.help'), required: false, maxLength: 300, ...(previous?.achievable ? { initial: previous.achievable } : {}) },
      { kind: 'long_text', id: 'relevant', label: t(l, 'goal.relevant.label'), help: t(l, 'goal.relevant.help'), required: false, maxLength: 300, ...(previous?.relevant ? { initial: previous.relevant } : {}) },
      { kind: 'date', id: 'targetDate', label: t(l, 'goal.target.label'), required: true, min: ctx.today, ...(previous ? { initial: previous.targetDate } : {}) },
    ],
  };
}

/** Values already validated against goalForm. */
export function goalFromValues(values: FormValues): GoalInput {
  const optional = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
  return {
    title: String(values.title), measure: String(values.measure), targetDate: String(values.targetDate),
    achievable: optional(values.achievable), relevant: optional(values.relevant),
  };
}
