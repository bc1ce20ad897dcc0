// Catalog entry shapes. A plain string, or plural forms picked with Intl.PluralRules by the
// `count` parameter. Placeholders are written {name}.

export const LOCALES = ['en', 'fr'] as const;
export type Locale = (typeof LOCALES)[number];

export interface PluralEntry {
  readonly zero?: string;
  readonly one?: string;
  readonly two?: string;
  readonly few?: string;
  readonly many?: string;
  readonly other: string;
}

export type Entry = string | PluralEntry;

type Placeholders<S> = S extends `${string}{${infer P}}${infer R}` ? P | Placeholders<R> : never;

/** Names of the parameters an entry needs: its placeholders, plus `count` for plurals. */
export type EntryParams<E> = E extends string
  ? Placeholders<E>
  : E extends PluralEntry ? Placeholders<E[keyof E]> | 'count' : never;

export type ParamValue = string | number;
