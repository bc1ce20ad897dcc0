// The Teams conversation tests' world: the real bot core on a real database, the real Teams
// adapter (botbuilder CloudAdapter) mounted on the product's HTTP server, and people who talk
// to it as a Teams client does: activities POSTed to /api/messages with a channel token, whose
// serviceUrl points at a local fake Bot Connector that records what the bot sends.
import type { CalendarPort } from '../../src/ports/calendar.ts';
import { randomBytes } from 'node:crypto';
import type { Config } from '../../src/config.ts';
import type { DatabaseKind } from '../../src/db/connect.ts';
import { createActionRefSigner, type ActionRefSigner } from '../../src/domain/action-ref.ts';
import { createBotCore, type BotCore } from '../../src/flows/bot.ts';
import { allFlows } from '../../src/flows/index.ts';
import type { FlowModule } from '../../src/flows/registry.ts';
import { createHttpServer, type HttpServer } from '../../src/http/server.ts';
import { createMetrics } from '../../src/metrics.ts';
import { createTeams, type TeamsPlatform } from '../../adapters/teams/index.ts';
import type { QueueClock } from '../../adapters/teams/send-queue.ts';
import { openDatabase } from '../../src/db/connect.ts';
import { createTestDatabase, postgresUrl, type TestDatabase } from './databases.ts';
import { ManualClock, MemoryScheduler } from './memory-platform.ts';
import { FakeBotConnector } from './teams-connector.ts';
import { TeamsUser } from './teams-user.ts';

export const APP_ID = '00000000-1111-2222-3333-444444444444';
export const TENANT_ID = 'tenant-acme';

const silentLogger = { info: () => {}, warn: () => {}, error: () => {}, debug: () => {}, fatal: () => {}, trace: () => {}, child: () => silentLogger, level: 'silent' };

