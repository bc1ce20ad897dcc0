// The evaluation pulse (SPEC §7). Read only in aggregate, which the intro says up front.
import type { Form, FormValues } from '../../ui/form.ts';
import type { Locale } from '../../ui/i18n/catalog.ts';
import { t } from '../../ui/i18n/t.ts';
import { richText } from '../../ui/rich-text.ts';

export interface PulseAnswer {
  readonly satisfaction: number;
  readonly relationship: number;
  readonly progress: number;
  readonly recommend: number;
  readonly comment?: string;
}

export function pulseForm(ctx: { readonly locale: Locale; readonly ref: string }): Form {
  const l = ctx.locale;
  const fivePoint = { kind: 'rating', scale: '1-5', required: true, lowLabel: t(l, 'pulse.rating.low'), highLabel: t(l, 'pulse.rating.high') } as const;
  return {
    kind: 'form', id: 'pulse', ref: ctx.ref, title: t(l, 'pulse.form.title'), submitLabel: t(l, 'pulse.form.submit'),
    intro: richText(t(l, 'pulse.form.intro')),
    fields: [
      { ...fivePoint, id: 'satisfaction', label: t(l, 'pulse.satisfaction.label') },
      { ...fivePoint, id: 'relationship', label: t(l, 'pulse.relationship.label') },
      { ...fivePoint, id: 'progress', label: t(l, 'pulse.progress.label') },
      {
        kind: 'rating', scale: '0-10', required: true, id: 'recommend', label: t(l, 'pulse.recommend.label'),
        lowLabel: t(l, 'pulse.recommend.low'), highLabel: t(l, 'pulse.recommend.high'),
      },
      { kind: 'long_text', id: 'comment', label: t(l, 'pulse.comment.label'), help: t(l, 'pulse.comment.help'), required: false, maxLength: 1000 },
    ],
  };
}

/** Values already validated against pulseForm. */
export function pulseFromValues(values: FormValues): PulseAnswer {
  const answer = {
    satisfaction: Number(values.satisfaction), relationship: Number(values.relationship),
    progress: Number(values.progress), recommend: Number(values.recommend),
  };
  return typeof values.comment === 'string' ? { ...answer, comment: values.comment } : answer;
}
