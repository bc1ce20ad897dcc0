// Translation lookup. Keys are checked by TypeScript against the English catalog, and the
// parameters each key needs are derived from its placeholders, so a missing or misspelt
// parameter does not compile. Write keys as literals at the call site: the catalog test greps for them.
import type { EntryParams, Locale, ParamValue, PluralEntry } from './catalog.ts';
import { en } from './en.ts';
import { formatNumber } from './format.ts';
import { fr } from './fr.ts';

export type MessageKey = keyof typeof en;
export type MessageParams<K extends MessageKey> = Readonly<Record<EntryParams<(typeof en)[K]>, ParamValue>>;
type ParamArgs<K extends MessageKey> = [EntryParams<(typeof en)[K]>] extends [never] ? [] : [params: MessageParams<K>];

const catalogs = { en, fr } as const;
const pluralRules = new Map<Locale, Intl.PluralRules>();

function pluralCategory(locale: Locale, count: number): Intl.LDMLPluralRule {
  let rules = pluralRules.get(locale);
  if (!rules) {
    rules = new Intl.PluralRules(locale);
    pluralRules.set(locale, rules);
  }
  return rules.select(count);
}

function interpolate(locale: Locale, template: string, params: Readonly<Record<string, ParamValue>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? formatNumber(locale, value) : value;
  });
}

export function t<K extends MessageKey>(locale: Locale, key: K, ...args: ParamArgs<K>): string {
  const params: Readonly<Record<string, ParamValue>> = args[0] ?? {};
  const entry = catalogs[locale]?.[key] ?? en[key];
  // Keys can reach here untyped (e.g. read back from stored data): show the key, never crash.
  if (entry === undefined) return String(key);
  if (typeof entry === 'string') return interpolate(locale, entry, params);
  const forms = entry as PluralEntry;
  const count = Number(params.count ?? 0);
  const category = count === 0 && forms.zero !== undefined ? 'zero' : pluralCategory(locale, count);
  return interpolate(locale, forms[category] ?? forms.other, params);
}

/** A translator bound to one locale, for code that writes many strings at once. */
export type Translate = <K extends MessageKey>(key: K, ...args: ParamArgs<K>) => string;

export function translator(locale: Locale): Translate {
  return (key, ...args) => t(locale, key, ...args);
}
