// The whole demo as a function: a fake Slack workspace, the real app on the embedded default
// (no DATABASE_URL, no REDIS_URL) in a temporary data directory, and the program played through
// signed Slack requests. `npm run demo` prints it; the CI test reads the database it leaves.
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp, type App } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { generateSecretKeyText } from '../src/secrets/secret-box.ts';
import { createLogger } from '../src/log.ts';
import { ensureTemplate } from './database-template.ts';
import { FakeSlack, type SlackMessage } from './fake-slack.ts';
import type { DemoLang, NarrationKey } from './narration.ts';
import { Narrator } from './narrator.ts';
import { makePeople } from './people.ts';
import { createReportLink } from '../src/flows/evaluation/report-link.ts';
import { SlackPerson, TEAM } from './slack-client.ts';
import { answerSurveys, createProgram, openRound } from './steps-enrol.ts';
import { checkinsAndPulse, setGoals } from './steps-life.ts';
import { findATime, prepareMeeting } from './steps-pair.ts';
import { answerProposals, previewPublish } from './steps-match.ts';
import { rankShortlists } from './steps-shortlist.ts';
import { openCircle } from './steps-circle.ts';
import { showReport } from './steps-report.ts';
import { DEFAULT_PATIENCE_MS, DemoStepError, patience } from './wait.ts';
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
  /**
   * With --keep: the app keeps serving the report page until this settles (Ctrl-C), instead of
   * stopping once the story is told.
   */
  readonly serveUntil?: Promise<void>;
  /** Sets up the fake Slack before the run: the test that breaks a step on purpose loses messages there. */
  readonly platform?: (fake: FakeSlack) => void;
}

export interface DemoResult {
  readonly dataDir: string;
  readonly facts: DemoFacts;
  /** Every message the fake Slack received, per channel. */
  readonly messages: ReadonlyMap<string, readonly SlackMessage[]>;
  /** Files the app shared in Slack (the .ics invitations), with their channel and content. */
  readonly files: FakeSlack['files'];
  /** Block Kit problems the fake found in what the app sent. */
  readonly problems: readonly string[];
  readonly seconds: number;
  /** A fresh one-time link to the report page for the lead (it opens once, within 30 minutes). */
  readonly reportUrl: string;
}

/** The shortest check-in period: on a quiet machine the whole program fits in about half a minute. */
const MIN_PERIOD_S = 6;
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
const STEPS: ReadonlyArray<readonly [NarrationKey, Step]> = [
  ['step.program', createProgram], ['step.round', openRound], ['step.surveys', answerSurveys], ['step.circle', openCircle],
  ['step.shortlist', rankShortlists],
  ['step.matching', previewPublish],
  ['step.proposals', answerProposals], ['step.goals', setGoals], ['step.checkins', checkinsAndPulse],
  ['step.time', findATime], ['step.prepare', prepareMeeting], ['step.report', showReport],
];

/**
 * The program's rhythm for this machine. Each period brings everyone a check-in to answer (a few
 * signed requests each, a few people at once on two cores), and the pulse, which opens one period
 * after publication and closes one period later, must be answered by all within that window,
 * beside that period's check-ins. So the period follows the measured time of a signed
 * request, with room to spare, and a loaded machine gets a slower rhythm and fewer people acting
 * at once instead of a wrong story. A check-in answered after its grace (marked missed, then
 * answered from the reminder) is still answered: the report step waits for those before the
 * at-risk scan.
 */
async function measureRhythm(lead: SlackPerson, people: number, startupMs: number): Promise<{ rhythm: DemoRhythm; requestMs: number }> {
  // The first requests after the start are slow for reasons of their own (code compiled on first
  // use, PostgreSQL's optimized code still being made in the background): untimed, they would
  // set a program's rhythm from a moment of the start (a 291 ms median and a 210-second period
  // where the surveys then went at 70 ms a request).
  for (let i = 0; i < 5; i += 1) await lead.command('help');
  const times: number[] = [];
  for (let i = 0; i < 7; i += 1) {
    const started = performance.now();
    await lead.command('help');
    times.push(performance.now() - started);
  }
  const requestMs = times.sort((a, b) => a - b)[3]!;
  const lanes = requestMs < 30 ? 4 : requestMs < 80 ? 2 : 1;
  // The probe is light (`help` writes nothing): an answer's two requests weigh about three probes
  // each; the pulse's period holds two answers per person (a check-in and the pulse), and one more
  // leaves room for the app's own work (prompts, reminders, the pulse's fan-out).
  const byRequests = Math.ceil((people * 2 * 3 * 3 * requestMs) / 1000 / Math.min(lanes, 2));
  // The queue's work (prompts, reminders) does not show in one request's time but in the start-up,
  // which is all database work: about 2.5 s on a quiet machine, ten times that on a loaded one,
  // where a prompt may take longer to go out than the grace of a 6-second check-in.
  const byStartup = Math.ceil(startupMs / 400);
  const seconds = Math.max(MIN_PERIOD_S, byRequests, byStartup);
  // The pulse every period: its figures show once it has closed, so the report comes two periods
  // after publication instead of four; the silent pair's second missed check-in (two periods and
  // a half after activation) is then what the report waits for.
  return { rhythm: { checkinCadence: `PT${seconds}S`, pulseEvery: `PT${seconds}S`, checkinMs: seconds * 1000, lanes }, requestMs };
}

