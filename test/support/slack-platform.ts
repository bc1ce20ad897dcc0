// The Slack test platform: the real bot core on a real database, the real Slack adapter (Bolt)
// mounted in the product's HTTP server, and a fake Slack Web API. People act only through
// signed HTTP requests (or, with transport 'socket', envelopes over a local Socket Mode
// connection), and read only what the bot sent to Slack.
import type { CalendarPort } from '../../src/ports/calendar.ts';
import { randomBytes } from 'node:crypto';
import { createSlackAdapter, type SlackAdapter } from '../../adapters/slack/index.ts';
import { loadConfig } from '../../src/config.ts';
import type { DatabaseKind } from '../../src/db/connect.ts';
import { createActionRefSigner } from '../../src/domain/action-ref.ts';
import { createBotCore, type BotCore } from '../../src/flows/bot.ts';
import { allFlows } from '../../src/flows/index.ts';
import type { FlowModule } from '../../src/flows/registry.ts';
import { createHttpServer, type HttpServer } from '../../src/http/server.ts';
import { createMetrics } from '../../src/metrics.ts';
import { createTestDatabase, type TestDatabase } from './databases.ts';
import { ManualClock, MemoryScheduler } from './memory-platform.ts';
import { FakeSlackApi, type FakeUser } from './slack-fake-api.ts';
import { SlackTestUser } from './slack-user.ts';
import { signedRequest, type SignOptions, type TeamRef } from './slack-requests.ts';
import { FakeSlackSocket, NoAckError, type EnvelopeType } from './slack-socket-server.ts';

export const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';
export const BOT_TOKEN = 'xoxb-test-0000-token';
export const APP_TOKEN = 'xapp-1-A123456-0000-test';

/** How Slack reaches the app: signed HTTP requests, or envelopes over Socket Mode. */
export type SlackTransport = 'http' | 'socket';
export const slackTransports: readonly SlackTransport[] = ['http', 'socket'];

/**
 * A heartbeat fast enough for tests (a refresh reconnects within 2 s), yet slow enough that a
 * busy event loop on a loaded machine does not replace a healthy connection mid-journey.
 */
export const TEST_SOCKET_HEARTBEAT = { clientPingTimeoutMs: 2_000, serverPingTimeoutMs: 5_000 };

const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

export interface SlackPlatformOptions {
  start?: Date;
  /** Workspace administrators (MENTOR_LEADS) of the test team, by Slack user id. */
  leads?: readonly string[];
  flows?: readonly FlowModule[];
  /** Several workspaces through OAuth (client id/secret/state secret) instead of one bot token. */
  oauth?: boolean;
  /** What the fake's auth.test answers from the start (the bot token's workspace). */
  authTest?: Record<string, unknown>;
  /** 'http' (default) or 'socket' (SLACK_APP_TOKEN set, requests as Socket Mode envelopes). */
  transport?: SlackTransport;
  /** The app token the app is configured with (Slack's socket server accepts APP_TOKEN only). */
  appToken?: string;
  /** Prepares the fake Slack before the adapter is mounted (e.g. an outage at start). */
  beforeMount?: (fake: FakeSlackApi) => void;
  /** The organisation's calendar for "Find a time" (a Graph or Google client against a local fake). */
  calendar?: CalendarPort;
  /** From this many mentee × mentor pairs a preview is matched by a job (the product's threshold when absent). */
  backgroundPreviewFromPairs?: number;
}

export interface PostResult { status: number; body: string; headers: Record<string, string> }

export class SlackPlatform {
  readonly team: TeamRef = { id: 'T_ACME', domain: 'acme' };
  readonly database: TestDatabase;
  readonly clock: ManualClock;
  readonly scheduler: MemoryScheduler;
  readonly fake: FakeSlackApi;
  readonly adapter: SlackAdapter;
  readonly core: BotCore;
  readonly http: HttpServer;
  readonly users = new Map<string, SlackTestUser>();
  /** What the Slack adapter logged (info and above). */
  readonly logs: Array<Record<string, unknown> & { level: string; msg: string }> = [];
  readonly transport: SlackTransport;
  /** The Socket Mode endpoint (transport 'socket'). */
  readonly socket: FakeSlackSocket | undefined;
  url = '';

