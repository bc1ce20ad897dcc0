// The Slack test platform: the real bot core on a real database, the real Slack adapter (Bolt)
// mounted in the product's HTTP server, and a fake Slack Web API. People act only through
// signed HTTP requests, and read only what the bot sent to Slack.
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

export const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';
export const BOT_TOKEN = 'xoxb-test-0000-token';

const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

export interface SlackPlatformOptions {
  start?: Date;
  /** Workspace administrators (MENTOR_LEADS) of the test team, by Slack user id. */
  leads?: readonly string[];
  flows?: readonly FlowModule[];
  /** Several workspaces through OAuth (client id/secret/state secret) instead of one bot token. */
  oauth?: boolean;
}

export interface PostResult { status: number; body: string }

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
  url = '';

  private constructor(database: TestDatabase, fake: FakeSlackApi, options: SlackPlatformOptions) {
    this.database = database;
    this.fake = fake;
    this.clock = new ManualClock(options.start ?? new Date('2027-03-01T09:00:00Z'));
    this.scheduler = new MemoryScheduler(this.clock);
    const config = loadConfig(options.oauth
      ? { SLACK_CLIENT_ID: '1234.5678', SLACK_CLIENT_SECRET: 'client-secret', SLACK_STATE_SECRET: 'state-secret-0123456789', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.apiUrl }
      : { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.apiUrl });
    this.adapter = createSlackAdapter({ db: database.db, config: config.slack, logger: quiet });
    this.core = createBotCore({
      db: database.db, clock: this.clock, scheduler: this.scheduler, directory: this.adapter.directory,
      signer: createActionRefSigner({ current: randomBytes(32) }), messenger: this.adapter.messenger,
      admins: (options.leads ?? []).map((platformUserId) => ({ workspaceExternalId: 'T_ACME', platformUserId })), logger: quiet,
    }, options.flows ?? allFlows);
    this.http = createHttpServer({ logger: quiet as never, metrics: createMetrics(), readiness: {} });
  }

  static async start(kind: DatabaseKind, options: SlackPlatformOptions = {}): Promise<SlackPlatform> {
    const database = await createTestDatabase(kind);
    const fake = await new FakeSlackApi().start();
    const platform = new SlackPlatform(database, fake, options);
    await platform.adapter.mount({ http: platform.http, core: platform.core });
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

  /** POSTs a signed request to /slack/events and waits until the work after the ack is done. */
  async post(body: string, contentType: string, sign: SignOptions = {}): Promise<PostResult> {
    const request = signedRequest(SIGNING_SECRET, body, contentType, sign);
    const res = await fetch(`${this.url}/slack/events`, { method: 'POST', headers: request.headers, body: request.body });
    const text = await res.text();
    await this.settle();
    return { status: res.status, body: text };
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
    await this.fake.stop();
    await this.database.dispose();
  }
}
