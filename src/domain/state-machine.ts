// Small table-driven state machines: the allowed transitions are data (the database's CHECK
// constraints and the docs read the same lists), and a refused transition is a value.

export interface Transition<S extends string, E extends string> {
  readonly from: S;
  readonly event: E;
  readonly to: S;
}

export type TransitionResult<S extends string, E extends string> =
  | { readonly ok: true; readonly to: S }
  | { readonly ok: false; readonly reason: string; readonly from: S; readonly event: E };

export function runTransition<S extends string, E extends string>(
  table: readonly Transition<S, E>[], refusal: string, from: S, event: E,
): TransitionResult<S, E> {
  const hit = table.find((tr) => tr.from === from && tr.event === event);
  return hit ? { ok: true, to: hit.to } : { ok: false, reason: refusal, from, event };
}

/** Events that can happen in a state: what the UI may offer as buttons. */
export function eventsFrom<S extends string, E extends string>(table: readonly Transition<S, E>[], from: S): E[] {
  return table.filter((tr) => tr.from === from).map((tr) => tr.event);
}
