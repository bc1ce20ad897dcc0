// A mentoring circle's Teams group chat, made through Microsoft Graph when
// TEAMS_CIRCLE_GROUP_CHATS=true (docs/teams.md, "Circle group chats"): the chat is made with every
// member of the circle (`POST /v1.0/chats`, by their Entra object ids), the bot's app is installed
// in it (`POST /v1.0/chats/{id}/installedApps`), and the bot then posts there through the Bot
// Connector like in any conversation it belongs to. Where a chat cannot be had (not configured, a
// member without an Entra object id, a permission missing, the app not in the catalog), the answer
// is `unsupported` and the core sends the circle's messages to each member instead.
//
// Making a chat is not idempotent on Graph's side, so each attempt is written down before the
// request (teams_circle_chats, one row per circle, by the name the core gives): `unclear` while
// the attempt may have made a chat whose id never came back. The next attempt then looks for that
// chat among the chats of one member, by the topic (which carries a code made from the circle),
// before making another; without the permission to look it makes none (personal copies), so a
// circle never gets two chats from this bot's retries. Two attempts at once: the second waits.
import { createHash } from 'node:crypto';
import type { Db } from '../../src/db/repositories/db.ts';
import type { Person } from '../../src/domain/model.ts';
import type { LeaveSpaceOutcome, SpaceOutcome, SpaceRequest } from '../../src/ports/messenger.ts';
import { conversationOf } from './conversation-refs.ts';
import type { GraphClient } from './graph.ts';

/** Microsoft Entra object ids are GUIDs; a Bot Framework id ("29:…") is not one. */
const ENTRA_OBJECT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The chat's title is kept short (Teams shows it in the chat list), in characters. */
export const MAX_TOPIC = 100;
/**
 * An attempt younger than this may still be waiting for Graph's answer (at most 3 waits of 10 s and
 * 4 requests of 5 s, graph.ts): the next one waits.
 */
const ATTEMPT_LEASE_MS = 60_000;
const WAIT_FOR_ATTEMPT_MS = 30_000;

interface Logger { info(obj: object, msg?: string): void; warn(obj: object, msg?: string): void }

export interface CircleChatDeps {
  readonly db: Db;
  readonly graph: GraphClient;
  /** The bot's app id in the Teams app catalog (TEAMS_APP_CATALOG_ID). */
  readonly catalogAppId: string;
  readonly logger: Logger;
  readonly now?: () => Date;
}

export interface CircleChatRow {
  readonly chatId: string | null;
  readonly serviceUrl: string | null;
}

/** The chat's topic: the circle's title, then a code made from its name that finds it again. */
export function chatTopic(title: string, name: string): string {
  const code = createHash('sha256').update(name).digest('hex').slice(0, 6);
  const suffix = ` · ${code}`;
  // Counted and cut by characters (code points), so an emoji is never cut in half.
  const clean = [...title.replace(/\s+/g, ' ').trim()];
  const room = MAX_TOPIC - [...suffix].length;
  return `${clean.length > room ? `${clean.slice(0, room - 1).join('').trimEnd()}…` : clean.join('')}${suffix}`;
}

/** The Bot Connector address to post through: from a member's chat with the bot, or a team's. */
async function serviceUrlFor(db: Db, workspaceId: string, people: readonly Person[]): Promise<string | undefined> {
  for (const person of people) {
    const reference = await conversationOf(db, person.id);
    if (reference?.serviceUrl) return reference.serviceUrl;
  }
  const team = await db.selectFrom('teams_teams').select('reference').where('workspace_id', '=', workspaceId).orderBy('updated_at', 'desc').executeTakeFirst();
  const url = (team?.reference as { serviceUrl?: unknown } | undefined)?.serviceUrl;
  return typeof url === 'string' && url ? url : undefined;
}

/** The chat recorded for a circle, by the chat's id (to post into it). */
export async function circleChatById(db: Db, chatId: string): Promise<CircleChatRow | undefined> {
  const row = await db.selectFrom('teams_circle_chats').select(['chat_id', 'service_url']).where('chat_id', '=', chatId).executeTakeFirst();
  return row && { chatId: row.chat_id, serviceUrl: row.service_url };
}

