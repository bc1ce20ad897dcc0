// Carries out what the core answered to one Slack request: replies to the actor (ephemeral via
// the request's response_url, or a DM when there is none), forms as modals through the
// request's trigger_id, and in-place updates of the clicked message or Home tab.
// Slack takes at most RESPONSE_URL_POSTS posts on a response_url and drops the rest, so replies
// are packed into as few messages as fit (render/bundle.ts), and an answer that still needs more
// posts than are left goes whole to the person's DM rather than half of it being lost.
import { webApi } from '@slack/bolt';
import { findPersonByPlatformId } from '../../src/db/repositories/person.repository.ts';
import { findWorkspace } from '../../src/db/repositories/workspace.repository.ts';
import { localeOf, type Actor } from '../../src/flows/actor.ts';
import type { BotCore } from '../../src/flows/bot.ts';
import type { Effect } from '../../src/flows/effects.ts';
import type { Db } from '../../src/db/repositories/db.ts';
import { formReopenTexts, type FormReopenTexts } from '../../src/ui/form-reopen.ts';
import type { Form, UiContent } from '../../src/ui/model.ts';
import { message } from '../../src/ui/model.ts';
import { richText } from '../../src/ui/rich-text.ts';
import { deferView, OPEN_DEFERRED_ACTION } from './deferred-views.ts';
import { contentBlocks, fallbackText, plain } from './render/card.ts';
import { SLACK_LIMITS } from './render/limits.ts';
import { isPackedBlock, pack, replacePart, type RenderedMessage } from './render/bundle.ts';
import { formView } from './render/form.ts';
import { homeView } from './render/home.ts';
import { uploadFile } from './file-upload.ts';
import { mentionResolver } from './people.ts';
import type { WebClient } from './slack-clients.ts';

export type Respond = (message: Record<string, unknown>) => Promise<unknown>;

/** Slack: a response_url can be used up to 5 times within 30 minutes. */
export const RESPONSE_URL_POSTS = 5;

/** Where a request came from, and so where its answers go. */
export interface RequestSurface {
  readonly client: WebClient;
  readonly actor: Actor;
  readonly triggerId?: string;
  readonly respond?: Respond;
  /** The message whose button was clicked, with its blocks and the block of the button when Slack sent them. */
  readonly message?: {
    readonly channel: string; readonly ts: string; readonly ephemeral: boolean;
    readonly blocks?: readonly unknown[]; readonly text?: string; readonly blockId?: string;
  };
  /** The click came from the Home tab: updates republish it. */
  readonly home?: boolean;
  /** The click came from inside a modal: forms are pushed on top of it. */
  readonly inModal?: boolean;
}

export interface EffectDeps { readonly db: Db; readonly core: BotCore }

async function dmChannel(surface: RequestSurface): Promise<string> {
  const opened = await surface.client.conversations.open({ users: surface.actor.platformUserId });
  if (!opened.channel?.id) throw new Error('slack.no_dm: conversations.open gave no channel');
  return opened.channel.id;
}

async function dm(surface: RequestSurface, payload: RenderedMessage): Promise<void> {
  await surface.client.chat.postMessage({ channel: await dmChannel(surface), ...payload } as never);
}

export async function renderedMessage(db: Db, content: UiContent): Promise<RenderedMessage> {
  const resolve = await mentionResolver(db, content);
  return { blocks: contentBlocks(content, resolve), text: fallbackText(content, resolve) };
}

export async function renderedForm(db: Db, form: Form) {
  return formView(form, await mentionResolver(db, form));
}

export async function publishHome(deps: EffectDeps, client: WebClient, actor: Actor): Promise<void> {
  const cards = await deps.core.home(actor);
  // A home with nothing to show yet (a newcomer) shows the help instead of an empty tab.
  const fallback = cards.length === 0 ? (await deps.core.command(actor, { text: 'help' })).find((e) => e.type === 'reply') : undefined;
  const resolve = await mentionResolver(deps.db, cards, fallback);
  const view = homeView(cards, resolve, fallback?.type === 'reply' ? fallback.content : undefined);
  await client.views.publish({ user_id: actor.platformUserId, view } as never);
}

