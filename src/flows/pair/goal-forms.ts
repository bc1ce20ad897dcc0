// The SMART goal form (what, how it is measured, by when) shared by both members of a pair.
import type { Form, FormValues } from '../../ui/form.ts';
import type { Locale } from '../../ui/i18n/catalog.ts';
import { t } from '../../ui/i18n/t.ts';
import { richText } from '../../ui/rich-text.ts';

export interface GoalInput {
  readonly title: string;
  readonly measure: string;
  /** YYYY-MM-DD */
  readonly targetDate: string;
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
      { kind: 'date', id: 'targetDate', label: t(l, 'goal.target.label'), required: true, min: ctx.today, ...(previous ? { initial: previous.targetDate } : {}) },
    ],
  };
}

/** Values already validated against goalForm. */
export function goalFromValues(values: FormValues): GoalInput {
  return { title: String(values.title), measure: String(values.measure), targetDate: String(values.targetDate) };
}
