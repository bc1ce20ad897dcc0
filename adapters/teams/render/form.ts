// A neutral Form step as an Adaptive Card with Input.* elements. Required inputs are checked by
// Teams before sending (isRequired + errorMessage) and again by the core, whose messages come
// back per field and are shown under each input, with the person's answers kept.
// Every card stays under Teams' message size (size.ts) by design: option lists that make the
// card too big become type-ahead searches the bot serves (`choices.data` of type Data.Query,
// answered through the `application/search` invoke, search.ts), largest first; person fields
// are always such a search; a step still too big is shown in parts, one card after the other
// (the bot keeps the parts already answered and submits the whole step to the core at the end).
import type { Form, FormField, PersonField } from '../../../src/ui/form.ts';
import type { Locale } from '../../../src/ui/i18n/catalog.ts';
import { t } from '../../../src/ui/i18n/t.ts';
import { FORM_ERROR, MAX_PERSON_ID } from '../../../src/ui/validate-form.ts';
import { adaptiveCard, VERB_SUBMIT, type AcAction, type AcElement, type AdaptiveCard, type Json, type MentionEntity } from './adaptive-card.ts';
import { plainBlock, richTextBlocks, type MentionLookup } from './rich-text.ts';
import { CARD_BUDGET_BYTES, jsonBytes } from './size.ts';

/** How a field's card inputs turn back into one raw value (see form-values.ts). */
export type FieldShape = 'text' | 'list' | 'bool' | `ranked:${number}`;

export interface SubmitData {
  readonly mentor: 'submit';
  readonly ref: string;
  /** The step's form id: the steps of one flow share their ref. */
  readonly form: string;
  readonly shapes: Readonly<Record<string, FieldShape>>;
  /** A step shown in parts: which part this card is (1-based) and how many there are. */
  readonly part?: number;
  readonly parts?: number;
}

export interface FormRenderOptions {
  readonly locale: Locale;
  readonly lookup: MentionLookup;
  /** Per field id, from the core (already translated); FORM_ERROR for the whole form. */
  readonly errors?: Readonly<Record<string, string>>;
  /** What the person entered, shown again next to the errors (raw values by field id). */
  readonly entered?: Readonly<Record<string, unknown>>;
  /** Names of people already picked in person fields, by platform user id (the search finds the others). */
  readonly personNames?: ReadonlyMap<string, string>;
  /** Which part of a step too big for one card to show (1-based; default the first). */
  readonly part?: number;
  /** Tests: the size budget of one card's activity. */
  readonly budgetBytes?: number;
}

/** The dataset a person field searches: everyone the bot knows in the workspace (and the directory, with Graph). */
export const PEOPLE_DATASET = 'mentor.people';
/** The same, without the person searching (people to avoid, one's manager). */
export const OTHER_PEOPLE_DATASET = 'mentor.people.others';
const OPTIONS_DATASET = 'mentor.options';
/** Teams shows at most 15 results of a type-ahead search. */
export const SEARCH_PAGE = 15;

/** The dataset of a field's options: the form (by its ref and id) and the field, found again by the search. */
export function optionsDataset(form: Pick<Form, 'id' | 'ref'>, fieldId: string): string {
  return `${OPTIONS_DATASET}|${form.id}|${fieldId}|${form.ref}`;
}

