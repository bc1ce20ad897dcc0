// The closing form (issue 17): my wins and what I learnt, private to me and kept in my wins log,
// and an optional word for my partner, the one field shared (and labelled so, naming them).
import type { Form, FormValues } from '../../ui/form.ts';
import type { Locale } from '../../ui/i18n/catalog.ts';
import { t } from '../../ui/i18n/t.ts';
import { richText } from '../../ui/rich-text.ts';

export interface ClosingAnswer {
  /** Private: its author's wins log only. */
  readonly wins: string;
  /** Private. */
  readonly learnt: string | null;
  /** Shared: the partner receives it once. */
  readonly partnerWord: string | null;
}

export function closingForm(locale: Locale, ref: string, partnerName: string): Form {
  const partner = { name: partnerName };
  return {
    kind: 'form', id: 'closing', ref, title: t(locale, 'closing.form.title'), submitLabel: t(locale, 'closing.form.submit'),
    intro: richText(t(locale, 'closing.form.intro', partner)),
    fields: [
      { kind: 'long_text', id: 'wins', label: t(locale, 'closing.wins.label'), help: t(locale, 'closing.wins.help'), required: true, maxLength: 2000 },
      { kind: 'long_text', id: 'learnt', label: t(locale, 'closing.learnt.label'), help: t(locale, 'closing.learnt.help'), required: false, maxLength: 2000 },
      { kind: 'long_text', id: 'partnerWord', label: t(locale, 'closing.word.label', partner), help: t(locale, 'closing.word.help', partner), required: false, maxLength: 1000 },
    ],
  };
}

/** Values already validated against closingForm. */
export function closingFromValues(values: FormValues): ClosingAnswer {
  const text = (id: string): string | null => {
    const value = values[id];
    return typeof value === 'string' && value.trim() !== '' ? value : null;
  };
  return { wins: text('wins') ?? '', learnt: text('learnt'), partnerWord: text('partnerWord') };
}
