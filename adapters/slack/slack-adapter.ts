// The Slack adapter: a Bolt app whose HTTP receiver is mounted in the product's own server
// (POST /slack/events; GET /slack/install and /slack/oauth_redirect for multi-workspace installs),
// or a Socket Mode connection when SLACK_APP_TOKEN is set. It gives the core its Messenger and
// Directory, and turns commands, clicks, submissions and App Home visits into core calls.
//
// Wiring (the core needs the messenger and directory, the listeners need the core):
//   const slack = createSlackAdapter({ db, config: config.slack, logger });
//   const core = createBotCore({ ..., messenger: slack.messenger, directory: slack.directory }, allFlows);
//   await slack.mount({ http, core });   …   await slack.stop();
import { randomBytes } from 'node:crypto';
import { App, HTTPReceiver, type InstallationStore, type SocketModeReceiver } from '@slack/bolt';
import type { Config } from '../../src/config.ts';
import type { Db } from '../../src/db/repositories/db.ts';
import type { BotCore } from '../../src/flows/bot.ts';
import type { HttpServer } from '../../src/http/server.ts';
import type { Directory } from '../../src/ports/directory.ts';
import type { Messenger } from '../../src/ports/messenger.ts';
import { boltLogger, type ProductLogger } from './bolt-logger.ts';
import type { SlackRoutes } from './payload-schemas.ts';
import { FORM_CALLBACK_ID } from './render/form.ts';
import { BUTTON_ACTION, LINK_ACTION } from './render/card.ts';
import { slackRequestGate } from './request-gate.ts';
import { ScreenedSocketModeReceiver } from './screened-socket-receiver.ts';
import { authTestLookup, WorkspaceTrust } from './workspace-trust.ts';
import { SlackDirectory } from './directory.ts';
import { databaseInstallationStore } from './installation-store.ts';
import { registerActions } from './listeners/action.listener.ts';
import { registerCommand } from './listeners/command.listener.ts';
import { registerHome } from './listeners/home.listener.ts';
import { registerViews } from './listeners/view.listener.ts';
import { SlackMessenger } from './messenger.ts';
import { SlackClients, socketClientOptions, webClientOptions } from './slack-clients.ts';
import { guardSocketMessages } from './socket-guard.ts';
import { DEFAULT_REQUEST_LEASE_MS } from './request-keys.ts';
import { OPEN_DEFERRED_ACTION } from './deferred-views.ts';
import { WorkQueue } from './work-queue.ts';

/** The deferred-form button's action id, as a route the request gate lets through. */
const OPEN_DEFERRED_ACTION_ID = new RegExp(`^${OPEN_DEFERRED_ACTION.replace(/\./g, '\\.')}$`);

export const SLACK_EVENTS_PATH = '/slack/events';
export const SLACK_INSTALL_PATH = '/slack/install';
export const SLACK_REDIRECT_PATH = '/slack/oauth_redirect';

/** What the listeners below take; the request gate answers anything else at once. */
export const SLACK_ROUTES: SlackRoutes = { actionIds: [BUTTON_ACTION, LINK_ACTION, OPEN_DEFERRED_ACTION_ID], viewCallbackIds: [FORM_CALLBACK_ID], eventTypes: ['app_home_opened'] };

/** The bot scopes the adapter uses (manifest.yml and the OAuth install ask for exactly these). */
export const SLACK_BOT_SCOPES = [
  'commands', 'chat:write', 'files:write', 'im:write', 'mpim:write', 'im:history', 'mpim:history', 'users:read', 'users:read.email',
  'channels:read', 'groups:read', 'usergroups:read', 'groups:write', 'groups:history',
] as const;

export interface SlackAdapterOptions {
  readonly db: Db;
  readonly config: Config['slack'];
  readonly logger: ProductLogger;
  /** Public base URL, for the OAuth redirect (`<publicUrl>/slack/oauth_redirect`). */
  readonly publicUrl?: string;
  /** Requests whose work runs at once after their ack (default 4); the rest wait their turn. */
  readonly concurrency?: number;
  /** How long a request's run may take before a repeat of the request may take it over (default 30 s). */
  readonly requestLeaseMs?: number;
  /** Socket Mode heartbeat (tests shorten it); the product runs SOCKET_MODE_DEFAULTS. */
  readonly socket?: Partial<SocketModeSettings>;
}