export function createCircleChats(deps: CircleChatDeps) {
  const { db, graph, catalogAppId, logger } = deps;
  const now = deps.now ?? (() => new Date());
  const warned = new Set<string>();
  /** One warning per cause and workspace in this process, however many circles it hits. */
  const warnOnce = (key: string, obj: object, msg: string) => {
    if (warned.has(key)) return;
    warned.add(key);
    logger.warn(obj, msg);
  };

  const rowOf = (workspaceId: string, name: string) => db.selectFrom('teams_circle_chats').selectAll()
    .where('workspace_id', '=', workspaceId).where('name', '=', name).executeTakeFirst();
  const update = (workspaceId: string, name: string, values: { chat_id?: string; unclear?: boolean; installed_at?: Date }) =>
    db.updateTable('teams_circle_chats').set({ ...values, updated_at: now() }).where('workspace_id', '=', workspaceId).where('name', '=', name).execute();

  const unsupported = (detail: string): SpaceOutcome => ({ status: 'unsupported', detail });

  async function open(workspaceId: string, request: SpaceRequest): Promise<SpaceOutcome> {
    const people = request.people.filter((p) => !p.erasedAt && !p.deactivatedAt);
    const without = people.filter((p) => !ENTRA_OBJECT_ID.test(p.platformUserId));
    if (without.length > 0) {
      logger.warn({ platform: 'teams', space: request.name, members: without.length },
        'circle group chat not made: some members have no known Microsoft Entra object id (they use a client that does not send it); the circle\'s messages go to each member');
      return unsupported('teams.no_entra_id: a member has no known Microsoft Entra object id');
    }
    if (people.length < 2) return unsupported('teams.too_few_members');
    const memberIds = people.map((p) => p.platformUserId);

    let row = await rowOf(workspaceId, request.name);
    if (!row) {
      const serviceUrl = await serviceUrlFor(db, workspaceId, people);
      if (!serviceUrl) return unsupported('teams.no_service_url: nobody in the circle has talked with the bot yet');
      await db.insertInto('teams_circle_chats').values({ workspace_id: workspaceId, name: request.name, topic: chatTopic(request.title, request.name), service_url: serviceUrl, updated_at: now() })
        .onConflict((oc) => oc.columns(['workspace_id', 'name']).doNothing()).execute();
      row = (await rowOf(workspaceId, request.name))!;
    }

    let chatId = row.chat_id;
    if (!chatId) {
      if (row.unclear) {
        // An earlier attempt may have made the chat: one that is still waiting for its answer is
        // left alone; an older one is looked for before another is made.
        if (now().getTime() - row.updated_at.getTime() < ATTEMPT_LEASE_MS) {
          return { status: 'failed', detail: 'teams.chat_attempt_under_way', retryAfterMs: WAIT_FOR_ATTEMPT_MS };
        }
        const found = await graph.findGroupChat(memberIds[0]!, row.topic);
        if (found.kind === 'failed') return { status: 'failed', detail: `teams.find_chat: ${found.detail}`, ...(found.retryAfterMs !== undefined ? { retryAfterMs: found.retryAfterMs } : {}) };
        if (found.kind === 'refused') {
          warnOnce(`find:${workspaceId}`, { platform: 'teams', space: request.name, detail: found.detail },
            'an attempt to make a circle\'s group chat got no answer, and the bot may not look for the chat it may have made (grant Chat.ReadBasic.All to look): no second chat is made; the circle\'s messages go to each member');
          return unsupported(`teams.find_chat_refused: ${found.detail}`);
        }
        if (found.kind === 'found') {
          chatId = found.id;
          await update(workspaceId, request.name, { chat_id: chatId, unclear: false });
        }
      }
    }
    if (!chatId) {
      // The attempt is written down before Graph is asked; only one attempt at a time takes it:
      // the one whose count of attempts is still the one it read (a time could be the same for
      // two runs within one millisecond).
      const claimed = await db.updateTable('teams_circle_chats')
        .set((eb) => ({ unclear: true, attempts: eb('attempts', '+', 1), updated_at: now() }))
        .where('workspace_id', '=', workspaceId).where('name', '=', request.name).where('chat_id', 'is', null).where('attempts', '=', row.attempts)
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) === 0) return { status: 'failed', detail: 'teams.chat_attempt_under_way', retryAfterMs: WAIT_FOR_ATTEMPT_MS };
      const created = await graph.createGroupChat(row.topic, memberIds);
      switch (created.kind) {
        case 'created':
          chatId = created.id;
          await update(workspaceId, request.name, { chat_id: chatId, unclear: false });
          logger.info({ platform: 'teams', space: request.name, members: memberIds.length }, 'circle group chat made');
          break;
        case 'unclear':
          // Left marked: the next attempt looks for the chat before making another.
          logger.warn({ platform: 'teams', space: request.name, detail: created.detail }, 'circle group chat: no clear answer from Graph; the next attempt looks for the chat first');
          return { status: 'failed', detail: `teams.create_chat: ${created.detail}` };
        case 'throttled':
          await update(workspaceId, request.name, { unclear: false });
          return { status: 'failed', detail: `teams.create_chat: ${created.detail}`, retryAfterMs: created.retryAfterMs };
        case 'failed':
          await update(workspaceId, request.name, { unclear: false });
          return { status: 'failed', detail: `teams.create_chat: ${created.detail}` };
        case 'refused':
          await update(workspaceId, request.name, { unclear: false });
          warnOnce(`create:${workspaceId}:${created.status}`, { platform: 'teams', detail: created.detail }, created.status === 403
            ? 'circle group chats: Microsoft Graph refused to make a chat (403: grant the app registration the application permission Chat.Create, with admin consent); circles\' messages go to each member'
            : 'circle group chats: Microsoft Graph refused to make a chat; circles\' messages go to each member');
          return unsupported(`teams.create_chat_refused: ${created.detail}`);
      }
    }

    if (!row.installed_at) {
      const installed = await graph.installAppInChat(chatId, catalogAppId);
      if (installed.kind === 'failed') {
        return { status: 'failed', detail: `teams.install_app: ${installed.detail}`, ...(installed.retryAfterMs !== undefined ? { retryAfterMs: installed.retryAfterMs } : {}) };
      }
      if (installed.kind === 'refused') {
        warnOnce(`install:${workspaceId}:${installed.status}`, { platform: 'teams', detail: installed.detail }, installed.status === 403
          ? 'circle group chats: Microsoft Graph refused to install the app in a circle\'s chat (403: grant TeamsAppInstallation.ReadWriteSelfForChat.All, with admin consent); circles\' messages go to each member'
          : 'circle group chats: the app could not be installed in a circle\'s chat (is TEAMS_APP_CATALOG_ID the app\'s id in the Teams app catalog?); circles\' messages go to each member');
        return unsupported(`teams.install_app_refused: ${installed.detail}`);
      }
      await update(workspaceId, request.name, { installed_at: now() });
    }
    return { status: 'opened', spaceId: chatId, name: request.name, left: [] };
  }

  /**
   * Takes one person (Entra object id) out of a circle's chat: their membership is looked up among
   * the chat's members and deleted (graph.ts). A permission missing is refused for good, with one
   * warning per workspace naming it.
   */
  async function leave(workspaceId: string, chatId: string, userId: string): Promise<LeaveSpaceOutcome> {
    if (!ENTRA_OBJECT_ID.test(userId)) return { status: 'refused', detail: 'teams.no_entra_id: the person has no known Microsoft Entra object id' };
    const outcome = await graph.removeChatMember(chatId, userId);
    if (outcome.kind === 'removed' || outcome.kind === 'absent') return { status: outcome.kind };
    if (outcome.kind === 'failed') return { status: 'failed', detail: `teams.remove_member: ${outcome.detail}`, ...(outcome.retryAfterMs !== undefined ? { retryAfterMs: outcome.retryAfterMs } : {}) };
    if (outcome.status === 403) {
      warnOnce(`leave:${workspaceId}`, { platform: 'teams', detail: outcome.detail },
        'a person who erased their data could not be taken out of their circle\'s group chat: grant the Microsoft Graph application permission ChatMember.ReadWrite.All');
    }
    return { status: 'refused', detail: `teams.remove_member: ${outcome.detail}` };
  }

  return { open, leave };
}

export type CircleChats = ReturnType<typeof createCircleChats>;
