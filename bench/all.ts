// `npm run bench`: every benchmark with small default sizes, one after the other, then one table.
// Benchmarks that need PostgreSQL or Redis are skipped, with the reason, when DATABASE_URL or
// REDIS_URL is not set. Each runs as its own process (as its npm script would) and its last
// line of output, its headline figure, goes into the table.
import { spawn } from 'node:child_process';

interface Bench { name: string; size: string; args: string[]; env?: Record<string, string>; skip?: string }

const hasPg = Boolean(process.env.DATABASE_URL), hasRedis = Boolean(process.env.REDIS_URL);
const fanoutBackends = [hasRedis ? 'redis' : '', hasPg ? 'postgres' : ''].filter(Boolean);

const BENCHES: Bench[] = [
  { name: 'bench:match', size: '400 mentees × 200 mentors', args: ['bench/match.ts', '--mentees', '400', '--mentors', '200'] },
  { name: 'bench:slack', size: '200 requests at 50/s per app', args: ['bench/slack.ts'], env: { BENCH_COUNT: '200', BENCH_RATE: '50', BENCH_MAX_SECONDS: '30' } },
  {
    name: 'bench:fanout', size: `200 pairs on ${fanoutBackends.join(', ') || '—'}`, args: ['bench/fanout.ts', '--pairs', '200', '--backends', fanoutBackends.join(',')],
    ...(fanoutBackends.length === 0 ? { skip: 'skipped: needs REDIS_URL or DATABASE_URL' } : {}),
  },
  {
    name: 'bench:report', size: '1,000 pairs, 3 refreshes', args: ['bench/report.ts', '--pairs', '1000', '--refreshes', '3'],
    ...(hasPg ? {} : { skip: 'skipped: needs DATABASE_URL (a scratch PostgreSQL database)' }),
  },
];

function run(bench: Bench): Promise<{ ok: boolean; seconds: number; headline: string }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, bench.args, { env: { ...process.env, ...bench.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '';
    child.stdout.on('data', (chunk: Buffer) => { out += chunk.toString(); });
    child.stderr.on('data', (chunk: Buffer) => { err += chunk.toString(); });
    child.on('close', (code) => {
      const lines = (code === 0 ? out : `${out}\n${err}`).split('\n').map((l) => l.trim()).filter(Boolean);
      resolve({ ok: code === 0, seconds: (Date.now() - started) / 1000, headline: lines.at(-1) ?? '' });
    });
  });
}

const rows: string[][] = [];
for (const bench of BENCHES) {
  if (bench.skip) {
    console.log(`${bench.name}: ${bench.skip}`);
    rows.push([bench.name, bench.size, 'skipped', '—', bench.skip.replace(/^skipped: /, '')]);
    continue;
  }
  console.log(`${bench.name}: running (${bench.size})…`);
  const result = await run(bench);
  rows.push([bench.name, bench.size, result.ok ? 'ok' : 'FAILED', `${result.seconds.toFixed(1)} s`, result.headline.slice(0, 160)]);
}

console.log('\n| benchmark | size | status | wall time | headline (last line of its output) |\n|---|---|---|---|---|');
for (const row of rows) console.log(`| ${row.map((cell) => cell.replace(/\|/g, '/')).join(' | ')} |`);
process.exit(rows.some((r) => r[2] === 'FAILED') ? 1 : 0);
