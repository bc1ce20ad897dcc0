// Web API clients per workspace. The token comes from SLACK_BOT_TOKEN (one workspace) or from
// the workspace's installation row (OAuth, several workspaces), so each workspace is only ever
// spoken to with its own token. Clients never wait out a 429 themselves: they fail at once with
// the Retry-After, and the delivery queue retries later (a request handler never blocks on it).
import { webApi } from '@slack/bolt';
import { webApiLogger, type ProductLogger } from './bolt-logger.ts';
import { findInstallation } from '../../src/db/repositories/installation.repository.ts';
import type { Db } from '../../src/db/repositories/db.ts';
import { findWorkspace, getWorkspace } from '../../src/db/repositories/workspace.repository.ts';

export type WebClient = webApi.WebClient;

export interface SlackClientSettings {
  readonly apiUrl: string;
  readonly botToken: string | undefined;
  /** Where the clients' own messages go (at debug); without it, the console. */
  readonly logger?: ProductLogger;
}

export const webClientOptions = (apiUrl: string): webApi.WebClientOptions => ({
  slackApiUrl: apiUrl,
  rejectRateLimitedCalls: true,
  retryConfig: { retries: 0 },
  timeout: 10_000,
});

/**
 * The Socket Mode client's own Web API client (apps.connections.open with the app token). Unlike
 * the bot's clients it waits out a 429 and retries failures with a growing pause (at most a
 * minute): a reconnection must get through a network blip or an outage instead of giving up.
 */
export const socketClientOptions = (apiUrl: string): webApi.WebClientOptions => ({
  slackApiUrl: apiUrl,
  retryConfig: { retries: 1_000, factor: 1.5, minTimeout: 1_000, maxTimeout: 60_000 },
  timeout: 10_000,
});

const TOKEN_TTL_MS = 5 * 60_000;

export class SlackClients {
  readonly #settings: SlackClientSettings;
  readonly #db: Db;
  readonly #byToken = new Map<string, WebClient>();
  /** Our workspace id → its Slack team id (never changes once created). */
  readonly #teamIds = new Map<string, string>();
  /** Team → token, from Bolt's authorization of each request or a database read; kept briefly. */
  readonly #tokens = new Map<string, { token: string; until: number }>();

  constructor(settings: SlackClientSettings, db: Db) {
    this.#settings = settings;
    this.#db = db;
  }

  /**
   * Remembers the token Bolt authorized a request with. The core asks the directory for profiles
   * inside its transaction; on the embedded database (one connection) a token read from the
   * database there would wait for that very transaction, so requests bring their token along.
   */
  remember(teamId: string, token: string | undefined): void {
    if (token && !this.#settings.botToken) this.#tokens.set(teamId, { token, until: Date.now() + TOKEN_TTL_MS });
  }

  /** The bot token of a Slack team, or undefined when the app is not installed there. */
  async tokenForTeam(teamId: string): Promise<string | undefined> {
    if (this.#settings.botToken) return this.#settings.botToken;
    const cached = this.#tokens.get(teamId);
    if (cached && cached.until > Date.now()) return cached.token;
    const workspace = await findWorkspace(this.#db, 'slack', teamId);
    const installation = workspace && await findInstallation(this.#db, workspace.id);
    const bot = installation?.data.bot as { token?: unknown } | undefined;
    const token = typeof bot?.token === 'string' ? bot.token : undefined;
    this.remember(teamId, token);
    return token;
  }

  async forTeam(teamId: string): Promise<WebClient> {
    const token = await this.tokenForTeam(teamId);
    if (!token) throw new Error(`slack.not_installed: no bot token for team ${teamId}`);
    return this.withToken(token);
  }

  /** The client and Slack team id of one of our workspaces (by internal id). */
  async forWorkspace(workspaceId: string): Promise<{ client: WebClient; teamId: string }> {
    // A workspace's Slack team id never changes: read once per process (the token is looked up as before).
    let teamId = this.#teamIds.get(workspaceId);
    if (!teamId) {
      const workspace = await getWorkspace(this.#db, workspaceId);
      if (!workspace || workspace.platform !== 'slack') throw new Error(`slack.unknown_workspace: ${workspaceId} is not a Slack workspace`);
      teamId = workspace.externalId;
      this.#teamIds.set(workspaceId, teamId);
    }
    return { client: await this.forTeam(teamId), teamId };
  }

  withToken(token: string): WebClient {
    let client = this.#byToken.get(token);
    if (!client) {
      const { logger } = this.#settings;
      client = new webApi.WebClient(token, { ...webClientOptions(this.#settings.apiUrl), ...(logger ? { logger: webApiLogger(logger) } : {}) });
      this.#byToken.set(token, client);
    }
    return client;
  }
}
