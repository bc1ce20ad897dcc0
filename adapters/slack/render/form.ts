// Neutral forms → Slack modals. Each field is an input block whose block_id is the field id, so
// the core's per-field errors map straight onto `response_action: errors`; the form's signed ref
// rides in private_metadata and is all a submission is trusted with.
import type { Form, FormField, SelectOption } from '../../../src/ui/form.ts';
import { plain, textBlocks, type SlackBlock } from './card.ts';
import { clip } from '../../../src/ui/clip.ts';
import { length, SLACK_LIMITS } from './limits.ts';
import type { MentionResolver } from './rich-text.ts';

export const FORM_CALLBACK_ID = 'mb.form';
/** Action id of every input element; ranked fields use one select per rank with RANK_ACTION. */
export const VALUE_ACTION = 'v';
export const RANK_ACTION = 'rank';
export const RANK_SEPARATOR = '#';
export const CHECKED = 'on';

export interface ModalView {
  type: 'modal';
  callback_id: string;
  private_metadata: string;
  title: ReturnType<typeof plain>;
  submit: ReturnType<typeof plain>;
  blocks: SlackBlock[];
}

function option(o: SelectOption): Record<string, unknown> {
  return {
    text: plain(o.label, SLACK_LIMITS.optionText),
    value: o.value.slice(0, SLACK_LIMITS.optionValue),
    ...(o.description ? { description: plain(o.description, SLACK_LIMITS.optionDescription) } : {}),
  };
}

/** Options as Slack wants them: a flat list up to 100, pages of 100 as option groups beyond. */
function optionList(options: readonly SelectOption[]): Record<string, unknown> {
  if (options.length <= SLACK_LIMITS.options) return { options: options.map(option) };
  const groups: Record<string, unknown>[] = [];
  for (let i = 0; i < options.length && groups.length < SLACK_LIMITS.optionGroups; i += SLACK_LIMITS.options) {
    const page = options.slice(i, i + SLACK_LIMITS.options);
    groups.push({ label: plain(`${i + 1}–${i + page.length}`, SLACK_LIMITS.optionText), options: page.map(option) });
  }
  return { option_groups: groups };
}

function ratingOptions(field: Extract<FormField, { kind: 'rating' }>): SelectOption[] {
  const [low, high] = field.scale === '1-5' ? [1, 5] : [0, 10];
  const out: SelectOption[] = [];
  for (let n = low; n <= high; n += 1) {
    const label = n === low && field.lowLabel ? `${n} · ${field.lowLabel}` : n === high && field.highLabel ? `${n} · ${field.highLabel}` : String(n);
    out.push({ value: String(n), label });
  }
  return out;
}

const placeholder = (field: FormField) => (field.placeholder ? { placeholder: plain(field.placeholder, SLACK_LIMITS.placeholder) } : {});

function element(field: FormField, resolve: MentionResolver): Record<string, unknown> {
  const base = { action_id: VALUE_ACTION, ...placeholder(field) };
  switch (field.kind) {
    case 'short_text': case 'long_text': {
      // A stored value longer than the field now allows is shown whole, so the person sees it and
      // gets the field's "too long" error, rather than an unseen cut saved by an unchanged submit.
      const max = Math.min(Math.max(field.maxLength, length(field.initial ?? '')), SLACK_LIMITS.plainTextInputMax);
      return {
        type: 'plain_text_input', ...base, multiline: field.kind === 'long_text', max_length: max,
        ...(field.minLength !== undefined ? { min_length: Math.min(field.minLength, max) } : {}),
        ...(field.initial ? { initial_value: clip(field.initial, max) } : {}),
      };
    }
    case 'number': return {
      type: 'number_input', ...base, is_decimal_allowed: !field.integer,
      ...(field.min !== undefined ? { min_value: String(field.min) } : {}),
      ...(field.max !== undefined ? { max_value: String(field.max) } : {}),
      ...(field.initial !== undefined ? { initial_value: String(field.initial) } : {}),
    };
    case 'single_select': case 'rating': {
      const options = field.kind === 'rating' ? ratingOptions(field) : field.options;
      const initial = field.initial === undefined ? undefined : options.find((o) => o.value === String(field.initial));
      return { type: 'static_select', ...base, ...optionList(options), ...(initial ? { initial_option: option(initial) } : {}) };
    }
    case 'multi_select': {
      const initial = field.options.filter((o) => field.initial?.includes(o.value));
      return {
        type: 'multi_static_select', ...base, ...optionList(field.options),
        ...(field.maxSelected !== undefined ? { max_selected_items: field.maxSelected } : {}),
        ...(initial.length > 0 ? { initial_options: initial.map(option) } : {}),
      };
    }
    case 'date': return { type: 'datepicker', ...base, ...(field.initial ? { initial_date: field.initial } : {}) };
    case 'person': {
      const initial = (field.initial ?? []).map((id) => resolve(id).platformUserId).filter((u): u is string => Boolean(u));
      if (!field.multiple) return { type: 'users_select', ...base, ...(initial[0] ? { initial_user: initial[0] } : {}) };
      return {
        type: 'multi_users_select', ...base,
        ...(field.maxSelected !== undefined ? { max_selected_items: field.maxSelected } : {}),
        ...(initial.length > 0 ? { initial_users: initial } : {}),
      };
    }
    case 'checkbox': case 'ranked':
      throw new Error(`slack.render: ${field.kind} is rendered by its own function`);
  }
}