  private constructor(database: TestDatabase, fake: FakeSlackApi, options: SlackPlatformOptions) {
    this.database = database;
    this.fake = fake;
    this.transport = options.transport ?? 'http';
    this.socket = this.transport === 'socket' ? new FakeSlackSocket({ appToken: APP_TOKEN, pingMs: 500 }) : undefined;
    const receive = this.socket
      ? { SLACK_APP_TOKEN: options.appToken ?? APP_TOKEN }
      : { SLACK_SIGNING_SECRET: SIGNING_SECRET };
    this.clock = new ManualClock(options.start ?? new Date('2027-03-01T09:00:00Z'));
    this.scheduler = new MemoryScheduler(this.clock);
    const config = loadConfig(options.oauth
      ? { SLACK_CLIENT_ID: '1234.5678', SLACK_CLIENT_SECRET: 'client-secret', SLACK_STATE_SECRET: 'state-secret-0123456789', MENTOR_SECRET_KEY: randomBytes(32).toString('base64'), ...receive, SLACK_API_URL: fake.apiUrl }
      : { SLACK_BOT_TOKEN: BOT_TOKEN, ...receive, SLACK_API_URL: fake.apiUrl });
    const record = (level: string) => (obj: object, msg?: string) => { this.logs.push({ level, msg: msg ?? '', ...obj }); };
    const logger = { info: record('info'), warn: record('warn'), error: record('error') };
    this.adapter = createSlackAdapter({ db: database.db, config: config.slack, logger, socket: TEST_SOCKET_HEARTBEAT });
    this.core = createBotCore({
      db: database.db, clock: this.clock, scheduler: this.scheduler, directory: this.adapter.directory,
      signer: createActionRefSigner({ current: randomBytes(32) }), messenger: this.adapter.messenger,
      admins: (options.leads ?? []).map((platformUserId) => ({ workspaceExternalId: 'T_ACME', platformUserId })), logger: quiet,
      ...(options.calendar ? { calendar: options.calendar } : {}),
      ...(options.backgroundPreviewFromPairs !== undefined ? { backgroundPreviewFromPairs: options.backgroundPreviewFromPairs } : {}),
    }, options.flows ?? allFlows);
    this.http = createHttpServer({ logger: quiet as never, metrics: createMetrics(), readiness: {} });
  }

  static async start(kind: DatabaseKind, options: SlackPlatformOptions = {}): Promise<SlackPlatform> {
    const database = await createTestDatabase(kind);
    const fake = await new FakeSlackApi().start();
    if (options.authTest) fake.authTest = options.authTest;
    const platform = new SlackPlatform(database, fake, options);
    await platform.socket?.start(fake);
    options.beforeMount?.(fake);
    try {
      await platform.adapter.mount({ http: platform.http, core: platform.core });
    } catch (err) {
      await platform.dispose();
      throw err;
    }
    const port = await platform.http.listen(0, '127.0.0.1');
    platform.url = `http://127.0.0.1:${port}`;
    return platform;
  }

  /** A workspace member known to Slack (users.info answers for them). */
  person(name: string, profile: Partial<FakeUser> = {}): SlackTestUser {
    const user: FakeUser = { id: `U_${name.toUpperCase()}`, name, locale: 'en-US', tz: 'Europe/Paris', ...profile };
    this.fake.addUser(user);
    const person = new SlackTestUser(this, { id: user.id, name, teamId: this.team.id });
    this.users.set(user.id, person);
    return person;
  }

  /**
   * POSTs a signed request to /slack/events (or sends the same request as a Socket Mode envelope)
   * and waits until the work after the ack is done. Over the socket the result is 200 with the
   * ack's payload, or 504 when no ack came within Slack's 3 seconds.
   */
  async post(body: string, contentType: string, sign: SignOptions = {}): Promise<PostResult> {
    if (this.socket) return this.#sendEnvelope(this.socket, body, contentType, sign);
    const request = signedRequest(SIGNING_SECRET, body, contentType, sign);
    const res = await fetch(`${this.url}/slack/events`, { method: 'POST', headers: request.headers, body: request.body });
    const text = await res.text();
    await this.settle();
    return { status: res.status, body: text, headers: Object.fromEntries(res.headers) };
  }

  async #sendEnvelope(socket: FakeSlackSocket, body: string, contentType: string, sign: SignOptions): Promise<PostResult> {
    if (sign.signature !== undefined || sign.timestamp !== undefined) throw new Error('Socket Mode envelopes are not signed: signature tests are HTTP only');
    const [type, payload] = envelopeOf(body, contentType);
    const retry = sign.retryNum !== undefined ? { retryAttempt: sign.retryNum, retryReason: 'timeout' } : {};
    try {
      const ack = await socket.send(type, payload, retry);
      await this.settle();
      return { status: 200, body: Object.keys(ack.payload).length ? JSON.stringify(ack.payload) : '', headers: {} };
    } catch (err) {
      if (!(err instanceof NoAckError)) throw err;
      await this.settle();
      return { status: 504, body: err.message, headers: {} };
    }
  }

  async settle(): Promise<void> {
    await this.adapter.idle();
  }

  /** Runs due jobs (deliveries included) like the queue would, retrying later on RetryLaterError. */
  runDueJobs(): Promise<void> {
    return this.scheduler.runDue(this.core);
  }

  /** Moves time forward, running every job as it falls due. */
  advance(ms: number): Promise<void> {
    return this.scheduler.advance(ms, this.core);
  }

  async dispose(): Promise<void> {
    await this.settle();
    await this.http.close();
    await this.adapter.stop();
    await this.socket?.stop();
    await this.fake.stop();
    await this.database.dispose();
  }
}

/** The Socket Mode envelope Slack sends for what it would POST over HTTP. */
function envelopeOf(body: string, contentType: string): [EnvelopeType, Record<string, unknown>] {
  if (contentType.includes('application/json')) return ['events_api', JSON.parse(body) as Record<string, unknown>];
  const form = new URLSearchParams(body);
  const payload = form.get('payload');
  if (payload !== null) return ['interactive', JSON.parse(payload) as Record<string, unknown>];
  return ['slash_commands', Object.fromEntries(form)];
}