export interface SocketModeSettings {
  /**
   * How long a ping of ours may go unanswered before the connection is replaced. The client
   * pings every third of it, and waits this long (times the failures in a row) before each
   * reconnection attempt, so it is also the pause after Slack asks for a refresh.
   */
  readonly clientPingTimeoutMs: number;
  /** How long Slack may stay silent (no ping) before the connection is replaced. */
  readonly serverPingTimeoutMs: number;
  /**
   * How long the start waits for Slack's first answer to the app token before going on and
   * connecting in the background (a wrong token is answered at once and stops the start).
   */
  readonly startWaitMs: number;
}

/**
 * Production heartbeat: a 5 s pong deadline tolerates a busy event loop (the embedded database
 * runs on it) without tearing down a healthy connection, and keeps a refresh's gap at 5 s;
 * once Slack has pinged, 30 s without its next ping means the connection is gone.
 */
export const SOCKET_MODE_DEFAULTS: SocketModeSettings = { clientPingTimeoutMs: 5_000, serverPingTimeoutMs: 30_000, startWaitMs: 3_000 };

const DEFAULT_CONCURRENCY = 4;
const DRAIN_MS = 10_000;

export interface SlackAdapter {
  readonly messenger: Messenger;
  readonly directory: Directory;
  /** 'http' (signed requests to /slack/events) or 'socket' (Socket Mode). */
  readonly mode: 'http' | 'socket';
  mount(target: { http?: HttpServer; core: BotCore }): Promise<void>;
  /**
   * Resolves when Slack has confirmed the bot token (auth.test), for /readyz; until then the check
   * is retried in the background. Always ready for OAuth installs (nothing to confirm at start).
   * In Socket Mode, also not before the connection is open.
   */
  ready(): Promise<void>;
  /** Requests acknowledged whose work is still running. */
  inFlight(): number;
  /** Resolves once no request work is running (graceful shutdown, tests). */
  idle(): Promise<void>;
  /**
   * Stops receiving (closes the Socket Mode connection), then lets acknowledged work finish, for
   * at most `drainMs` (default 10 s): Slack will not resend a request it saw acked.
   */
  stop(o?: { drainMs?: number }): Promise<void>;
}

/** GET /slack/install and /slack/oauth_redirect, answered by the receiver's OAuth installer. */
function mountInstallRoutes(http: HttpServer, receiver: HTTPReceiver): void {
  const listener = receiver.requestListener;
  http.route('GET', SLACK_INSTALL_PATH, (req, res) => listener(req, res));
  http.route('GET', SLACK_REDIRECT_PATH, (req, res) => listener(req, res));
}

/** The token of the workspace a request comes from, from its stored installation. */
function installAuthorize(receiver: HTTPReceiver) {
  const installer = receiver.installer;
  if (!installer) throw new Error('slack.no_installer: OAuth settings did not produce an installer');
  return (source: Parameters<typeof installer.authorize>[0]) => installer.authorize(source);
}

