// What the core asks an adapter to do in answer to one request of the actor. Adapters render
// these with their platform's tools (Slack: ephemeral/DM, views.open/push/update, chat.update;
// Teams: reply, card with inputs, updateActivity).
import type { Form, UiContent } from '../ui/model.ts';

export type Effect =
  /**
   * Show something to the actor only. `failed`: the core could not complete the request and
   * stored nothing (its transaction rolled back), so the request may be run again.
   */
  | { readonly type: 'reply'; readonly content: UiContent; readonly failed?: true }
  /** Open a form for the actor (Slack: a modal through the request's trigger_id). */
  | { readonly type: 'open_form'; readonly form: Form }
  /** Replace the message whose button was clicked (no stale buttons). */
  | { readonly type: 'update_source'; readonly content: UiContent };

export type SubmitOutcome =
  /** Nothing was stored; show these messages next to the fields (keys are field ids). */
  | { readonly type: 'errors'; readonly errors: Readonly<Record<string, string>> }
  /** This step is stored; show the next one in place of the current. */
  | { readonly type: 'next'; readonly form: Form }
  /** Done: close the form and carry out these effects. */
  | { readonly type: 'done'; readonly effects: readonly Effect[] };

export const reply = (content: UiContent): Effect => ({ type: 'reply', content });
export const failedReply = (content: UiContent): Effect => ({ type: 'reply', content, failed: true });

/** True when the core's answer says the request failed and changed nothing (see `failed`). */
export function requestFailed(answer: readonly Effect[] | SubmitOutcome): boolean {
  const effects: readonly Effect[] = 'type' in answer ? (answer.type === 'done' ? answer.effects : []) : answer;
  return effects.some((e) => e.type === 'reply' && e.failed === true);
}
export const openForm = (form: Form): Effect => ({ type: 'open_form', form });
export const updateSource = (content: UiContent): Effect => ({ type: 'update_source', content });
