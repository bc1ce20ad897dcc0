// The neutral UI model the core speaks (SPEC §9). Every string in it is final, already in the
// reader's language: adapters render, they never translate. Slack renders it as Block Kit,
// Teams as Adaptive Cards 1.5, tests as plain text (render-text.ts).
import type { RichText } from './rich-text.ts';

export type { RichText, Inline, Block } from './rich-text.ts';
export type { Form, FormFlow, FormField, FieldKind, SelectOption } from './form.ts';

export interface Message {
  readonly kind: 'message';
  readonly body: RichText;
}

export interface CardHeader {
  readonly title: string;
  readonly subtitle?: string;
}

export interface Fact {
  readonly label: string;
  readonly value: string;
}

/** A confirmation dialog shown before the click is sent (Slack `confirm`, Teams Action.ShowCard). */
export interface ConfirmDialog {
  readonly title: string;
  readonly text: string;
  readonly confirmLabel: string;
  readonly denyLabel: string;
}

export type ButtonStyle = 'primary' | 'danger' | 'default';

export interface ButtonAction {
  readonly kind: 'button';
  readonly label: string;
  readonly style: ButtonStyle;
  /** A signed action reference (action-ref.ts); the only thing the click sends back. */
  readonly ref: string;
  readonly confirm?: ConfirmDialog;
}

export interface LinkButton {
  readonly kind: 'link';
  readonly label: string;
  readonly url: string;
}

export type CardAction = ButtonAction | LinkButton;

export interface Card {
  readonly kind: 'card';
  readonly header: CardHeader;
  readonly sections: readonly RichText[];
  readonly facts: readonly Fact[];
  readonly actions: readonly CardAction[];
  /**
   * Set once a click was handled: the adapter updates the original message in place with the
   * same card, no actions, and this line, so a second click has nothing to press.
   */
  readonly recorded?: string;
}

/**
 * A document for the person to keep (a data export): adapters upload it as a file (Slack
 * files.uploadV2, Teams file card / attachment) with the comment as its message.
 */
export interface FileContent {
  readonly kind: 'file';
  readonly filename: string;
  readonly mimeType: string;
  readonly content: string;
  readonly comment: string;
}

export type UiContent = Message | Card | FileContent;

/** The card a clicked card turns into: same content, no buttons, and what was recorded. */
export function recordedCard(card: Card, recordedLine: string): Card {
  return { ...card, actions: [], recorded: recordedLine };
}

export function message(body: RichText): Message {
  return { kind: 'message', body };
}

export function card(parts: Omit<Card, 'kind' | 'sections' | 'facts' | 'actions'> & Partial<Pick<Card, 'sections' | 'facts' | 'actions'>>): Card {
  return { kind: 'card', sections: [], facts: [], actions: [], ...parts };
}
