// The Teams adapter's one entry point. Two steps, because the core needs the messenger and the
// directory before the endpoint can hand it requests:
//   const teams = createTeams({ db, config, logger });
//   const core = createBotCore({ ..., messenger: teams.messenger, directory: teams.directory }, allFlows);
//   teams.mount(http, core);                       // POST /api/messages
// Every botbuilder import of the product lives in this folder, so that moving to the Microsoft
// 365 Agents SDK replaces this folder only (see docs/teams.md).
import type { TurnContext } from 'botbuilder';
import type { Config } from '../../src/config.ts';
import type { Db } from '../../src/db/repositories/db.ts';
import type { BotCore } from '../../src/flows/bot.ts';
import type { HttpServer } from '../../src/http/server.ts';
import type { Directory } from '../../src/ports/directory.ts';
import type { Messenger } from '../../src/ports/messenger.ts';
import { createTeamsAuthentication, type TeamsAuthOverrides } from './auth.ts';
import { MentorCloudAdapter } from './cloud-adapter.ts';
import { createTeamsDirectory } from './directory.ts';
import { teamsEndpoint } from './endpoint.ts';
import { createCircleChats } from './circle-chats.ts';
import { FileOffers } from './file-offers.ts';
import { FormCache } from './form-cache.ts';
import { GraphClient } from './graph.ts';
import { createTeamsMessenger } from './messenger.ts';
import { SendQueue, TEAMS_LIMITS, realQueueClock, type QueueClock, type SendLimits } from './send-queue.ts';
import { MentorTeamsBot } from './teams-bot.ts';
import { startBotTokenCheck } from './token-check.ts';

export const TEAMS_MESSAGES_PATH = '/api/messages';

export interface TeamsLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface TeamsOptions {
  readonly db: Db;
  readonly config: Pick<Config, 'env' | 'teams'>;
  readonly logger: TeamsLogger;
  /** Tests: a local token issuer and outbound credentials instead of Microsoft's. */
  readonly auth?: TeamsAuthOverrides;
  /** Tests: throttle limits and a clock for the send queue. */
  readonly limits?: SendLimits;
  readonly queueClock?: QueueClock;
  /** Tests: the clock of circles' chat attempts, and the waits Graph's Retry-After asks for. */
  readonly now?: () => Date;
  readonly graphSleep?: (ms: number) => Promise<void>;
}

export interface TeamsPlatform {
  readonly messenger: Messenger;
  readonly directory: Directory;
  /** Mounts POST /api/messages on the product's HTTP server, handing requests to the core. */
  mount(http: HttpServer, core: BotCore): void;
  /**
   * Resolves once Microsoft Entra gave the bot its Bot Connector token (asked at start, again in
   * the background until given), for /readyz; rejects while it is not, and for good when refused.
   */
  ready(): Promise<void>;
  stop(): Promise<void>;
}

export function createTeams(options: TeamsOptions): TeamsPlatform {
  const { db, config, logger } = options;
  const authentication = createTeamsAuthentication(config.teams, config.env, logger, options.auth);
  const adapter = new MentorCloudAdapter(authentication);
  adapter.onTurnError = async (_context: TurnContext, err: Error) => {
    // Rethrown so the endpoint answers 500 and Teams may redeliver; dedup makes that safe.
    throw err;
  };
  const queue = new SendQueue(options.limits ?? TEAMS_LIMITS, options.queueClock ?? realQueueClock);
  // Shared by every process through the database, so any of them serves any activity.
  const forms = new FormCache(db);
  const offers = new FileOffers(db);
  const { graph: graphSettings, appId, appPassword, tenantId } = config.teams;
  const graph = graphSettings && appId && appPassword && tenantId
    ? new GraphClient({ ...graphSettings, tenantId, clientId: appId, clientSecret: appPassword })
    : undefined;
  if (graph) logger.info({ platform: 'teams', graph: graphSettings?.url }, 'teams people search includes the Microsoft Graph directory');
  // Circles' group chats through Graph: with the bot's own app registration, like people search.
  const chats = config.teams.circleChats;
  const circleChats = chats && appId && appPassword && tenantId
    ? createCircleChats({
      db, logger, catalogAppId: chats.catalogAppId, ...(options.now ? { now: options.now } : {}),
      graph: new GraphClient({ url: chats.url, loginUrl: chats.loginUrl, tenantId, clientId: appId, clientSecret: appPassword }, options.graphSleep ? { sleep: options.graphSleep } : {}),
    })
    : undefined;
  if (circleChats) logger.info({ platform: 'teams', graph: chats?.url }, 'teams circles get a group chat made through Microsoft Graph');
  // With outbound credentials handed in (tests), botbuilder asks Entra for nothing: nothing to check.
  const tokenCheck = options.auth?.credentialsFactory
    ? { ready: async () => undefined, stop: () => undefined }
    : startBotTokenCheck(config.teams, logger);
  const messenger = createTeamsMessenger({ db, adapter, appId: config.teams.appId ?? '', queue, offers, logger, ...(circleChats ? { circleChats } : {}) });
  return {
    messenger,
    directory: createTeamsDirectory({ db, adapter, appId: config.teams.appId ?? '', logger, ...(graph ? { graph } : {}) }),
    mount(http, core) {
      const bot = new MentorTeamsBot({ core, db, forms, offers, logger, appId: config.teams.appId ?? '', ...(graph ? { graph } : {}) });
      const rules = { allowedTenants: config.teams.allowedTenants, openMode: !config.teams.appId };
      http.route('POST', TEAMS_MESSAGES_PATH, teamsEndpoint(adapter, (context) => bot.run(context), logger, rules));
    },
    ready: () => tokenCheck.ready(),
    async stop() {
      // Only the start check's retry timer is held; calls to Teams are plain HTTP requests that finish on their own.
      tokenCheck.stop();
    },
  };
}
