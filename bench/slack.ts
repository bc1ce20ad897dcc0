// npm run bench:slack — ack latency of the Slack endpoint under a fixed request rate.
// Slash commands and button clicks, signed like Slack's, are sent over loopback from a worker
// thread (open loop: one every 1/rate s, whatever the answers) first to a bare Bolt app that only acks, then to the
// real adapter on the real core and database, in the same run. Bounded in count and time.
//   BENCH_RATE (100/s), BENCH_COUNT (1000 per app), BENCH_MAX_SECONDS (60); DATABASE_URL for PostgreSQL
//   (a schema of its own, dropped at the end); BENCH_CONCURRENCY for the adapter's work queue.
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { AddressInfo } from 'node:net';
import { Worker } from 'node:worker_threads';
import pg from 'pg';
import { App, HTTPReceiver } from '@slack/bolt';
import { createSlackAdapter } from '../adapters/slack/index.ts';
import { boltLogger } from '../adapters/slack/bolt-logger.ts';
import { webClientOptions } from '../adapters/slack/slack-clients.ts';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { createActionRefSigner } from '../src/domain/action-ref.ts';
import { createBotCore } from '../src/flows/bot.ts';
import { allFlows } from '../src/flows/index.ts';
import { createHttpServer } from '../src/http/server.ts';
import { createMetrics } from '../src/metrics.ts';
import { systemClock } from '../src/ports/clock.ts';
import type { ScheduledJob } from '../src/ports/scheduler.ts';
import { FakeSlackApi } from '../test/support/slack-fake-api.ts';
import type { LoadInput, LoadOutput } from './slack-load.ts';
import {
  blockActionsPayload, interactivityBody, newTriggerId, signedRequest, slashCommandBody,
} from '../test/support/slack-requests.ts';

const RATE = Number(process.env.BENCH_RATE ?? 100);
const COUNT = Number(process.env.BENCH_COUNT ?? 1000);
const MAX_MS = Number(process.env.BENCH_MAX_SECONDS ?? 60) * 1000;
const SECRET = 'bench-signing-secret-0123456789abcdef';
const TOKEN = 'xoxb-bench-token';
const USERS = 50;
const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
const team = { id: 'T_ACME', domain: 'bench' }; // the fake's auth.test workspace: other teams are refused

interface Result { name: string; latencies: number[]; errors: number; seconds: number }

const FORM = 'application/x-www-form-urlencoded';

function request(i: number, fake: FakeSlackApi, refFor: (user: string) => string): { body: string; type: string } {
  const userId = `U_BENCH${i % USERS}`;
  const user = { id: userId, name: `Bench${i % USERS}`, teamId: team.id };
  if (i % 2 === 0) return { body: slashCommandBody(team, user, 'help', fake.responseUrl(userId), newTriggerId()), type: FORM };
  const button = { type: 'button', action_id: 'mb.btn.0', text: { type: 'plain_text', text: 'Go' }, value: refFor(userId) };
  const where = { kind: 'message' as const, channel: `D-${userId}`, ts: `${1_700_000_000 + i}.000100`, ephemeral: false, blocks: [], responseUrl: fake.responseUrl(userId) };
  return { body: interactivityBody(blockActionsPayload(team, user, button, where, newTriggerId())), type: FORM };
}

async function drive(name: string, url: string, fake: FakeSlackApi, refFor: (user: string) => string): Promise<Result> {
  const requests = Array.from({ length: COUNT }, (_, i) => request(i, fake, refFor));
  const input: LoadInput = { url, secret: SECRET, rate: RATE, maxMs: MAX_MS, requests };
  const worker = new Worker(new URL('./slack-load.ts', import.meta.url), { workerData: input });
  const output = await new Promise<LoadOutput>((resolve, reject) => { worker.once('message', resolve); worker.once('error', reject); });
  await worker.terminate();
  return { name, ...output };
}