export function createSlackAdapter(options: SlackAdapterOptions): SlackAdapter {
  const { db, config, logger } = options;
  const clients = new SlackClients({ apiUrl: config.apiUrl, botToken: config.botToken, logger }, db);
  const messenger = new SlackMessenger(clients, db, logger);
  const directory = new SlackDirectory(clients);
  const mode = config.appToken ? 'socket' : 'http';
  let app: App | undefined;
  let socket: SocketModeReceiver | undefined;
  let trust: WorkspaceTrust | undefined;
  let retry: NodeJS.Timeout | undefined;
  /** Socket Mode: connecting (Slack not reached yet), connected (once), or refused (the app token). */
  let socketState: { state: 'connecting' | 'connected' } | { state: 'refused'; error: Error } = { state: 'connecting' };
  const work = new WorkQueue(options.concurrency ?? DEFAULT_CONCURRENCY);
  // Listener runs still under way after their ack: a gauge for operators, and what tests wait on.
  let inFlight = 0;
  let waiters: Array<() => void> = [];
  const idle = () => new Promise<void>((resolve) => { waiters.push(resolve); settle(); });
  const settle = () => { if (inFlight === 0) { const w = waiters; waiters = []; for (const resolve of w) resolve(); } };

  return {
    messenger, directory, mode,
    async mount({ http, core }) {
      if (app) throw new Error('slack.mounted_twice: the Slack adapter is already mounted');
      const heartbeat = { ...SOCKET_MODE_DEFAULTS, ...options.socket };
      const installationStore: InstallationStore | undefined = config.oauth ? databaseInstallationStore(db) : undefined;
      const oauth = config.oauth && !config.botToken ? {
        clientId: config.oauth.clientId, clientSecret: config.oauth.clientSecret, stateSecret: config.oauth.stateSecret,
        scopes: [...SLACK_BOT_SCOPES], installationStore,
        installerOptions: {
          directInstall: true, installPath: SLACK_INSTALL_PATH, redirectUriPath: SLACK_REDIRECT_PATH,
          // The code exchange (oauth.v2.access) goes to the same Web API base as everything else.
          clientOptions: webClientOptions(config.apiUrl),
        },
        ...(options.publicUrl ? { redirectUri: `${options.publicUrl.replace(/\/$/, '')}${SLACK_REDIRECT_PATH}` } : {}),
      } : {};
      // With one bot token, only the workspace it belongs to may reach the listeners.
      const botToken = config.botToken;
      const workspace = botToken ? new WorkspaceTrust(authTestLookup(clients.withToken(botToken))) : undefined;
      trust = workspace;
      const common = {
        logger: boltLogger(logger),
        clientOptions: webClientOptions(config.apiUrl),
        // One auth.test, shared with the workspace check (Bolt's own token mode asks at once and
        // leaves a rejected promise behind when Slack can not be reached).
        ...(botToken && workspace ? {
          authorize: async () => {
            const installed = await workspace.installed();
            return { botToken, botId: installed.botId, botUserId: installed.botUserId, teamId: installed.teamId, enterpriseId: installed.enterpriseId };
          },
        } : {}),
      };
      // Slack may be unreachable or slow at start: the process serves anyway, /readyz names slack,
      // and auth.test is asked again in the background (1 s, 2 s, 4 s … at most every minute).
      const confirm = (attempt: number) => {
        workspace?.installed().then(
          (installed) => logger.info({ team: installed.teamId, enterprise: installed.enterpriseId }, 'slack workspace of the bot token'),
          (err: unknown) => {
            const inMs = Math.min(60_000, 1_000 * 2 ** attempt);
            logger.warn({ err: err instanceof Error ? err.message : String(err), retryInMs: inMs }, 'slack auth.test failed: not ready for Slack yet, asking again in the background');
            retry = setTimeout(() => confirm(attempt + 1), inMs);
            retry.unref();
          },
        );
      };
      confirm(0);
      const screen = { routes: SLACK_ROUTES, logger, ...(workspace ? { trust: (claim: Parameters<WorkspaceTrust['check']>[0]) => workspace.check(claim) } : {}) };
      if (mode === 'socket') {
        socket = new ScreenedSocketModeReceiver({
          appToken: config.appToken!, logger: common.logger,
          clientPingTimeout: heartbeat.clientPingTimeoutMs, serverPingTimeout: heartbeat.serverPingTimeoutMs, autoReconnectEnabled: true,
          installerOptions: { clientOptions: socketClientOptions(config.apiUrl) },
        }, screen);
        guardSocketMessages(socket, logger);
        // Slack recycles connections every few hours: a reconnection is routine, a run of them is not.
        let connections = 0;
        socket.client.on('connected', () => {
          connections += 1;
          socketState = { state: 'connected' };
          logger.info({ connections }, connections === 1 ? 'slack socket mode connected' : 'slack socket mode reconnected');
        });
        socket.client.on('reconnecting', () => logger.warn({ connections }, 'slack socket mode connection lost: reconnecting'));
        let authorize: ReturnType<typeof installAuthorize> | undefined;
        if (config.oauth && !config.botToken) {
          // Installs still arrive over HTTPS, at the product's own routes. Bolt's Socket Mode
          // receiver would start a second HTTP server of its own (port 3000) for them; an HTTP
          // receiver serves them here instead, and nothing routes events to it, so its signing
          // secret is a random one that never verifies anything.
          if (!http) throw new Error('slack.no_http_server: installing in several workspaces needs the product HTTP server (MENTOR_ROLE web or all)');
          const installs = new HTTPReceiver({ signingSecret: randomBytes(32).toString('hex'), endpoints: SLACK_EVENTS_PATH, logger: common.logger, ...oauth });
          mountInstallRoutes(http, installs);
          authorize = installAuthorize(installs);
        }
        app = new App({ ...common, receiver: socket, ...(authorize ? { authorize } : {}) });
      } else {
        if (!config.signingSecret) throw new Error('slack.no_signing_secret: set SLACK_SIGNING_SECRET to receive Slack requests over HTTP');
        if (!http) throw new Error('slack.no_http_server: HTTP mode needs the product HTTP server (MENTOR_ROLE web or all)');
        const receiver = new HTTPReceiver({
          signingSecret: config.signingSecret, endpoints: SLACK_EVENTS_PATH, logger: common.logger,
          // Answer Slack the moment a listener acks; work continues after the response.
          processBeforeResponse: false,
          ...oauth,
        });
        app = new App({ ...common, receiver });
        const listener = receiver.requestListener;
        http.route('POST', SLACK_EVENTS_PATH, slackRequestGate({ ...screen, signingSecret: config.signingSecret, bolt: listener }));
        if (config.oauth && !config.botToken) mountInstallRoutes(http, receiver);
      }
      app.use(async ({ next, context }) => {
        if (context.teamId) clients.remember(context.teamId, context.botToken);
        inFlight += 1;
        try { await next(); } finally { inFlight -= 1; settle(); }
      });
      const deps = { db, core, work, requestLeaseMs: options.requestLeaseMs ?? DEFAULT_REQUEST_LEASE_MS };
      registerCommand(app, deps, logger);
      registerActions(app, deps, logger);
      registerViews(app, deps, logger);
      registerHome(app, deps, logger);
      app.error(async (err) => { logger.error({ err: err.message, code: (err as { code?: string }).code }, 'slack listener failed'); });
      if (mode === 'socket') {
        // The socket's Web API client retries what may pass (a 5xx, a network error, a 429), for as
        // long as it takes: what rejects is Slack's no. Slack answers a wrong token at once, so the
        // start waits a little for that answer; an unreachable Slack does not hold the start (and
        // /healthz) up: the connection is made in the background and /readyz names slack until then.
        const refusal = (err: unknown) => {
          const said = (err as { data?: { error?: string } }).data?.error ?? (err as Error).message;
          return new Error(`slack.socket_refused: Slack refused to open a Socket Mode connection (${said}); check SLACK_APP_TOKEN: an app-level token (xapp-…) with connections:write, from Basic Information → App-Level Tokens, of an app with Socket Mode on`, { cause: err });
        };
        const started = app.start().then(() => 'connected' as const, (err: unknown) => refusal(err));
        let waited: NodeJS.Timeout | undefined;
        const first = await Promise.race([started, new Promise<'waiting'>((resolve) => { waited = setTimeout(() => resolve('waiting'), heartbeat.startWaitMs); })]);
        clearTimeout(waited);
        if (first instanceof Error) throw first;
        if (first === 'waiting') {
          logger.warn({ waitedMs: heartbeat.startWaitMs }, 'slack socket mode not connected yet: connecting in the background (/readyz names slack until then)');
          void started.then((outcome) => {
            if (!(outcome instanceof Error)) return;
            socketState = { state: 'refused', error: outcome };
            logger.error({ err: outcome.message }, 'slack socket mode refused: no Slack requests will arrive until SLACK_APP_TOKEN is fixed and the process restarted');
          });
        }
      }
    },
    ready: async () => {
      if (mode === 'socket' && socketState.state !== 'connected') {
        throw socketState.state === 'refused' ? socketState.error : new Error('slack.socket_connecting: the Socket Mode connection is not open yet');
      }
      await trust?.installed();
    },
    inFlight: () => inFlight,
    idle,
    async stop(o = {}) {
      clearTimeout(retry);
      // Bolt's stop() does not wait for the socket to close; the client's disconnect() does.
      if (socket) await socket.client.disconnect();
      socket = undefined;
      app = undefined;
      let timer: NodeJS.Timeout | undefined;
      const drained = await Promise.race([
        idle().then(() => true),
        new Promise<false>((resolve) => { timer = setTimeout(() => resolve(false), o.drainMs ?? DRAIN_MS); }),
      ]);
      clearTimeout(timer);
      if (!drained) logger.warn({ inFlight }, 'slack requests still running at stop: left unfinished');
    },
  };
}