const oneLine = (text: string): string => text.replace(/\s*\n\s*/g, '; ');

export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const out = new Narrator(options.lang, options.quiet, options.write);
  const started = Date.now();
  out.title('title', { seed: options.seed, people: options.people });
  out.progress('starting');
  const fake = await new FakeSlack().start();
  options.platform?.(fake);
  const dataDir = await mkdtemp(join(tmpdir(), 'mentor-demo-'));
  const { lead, employees } = makePeople(options.seed, options.people);
  let app: App | undefined;
  try {
    // A copy of a migrated database (made once per version in a process of its own: no initdb here).
    const made = await ensureTemplate();
    if (made.created) out.progress('database', { seconds: (made.ms / 1000).toFixed(1), dir: made.dir });
    await cp(made.dir, dataDir, { recursive: true });
    const port = await freePort();
    const config = loadConfig({
      DATA_DIR: dataDir, PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, SLACK_BOT_TOKEN: 'xoxb-demo-token', SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: fake.apiUrl, MENTOR_LEADS: `${TEAM.id}:${lead.id}`, LOG_LEVEL: options.logLevel ?? 'silent',
      // The fake answers at once: no need to pace messages like the real Slack's 1 per second.
      DELIVERY_RATE_SLACK: '500',
      // A key of its own, as a deployment sets MENTOR_SECRET_KEY (nothing is left beside the temporary folder).
      MENTOR_SECRET_KEY: generateSecretKeyText(),
    });
    const starting = performance.now();
    app = await startApp(config, createLogger(config.logLevel));
    const startupMs = performance.now() - starting;
    const url = config.publicUrl!;
    out.progress('ready', { url });
    const endpoint = { eventsUrl: `${url}/slack/events`, signingSecret: SIGNING_SECRET, fake, lateAcks: 0 };
    const leadPerson = new SlackPerson(endpoint, lead);
    const { rhythm, requestMs } = await measureRhythm(leadPerson, employees.length, startupMs);
    // A wait may span a few periods (the first check-ins come one period after activation).
    patience.ms = Math.max(DEFAULT_PATIENCE_MS, 4 * rhythm.checkinMs);
    out.progress('rhythm', { ms: Math.round(requestMs), seconds: rhythm.checkinMs / 1000, lanes: rhythm.lanes });
    const world = new World({
      app, fake, out, lead: leadPerson, rhythm,
      members: employees.map((employee) => ({ employee, person: new SlackPerson(endpoint, employee.user) })),
    });
    for (const [key, step] of STEPS) {
      try {
        await step(world);
      } catch (err) {
        // One line naming the step, whatever went wrong inside it.
        throw new DemoStepError(`${out.text(key)}: ${oneLine(err instanceof Error ? err.message : String(err))}`, { cause: err });
      }
    }
    if (fake.problems.length > 0) throw new DemoStepError(`Slack would refuse ${fake.problems.length} message(s) the bot sent, first: ${oneLine(fake.problems[0]!)}`);
    const messages = fake.calls.filter((c) => c.method === 'chat.postMessage' || c.method === 'chat.postEphemeral' || c.method === 'respond').length;
    const requests = [world.lead, ...world.members.map((m) => m.person)].reduce((sum, p) => sum + p.requests, 0);
    out.progress('done', { seconds: ((Date.now() - started) / 1000).toFixed(1), pairs: (await world.pairs(['active'])).length, messages, requests });
    if (endpoint.lateAcks > 0) out.progress('late', { count: endpoint.lateAcks });
    // The card's link was spent by the lead's visit: a new one, for a browser on this machine.
    const leadRow = await world.db.selectFrom('people').select('id').where('platform_user_id', '=', lead.id).executeTakeFirstOrThrow();
    const link = await createReportLink(world.db, { baseUrl: url, programId: world.facts.programId!, personId: leadRow.id, now: new Date() });
    out.title(options.serveUntil ? 'address.kept' : 'address', { url: link.url });
    if (options.serveUntil) await options.serveUntil;
    return { dataDir, facts: world.facts, messages: fake.channels, files: fake.files, problems: fake.problems, seconds: (Date.now() - started) / 1000, reportUrl: link.url };
  } finally {
    await app?.stop();
    await fake.stop();
    if (options.keep) out.progress('kept', { dir: dataDir });
    else await rm(dataDir, { recursive: true, force: true });
  }
}