/** The request's response_url, counted: what is posted past its budget would be dropped by Slack. */
export class ResponseUrl {
  #left: number;
  readonly #respond: Respond | undefined;
  constructor(respond: Respond | undefined) { this.#respond = respond; this.#left = respond ? RESPONSE_URL_POSTS : 0; }
  get left(): number { return this.#left; }
  async post(payload: Record<string, unknown>): Promise<void> {
    if (!this.#respond || this.#left <= 0) throw new Error('slack.response_url_spent: no post left on this response_url');
    this.#left -= 1;
    await this.#respond(payload);
  }
}

async function sendReplies(surface: RequestSurface, responseUrl: ResponseUrl, replies: readonly RenderedMessage[]): Promise<void> {
  const messages = pack(replies);
  if (messages.length <= responseUrl.left) {
    for (const message of messages) await responseUrl.post({ response_type: 'ephemeral', replace_original: false, ...message });
  } else {
    for (const message of messages) await dm(surface, message);
  }
}

/** The clicked message with the new content: only the clicked card's part when it was packed with others. */
async function updateSource(surface: RequestSurface, responseUrl: ResponseUrl, message: RenderedMessage): Promise<'done' | 'as_reply'> {
  const source = surface.message;
  let target = message;
  if (source?.blockId && isPackedBlock(source.blockId)) {
    const merged = source.blocks ? replacePart(source.blocks, source.blockId, message) : undefined;
    // Replacing the whole packed message would wipe the other cards: answer beside it instead.
    if (!merged) return 'as_reply';
    target = { blocks: merged, text: source.text || message.text };
  }
  if (source && !source.ephemeral) await surface.client.chat.update({ channel: source.channel, ts: source.ts, ...target } as never);
  else if (responseUrl.left > 0) await responseUrl.post({ replace_original: true, ...target });
  else await dm(surface, message);
  return 'done';
}

/** Slack's answers to views.open/push when the request's trigger_id can no longer open a view. */
const DEAD_TRIGGER = new Set(['expired_trigger_id', 'trigger_expired', 'exchanged_trigger_id']);

function deadTrigger(err: unknown): boolean {
  const e = err as { code?: string; data?: { error?: string } };
  return e?.code === webApi.ErrorCode.PlatformError && DEAD_TRIGGER.has(e.data?.error ?? '');
}

/** The texts of the form fallback, in the actor's language (English for someone the bot does not know yet). */
export async function reopenTexts(db: Db, actor: Actor): Promise<FormReopenTexts> {
  const workspace = await findWorkspace(db, 'slack', actor.workspaceExternalId);
  const person = workspace && await findPersonByPlatformId(db, workspace.id, actor.platformUserId);
  return formReopenTexts(person ? localeOf(person) : 'en');
}

/**
 * Opens a modal with the request's trigger_id, or, when Slack says the trigger is no longer
 * good (it lives 3 seconds), keeps the view and sends the actor a button that opens it
 * (through the request's response_url while it has a post left, else by DM).
 */
export async function openView(
  deps: EffectDeps, surface: RequestSurface & { readonly triggerId: string }, view: Record<string, unknown>,
  responseUrl: ResponseUrl = new ResponseUrl(surface.respond),
): Promise<void> {
  try {
    if (surface.inModal) await surface.client.views.push({ trigger_id: surface.triggerId, view } as never);
    else await surface.client.views.open({ trigger_id: surface.triggerId, view } as never);
  } catch (err) {
    if (!deadTrigger(err)) throw err;
    const { actor } = surface;
    const id = await deferView(deps.db, actor.workspaceExternalId, actor.platformUserId, view, new Date());
    // Erased meanwhile (from another device): there is nothing of theirs to open any more.
    if (id === undefined) return;
    const texts = await reopenTexts(deps.db, actor);
    const { blocks, text } = await renderedMessage(deps.db, message(richText(texts.text)));
    const button = { type: 'button', action_id: OPEN_DEFERRED_ACTION, style: 'primary', text: plain(texts.button, SLACK_LIMITS.buttonText), value: id };
    await sendReplies(surface, responseUrl, [{ blocks: [...blocks, { type: 'actions', elements: [button] }], text }]);
  }
}

export async function carryOut(deps: EffectDeps, surface: RequestSurface, effects: readonly Effect[]): Promise<void> {
  let triggerUsed = false;
  let homeStale = false;
  const responseUrl = new ResponseUrl(surface.respond);
  // Replies in a row are sent together, packed; anything else first sends the replies before it.
  let replies: RenderedMessage[] = [];
  const flush = async () => { const ready = replies; replies = []; if (ready.length > 0) await sendReplies(surface, responseUrl, ready); };
  for (const effect of effects) {
    if (effect.type === 'open_form') {
      await flush();
      const view = await renderedForm(deps.db, effect.form);
      if (surface.triggerId && !triggerUsed) {
        triggerUsed = true;
        await openView(deps, { ...surface, triggerId: surface.triggerId }, view as unknown as Record<string, unknown>, responseUrl);
      }
      continue;
    }
    if (effect.content.kind === 'file') {
      await flush();
      // Ephemeral messages cannot carry files: a file always goes to the person's DM.
      await uploadFile(surface.client, await dmChannel(surface), effect.content);
      continue;
    }
    const message = await renderedMessage(deps.db, effect.content);
    if (effect.type === 'update_source') {
      if (surface.home) { homeStale = true; continue; }
      await flush();
      if ((await updateSource(surface, responseUrl, message)) === 'as_reply') replies.push(message);
      continue;
    }
    replies.push(message);
  }
  await flush();
  if (surface.home || homeStale) await publishHome(deps, surface.client, surface.actor);
}
