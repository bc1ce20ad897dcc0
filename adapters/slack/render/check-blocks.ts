// Checks rendered Block Kit against Slack's limits and shapes, the way Slack would refuse it
// (invalid_blocks, view too large…). Tests run every message, modal and home view the bot sends
// through it; the renderer is meant to make it always pass.
import { length, SLACK_LIMITS as L } from './limits.ts';

type Json = Record<string, unknown>;
export type Surface = 'message' | 'modal' | 'home';

const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

class Problems {
  readonly all: string[] = [];
  add(where: string, what: string): void { this.all.push(`${where}: ${what}`); }
  text(where: string, t: unknown, max: number, plainOnly = false): void {
    if (!isObj(t)) { this.add(where, 'missing text object'); return; }
    if (t.type !== 'plain_text' && (plainOnly || t.type !== 'mrkdwn')) this.add(where, `text type ${String(t.type)}`);
    if (typeof t.text !== 'string' || t.text.length === 0) this.add(where, 'empty text');
    else if (length(t.text) > max) this.add(where, `text of ${length(t.text)} > ${max}`);
  }
  max(where: string, value: unknown, max: number): void {
    if (typeof value === 'string' && length(value) > max) this.add(where, `${length(value)} characters > ${max}`);
  }
}

function options(p: Problems, where: string, el: Json): void {
  const groups = list(el.option_groups);
  const flat = isObj(el) && el.options !== undefined ? list(el.options) : [];
  if (groups.length > L.optionGroups) p.add(where, `${groups.length} option groups`);
  const all = [...flat, ...groups.flatMap((g, i) => { if (isObj(g)) p.text(`${where}.group${i}`, g.label, L.optionText, true); return isObj(g) ? list(g.options) : []; })];
  if (flat.length > L.options) p.add(where, `${flat.length} options > ${L.options}`);
  for (const g of groups) if (isObj(g) && list(g.options).length > L.options) p.add(where, 'option group over 100 options');
  for (const [i, o] of all.entries()) {
    if (!isObj(o)) { p.add(where, 'bad option'); continue; }
    p.text(`${where}.option${i}`, o.text, L.optionText);
    p.max(`${where}.option${i}.value`, o.value, L.optionValue);
    if (o.description !== undefined) p.text(`${where}.option${i}.description`, o.description, L.optionDescription);
  }
}

function element(p: Problems, where: string, el: unknown): void {
  if (!isObj(el)) { p.add(where, 'element is not an object'); return; }
  p.max(`${where}.action_id`, el.action_id, L.actionId);
  if (el.placeholder !== undefined) p.text(`${where}.placeholder`, el.placeholder, L.placeholder, true);
  switch (el.type) {
    case 'button':
      p.text(`${where}.text`, el.text, L.buttonText, true);
      p.max(`${where}.value`, el.value, L.buttonValue);
      p.max(`${where}.url`, el.url, L.buttonUrl);
      if (el.style !== undefined && el.style !== 'primary' && el.style !== 'danger') p.add(where, `style ${String(el.style)}`);
      if (isObj(el.confirm)) {
        p.text(`${where}.confirm.title`, el.confirm.title, L.confirmTitle, true);
        p.text(`${where}.confirm.text`, el.confirm.text, L.confirmText);
        p.text(`${where}.confirm.confirm`, el.confirm.confirm, L.confirmButton, true);
        p.text(`${where}.confirm.deny`, el.confirm.deny, L.confirmButton, true);
      }
      break;
    case 'plain_text_input': {
      const max = typeof el.max_length === 'number' ? el.max_length : L.plainTextInputMax;
      if (max > L.plainTextInputMax || max < 1) p.add(where, `max_length ${max}`);
      if (typeof el.min_length === 'number' && el.min_length > max) p.add(where, 'min_length above max_length');
      p.max(`${where}.initial_value`, el.initial_value, max);
      break;
    }
    case 'static_select': case 'multi_static_select': case 'checkboxes': case 'radio_buttons':
      options(p, where, el);
      if ((el.type === 'checkboxes' || el.type === 'radio_buttons') && list(el.options).length > L.checkboxOptions) p.add(where, 'more than 10 options');
      if (el.max_selected_items !== undefined && !(Number.isInteger(el.max_selected_items) && Number(el.max_selected_items) >= 1)) p.add(where, 'max_selected_items below 1');
      break;
    case 'multi_users_select':
      if (el.max_selected_items !== undefined && !(Number.isInteger(el.max_selected_items) && Number(el.max_selected_items) >= 1)) p.add(where, 'max_selected_items below 1');
      break;
    case 'datepicker':
      if (el.initial_date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(String(el.initial_date))) p.add(where, 'initial_date not YYYY-MM-DD');
      break;
    case 'number_input': case 'users_select': case 'external_select':
      break;
    default:
      p.add(where, `unknown element ${String(el.type)}`);
  }
}