function inputBlock(blockId: string, label: string, element: Record<string, unknown>, optional: boolean, help?: string): SlackBlock {
  return {
    type: 'input', block_id: blockId.slice(0, SLACK_LIMITS.blockId), label: plain(label, SLACK_LIMITS.inputLabel), element, optional,
    ...(help ? { hint: plain(help, SLACK_LIMITS.hint) } : {}),
  };
}

function fieldBlocks(field: FormField, resolve: MentionResolver): SlackBlock[] {
  if (field.kind === 'checkbox') {
    const box = { text: plain(field.help ?? field.label, SLACK_LIMITS.optionText), value: CHECKED };
    const element = { type: 'checkboxes', action_id: VALUE_ACTION, options: [box], ...(field.initial ? { initial_options: [box] } : {}) };
    return [inputBlock(field.id, field.label, element, !field.required, field.help && [...field.help].length > SLACK_LIMITS.optionText ? field.help : undefined)];
  }
  if (field.kind === 'ranked') {
    // "Pick and order": one select per rank, best first; the first minRanked are required.
    const required = field.required ? Math.max(1, field.minRanked ?? 1) : 0;
    return Array.from({ length: field.maxRanked }, (_, i) => {
      const initial = field.options.find((o) => o.value === field.initial?.[i]);
      const element = { type: 'static_select', action_id: RANK_ACTION, ...placeholder(field), ...optionList(field.options), ...(initial ? { initial_option: option(initial) } : {}) };
      return inputBlock(`${field.id}${RANK_SEPARATOR}${i + 1}`, `${field.label} (${i + 1}/${field.maxRanked})`, element, i >= required, i === 0 ? field.help : undefined);
    });
  }
  return [inputBlock(field.id, field.label, element(field, resolve), !field.required, field.help)];
}

export function formView(form: Form, resolve: MentionResolver): ModalView {
  const blocks: SlackBlock[] = [];
  // A modal title holds 24 characters; a longer one (a step counter at its end) is shown in full here.
  if (form.title.length > SLACK_LIMITS.viewTitle) blocks.push({ type: 'context', elements: [plain(form.title, SLACK_LIMITS.fieldText)] });
  const fields = form.fields.flatMap((f) => fieldBlocks(f, resolve));
  const intro = form.intro ? textBlocks(form.intro, resolve).slice(0, Math.max(0, SLACK_LIMITS.viewBlocks - blocks.length - fields.length)) : [];
  blocks.push(...intro, ...fields);
  return {
    type: 'modal', callback_id: FORM_CALLBACK_ID, private_metadata: form.ref.slice(0, SLACK_LIMITS.privateMetadata),
    title: plain(form.title, SLACK_LIMITS.viewTitle), submit: plain(form.submitLabel, SLACK_LIMITS.viewButton),
    blocks: blocks.slice(0, SLACK_LIMITS.viewBlocks),
  };
}
