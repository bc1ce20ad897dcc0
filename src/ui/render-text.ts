// Plain-text rendering of the neutral model: for the in-memory test adapter, logs and the demo
// narrative. Buttons are numbered from 1 in card order (link buttons are not numbered), so a
// test can "press 2"; buttonByNumber() is the inverse.
import type { ButtonAction, Card, FileContent, Message } from './model.ts';
import type { Form, FormField, FormFlow } from './form.ts';
import type { Block, Inline, RichText } from './rich-text.ts';

export interface TextRenderOptions {
  /** Display name of a person id; "@<id>" when absent. */
  readonly nameOf?: (personId: string) => string;
}

function inline(parts: readonly Inline[], o: TextRenderOptions): string {
  return parts.map((p) => {
    switch (p.kind) {
      case 'text': return p.text;
      case 'bold': return `*${p.text}*`;
      case 'italic': return `_${p.text}_`;
      case 'mention': return `@${o.nameOf?.(p.personId) ?? p.personId}`;
      case 'link': return p.text === p.url ? p.url : `${p.text} <${p.url}>`;
      case 'break': return '\n';
    }
  }).join('');
}

function block(b: Block, o: TextRenderOptions): string {
  return b.kind === 'paragraph' ? inline(b.content, o) : b.items.map((item) => `• ${inline(item, o)}`).join('\n');
}

export function renderRichText(text: RichText, o: TextRenderOptions = {}): string {
  return text.blocks.map((b) => block(b, o)).join('\n\n');
}

export function renderMessage(message: Message, o: TextRenderOptions = {}): string {
  return renderRichText(message.body, o);
}

export function numberedButtons(card: Card): ButtonAction[] {
  return card.actions.filter((a): a is ButtonAction => a.kind === 'button');
}

/** The button a 1-based number refers to in renderCard's output. */
export function buttonByNumber(card: Card, n: number): ButtonAction | undefined {
  return Number.isInteger(n) && n >= 1 ? numberedButtons(card)[n - 1] : undefined;
}

export function renderCard(card: Card, o: TextRenderOptions = {}): string {
  const lines: string[] = [`== ${card.header.title} ==`];
  if (card.header.subtitle) lines.push(card.header.subtitle);
  for (const section of card.sections) lines.push('', renderRichText(section, o));
  if (card.facts.length > 0) lines.push('', ...card.facts.map((f) => `${f.label}: ${f.value}`));
  let n = 0;
  const actions = card.actions.map((a) => {
    if (a.kind === 'link') return `[→] ${a.label} <${a.url}>`;
    n += 1;
    const style = a.style === 'default' ? '' : ` (${a.style})`;
    const confirm = a.confirm ? ` {confirm: ${a.confirm.title}}` : '';
    return `[${n}] ${a.label}${style}${confirm}`;
  });
  if (actions.length > 0) lines.push('', actions.join('  '));
  if (card.recorded) lines.push('', `✓ ${card.recorded}`);
  return lines.join('\n');
}

function describeField(f: FormField): string {
  switch (f.kind) {
    case 'short_text': case 'long_text': return `${f.kind === 'short_text' ? 'text' : 'long text'}, max ${f.maxLength}`;
    case 'number': return `${f.integer ? 'whole number' : 'number'}${f.min !== undefined ? `, min ${f.min}` : ''}${f.max !== undefined ? `, max ${f.max}` : ''}`;
    case 'single_select': return `one of ${f.options.map((x) => `${x.value}=${x.label}`).join(' | ')}`;
    case 'multi_select': return `any of ${f.options.map((x) => `${x.value}=${x.label}`).join(' | ')}${f.maxSelected !== undefined ? `, max ${f.maxSelected}` : ''}`;
    case 'ranked': return `rank up to ${f.maxRanked} of ${f.options.map((x) => `${x.value}=${x.label}`).join(' | ')}`;
    case 'rating': return `rating ${f.scale}${f.lowLabel ? ` (${f.lowLabel} … ${f.highLabel ?? ''})` : ''}`;
    case 'date': return `date YYYY-MM-DD${f.min ? `, from ${f.min}` : ''}${f.max ? `, until ${f.max}` : ''}`;
    case 'person': return f.multiple ? `people${f.maxSelected !== undefined ? `, max ${f.maxSelected}` : ''}` : 'one person';
    case 'checkbox': return f.required ? 'checkbox, must be ticked' : 'checkbox';
  }
}

export function renderForm(form: Form, o: TextRenderOptions = {}): string {
  const lines = [`# ${form.title}`];
  if (form.intro) lines.push(renderRichText(form.intro, o));
  form.fields.forEach((f, i) => {
    lines.push(`${i + 1}. ${f.label}${f.required ? ' *' : ''}  [${f.id}: ${describeField(f)}]`);
    if (f.help) lines.push(`   ${f.help}`);
    if (f.initial !== undefined) lines.push(`   = ${Array.isArray(f.initial) ? f.initial.join(', ') : String(f.initial)}`);
  });
  lines.push(`[${form.submitLabel}]`);
  return lines.join('\n');
}

export function renderFormFlow(flow: FormFlow, o: TextRenderOptions = {}): string {
  return flow.steps.map((s) => renderForm(s, o)).join('\n\n');
}

/** A file as its name, type and size, then its content (the tests read exports this way). */
export function renderFile(file: FileContent): string {
  return `${file.comment}\n[file ${file.filename} (${file.mimeType}, ${Buffer.byteLength(file.content, 'utf8')} bytes)]\n${file.content}`;
}