export function parseOptionsDataset(dataset: string): { formId: string; fieldId: string; ref: string } | undefined {
  const parts = dataset.split('|');
  if (parts.length < 4 || parts[0] !== OPTIONS_DATASET) return undefined;
  const [, formId, fieldId, ...ref] = parts;
  return formId && fieldId && ref.join('|') ? { formId, fieldId, ref: ref.join('|') } : undefined;
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

type OptionField = Extract<FormField, { options: readonly unknown[] }>;
const hasOptions = (field: FormField): field is OptionField => 'options' in field;

const optionTitle = (o: { label: string; description?: string }): string => (o.description ? `${o.label} (${o.description})` : o.label);

function choices(field: OptionField): Json {
  return field.options.map((o) => ({ title: optionTitle(o), value: o.value }));
}

/** A type-ahead: only the chosen values are written in the card (so their names show); the rest is searched. */
function searchedChoices(field: OptionField, chosen: readonly string[]): Json {
  return chosen.flatMap((value) => {
    const option = field.options.find((o) => o.value === value);
    return option ? [{ title: optionTitle(option), value }] : [];
  });
}

const listOf = (value: string | undefined): string[] => (value ? value.split(',').map((v) => v.trim()).filter(Boolean) : []);

// What a form shows again of a value (entered, or kept from an earlier part of the step) is what
// the field can hold. Only a crafted submission carries more than the clients let through (the
// endpoint takes up to 1 MB), and the card must stay within Teams' size whatever it carries.

/** The most of one text a card shows again, in UTF-8 bytes (a whole card is CARD_BUDGET_BYTES). */
const MOST_TEXT_BYTES = 16 * 1024;

/** A text as shown: whole when too long, for the core's error to name, up to MOST_TEXT_BYTES; cut there. */
function shownText(value: string | undefined): string | undefined {
  // A UTF-16 unit is at most 3 bytes of UTF-8 (a pair of them 4).
  if (value === undefined || 3 * value.length <= MOST_TEXT_BYTES) return value;
  let bytes = 0, end = 0;
  while (end < value.length) {
    const cp = value.codePointAt(end)!;
    const size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    if (bytes + size > MOST_TEXT_BYTES) break;
    bytes += size;
    end += cp < 0x10000 ? 1 : 2;
  }
  return value.slice(0, end);
}

/** The field's own options among the values, each once, in the order given. */
function knownOptions(field: OptionField, values: readonly string[]): string[] {
  const known = new Set(field.options.map((o) => o.value));
  const out: string[] = [];
  for (const v of values) {
    if (out.length === known.size) break;
    if (known.has(v) && !out.includes(v)) out.push(v);
  }
  return out;
}

const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Shown for a multiple person field that sets no maximum (every field the bot asks sets one). */
const MOST_PEOPLE_SHOWN = 100;

/**
 * The people a person field shows as picked: distinct ids no longer than an id can be, no more
 * than the field takes, the first ones entered; neither the card nor the name lookup grows with
 * what was entered.
 */
export function shownPeople(field: PersonField, value: string | undefined): string[] {
  const most = field.multiple ? field.maxSelected ?? MOST_PEOPLE_SHOWN : 1;
  const ids: string[] = [];
  for (const part of value?.split(',') ?? []) {
    if (ids.length === most) break;
    const id = part.trim();
    if (id !== '' && id.length <= MAX_PERSON_ID && !ids.includes(id)) ids.push(id);
  }
  return ids;
}

interface FieldContext {
  readonly form: Form;
  readonly o: FormRenderOptions;
  /** Option fields shown as a type-ahead search instead of a full list. */
  readonly searched: ReadonlySet<string>;
}

function inputs(field: FormField, c: FieldContext): AcElement[] {
  const { o } = c;
  const required = field.required;
  const base = {
    id: field.id, label: field.label, isRequired: required,
    ...(required ? { errorMessage: t(o.locale, 'validation.required') } : {}),
  };
  const entered = o.entered?.[field.id];
  const placeholder = field.placeholder ? { placeholder: field.placeholder } : {};
  const searched = c.searched.has(field.id);
  const search = (dataset: string) => ({ style: 'filtered', 'choices.data': { type: 'Data.Query', dataset } });
  const searchPlaceholder = field.placeholder ?? t(o.locale, 'form.search_placeholder');
  switch (field.kind) {
    case 'short_text': case 'long_text': {
      const value = shownText(asText(entered) ?? field.initial);
      // A value longer than the field allows (stored before a limit was lowered, or just typed) is
      // shown whole, for the core's "too long" error to name, rather than cut by the client; only
      // past what a card can carry is it cut (shownText).
      const maxLength = Math.max(field.maxLength, value?.length ?? 0);
      return [{ type: 'Input.Text', ...base, ...placeholder, maxLength, isMultiline: field.kind === 'long_text', ...(value !== undefined ? { value } : {}) }];
    }
    case 'number': {
      const value = entered !== undefined ? Number(entered) : field.initial;
      return [{ type: 'Input.Number', ...base, ...placeholder, ...(field.min !== undefined ? { min: field.min } : {}), ...(field.max !== undefined ? { max: field.max } : {}), ...(value !== undefined && Number.isFinite(value) ? { value } : {}) }];
    }
    case 'single_select': {
      const value = knownOptions(field, [asText(entered) ?? field.initial ?? ''])[0];
      if (searched) {
        return [{ type: 'Input.ChoiceSet', ...base, placeholder: searchPlaceholder, ...search(optionsDataset(c.form, field.id)), choices: searchedChoices(field, listOf(value)), ...(value !== undefined ? { value } : {}) }];
      }
      return [{ type: 'Input.ChoiceSet', ...base, ...placeholder, style: field.options.length <= 4 ? 'expanded' : 'compact', choices: choices(field), ...(value !== undefined ? { value } : {}) }];
    }
    case 'multi_select': {
      const value = knownOptions(field, listOf(asText(entered) ?? field.initial?.join(','))).join(',');
      if (searched) {
        return [{ type: 'Input.ChoiceSet', ...base, placeholder: searchPlaceholder, isMultiSelect: true, ...search(optionsDataset(c.form, field.id)), choices: searchedChoices(field, listOf(value)), ...(value ? { value } : {}) }];
      }
      return [{ type: 'Input.ChoiceSet', ...base, ...placeholder, isMultiSelect: true, style: field.options.length <= 8 ? 'expanded' : 'compact', choices: choices(field), ...(value ? { value } : {}) }];
    }
    case 'ranked': {
      // Cards have no ordering input: one drop-down per rank, best first.
      const chosen = (Array.isArray(entered) ? entered.slice(0, field.maxRanked).map(String) : field.initial ?? [])
        .map((v) => knownOptions(field, [v])[0]);
      const min = field.minRanked ?? (required ? 1 : 0);
      return Array.from({ length: field.maxRanked }, (_, i): AcElement => {
        const mandatory = i < min;
        const value = chosen[i];
        const list = searched
          ? { placeholder: searchPlaceholder, ...search(optionsDataset(c.form, field.id)), choices: searchedChoices(field, value ? [value] : []) }
          : { style: 'compact', choices: choices(field) };
        return {
          type: 'Input.ChoiceSet', id: rankInputId(field.id, i + 1), label: `${i === 0 ? `${field.label} ` : ''}${i + 1}.`,
          isRequired: mandatory, ...(mandatory ? { errorMessage: t(o.locale, 'validation.required') } : {}),
          ...list, ...(value ? { value } : {}),
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
      const given = asText(entered) ?? (field.initial !== undefined ? String(field.initial) : undefined);
      const value = options.some((x) => x.value === given) ? given : undefined;
      return [{ type: 'Input.ChoiceSet', ...base, style: top === 5 ? 'expanded' : 'compact', choices: options, ...(value !== undefined ? { value } : {}) }];
    }
    case 'date': {
      const given = asText(entered) ?? field.initial;
      const value = given !== undefined && CALENDAR_DATE.test(given) ? given : undefined;
      return [{ type: 'Input.Date', ...base, ...(field.min ? { min: field.min } : {}), ...(field.max ? { max: field.max } : {}), ...(value ? { value } : {}) }];
    }
    case 'person': {
      // A type-ahead over everyone the bot knows in the workspace (and the organisation's
      // directory when Graph search is set up), served by the bot: any number of people, and the
      // card's size does not grow with them. Only the people already picked are written in it.
      // Pre-filled with person ids or, from the surveys, platform user ids already.
      const initial = (field.initial ?? []).map((id) => o.lookup(id)?.platformUserId ?? id);
      const ids = shownPeople(field, asText(entered) ?? (initial.length > 0 ? initial.join(',') : undefined));
      const value = ids.length > 0 ? ids.join(',') : undefined;
      const picked = ids.map((id) => ({ title: o.personNames?.get(id) ?? nameFromLookup(initial, field.initial ?? [], id, o.lookup) ?? id, value: id }));
      return [{
        type: 'Input.ChoiceSet', ...base, placeholder: field.placeholder ?? t(o.locale, 'form.people_placeholder'), isMultiSelect: field.multiple,
        ...search(field.excludeSelf ? OTHER_PEOPLE_DATASET : PEOPLE_DATASET), choices: picked, ...(value ? { value } : {}),
      }];
    }
    case 'checkbox': {
      // The label says what is asked; the box beside it only says yes (the same text twice
      // read as a stutter).
      const value = entered !== undefined ? String(entered) === 'true' : field.initial ?? false;
      return [{ type: 'Input.Toggle', ...base, title: t(o.locale, 'form.checkbox_on'), valueOn: 'true', valueOff: 'false', value: value ? 'true' : 'false' }];
    }
  }
}

function nameFromLookup(platformIds: readonly string[], personIds: readonly string[], id: string, lookup: MentionLookup): string | undefined {
  const index = platformIds.indexOf(id);
  return index >= 0 ? lookup(personIds[index] ?? '')?.displayName : undefined;
}

function fieldElements(field: FormField, c: FieldContext): AcElement[] {
  const out = inputs(field, c);
  if (field.help) out.push(plainBlock(field.help, { isSubtle: true, size: 'Small', spacing: 'None' }));
  const error = c.o.errors?.[field.id];
  if (error) out.push(plainBlock(error, { color: 'Attention', spacing: 'None' }));
  return out;
}

interface Part { readonly fields: readonly FormField[]; readonly index: number; readonly count: number }

function partCard(form: Form, c: FieldContext, part: Part): AdaptiveCard {
  const { o } = c;
  const mentions: MentionEntity[] = [];
  // The core already writes "Title (2/4)" into a step's title.
  const body: AcElement[] = [plainBlock(form.title, { size: 'Medium', weight: 'Bolder' })];
  const last = part.index === part.count;
  if (part.count > 1) {
    const text = last
      ? t(o.locale, 'form.part_last', { index: part.index, count: part.count })
      : t(o.locale, 'form.part', { index: part.index, count: part.count, next: t(o.locale, 'form.next') });
    body.push(plainBlock(text, { isSubtle: true, spacing: 'None' }));
  }
  if (form.intro && part.index === 1) {
    const intro = richTextBlocks(form.intro, o.lookup);
    mentions.push(...intro.mentions);
    body.push(...intro.blocks);
  }
  const formError = o.errors?.[FORM_ERROR];
  if (formError) body.push(plainBlock(formError, { color: 'Attention', weight: 'Bolder' }));
  const shapes: Record<string, FieldShape> = {};
  for (const field of part.fields) {
    shapes[field.id] = fieldShape(field);
    body.push(...fieldElements(field, c));
  }
  const data: SubmitData = { mentor: 'submit', ref: form.ref, form: form.id, shapes, ...(part.count > 1 ? { part: part.index, parts: part.count } : {}) };
  const title = last ? form.submitLabel : t(o.locale, 'form.next');
  const submit: AcAction = {
    type: 'Action.Execute', title, verb: VERB_SUBMIT, style: 'positive', data: { ...data },
    fallback: { type: 'Action.Submit', title, style: 'positive', data: { ...data } },
  };
  return adaptiveCard(body, [submit], mentions);
}

/** The size of a card as Teams receives it: the message activity carrying it. */
export function cardActivityBytes(card: AdaptiveCard): number {
  return jsonBytes({ type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }] });
}

/** Bytes the option lists of a field write in the card when shown whole. */
const listBytes = (field: OptionField): number => jsonBytes(choices(field)) * (field.kind === 'ranked' ? field.maxRanked : 1);

/** Option lists shorter than this stay lists: a search for three choices helps nobody. */
const MIN_SEARCHED_OPTIONS = 8;

export interface FormLayout {
  /** The step's cards: one, or its parts in order. */
  readonly cards: readonly AdaptiveCard[];
  /** The part (1-based) each field is in. */
  readonly partOf: ReadonlyMap<string, number>;
  /** Option fields shown as a type-ahead search. */
  readonly searched: ReadonlySet<string>;
}

/**
 * The step as cards within the budget: whole if it fits; else with its longest option lists as
 * searches, largest first, until it fits; else in parts, fields kept in order, each part as full
 * as the budget allows. Deterministic: the same form and options give the same layout, so a
 * part submitted is matched with the fields it showed.
 */
export function layoutForm(form: Form, o: FormRenderOptions): FormLayout {
  const budget = o.budgetBytes ?? CARD_BUDGET_BYTES;
  const searched = new Set<string>();
  const whole = (): AdaptiveCard => partCard(form, { form, o, searched }, { fields: form.fields, index: 1, count: 1 });
  let card = whole();
  const candidates = form.fields.filter(hasOptions).filter((f) => f.options.length >= MIN_SEARCHED_OPTIONS)
    .sort((a, b) => listBytes(b) - listBytes(a));
  while (cardActivityBytes(card) > budget && candidates.length > 0) {
    searched.add(candidates.shift()!.id);
    card = whole();
  }
  if (cardActivityBytes(card) <= budget || form.fields.length <= 1) {
    return { cards: [card], partOf: new Map(form.fields.map((f) => [f.id, 1])), searched };
  }
  // Parts: a field joins the current part while the part (counted as a middle part, the largest
  // header) stays within the budget; a field alone always makes a part. Short lists searched above
  // in vain go back to plain lists: only lists too big to share a card stay searches.
  for (const id of [...searched]) {
    const field = form.fields.find((f) => f.id === id);
    if (field && hasOptions(field) && listBytes(field) <= budget / 4) searched.delete(id);
  }
  const c: FieldContext = { form, o, searched };
  const groups: FormField[][] = [];
  let current: FormField[] = [];
  for (const field of form.fields) {
    const trial = [...current, field];
    const size = cardActivityBytes(partCard(form, c, { fields: trial, index: groups.length === 0 ? 1 : 2, count: 3 }));
    if (current.length > 0 && size > budget) {
      groups.push(current);
      current = [field];
    } else {
      current = trial;
    }
  }
  groups.push(current);
  const cards = groups.map((fields, i) => partCard(form, c, { fields, index: i + 1, count: groups.length }));
  const partOf = new Map<string, number>();
  groups.forEach((fields, i) => fields.forEach((f) => partOf.set(f.id, i + 1)));
  return { cards, partOf, searched };
}

/** The card of one part of the step (the first by default; the whole step when it fits one card). */
export function renderForm(form: Form, o: FormRenderOptions): AdaptiveCard {
  const { cards } = layoutForm(form, o);
  const index = Math.min(Math.max(o.part ?? 1, 1), cards.length);
  return cards[index - 1]!;
}