async function bareBolt(fake: FakeSlackApi): Promise<{ url: string; server: Server }> {
  const logger = boltLogger(quiet);
  const receiver = new HTTPReceiver({ signingSecret: SECRET, endpoints: '/slack/events', processBeforeResponse: false, logger });
  const app = new App({ receiver, token: TOKEN, clientOptions: webClientOptions(fake.apiUrl), logger });
  app.command(/.*/, async ({ ack }) => { await ack(); });
  app.action(/.*/, async ({ ack }) => { await ack(); });
  const server = createServer((req, res) => receiver.requestListener(req, res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`, server };
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

function report(r: Result): { p50: number; p95: number; p99: number } {
  const s = [...r.latencies].sort((a, b) => a - b);
  const out = { p50: pct(s, 50), p95: pct(s, 95), p99: pct(s, 99) };
  console.log(`${r.name.padEnd(22)} n=${s.length} errors=${r.errors} ack p50=${out.p50.toFixed(2)} ms p95=${out.p95.toFixed(2)} ms p99=${out.p99.toFixed(2)} ms throughput=${(s.length / r.seconds).toFixed(1)} req/s`);
  return out;
}

async function main(): Promise<void> {
  const fake = await new FakeSlackApi().start();
  for (let u = 0; u < USERS; u += 1) fake.addUser({ id: `U_BENCH${u}`, name: `Bench${u}` });

  // The real thing: adapter + core on the embedded database, as `npm start` runs it.
  // DATABASE_URL (PostgreSQL) as in production, else the embedded database of `npm start`.
  const pgUrl = process.env.DATABASE_URL;
  const schema = `bench_slack_${randomBytes(4).toString('hex')}`;
  if (pgUrl) await withPg(pgUrl, `create schema ${schema}`);
  const database = await openDatabase(pgUrl ? { url: pgUrl, schema, poolSize: 8 } : {});
  // The schema named: the migrator otherwise takes another schema's migration tables for its own.
  await migrateToLatest(database.db, pgUrl ? schema : undefined);
  const config = loadConfig({ SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.apiUrl });
  const adapter = createSlackAdapter({ db: database.db, config: config.slack, logger: quiet, ...(process.env.BENCH_CONCURRENCY ? { concurrency: Number(process.env.BENCH_CONCURRENCY) } : {}) });
  const signer = createActionRefSigner({ current: randomBytes(32) });
  const queued: ScheduledJob[] = [];
  const core = createBotCore({
    db: database.db, clock: systemClock, scheduler: { schedule: async (j) => { queued.push(j); }, cancel: async () => {} },
    directory: adapter.directory, signer, messenger: adapter.messenger, admins: [], logger: quiet,
  }, allFlows);
  const http = createHttpServer({ logger: quiet as never, metrics: createMetrics(), readiness: {} });
  await adapter.mount({ http, core });
  const port = await http.listen(0, '127.0.0.1');

  // Warm both (first users.info, JIT) so the figures are about steady state.
  const bare = await bareBolt(fake);
  const realUrl = `http://127.0.0.1:${port}/slack/events`;
  const personIds = new Map<string, string>();
  const refFor = (user: string) => signer.sign({ kind: 'bench.unknown', subjects: [], personId: personIds.get(user) ?? '00000000-0000-0000-0000-000000000000', expiresAt: new Date(Date.now() + 3_600_000) });
  for (let u = 0; u < USERS; u += 1) {
    const { body, type } = request(u * 2, fake, refFor);
    const signed = signedRequest(SECRET, body, type);
    await fetch(realUrl, { method: 'POST', headers: signed.headers, body: signed.body }).then((r) => r.arrayBuffer());
  }
  await adapter.idle();
  for (const row of await database.db.selectFrom('people').select(['id', 'platform_user_id']).execute()) personIds.set(row.platform_user_id, row.id);

  console.log(`bench:slack — ${COUNT} requests per app at ${RATE}/s (half /mentor help, half button clicks), loopback, database ${database.kind}`);
  const bareResult = report(await drive('bare Bolt (ack only)', bare.url, fake, refFor));
  // The server's event loop while it serves: what a slow database would hold up.
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const realResult = report(await drive('Mentor bot adapter', realUrl, fake, refFor));
  await adapter.idle();
  loop.disable();
  console.log(`event loop delay of the adapter's process: p50=${(loop.percentile(50) / 1e6).toFixed(1)} ms p99=${(loop.percentile(99) / 1e6).toFixed(1)} ms max=${(loop.max / 1e6).toFixed(1)} ms`);
  const ratio = realResult.p50 / bareResult.p50;
  console.log(`p50 ratio adapter/bare = ${ratio.toFixed(2)} (target ≤ 2); p99 adapter = ${realResult.p99.toFixed(2)} ms (target ≤ 100 ms)`);
  console.log(`work after the acks: ${fake.callsOf('respond').length} replies posted to response_url`);

  bare.server.closeAllConnections();
  bare.server.close();
  await http.close();
  await fake.stop();
  await database.close();
  if (pgUrl) await withPg(pgUrl, `drop schema if exists ${schema} cascade`);
}

async function withPg(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try { await client.query(sql); } finally { await client.end(); }
}

await main();
