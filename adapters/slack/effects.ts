// Carries out what the core answered to one Slack request: replies to the actor (ephemeral via
// the request's response_url, or a DM when there is none), forms as modals through the
// request's trigger_id, and in-place updates of the clicked message or Home tab.
import type { Actor } from '../../src/flows/actor.ts';
import type { BotCore } from '../../src/flows/bot.ts';
import type { Effect } from '../../src/flows/effects.ts';
import type { Db } from '../../src/db/repositories/db.ts';
import type { Form, UiContent } from '../../src/ui/model.ts';
import { contentBlocks, fallbackText } from './render/card.ts';
import { formView } from './render/form.ts';
import { homeView } from './render/home.ts';
import { uploadFile } from './file-upload.ts';
import { mentionResolver } from './people.ts';
import type { WebClient } from './slack-clients.ts';

export type Respond = (message: Record<string, unknown>) => Promise<unknown>;

/** Where a request came from, and so where its answers go. */
export interface RequestSurface {
  readonly client: WebClient;
  readonly actor: Actor;
  readonly triggerId?: string;
  readonly respond?: Respond;
  /** The message whose button was clicked. */
  readonly message?: { readonly channel: string; readonly ts: string; readonly ephemeral: boolean };
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

async function dm(surface: RequestSurface, payload: Record<string, unknown>): Promise<void> {
  await surface.client.chat.postMessage({ channel: await dmChannel(surface), ...payload } as never);
}

export async function renderedMessage(db: Db, content: UiContent): Promise<{ blocks: unknown[]; text: string }> {
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

export async function carryOut(deps: EffectDeps, surface: RequestSurface, effects: readonly Effect[]): Promise<void> {
  let triggerUsed = false;
  let homeStale = false;
  for (const effect of effects) {
    if (effect.type === 'open_form') {
      const view = await renderedForm(deps.db, effect.form);
      if (surface.triggerId && !triggerUsed) {
        triggerUsed = true;
        if (surface.inModal) await surface.client.views.push({ trigger_id: surface.triggerId, view } as never);
        else await surface.client.views.open({ trigger_id: surface.triggerId, view } as never);
      }
      continue;
    }
    if (effect.content.kind === 'file') {
      // Ephemeral messages cannot carry files: a file always goes to the person's DM.
      await uploadFile(surface.client, await dmChannel(surface), effect.content);
      continue;
    }
    const message = await renderedMessage(deps.db, effect.content);
    if (effect.type === 'update_source') {
      if (surface.home) homeStale = true;
      else if (surface.message && !surface.message.ephemeral) {
        await surface.client.chat.update({ channel: surface.message.channel, ts: surface.message.ts, ...message } as never);
      } else if (surface.respond) await surface.respond({ replace_original: true, ...message });
      else await dm(surface, message);
      continue;
    }
    if (surface.respond) await surface.respond({ response_type: 'ephemeral', replace_original: false, ...message });
    else await dm(surface, message);
  }
  if (surface.home || homeStale) await publishHome(deps, surface.client, surface.actor);
}