function richTextChars(el: unknown): number {
  if (!isObj(el)) return 0;
  if (el.type === 'text') return typeof el.text === 'string' ? el.text.length : 0;
  if (el.type === 'link') return typeof el.text === 'string' ? el.text.length : 0;
  return list(el.elements).reduce<number>((n, e) => n + richTextChars(e), 0);
}

function richText(p: Problems, where: string, block: Json): void {
  const parts = list(block.elements);
  if (parts.length === 0) p.add(where, 'empty rich_text');
  for (const [i, part] of parts.entries()) {
    const sections = isObj(part) && part.type === 'rich_text_list' ? list(part.elements) : [part];
    for (const s of sections) {
      if (!isObj(s) || s.type !== 'rich_text_section' || list(s.elements).length === 0) p.add(`${where}.${i}`, 'empty or unknown rich text section');
      for (const e of isObj(s) ? list(s.elements) : []) {
        if (!isObj(e) || !['text', 'user', 'link'].includes(String(e.type))) p.add(`${where}.${i}`, 'unknown rich text element');
        else if (e.type === 'text' && (typeof e.text !== 'string' || e.text === '')) p.add(`${where}.${i}`, 'empty text element');
      }
    }
  }
  const chars = richTextChars(block);
  if (chars > L.richTextChars) p.add(where, `rich_text of ${chars} characters > ${L.richTextChars}`);
}

export function checkBlocks(blocks: unknown, surface: Surface): string[] {
  const p = new Problems();
  const all = list(blocks);
  const max = surface === 'message' ? L.messageBlocks : L.viewBlocks;
  if (all.length > max) p.add(surface, `${all.length} blocks > ${max}`);
  const blockIds = new Set<string>();
  for (const [i, b] of all.entries()) {
    const where = `block${i}`;
    if (!isObj(b)) { p.add(where, 'not an object'); continue; }
    if (typeof b.block_id === 'string') {
      p.max(`${where}.block_id`, b.block_id, L.blockId);
      if (blockIds.has(b.block_id)) p.add(where, `duplicate block_id ${b.block_id}`);
      blockIds.add(b.block_id);
    }
    switch (b.type) {
      case 'header': p.text(where, b.text, L.headerText, true); break;
      case 'divider': break;
      case 'rich_text': richText(p, where, b); break;
      case 'context': {
        const els = list(b.elements);
        if (els.length === 0 || els.length > L.contextElements) p.add(where, `${els.length} context elements`);
        els.forEach((e, j) => p.text(`${where}.${j}`, e, L.fieldText));
        break;
      }
      case 'section':
        if (b.text !== undefined) p.text(where, b.text, L.sectionText);
        if (list(b.fields).length > L.sectionFields) p.add(where, 'more than 10 fields');
        list(b.fields).forEach((f, j) => p.text(`${where}.field${j}`, f, L.fieldText));
        break;
      case 'actions': {
        const els = list(b.elements);
        if (els.length === 0 || els.length > L.actionsElements) p.add(where, `${els.length} action elements`);
        const ids = els.map((e) => (isObj(e) ? String(e.action_id) : ''));
        if (new Set(ids).size !== ids.length) p.add(where, 'duplicate action_id');
        els.forEach((e, j) => element(p, `${where}.${j}`, e));
        break;
      }
      case 'input':
        if (surface === 'message') p.add(where, 'input block in a message');
        p.text(`${where}.label`, b.label, L.inputLabel, true);
        if (b.hint !== undefined) p.text(`${where}.hint`, b.hint, L.hint, true);
        element(p, `${where}.element`, b.element);
        break;
      default:
        p.add(where, `unknown block ${String(b.type)}`);
    }
  }
  return p.all;
}

/** A whole view (views.open/push/update/publish or a response_action's view). */
export function checkView(view: unknown): string[] {
  if (!isObj(view)) return ['view: not an object'];
  const p = new Problems();
  if (view.type === 'modal') {
    p.text('view.title', view.title, L.viewTitle, true);
    if (view.submit !== undefined) p.text('view.submit', view.submit, L.viewButton, true);
    if (view.close !== undefined) p.text('view.close', view.close, L.viewButton, true);
    if (list(view.blocks).some((b) => isObj(b) && b.type === 'input') && view.submit === undefined) p.add('view', 'inputs without a submit button');
  } else if (view.type !== 'home') {
    p.add('view', `type ${String(view.type)}`);
  }
  p.max('view.private_metadata', view.private_metadata, L.privateMetadata);
  p.max('view.callback_id', view.callback_id, L.callbackId);
  return [...p.all, ...checkBlocks(view.blocks, view.type === 'home' ? 'home' : 'modal')];
}
