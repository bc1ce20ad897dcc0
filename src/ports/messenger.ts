// How the core reaches people outside the request they made (proposals, intros, check-ins,
// notices to a partner). The Slack and Teams adapters implement it; the delivery job calls it.
import type { Person } from '../domain/model.ts';
import type { Form, FormFlow, UiContent } from '../ui/model.ts';

/**
 * Where a message goes: one person (a direct message), several together (a group DM / chat), or
 * a conversation the core opened for a group (a circle's space, see openSpace) with its members.
 */
export type Recipient =
  | { readonly kind: 'person'; readonly personId: string }
  | { readonly kind: 'group'; readonly personIds: readonly string[] }
  | { readonly kind: 'space'; readonly spaceId: string; readonly personIds: readonly string[] };

/** A conversation to open for a group of people (a circle). */
export interface SpaceRequest {
  /**
   * Name wanted (lower case letters, digits and hyphens, at most 70 characters), made from the
   * circle's id so that asking again finds the same conversation: a platform that finds one of
   * that name the bot already belongs to takes it instead of opening another.
   */
  readonly name: string;
  /** Shown as the conversation's title or purpose. */
  readonly title: string;
  /**
   * Everyone to add, as the caller has just read them: the messenger reads no one itself (the
   * caller holds a transaction, and the embedded database has one connection).
   */
  readonly people: readonly Person[];
}

export type SpaceOutcome =
  /** `left`: members the platform would not add (deactivated, guests the bot cannot invite). */
  | { readonly status: 'opened'; readonly spaceId: string; readonly name: string; readonly left: readonly string[] }
  /** The platform cannot open one here (not configured, or not supported): messages go to each member. */
  | { readonly status: 'unsupported'; readonly detail: string }
  /** Try again later. */
  | { readonly status: 'failed'; readonly detail: string; readonly retryAfterMs?: number };

export type LeaveSpaceOutcome =
  /** Removed now, or not (or no longer) in it, or the conversation is gone: nothing left to do. */
  | { readonly status: 'removed' | 'absent' }
  /** The platform refuses for good (a permission or scope missing, a workspace rule): logged, not retried. */
  | { readonly status: 'refused'; readonly detail: string }
  /** Try again later. */
  | { readonly status: 'failed'; readonly detail: string; readonly retryAfterMs?: number };

/** A message the platform gave back, to update it later (after a click). Opaque to the core. */
export interface SentMessage {
  readonly channelId: string;
  readonly messageId: string;
}

export type SendOutcome =
  | { readonly ok: true; readonly sent: SentMessage }
  /**
   * Failed for good: the person cannot be reached (left, deactivated, blocked the bot, no
   * conversation) or the platform refuses this message or this installation for good (invalid
   * payload, revoked token). Not retried; the core records the reason and reports it to leads.
   */
  | { readonly ok: false; readonly reason: 'unreachable'; readonly detail: string }
  /**
   * Try again later: rate limited (with the platform's delay in retryAfterMs) or a passing
   * failure. `uncertain` when the message may have been accepted all the same (a timeout, a
   * dropped connection, a 5xx after the post was sent): the next attempt looks before posting.
   */
  | { readonly ok: false; readonly reason: 'retry'; readonly retryAfterMs?: number; readonly detail: string; readonly uncertain?: boolean }
  /** The sender lost its lease before posting (see SendOptions.stillMine); nothing was sent. */
  | { readonly ok: false; readonly reason: 'fenced'; readonly detail: string };

/** What a look-up by delivery key found; a failed look-up is never taken as "not there". */
export type LookupOutcome =
  /** `copies`: further messages carrying the same key (a double fault posted it more than once). */
  | { readonly status: 'found'; readonly sent: SentMessage; readonly copies?: readonly SentMessage[] }
  | { readonly status: 'absent' }
  | { readonly status: 'failed'; readonly detail: string; readonly retryAfterMs?: number }
  /** The platform offers no look-up (the core applies the kind's at-most-once choice). */
  | { readonly status: 'unsupported' };

export type CopiesOutcome =
  | { readonly status: 'found'; readonly copies: readonly SentMessage[] }
  | { readonly status: 'failed'; readonly detail: string; readonly retryAfterMs?: number };

/**
 * What removing a message the bot posted gave. `gone` also when the platform no longer has it.
 * `failed`: try again later; `permanent`: the platform will never remove it (the core stops asking).
 */
export type RemoveOutcome =
  | { readonly status: 'gone' }
  | { readonly status: 'failed'; readonly detail: string; readonly permanent?: boolean };

export interface SendOptions {
  /** The delivery's idempotency key; a messenger that can attach it to the message should. */
  readonly key?: string;
  /**
   * Asked right before each post (after any conversation is opened): false means another sender
   * has taken the delivery over, and the messenger must not post (it answers `fenced`).
   */
  readonly stillMine?: () => Promise<boolean>;
  /**
   * People the caller has just read (the recipients, and others the message may mention): a
   * messenger uses them instead of reading them again, and reads only the ones missing.
   */
  readonly people?: readonly Person[];
}

export interface Messenger {
  send(workspaceId: string, to: Recipient, content: UiContent, options?: SendOptions): Promise<SendOutcome>;
  update(workspaceId: string, message: SentMessage, content: UiContent): Promise<SendOutcome>;
  /**
   * Before posting again a message whose earlier attempt may have gone out, looks for it by the
   * key attached at send time. Platforms that cannot look leave this out (the core then applies
   * the kind's at-most-once choice, see delivery-policy.ts).
   */
  findSent?(workspaceId: string, to: Recipient, key: string): Promise<LookupOutcome>;
  /**
   * Every message carrying this key in a known conversation (the copy audit, see
   * flows/delivery-strays.ts). `absent` when there is none; a failed look is never "absent".
   */
  findCopies?(workspaceId: string, channelId: string, key: string): Promise<CopiesOutcome>;
  /**
   * Why this process cannot send to the workspace's platform at all (no credentials for it), or
   * undefined when it can. The core then holds the delivery, using no attempt, instead of failing it.
   */
  unavailable?(workspaceId: string): Promise<string | undefined>;
  /**
   * True when this workspace's platform cannot hold one conversation with a group (Teams bots
   * cannot open group chats): a group message is then sent as one copy per member, each its own
   * delivery, sent, retried and reported on its own. Left out: a group gets one shared message.
   */
  copiesPerMember?(workspaceId: string): Promise<boolean>;
  /**
   * Opens a private conversation for a group (Slack: a private channel; Teams: a group chat
   * through Microsoft Graph) with its members in it, or finds the one opened by an earlier
   * attempt under the same name. Left out: the platform has none (messages go to each member).
   */
  openSpace?(workspaceId: string, request: SpaceRequest): Promise<SpaceOutcome>;
  /**
   * Takes one person (by their platform user id) out of a conversation opened by openSpace (a
   * person who erased their data). Idempotent: someone already out is `absent`.
   */
  removeFromSpace?(workspaceId: string, spaceId: string, platformUserId: string): Promise<LeaveSpaceOutcome>;
  /**
   * Removes a message the bot posted (a stale sender's second copy, see flows/delivery-strays.ts).
   * Platforms that cannot remove messages leave this out.
   */
  remove?(workspaceId: string, message: SentMessage): Promise<RemoveOutcome>;
}

export type { Form, FormFlow, UiContent };
