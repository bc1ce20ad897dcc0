// How the core reaches people outside the request they made (proposals, intros, check-ins,
// notices to a partner). The Slack and Teams adapters implement it; the delivery job calls it.
import type { Form, FormFlow, UiContent } from '../ui/model.ts';

/** Where a message goes: one person (a direct message) or several together (a group DM / chat). */
export type Recipient =
  | { readonly kind: 'person'; readonly personId: string }
  | { readonly kind: 'group'; readonly personIds: readonly string[] };

/** A message the platform gave back, to update it later (after a click). Opaque to the core. */
export interface SentMessage {
  readonly channelId: string;
  readonly messageId: string;
}

export type SendOutcome =
  | { readonly ok: true; readonly sent: SentMessage }
  /** The person cannot be reached (left, deactivated, blocked the bot, no conversation): do not retry. */
  | { readonly ok: false; readonly reason: 'unreachable'; readonly detail: string }
  /** Try again later: rate limited (with the platform's delay) or a passing failure. */
  | { readonly ok: false; readonly reason: 'retry'; readonly retryAfterMs?: number; readonly detail: string };

export interface SendOptions {
  /** The delivery's idempotency key; a messenger that can attach it to the message should. */
  readonly key?: string;
}

export interface Messenger {
  send(workspaceId: string, to: Recipient, content: UiContent, options?: SendOptions): Promise<SendOutcome>;
  update(workspaceId: string, message: SentMessage, content: UiContent): Promise<SendOutcome>;
  /**
   * After a sender died mid-send, looks for the message it may already have posted (by the key
   * attached at send time), so it is not posted twice. Platforms that cannot look leave this out.
   */
  findSent?(workspaceId: string, to: Recipient, key: string): Promise<SentMessage | undefined>;
}

export type { Form, FormFlow, UiContent };
