// The core's Messenger for Teams: proactive messages through stored conversation references and
// CloudAdapter.continueConversationAsync. A person without a reference has not installed the app
// (or removed it): that is "unreachable", which the core records and reports to leads. A Teams
// bot cannot open a group chat by itself, so a group message reaches each member in their personal
// chat; a mentoring circle gets a group chat made through Microsoft Graph when that is set up
// (circle-chats.ts), and its messages are posted there, once, to everyone in it.
import type { CloudAdapter, ConversationReference } from 'botbuilder';
import type { Db } from '../../src/db/repositories/db.ts';
import { saveConversationRef } from '../../src/db/repositories/conversation-ref.repository.ts';
import { getPerson } from '../../src/db/repositories/person.repository.ts';
import type { Person } from '../../src/domain/model.ts';
import { getWorkspace } from '../../src/db/repositories/workspace.repository.ts';
import type { LeaveSpaceOutcome, Messenger, RemoveOutcome, SendOptions, SendOutcome, SentMessage, SpaceOutcome, SpaceRequest } from '../../src/ports/messenger.ts';
import type { UiContent } from '../../src/ui/model.ts';
import { circleChatById, type CircleChats } from './circle-chats.ts';
import { conversationOf, parseSentChannelId, sentChannelId } from './conversation-refs.ts';
import { mentionLookup, mentionedPeople } from './people.ts';
import { contentActivity, type OutgoingActivity } from './render/content.ts';
import type { FileOffers } from './file-offers.ts';
import { ThrottledError, type SendQueue } from './send-queue.ts';
import { openChatThroughTeam } from './team-rosters.ts';

interface MessengerLogger { warn(obj: object, msg?: string): void }

export interface TeamsMessengerDeps {
  readonly db: Db;
  readonly adapter: CloudAdapter;
  /** The bot's app id (empty in the unauthenticated local mode). */
  readonly appId: string;
  readonly queue: SendQueue;
  readonly offers: FileOffers;
  readonly logger: MessengerLogger;
  /** Circles' group chats through Microsoft Graph (TEAMS_CIRCLE_GROUP_CHATS=true); none: personal copies. */
  readonly circleChats?: CircleChats;
}

/** A message posted in a circle's group chat: no person in the channel id, the chat's id instead. */
const SPACE = 'space';

/**
 * Bot Connector answers that no retry changes: 400 (the activity is refused), 401 (the bot's
 * credentials are refused), 403 (the person blocked or removed the bot), 404 (the conversation
 * is gone).
 */
const FOR_GOOD = new Set([400, 401, 403, 404]);

/** The name of the retry policy of the connector client's HTTP pipeline (Azure core). */
const DEFAULT_RETRY_POLICY = 'defaultRetryPolicy';
const THROTTLE_RETRIES = 3;

interface PipelineLike {
  removePolicy(options: { name: string }): unknown;
  addPolicy(policy: { name: string; sendRequest(request: unknown, next: (request: unknown) => Promise<{ status: number; headers: { get(name: string): string | undefined } }>): Promise<unknown> }, options?: { phase?: string }): void;
}
const adjusted = new WeakSet<object>();

/**
 * The connector client's pipeline retries 5xx answers and dropped connections on its own: a post
 * Teams accepted but whose answer was lost would reach the person twice, under the delivery job's
 * feet. Only 429s are retried there (after Retry-After, 3 times); any other failure comes back to
 * the delivery job, which knows whether the message may have gone out.
 */
function retryOnlyThrottling(connector: { client?: { pipeline?: PipelineLike } } | undefined): void {
  const pipeline = connector?.client?.pipeline;
  if (!pipeline || adjusted.has(pipeline)) return;
  adjusted.add(pipeline);
  pipeline.removePolicy({ name: DEFAULT_RETRY_POLICY });
  pipeline.addPolicy({
    name: 'throttlingOnlyRetryPolicy',
    async sendRequest(request, next) {
      for (let retry = 0; ; retry += 1) {
        const response = await next(request);
        if (response.status !== 429 || retry >= THROTTLE_RETRIES) return response;
        const seconds = Number(response.headers.get('retry-after'));
        await new Promise((resolve) => setTimeout(resolve, Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 1000));
      }
    },
  }, { phase: 'Retry' });
}

type Attempt = { ok: true; sent: SentMessage } | { ok: false; outcome: Exclude<SendOutcome, { ok: true }> };

function failure(err: unknown): Exclude<SendOutcome, { ok: true }> {
  if (err instanceof ThrottledError) return { ok: false, reason: 'retry', retryAfterMs: err.retryAfterMs, detail: err.code };
  const status = (err as { statusCode?: number }).statusCode;
  const code = (err as { code?: string }).code;
  if (status !== undefined && FOR_GOOD.has(status)) return { ok: false, reason: 'unreachable', detail: `teams.${status}${code ? `.${code}` : ''}` };
  // No answer, or a server error: Teams may have delivered the message all the same.
  const uncertain = status === undefined || status >= 500;
  return { ok: false, reason: 'retry', detail: `teams.send_failed${status ? `.${status}` : ''}`, ...(uncertain ? { uncertain } : {}) };
}

