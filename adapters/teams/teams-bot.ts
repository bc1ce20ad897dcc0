// The Teams side of the bot: personal-chat messages are commands, card actions go to the core,
// installing the app saves the conversation and shows a welcome card, removing it forgets the
// conversation (the person then counts as unreachable for proactive messages).
import {
  TeamsActivityHandler, type AdaptiveCardInvokeResponse, type AdaptiveCardInvokeValue, type ConversationReference, type FileConsentCardResponse,
  type SearchInvokeResponse, type SearchInvokeValue, type TurnContext,
} from 'botbuilder';
import type { Db } from '../../src/db/repositories/db.ts';
import { findPersonByConversationUser } from '../../src/db/repositories/conversation-ref.repository.ts';
import { findPersonByPlatformId } from '../../src/db/repositories/person.repository.ts';
import type { RunOutcome } from '../../src/db/repositories/request-dedup.repository.ts';
import { findWorkspace, upsertWorkspace } from '../../src/db/repositories/workspace.repository.ts';
import { localeOf, type Actor } from '../../src/flows/actor.ts';
import type { BotCore } from '../../src/flows/bot.ts';
import { requestFailed } from '../../src/flows/effects.ts';
import type { CommandInput } from '../../src/domain/commands/command.ts';
import type { Person, Workspace } from '../../src/domain/model.ts';
import { resolveLocale } from '../../src/ui/i18n/locale.ts';
import { actorOf, commandInput } from './activity-actor.ts';
import { handleCardAction } from './card-actions.ts';
import { readCardData } from './card-data.ts';
import { conversationOf, forgetConversation, rememberConversation } from './conversation-refs.ts';
import { FILE_INFO_CARD, uploadFile, type FileOffers } from './file-offers.ts';
import type { FormCache } from './form-cache.ts';
import { ADAPTIVE_CARD_CONTENT_TYPE } from './render/adaptive-card.ts';
import { cardActivity, contentCard } from './render/content.ts';
import { mentionLookup } from './people.ts';
import { answerSearch } from './search.ts';
import type { GraphClient } from './graph.ts';
import { forgetTeam, rememberTeam, teamOf } from './team-rosters.ts';
import { applyEffects, type Source, type TurnScope } from './turn-output.ts';
import { runTurnOnce } from './turn-journal.ts';

export interface TeamsBotDeps {
  readonly core: BotCore;
  readonly db: Db;
  readonly forms: FormCache;
  readonly offers: FileOffers;
  readonly logger: { info(obj: object, msg?: string): void; warn(obj: object, msg?: string): void };
  /** Microsoft Graph, when people search in the directory is set up. */
  readonly graph?: GraphClient;
  /** How long a turn holds its activity before a redelivery may take it over (default 30 s). */
  readonly turnLeaseMs?: number;
  /** The bot's app id (empty in the unauthenticated local mode): to write in a person's own chat. */
  readonly appId?: string;
}

const DEFAULT_TURN_LEASE_MS = 30_000;

const MESSAGE_RESPONSE = 'application/vnd.microsoft.activity.message';
/** Words that show the home cards; the core's grammar has no such command because Slack has App Home. */
const HOME_WORDS = new Set(['home', 'accueil']);

export class MentorTeamsBot extends TeamsActivityHandler {
  readonly #deps: TeamsBotDeps;

  constructor(deps: TeamsBotDeps) {
    super();
    this.#deps = deps;
  }