/** Sleeps are recorded and skipped, so throttling is asserted by the delays asked, never by time. */
export class RecordingQueueClock implements QueueClock {
  readonly sleeps: number[] = [];
  #now = 1_000_000;
  now(): number { return this.#now; }
  async sleep(ms: number): Promise<void> { this.sleeps.push(ms); this.#now += ms; }
}

export interface TeamsHarnessOptions {
  /** 'token' (default): an app id is configured and every request carries a channel token. */
  readonly auth?: 'token' | 'none';
  /** Workspace administrators (MENTOR_LEADS) of the test tenant, by Entra object id. */
  readonly leads?: readonly string[];
  readonly start?: Date;
  readonly flows?: readonly FlowModule[];
  /** Tenants served (default: the test tenant only). */
  readonly allowedTenants?: readonly string[] | 'any';
  /** Another instance's database and connector: a second web process of the same deployment. */
  readonly shareWith?: TeamsHarness;
  /** People search in Microsoft Graph, against a local fake (graph-fake.ts) at this URL. */
  readonly graphUrl?: string;
  /** Circles' group chats through Microsoft Graph, against a local fake at this URL. */
  readonly circleChats?: { readonly url: string; readonly catalogAppId: string };
  /** The organisation's calendar for "Find a time" (a Graph or Google client against a local fake). */
  readonly calendar?: CalendarPort;
  /** Receives the adapter's log lines (silent by default). */
  readonly logger?: { info(obj: object, msg?: string): void; warn(obj: object, msg?: string): void; error(obj: object, msg?: string): void };
  /** The core's log (flows and jobs); silent unless given. */
  readonly coreLogger?: { info(obj: object, msg?: string): void; warn(obj: object, msg?: string): void; error(obj: object, msg?: string): void };
  /** From this many mentee × mentor pairs a preview is matched by a job (the product's threshold when absent). */
  readonly backgroundPreviewFromPairs?: number;
}

export interface TeamsHarness {
  readonly core: BotCore;
  readonly database: TestDatabase;
  readonly clock: ManualClock;
  readonly scheduler: MemoryScheduler;
  readonly connector: FakeBotConnector;
  readonly teams: TeamsPlatform;
  readonly http: HttpServer;
  readonly queueClock: RecordingQueueClock;
  /** The waits Microsoft Graph's Retry-After asked of circles' chat calls (recorded, not slept). */
  readonly graphSleeps: number[];
  readonly endpoint: string;
  readonly auth: 'token' | 'none';
  /** Signs the buttons' refs; instances of one deployment share it, as they share signing keys. */
  readonly signer: ActionRefSigner;
  user(name: string, options?: { locale?: string; aadObjectId?: string; conversationId?: string; conversationType?: 'personal' | 'groupChat' }): TeamsUser;
  runDueJobs(): Promise<void>;
  advance(ms: number): Promise<void>;
  dispose(): Promise<void>;
}

export function teamsConfig(auth: 'token' | 'none', allowedTenants?: readonly string[] | 'any'): Pick<Config, 'env' | 'teams'> {
  return {
    env: 'test',
    teams: auth === 'token'
      ? { appId: APP_ID, appPassword: 'test-secret', tenantId: TENANT_ID, appType: 'SingleTenant', allowUnauthenticated: false, allowedTenants: allowedTenants ?? [TENANT_ID] }
      : { appId: undefined, appPassword: undefined, tenantId: undefined, appType: 'SingleTenant', allowUnauthenticated: true, allowedTenants: allowedTenants ?? 'any' },
  };
}

/** Channel tokens checked against the fake connector's key; outbound calls signed with a test token. */
export function localAuth(connector: FakeBotConnector) {
  return {
    options: {
      ToBotFromChannelOpenIdMetadataUrl: connector.openIdMetadataUrl,
      ToBotFromChannelTokenIssuer: 'https://api.botframework.com',
      ToBotFromEmulatorOpenIdMetadataUrl: connector.openIdMetadataUrl,
      ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
      ToChannelFromBotOAuthScope: 'https://api.botframework.com',
      OAuthUrl: 'https://api.botframework.com',
      CallerId: 'urn:botframework:azure',
      ValidateAuthority: true,
    },
    credentialsFactory: {
      isValidAppId: async (appId: string) => appId === APP_ID,
      isAuthenticationDisabled: async () => false,
      createCredentials: async () => ({
        signRequest: async <T extends { headers: { set(name: string, value: string): void } }>(request: T) => {
          request.headers.set('authorization', 'Bearer outbound-test-token');
          return request;
        },
      }),
    },
  } as never;
}

async function sameSchema(schema: string): Promise<TestDatabase> {
  const handle = await openDatabase({ url: postgresUrl!, schema, poolSize: 4 });
  return { ...handle, schema, dispose: () => handle.close() };
}

export async function createTeamsHarness(kind: DatabaseKind, options: TeamsHarnessOptions = {}): Promise<TeamsHarness> {
  const auth = options.auth ?? 'token';
  const shared = options.shareWith;
  // On PostgreSQL a second instance has a pool of its own on the same schema, as a second process
  // would; the embedded database lives in one process, so instances there share its handle.
  const database = !shared ? await createTestDatabase(kind)
    : shared.database.schema === undefined ? shared.database
      : await sameSchema(shared.database.schema);
  const connector = shared?.connector ?? new FakeBotConnector();
  if (!shared) await connector.start();
  const clock = shared?.clock ?? new ManualClock(options.start ?? new Date('2027-03-01T09:00:00Z'));
  const scheduler = new MemoryScheduler(clock);
  const queueClock = new RecordingQueueClock();
  const base = teamsConfig(auth, options.allowedTenants);
  const withGraph = options.graphUrl ? { ...base, teams: { ...base.teams, graph: { url: options.graphUrl, loginUrl: options.graphUrl } } } : base;
  const config = options.circleChats
    ? { ...withGraph, teams: { ...withGraph.teams, circleChats: { url: options.circleChats.url, loginUrl: options.circleChats.url, catalogAppId: options.circleChats.catalogAppId } } }
    : withGraph;
  const graphSleeps: number[] = [];
  const teams = createTeams({
    db: database.db, config,
    now: () => clock.now(), graphSleep: async (ms) => { graphSleeps.push(ms); },
    logger: options.logger ?? silentLogger, queueClock,
    ...(auth === 'token' ? { auth: localAuth(connector) } : {}),
  });
  const signer = shared?.signer ?? createActionRefSigner({ current: randomBytes(32) });
  const core = createBotCore({
    db: database.db, clock, scheduler, directory: teams.directory, messenger: teams.messenger,
    signer, admins: (options.leads ?? []).map((platformUserId) => ({ workspaceExternalId: TENANT_ID, platformUserId })), logger: options.coreLogger ?? silentLogger,
    ...(options.calendar ? { calendar: options.calendar } : {}),
    ...(options.backgroundPreviewFromPairs !== undefined ? { backgroundPreviewFromPairs: options.backgroundPreviewFromPairs } : {}),
  }, options.flows ?? allFlows);
  const http = createHttpServer({ logger: silentLogger as never, metrics: createMetrics(), readiness: {} });
  teams.mount(http, core);
  const port = await http.listen(0, '127.0.0.1');

  const runDueJobs = () => scheduler.runDue(core);

  const harness: TeamsHarness = {
    core, database, clock, scheduler, connector, teams, http, queueClock, graphSleeps, auth, signer,
    endpoint: `http://127.0.0.1:${port}/api/messages`,
    user: (name, userOptions = {}) => new TeamsUser(harness, name, userOptions),
    runDueJobs,
    advance: (ms) => scheduler.advance(ms, core),
    async dispose() {
      await http.close();
      // A second instance leaves the database and the connector to the first one.
      if (shared) {
        if (database !== shared.database) await database.close();
        return;
      }
      await connector.stop();
      await database.dispose();
      // Every journey enforces Teams' limits: each message sent and each card answered to an
      // invoke was within the size limit and a valid Adaptive Card.
      if (connector.problems.length > 0) throw new Error(`Teams would refuse what the bot sent:\n${connector.problems.join('\n')}`);
    },
  };
  return harness;
}