export function createTeamsMessenger(deps: TeamsMessengerDeps): Messenger {
  const { db, adapter, appId, queue } = deps;

  async function call(tenant: string, reference: Partial<ConversationReference>, work: (send: (a: OutgoingActivity) => Promise<string | undefined>, update: (a: OutgoingActivity) => Promise<void>, remove: (activityId: string) => Promise<void>) => Promise<string | undefined>): Promise<string | undefined> {
    const conversation = reference.conversation?.id ?? '';
    return queue.run(tenant, conversation, async () => {
      let result: string | undefined;
      await adapter.continueConversationAsync(appId, reference, async (context) => {
        retryOnlyThrottling(context.turnState.get(context.adapter.ConnectorClientKey));
        result = await work(
          async (activity) => (await context.sendActivity(activity))?.id,
          async (activity) => { await context.updateActivity(activity); },
          async (activityId) => { await context.deleteActivity(activityId); },
        );
      });
      return result;
    });
  }

  /**
   * The person's chat with the bot: the one saved when they installed the app or wrote to it, or
   * else one opened through a team the app was added to and they are a member of (then saved).
   */
  async function chatWith(tenant: string, person: Person): Promise<Partial<ConversationReference> | undefined> {
    const saved = await conversationOf(db, person.id);
    if (saved?.conversation?.id) return saved;
    const opened = await openChatThroughTeam(db, adapter, appId, { workspaceId: person.workspaceId, tenantId: tenant, aadObjectId: person.platformUserId })
      .catch((err: unknown) => { deps.logger.warn({ person: person.id, err: (err as Error).message }, 'teams chat through a team not opened'); return undefined; });
    if (opened) await saveConversationRef(db, person.workspaceId, person.id, opened as Record<string, unknown>);
    return opened;
  }

  async function sendTo(tenant: string, person: Person, activity: OutgoingActivity, stillMine: SendOptions['stillMine']): Promise<Attempt> {
    const personId = person.id;
    const reference = await chatWith(tenant, person);
    if (!reference?.conversation?.id) {
      return { ok: false, outcome: { ok: false, reason: 'unreachable', detail: 'teams.no_conversation: the person has not installed the app' } };
    }
    if (stillMine && !(await stillMine())) return { ok: false, outcome: { ok: false, reason: 'fenced', detail: 'lease taken over before the post' } };
    try {
      const id = await call(tenant, reference, (send) => send(activity));
      return { ok: true, sent: { channelId: sentChannelId(personId, reference.conversation.id), messageId: id ?? '' } };
    } catch (err) {
      deps.logger.warn({ person: personId, err: (err as Error).message }, 'teams send failed');
      return { ok: false, outcome: failure(err) };
    }
  }

  /** How the bot writes into a circle's group chat: the chat's id as the conversation's. */
  async function chatReference(tenant: string, chatId: string): Promise<Partial<ConversationReference> | undefined> {
    const chat = await circleChatById(db, chatId);
    if (!chat?.serviceUrl) return undefined;
    return {
      channelId: 'msteams', serviceUrl: chat.serviceUrl, bot: { id: `28:${appId}`, name: '' },
      conversation: { id: chatId, conversationType: 'groupChat', isGroup: true, tenantId: tenant, name: '' },
    } as Partial<ConversationReference>;
  }

  async function sendToChat(tenant: string, chatId: string, activity: OutgoingActivity, stillMine: SendOptions['stillMine']): Promise<SendOutcome> {
    const reference = await chatReference(tenant, chatId);
    if (!reference) return { ok: false, reason: 'unreachable', detail: 'teams.unknown_chat: no group chat of a circle with this id' };
    if (stillMine && !(await stillMine())) return { ok: false, reason: 'fenced', detail: 'lease taken over before the post' };
    try {
      const id = await call(tenant, reference, (send) => send(activity));
      return { ok: true, sent: { channelId: sentChannelId(SPACE, chatId), messageId: id ?? '' } };
    } catch (err) {
      deps.logger.warn({ chat: chatId, err: (err as Error).message }, 'teams send to a circle chat failed');
      return failure(err);
    }
  }

  /** The conversation a sent message is in: a person's chat with the bot, or a circle's chat. */
  async function referenceOfSent(tenant: string, where: { personId: string; conversationId: string }): Promise<Partial<ConversationReference> | undefined> {
    if (where.personId === SPACE) return chatReference(tenant, where.conversationId);
    const reference = await conversationOf(db, where.personId);
    return reference?.conversation?.id === where.conversationId ? reference : undefined;
  }

  async function render(content: UiContent): Promise<OutgoingActivity> {
    return contentActivity(content, await mentionLookup(db, mentionedPeople([content])));
  }

  async function tenantOf(workspaceId: string): Promise<string> {
    return (await getWorkspace(db, workspaceId))?.externalId ?? workspaceId;
  }

  return {
    async send(workspaceId, to, content, options = {}) {
      const tenant = await tenantOf(workspaceId);
      const activity = await render(content);
      // A circle's group chat: one post that everyone in it reads.
      if (to.kind === 'space' && content.kind !== 'file') return sendToChat(tenant, to.spaceId, activity, options.stillMine);
      const ids = to.kind === 'person' ? [to.personId] : to.personIds;
      const attempts: Attempt[] = [];
      // One member who cannot be reached does not stop the others.
      for (const id of ids) {
        const person = await getPerson(db, id);
        if (!person || person.workspaceId !== workspaceId) {
          attempts.push({ ok: false, outcome: { ok: false, reason: 'unreachable', detail: 'teams.unknown_person' } });
          continue;
        }
        // A file is offered to each recipient on their own consent card (none to someone erased by then).
        const own = content.kind === 'file' ? await deps.offers.offer(content, { workspaceId, platformUserId: person.platformUserId }) : activity;
        if (!own) {
          attempts.push({ ok: false, outcome: { ok: false, reason: 'unreachable', detail: 'teams.unknown_person' } });
          continue;
        }
        attempts.push(await sendTo(tenant, person, own, options.stillMine));
      }
      const sent = attempts.find((a): a is Extract<Attempt, { ok: true }> => a.ok);
      const fenced = attempts.find((a) => !a.ok && a.outcome.reason === 'fenced');
      if (fenced && !fenced.ok && !sent) return fenced.outcome;
      const retry = attempts.find((a) => !a.ok && a.outcome.reason === 'retry');
      // A group message already given to some members is not sent again to them by a retry.
      if (sent) return { ok: true, sent: sent.sent };
      if (retry && !retry.ok) return retry.outcome;
      const first = attempts[0];
      return first && !first.ok ? first.outcome : { ok: false, reason: 'unreachable', detail: 'teams.no_recipient' };
    },

    // A Teams bot cannot open a group chat by itself: the core sends a group message as one copy
    // per member (a message to a circle's group chat is one post, whatever this says).
    async copiesPerMember() { return true; },

    ...(deps.circleChats ? {
      /** A circle's group chat, made through Microsoft Graph (circle-chats.ts). */
      async openSpace(workspaceId: string, request: SpaceRequest): Promise<SpaceOutcome> {
        try {
          return await deps.circleChats!.open(workspaceId, request);
        } catch (err) {
          return { status: 'failed', detail: `teams.open_chat: ${(err as Error)?.message ?? String(err)}`.slice(0, 300) };
        }
      },
      /** Takes a person out of a circle's group chat through Microsoft Graph (circle-chats.ts). */
      async removeFromSpace(workspaceId: string, spaceId: string, platformUserId: string): Promise<LeaveSpaceOutcome> {
        try {
          return await deps.circleChats!.leave(workspaceId, spaceId, platformUserId);
        } catch (err) {
          return { status: 'failed', detail: `teams.remove_member: ${(err as Error)?.message ?? String(err)}`.slice(0, 300) };
        }
      },
    } : {}),

    /**
     * Removes a second copy (Bot Connector: delete activity) by the activity id kept at send time.
     * A message to a pair is sent as one delivery per member (copiesPerMember), each with its own id.
     */
    async remove(workspaceId, message): Promise<RemoveOutcome> {
      const where = parseSentChannelId(message.channelId);
      if (!where || !message.messageId) return { status: 'failed', detail: 'teams.no_activity_id', permanent: true };
      const tenant = await tenantOf(workspaceId);
      const reference = await referenceOfSent(tenant, where);
      // The person removed the app: their chat with the bot, and the copy in it, are gone.
      if (!reference) return { status: 'gone' };
      try {
        await call(tenant, reference, async (_send, _update, remove) => { await remove(message.messageId); return undefined; });
        return { status: 'gone' };
      } catch (err) {
        const status = (err as { statusCode?: number }).statusCode;
        if (status === 404) return { status: 'gone' };
        const outcome = failure(err);
        return { status: 'failed', detail: `remove: ${outcome.detail}`, permanent: outcome.reason === 'unreachable' };
      }
    },

    async update(workspaceId, message, content) {
      const where = parseSentChannelId(message.channelId);
      const tenant = await tenantOf(workspaceId);
      const reference = where ? await referenceOfSent(tenant, where) : undefined;
      if (!where || !reference) {
        return { ok: false, reason: 'unreachable', detail: 'teams.conversation_gone' };
      }
      const activity = { ...(await render(content)), id: message.messageId };
      try {
        await call(tenant, reference, async (_send, update) => { await update(activity); return undefined; });
        return { ok: true, sent: message };
      } catch (err) {
        return failure(err);
      }
    },
  };
}