  async #known(actor: Actor): Promise<{ workspace: Workspace; person: Person } | undefined> {
    const workspace = await findWorkspace(this.#deps.db, 'teams', actor.workspaceExternalId);
    const person = workspace && await findPersonByPlatformId(this.#deps.db, workspace.id, actor.platformUserId);
    return workspace && person ? { workspace, person } : undefined;
  }

  readonly #scopeOf = async (actor: Actor): Promise<TurnScope | undefined> => {
    const known = await this.#known(actor);
    if (known) {
      return {
        workspaceId: known.workspace.id, locale: localeOf(known.person),
        files: { offers: this.#deps.offers, recipientPlatformUserId: actor.platformUserId },
        owner: { workspaceId: known.workspace.id, platformUserId: actor.platformUserId },
      };
    }
    // Someone who just erased their data (`delete`) is no longer known by their Teams id: their
    // own click is still answered (the card replaced in place), in their client's language.
    const workspace = await findWorkspace(this.#deps.db, 'teams', actor.workspaceExternalId);
    return workspace && { workspaceId: workspace.id, locale: resolveLocale(actor.profile?.locale) };
  };

  /** Saves the conversation of a person the core has met; true when it is new. */
  async #remember(context: TurnContext, actor: Actor): Promise<boolean> {
    // Only a personal chat is the person's conversation with the bot (not a circle's group chat).
    if (!this.#personal(context)) return false;
    const known = await this.#known(actor);
    return known ? rememberConversation(this.#deps.db, known.workspace.id, known.person.id, context.activity) : false;
  }

  /**
   * Teams redelivers an activity it thinks went unanswered. The turn claims the activity under a
   * lease; what it sends is held (turn-journal.ts). A turn whose work failed (the core rolled
   * back) is released, so the redelivery runs it again. A turn whose work succeeded saves what it
   * has to send, is marked done, then sends: a redelivery finds it done and sends only what could
   * not be sent, with the invoke's answer. A redelivery while it runs, or once everything went
   * out, does nothing (ran: false).
   */
  async #once(context: TurnContext, work: () => Promise<RunOutcome>, answer: () => unknown = () => undefined, actor?: Actor): Promise<{ ran: boolean; answer?: unknown }> {
    // A click in a circle's group chat is one person's: what it shows them (a form, "your
    // answer is saved") goes to their own chat with the bot, never to the whole circle.
    const redirect = actor && !this.#personal(context) ? (c: TurnContext) => this.#toOwnChat(c, actor) : undefined;
    return runTurnOnce(context, this.#deps.db, { leaseMs: this.#deps.turnLeaseMs ?? DEFAULT_TURN_LEASE_MS, logger: this.#deps.logger, ...(redirect ? { redirect } : {}) }, work, answer);
  }

  /** Sends what the turn sends to the actor's personal chat with the bot instead. */
  #toOwnChat(context: TurnContext, actor: Actor): void {
    context.onSendActivities(async (_context, activities, next) => {
      if (activities.some((a) => a.type === 'invokeResponse' || a.type === 'trace')) return next();
      const known = await this.#known(actor);
      const reference = known && await conversationOf(this.#deps.db, known.person.id);
      if (!reference?.conversation?.id) {
        this.#deps.logger.warn({ platform: 'teams', known: Boolean(known) }, 'a click in a group chat from someone without a personal chat with the bot: its answer is not shown in the group');
        return activities.map(() => ({ id: '' }));
      }
      const sent: { id: string }[] = [];
      const adapter = context.adapter as unknown as { continueConversationAsync(appId: string, reference: Partial<ConversationReference>, logic: (c: TurnContext) => Promise<void>): Promise<void> };
      await adapter.continueConversationAsync(this.#deps.appId ?? '', reference, async (own) => {
        for (const activity of activities) {
          const { replyToId: _replyTo, ...rest } = activity;
          sent.push({ id: (await own.sendActivity(rest))?.id ?? '' });
        }
      });
      return sent;
    });
  }

  #personal(context: TurnContext): boolean {
    const type = context.activity.conversation?.conversationType;
    return type === undefined || type === 'personal';
  }

  protected override async onMessageActivity(context: TurnContext): Promise<void> {
    const actor = actorOf(context.activity);
    if (!actor || !this.#personal(context)) return;
    await this.#once(context, async () => {
      const data = readCardData(context.activity.value);
      if (data) {
        const replyTo = context.activity.replyToId;
        const source: Source = replyTo ? { kind: 'message', activityId: replyTo } : { kind: 'none' };
        const outcome = await handleCardAction(context, { ...this.#deps, scopeOf: this.#scopeOf }, actor, data, source);
        await this.#remember(context, actor);
        return outcome;
      }
      const input = await withDirectoryIds(this.#deps.db, actor, commandInput(context.activity));
      if (HOME_WORDS.has(input.text.toLowerCase())) {
        await this.#home(context, actor);
        return 'done';
      }
      const effects = await this.#deps.core.command(actor, input);
      await this.#remember(context, actor);
      const scope = await this.#scopeOf(actor);
      if (scope) await applyEffects(context, this.#deps.db, scope, this.#deps.forms, effects, { kind: 'none' });
      return requestFailed(effects) ? 'retry' : 'done';
    });
  }

  /** Teams has no App Home: the word "home" shows the same cards (status, lead dashboard) in the chat. */
  async #home(context: TurnContext, actor: Actor): Promise<void> {
    const cards = await this.#deps.core.home(actor);
    // Nothing to show yet (no program, no pair): the help says what to do first.
    const effects = cards.length > 0
      ? cards.map((content) => ({ type: 'reply' as const, content }))
      : await this.#deps.core.command(actor, { text: 'help' });
    await this.#remember(context, actor);
    const scope = await this.#scopeOf(actor);
    if (scope) await applyEffects(context, this.#deps.db, scope, this.#deps.forms, effects, { kind: 'none' });
  }

  protected override async onAdaptiveCardInvoke(context: TurnContext, invoke: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    const actor = actorOf(context.activity);
    const data = readCardData(invoke.action?.data);
    if (!actor || !data) return { statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'BadRequest', message: 'not a Mentor bot action' } as never };
    const source: Source & { kind: 'invoke' } = { kind: 'invoke' };
    const { ran, answer } = await this.#once(context, async () => {
      const outcome = await handleCardAction(context, { ...this.#deps, scopeOf: this.#scopeOf }, actor, data, source);
      await this.#remember(context, actor);
      return outcome;
    }, () => source.replacement, actor);
    const replacement = ran ? (answer ?? source.replacement) : undefined;
    return replacement
      ? { statusCode: 200, type: ADAPTIVE_CARD_CONTENT_TYPE, value: replacement as never }
      : { statusCode: 200, type: MESSAGE_RESPONSE, value: '' as never };
  }

  /** A type-ahead search of one of our cards (long option lists, people): answered, nothing stored. */
  protected override async onSearchInvoke(context: TurnContext, value: SearchInvokeValue): Promise<SearchInvokeResponse> {
    const actor = actorOf(context.activity);
    if (!actor) return { statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'BadRequest', message: 'no user' } as never };
    const found = await answerSearch(this.#deps, actor, value);
    return { statusCode: found.statusCode, type: found.type, value: found.value as never };
  }

  /** The person accepted a file: upload it to the place Teams gave, then show the file card. */
  protected override async handleTeamsFileConsentAccept(context: TurnContext, response: FileConsentCardResponse): Promise<void> {
    const actor = actorOf(context.activity);
    const offered = response.context as { fileId?: unknown } | undefined;
    const file = actor && await this.#deps.offers.take(offered?.fileId, actor.platformUserId);
    const upload = response.uploadInfo;
    if (!file || !upload?.uploadUrl || !(await uploadFile(upload.uploadUrl, file))) {
      this.#deps.logger.warn({ platform: 'teams', offered: Boolean(file) }, 'teams file upload not done');
      return;
    }
    await context.sendActivity({
      type: 'message',
      attachments: [{ contentType: FILE_INFO_CARD, contentUrl: upload.contentUrl, name: upload.name, content: { uniqueId: upload.uniqueId, fileType: upload.fileType } }],
    });
  }

  protected override async handleTeamsFileConsentDecline(context: TurnContext, response: FileConsentCardResponse): Promise<void> {
    const actor = actorOf(context.activity);
    if (actor) await this.#deps.offers.take((response.context as { fileId?: unknown } | undefined)?.fileId, actor.platformUserId);
  }

  protected override async onInstallationUpdateAddActivity(context: TurnContext): Promise<void> {
    if (teamOf(context.activity)) await this.#team(context, 'added');
    else await this.#installed(context);
  }

  /** The app added to (or removed from) a team: its roster can (no longer) be invited to rounds. */
  async #team(context: TurnContext, change: 'added' | 'removed'): Promise<void> {
    const team = teamOf(context.activity);
    const actor = actorOf(context.activity);
    if (!team || !actor) return;
    const workspace = await upsertWorkspace(this.#deps.db, { platform: 'teams', externalId: actor.workspaceExternalId });
    if (change === 'added') await rememberTeam(this.#deps.db, workspace.id, context);
    else await forgetTeam(this.#deps.db, workspace.id, team.id);
    this.#deps.logger.info({ platform: 'teams', team: team.id }, `teams app ${change} ${change === 'added' ? 'to' : 'from'} a team`);
  }

  protected override async onInstallationUpdateRemoveActivity(context: TurnContext): Promise<void> {
    if (teamOf(context.activity)) return this.#team(context, 'removed');
    const actor = actorOf(context.activity);
    const known = actor && await this.#known(actor);
    if (known) await forgetConversation(this.#deps.db, known.person.id);
    this.#deps.logger.info({ platform: 'teams', known: Boolean(known) }, 'teams app removed by a user');
  }

  protected override async onConversationUpdateActivity(context: TurnContext): Promise<void> {
    // In a personal chat, the bot itself being added is the install.
    const botId = context.activity.recipient?.id;
    if (this.#personal(context) && context.activity.membersAdded?.some((m) => m.id === botId)) await this.#installed(context);
    // In a team, the bot added or removed is the app installed in or removed from the team.
    if (teamOf(context.activity) && context.activity.membersAdded?.some((m) => m.id === botId)) await this.#team(context, 'added');
    if (teamOf(context.activity) && context.activity.membersRemoved?.some((m) => m.id === botId)) await this.#team(context, 'removed');
  }

  async #installed(context: TurnContext): Promise<void> {
    const actor = actorOf(context.activity);
    if (!actor || !this.#personal(context)) return;
    // The help screen doubles as the welcome; asking for it also introduces the person to the core.
    const effects = await this.#deps.core.command(actor, { text: 'help' });
    // Teams sends both conversationUpdate and installationUpdate: welcome once per conversation.
    if (!(await this.#remember(context, actor))) return;
    const lookup = await mentionLookup(this.#deps.db, []);
    for (const effect of effects) {
      if (effect.type === 'reply') await context.sendActivity(cardActivity(contentCard(effect.content, lookup)));
    }
  }
}

/**
 * Teams mentions carry the person's Bot Framework id ("29:…") and only sometimes their directory
 * id; people are known here by the directory id, so a mention without it is matched through the
 * conversation reference the bot keeps for everyone it has talked to.
 */
async function withDirectoryIds(db: Db, actor: Actor, input: CommandInput): Promise<CommandInput> {
  if (!input.mentions?.some((m) => m.platformUserId.startsWith('29:'))) return input;
  const workspace = await findWorkspace(db, 'teams', actor.workspaceExternalId);
  if (!workspace) return input;
  const mentions = await Promise.all(input.mentions.map(async (m) => {
    if (!m.platformUserId.startsWith('29:')) return m;
    const person = await findPersonByConversationUser(db, workspace.id, m.platformUserId);
    return person ? { ...m, platformUserId: person.platformUserId } : m;
  }));
  return { ...input, mentions };
}
