// npm run bench:fanout -- [--pairs 10000] [--backends redis,postgres] [--rate 100] [--concurrency 10] [--explain-statements]
// Check-in prompts for N active pairs (2 per pair) go through the real job layer and the real
// Slack messenger to a local fake Slack API. Prints throughput, duplicates and losses per queue
// backend, and with --rate (a limit enforced by the fake and configured in the bot) the achieved
// rate against the limit and the number of 429 answers, and the database statements per prompt
// (every query the process sends to PostgreSQL while the workers run, the PostgreSQL queue
// backend's included). --explain-statements adds, per backend, each distinct statement shape
// (its SQL with literals and parameter lists folded) with its count per prompt, most frequent
// first, so one can see where the statements go. Needs DATABASE_URL (a PostgreSQL server
// where it may create and drop a scratch database) and, for the Redis run, REDIS_URL.
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import pg from 'pg';
import { startApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { generateSecretKeyText } from '../src/secrets/secret-box.ts';
import { openDatabase } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { createLogger } from '../src/log.ts';
import { FakeSlackServer } from './lib/fake-slack-server.ts';
import { countOutcome, createScratchDatabase, seedCheckinFanout } from './lib/fanout-seed.ts';

const { values } = parseArgs({
  options: {
    pairs: { type: 'string', default: '10000' },
    backends: { type: 'string', default: 'redis,postgres' },
    rate: { type: 'string' },
    concurrency: { type: 'string', default: '20' },
    'timeout-s': { type: 'string', default: '900' },
    'explain-statements': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  console.log('npm run bench:fanout -- [--pairs 10000] [--backends redis,postgres] [--rate N] [--concurrency 20] [--timeout-s 900] [--explain-statements]');
  process.exit(0);
}
const explain = values['explain-statements'];
const pairs = Number(values.pairs);
const rate = values.rate ? Number(values.rate) : undefined;
if (!Number.isInteger(pairs) || pairs < 1 || pairs > 100_000) throw new Error('--pairs must be a whole number from 1 to 100000');
if (rate !== undefined && !(rate > 0)) throw new Error('--rate must be a positive number of messages per second');
const serverUrl = process.env.DATABASE_URL;
if (!serverUrl) throw new Error('DATABASE_URL must point at a PostgreSQL server (a scratch database is created and dropped there)');

interface Row { backend: string; prompts: number; seconds: number; perSecond: number; duplicates: number; lost: number; limited: number; statements: number; achieved?: number }

// Every statement goes through pg.Client#query (pools included): counted while the workers run.
let statements = 0;
const shapes = new Map<string, number>();
/** A statement's shape: its text with parameter lists, numbers and quoted literals folded. */
function statementShape(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
    .replace(/'(?:[^']|'')*'/g, "'?'")
    .replace(/\$\d+(?:\s*,\s*\$\d+)*/g, '$n')
    .replace(/\b\d+\b/g, 'N');
}
const query = pg.Client.prototype.query;
pg.Client.prototype.query = function counted(this: pg.Client, ...args: unknown[]) {
  statements += 1;
  if (explain) {
    const first = args[0];
    const text = typeof first === 'string' ? first : (first as { text?: unknown } | null)?.text;
    const shape = typeof text === 'string' ? statementShape(text) : '(not a text query)';
    shapes.set(shape, (shapes.get(shape) ?? 0) + 1);
  }
  return (query as (...a: unknown[]) => unknown).apply(this, args);
} as typeof query;

function printShapes(backend: string, prompts: number): void {
  const sorted = [...shapes].sort((a, b) => b[1] - a[1]);
  console.log(`\n[${backend}] statements per prompt by shape (${sorted.length} shapes):`);
  console.log('| per prompt | statement |');
  console.log('|---|---|');
  for (const [shape, count] of sorted) {
    if (count / prompts < 0.005) continue;
    console.log(`| ${(count / prompts).toFixed(2)} | \`${shape.length > 300 ? `${shape.slice(0, 300)}…` : shape}\` |`);
  }
}

async function run(backend: 'redis' | 'postgres'): Promise<Row> {
  if (backend === 'redis' && !process.env.REDIS_URL) throw new Error('REDIS_URL is needed for the Redis run');
  const scratch = await createScratchDatabase(serverUrl!, 'fanout');
  const fake = await new FakeSlackServer(rate ? { ratePerSecond: rate } : {}).start();
  const prefix = `bench-fanout-${Date.now().toString(36)}`;
  let app: Awaited<ReturnType<typeof startApp>> | undefined;
  try {
    const database = await openDatabase({ url: scratch.url });
    await migrateToLatest(database.db);
    const seed = await seedCheckinFanout(database.db, pairs);
    await database.close();
    const expected = seed.channels.length;
    process.stdout.write(`[${backend}] seeded ${pairs} pairs (${expected} prompts); starting the workers\n`);

    const config = loadConfig({
      NODE_ENV: 'production', MENTOR_ROLE: 'worker', DATABASE_URL: scratch.url, LOG_LEVEL: 'warn',
      ...(backend === 'redis' ? { REDIS_URL: process.env.REDIS_URL } : {}), QUEUE_PREFIX: prefix,
      SLACK_BOT_TOKEN: 'xoxb-bench-token', SLACK_SIGNING_SECRET: 'bench-signing-secret-0123456789', SLACK_API_URL: fake.apiUrl,
      WORKER_CONCURRENCY: values.concurrency, DELIVERY_RATE_SLACK: String(rate ?? 1000),
      MENTOR_SECRET_KEY: generateSecretKeyText(),
    });
    const started = Date.now();
    statements = 0;
    shapes.clear();
    app = await startApp(config, createLogger('warn'));
    const deadline = started + Number(values['timeout-s']) * 1000;
    let last = -1; let lastChange = Date.now();
    const missing = () => countOutcome(fake.stats.perChannel, seed.channels).lost;
    while (missing() > 0 && Date.now() < deadline && Date.now() - lastChange < 60_000) {
      await new Promise((r) => setTimeout(r, 250));
      if (fake.stats.posted !== last) { last = fake.stats.posted; lastChange = Date.now(); }
    }
    // Give stragglers (a duplicate would arrive late) a moment before counting.
    await new Promise((r) => setTimeout(r, 2_000));
    const seconds = (fake.stats.lastAt - started) / 1000;
    const outcome = countOutcome(fake.stats.perChannel, seed.channels);
    const sendSpan = (fake.stats.lastAt - fake.stats.firstAt) / 1000;
    if (explain) printShapes(backend, expected);
    return {
      backend, prompts: expected, seconds, perSecond: outcome.delivered / seconds, duplicates: outcome.duplicates, lost: outcome.lost, statements: statements / expected,
      limited: fake.stats.rateLimited, ...(rate ? { achieved: (fake.stats.posted - 1) / sendSpan / rate } : {}),
    };
  } finally {
    await app?.stop();
    await fake.stop();
    await scratch.drop();
    if (backend === 'redis') {
      const redis = new Redis(process.env.REDIS_URL!);
      const keys = await redis.keys(`${prefix}:*`);
      for (let i = 0; i < keys.length; i += 500) await redis.del(...keys.slice(i, i + 500));
      redis.disconnect();
    }
  }
}

const rows: Row[] = [];
for (const backend of values.backends.split(',').map((b) => b.trim()) as Array<'redis' | 'postgres'>) rows.push(await run(backend));

console.log(`\nCheck-in fan-out: ${pairs} pairs, ${pairs * 2} prompts${rate ? `, limit ${rate} msg/s enforced by the fake Slack` : ''}`);
console.log('| queue backend | prompts | seconds | prompts/s | statements/prompt | duplicates | lost | 429 answers |' + (rate ? ' achieved / limit |' : ''));
console.log('|---|---|---|---|---|---|---|---|' + (rate ? '---|' : ''));
for (const r of rows) {
  console.log(`| ${r.backend} | ${r.prompts} | ${r.seconds.toFixed(1)} | ${r.perSecond.toFixed(0)} | ${r.statements.toFixed(1)} | ${r.duplicates} | ${r.lost} | ${r.limited} |` + (r.achieved !== undefined ? ` ${r.achieved.toFixed(2)} |` : ''));
}
const bad = rows.some((r) => r.duplicates > 0 || r.lost > 0);
process.exit(bad ? 1 : 0);
