// A view_submission's state → the raw values by field id that the core validates. Nothing here
// is trusted or checked beyond its shape: validate-form.ts does that in the person's language.
import { CHECKED, RANK_ACTION, RANK_SEPARATOR, VALUE_ACTION } from './form.ts';

interface ElementState {
  type?: string;
  value?: string | null;
  selected_option?: { value?: string } | null;
  selected_options?: Array<{ value?: string }>;
  selected_date?: string | null;
  selected_user?: string | null;
  selected_users?: string[];
}

export type StateValues = Record<string, Record<string, ElementState>>;

function valueOf(state: ElementState): unknown {
  switch (state.type) {
    case 'plain_text_input': case 'number_input': return state.value ?? undefined;
    case 'static_select': case 'external_select': return state.selected_option?.value;
    case 'multi_static_select': case 'multi_external_select': return (state.selected_options ?? []).map((o) => o.value);
    case 'datepicker': return state.selected_date ?? undefined;
    case 'users_select': return state.selected_user ?? undefined;
    case 'multi_users_select': return state.selected_users ?? [];
    case 'checkboxes': return (state.selected_options ?? []).some((o) => o.value === CHECKED);
    default: return undefined;
  }
}

export function readSubmission(values: unknown): Record<string, unknown> {
  // Maps, not plain objects: block ids come from outside and may be "__proto__".
  const raw = new Map<string, unknown>();
  const ranks = new Map<string, Array<[number, unknown]>>();
  if (typeof values !== 'object' || values === null) return {};
  for (const [blockId, actions] of Object.entries(values as StateValues)) {
    if (typeof actions !== 'object' || actions === null) continue;
    const ranked = actions[RANK_ACTION];
    if (ranked) {
      const cut = blockId.lastIndexOf(RANK_SEPARATOR);
      const id = blockId.slice(0, cut);
      if (!ranks.has(id)) ranks.set(id, []);
      ranks.get(id)!.push([Number(blockId.slice(cut + 1)), valueOf(ranked) ?? null]);
      continue;
    }
    const state = actions[VALUE_ACTION];
    if (state) raw.set(blockId, valueOf(state));
  }
  for (const [id, list] of ranks) raw.set(id, list.sort((a, b) => a[0] - b[0]).map(([, v]) => v));
  return Object.fromEntries(raw);
}
