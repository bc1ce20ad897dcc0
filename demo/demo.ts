// The whole demo as a function: a fake Slack workspace, the real app on the embedded default
// (no DATABASE_URL, no REDIS_URL) in a temporary data directory, and the program played through
// signed Slack requests. `npm run demo` prints it; the CI test reads the database it leaves.
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp, type App } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { generateSecretKeyText } from '../src/secrets/secret-box.ts';
import { createLogger } from '../src/log.ts';
import { FakeSlack, type SlackMessage } from './fake-slack.ts';
import type { DemoLang } from './narration.ts';
import { Narrator } from './narrator.ts';
import { makePeople } from './people.ts';
import { SlackPerson, TEAM } from './slack-client.ts';
import { answerSurveys, createProgram, openRound } from './steps-enrol.ts';
import { checkinsAndPulse, setGoals } from './steps-life.ts';
import { answerProposals, closeMatchPublish } from './steps-match.ts';
import { showReport } from './steps-report.ts';
import { World, type DemoFacts, type DemoRhythm } from './world.ts';

export interface DemoOptions {
  readonly seed: number;
  readonly people: number;
  readonly lang: DemoLang;
  readonly quiet: boolean;
  /** Keep the data directory (its path is in the result) instead of removing it. */
  readonly keep: boolean;
  readonly write: (text: string) => void;
  /** Log level of the app itself; silent unless asked (LOG_LEVEL). */
  readonly logLevel?: string;
}

export interface DemoResult {
  readonly dataDir: string;
  readonly facts: DemoFacts;
  /** Every message the fake Slack received, per channel. */
  readonly messages: ReadonlyMap<string, readonly SlackMessage[]>;
  /** Block Kit problems the fake found in what the app sent. */
  readonly problems: readonly string[];
  readonly seconds: number;
}

export const DEMO_RHYTHM: DemoRhythm = { checkinCadence: 'PT6S', pulseEvery: 'PT12S', checkinMs: 6_000 };
const SIGNING_SECRET = 'demo-signing-secret-not-a-real-one';

/** A port free on this machine now: the app's public address (report links) must be known before it starts. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => { server.once('error', reject); server.listen(0, '127.0.0.1', resolve); });
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

type Step = (world: World) => Promise<void>;
const STEPS: readonly Step[] = [createProgram, openRound, answerSurveys, closeMatchPublish, answerProposals, setGoals, checkinsAndPulse, showReport];

export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const out = new Narrator(options.lang, options.quiet, options.write);
  const started = Date.now();
  out.title('title', { seed: options.seed, people: options.people });
  out.progress('starting');
  const fake = await new FakeSlack().start();
  const dataDir = await mkdtemp(join(tmpdir(), 'mentor-demo-'));
  const { lead, employees } = makePeople(options.seed, options.people);
  let app: App | undefined;
  try {
    const port = await freePort();
    const config = loadConfig({
      DATA_DIR: dataDir, PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, SLACK_BOT_TOKEN: 'xoxb-demo-token', SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: fake.apiUrl, MENTOR_LEADS: `${TEAM.id}:${lead.id}`, LOG_LEVEL: options.logLevel ?? 'silent',
      // The fake answers at once: no need to pace messages like the real Slack's 1 per second.
      DELIVERY_RATE_SLACK: '500',
      // A key of its own, as a deployment sets MENTOR_SECRET_KEY (nothing is left beside the temporary folder).
      MENTOR_SECRET_KEY: generateSecretKeyText(),
    });
    app = await startApp(config, createLogger(config.logLevel));
    const url = config.publicUrl!;
    out.progress('ready', { url });
    const endpoint = { eventsUrl: `${url}/slack/events`, signingSecret: SIGNING_SECRET, fake };
    const world = new World({
      app, fake, out, lead: new SlackPerson(endpoint, lead), rhythm: DEMO_RHYTHM,
      members: employees.map((employee) => ({ employee, person: new SlackPerson(endpoint, employee.user) })),
    });
    for (const step of STEPS) await step(world);
    const messages = fake.calls.filter((c) => c.method === 'chat.postMessage' || c.method === 'chat.postEphemeral' || c.method === 'respond').length;
    const requests = [world.lead, ...world.members.map((m) => m.person)].reduce((sum, p) => sum + p.requests, 0);
    out.progress('done', { seconds: ((Date.now() - started) / 1000).toFixed(1), pairs: (await world.pairs(['active'])).length, messages, requests });
    return { dataDir, facts: world.facts, messages: fake.channels, problems: fake.problems, seconds: (Date.now() - started) / 1000 };
  } finally {
    await app?.stop();
    await fake.stop();
    if (options.keep) out.progress('kept', { dir: dataDir });
    else await rm(dataDir, { recursive: true, force: true });
  }
}
