// Carries out what the core answered to one Slack request: replies to the actor (ephemeral via
// the request's response_url, or a DM when there is none), forms as modals through the
// request's trigger_id, and in-place updates of the clicked message or Home tab.
// Slack takes at most RESPONSE_URL_POSTS posts on a response_url and drops the rest, so replies
// are packed into as few messages as fit (render/bundle.ts), and an answer that still needs more
// posts than are left goes whole to the person's DM rather than half of it being lost.
import type { Actor } from '../../src/flows/actor.ts';
import type { BotCore } from '../../src/flows/bot.ts';
import type { Effect } from '../../src/flows/effects.ts';
import type { Db } from '../../src/db/repositories/db.ts';
import type { Form, UiContent } from '../../src/ui/model.ts';
import { contentBlocks, fallbackText } from './render/card.ts';
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
class ResponseUrl {
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
        if (surface.inModal) await surface.client.views.push({ trigger_id: surface.triggerId, view } as never);
        else await surface.client.views.open({ trigger_id: surface.triggerId, view } as never);
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
