// Reading Block Kit the way a Slack client shows it: messages as plain text for the narrative,
// the buttons a person can click, and a modal's state values filled like a person would fill
// its inputs (block_id / action_id pairs taken from the view the app opened).
import type { Json } from './fake-slack.ts';

const texts = (elements: unknown, names: (id: string) => string): string =>
  ((elements ?? []) as Json[]).map((e) => {
    if (e.type === 'text' || e.type === 'link') return String(e.text ?? e.url ?? '');
    if (e.type === 'user') return `@${names(String(e.user_id))}`;
    if (e.type === 'rich_text_list') return ((e.elements ?? []) as Json[]).map((item) => `  • ${texts(item.elements, names)}`).join('\n');
    if (Array.isArray(e.elements)) return texts(e.elements, names);
    return '';
  }).join('');

/** A message or view as lines of plain text; buttons shown as [Label]. */
export function blocksText(blocks: readonly Json[], names: (id: string) => string): string {
  return blocks.map((b) => {
    switch (b.type) {
      case 'header': return `▌ ${String((b.text as Json).text)}`;
      case 'context': return ((b.elements ?? []) as Json[]).map((e) => String(e.text ?? '')).join(' ');
      case 'rich_text': return ((b.elements ?? []) as Json[]).map((e) =>
        e.type === 'rich_text_list' ? texts([e], names) : texts(e.elements, names)).join('\n');
      case 'section': return String((b.text as Json | undefined)?.text ?? '');
      case 'actions': return ((b.elements ?? []) as Json[]).map((e) => `[${String((e.text as Json | undefined)?.text ?? '')}]`).join(' ');
      default: return '';
    }
  }).filter((line) => line.trim() !== '').join('\n');
}

/** The last button whose label matches, among the message's action blocks. */
export function findButton(blocks: readonly Json[], label: RegExp): Json | undefined {
  const buttons = blocks.filter((b) => b.type === 'actions').flatMap((b) => (b.elements ?? []) as Json[])
    .filter((e) => e.type === 'button' && e.value !== undefined);
  return buttons.reverse().find((e) => label.test(String((e.text as Json | undefined)?.text ?? '')));
}

/** The address of the first link button among the message's action blocks. */
export function findLink(blocks: readonly Json[]): string | undefined {
  const links = blocks.filter((b) => b.type === 'actions').flatMap((b) => (b.elements ?? []) as Json[]).filter((e) => e.type === 'button' && e.url !== undefined);
  return links[0] ? String(links[0].url) : undefined;
}

const optionsOf = (element: Json): Json[] =>
  (element.options ?? ((element.option_groups ?? []) as Json[]).flatMap((g) => g.options as Json[])) as Json[];

function initialOf(element: Json): unknown {
  if (element.initial_value !== undefined) return element.initial_value;
  if (element.initial_option !== undefined) return (element.initial_option as Json).value;
  if (element.type === 'checkboxes') return element.initial_options !== undefined;
  if (element.initial_options !== undefined) return (element.initial_options as Json[]).map((o) => o.value);
  return element.initial_date ?? element.initial_user ?? element.initial_users;
}

/**
 * A view_submission's state.values for the modal: each input answered from `values` (by field
 * id; a ranked field as a list filling its rank selects in order), or left as the modal
 * pre-filled it. Values must be among an element's options, as in a real client.
 */
export function modalState(view: Json, values: Readonly<Record<string, unknown>>): Json {
  const state: Json = {};
  for (const block of (view.blocks ?? []) as Json[]) {
    if (block.type !== 'input') continue;
    const blockId = String(block.block_id);
    const element = block.element as Json;
    const [fieldId = blockId, rank] = blockId.split('#');
    const given = Object.hasOwn(values, fieldId)
      ? (rank ? (values[fieldId] as unknown[])[Number(rank) - 1] : values[fieldId])
      : initialOf(element);
    const option = (value: unknown): Json => {
      const found = optionsOf(element).find((o) => o.value === String(value));
      if (!found) throw new Error(`the modal offers no option "${String(value)}" for ${blockId}`);
      return found;
    };
    let selected: Json;
    switch (element.type) {
      case 'plain_text_input': case 'number_input': selected = { value: given === undefined || given === '' ? null : String(given) }; break;
      case 'static_select': selected = { selected_option: given === undefined || given === null ? null : option(given) }; break;
      case 'multi_static_select': selected = { selected_options: ((given ?? []) as unknown[]).map(option) }; break;
      case 'checkboxes': selected = { selected_options: given ? optionsOf(element) : [] }; break;
      case 'datepicker': selected = { selected_date: given ?? null }; break;
      case 'users_select': selected = { selected_user: given ?? null }; break;
      case 'multi_users_select': selected = { selected_users: given ?? [] }; break;
      default: selected = {};
    }
    state[blockId] = { [String(element.action_id)]: { type: element.type, ...selected } };
  }
  return state;
}

/** Field ids of a modal's inputs (ranked fields once), to tell which survey step is open. */
export const modalFields = (view: Json): string[] =>
  [...new Set(((view.blocks ?? []) as Json[]).filter((b) => b.type === 'input').map((b) => String(b.block_id).split('#')[0]!))];
