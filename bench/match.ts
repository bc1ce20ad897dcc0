// `npm run bench:match` — the growth table: cohorts of 1 000, 5 000, 10 000, 20 000 and 40 000
// mentees (mentors = half), seeds 1–3, each match in its own process so that peak memory is per
// size. Per size: wall and CPU time of the match, peak RSS, the optimality status and gap, the
// growth per doubling of the CPU time, the greedy baseline's total and unmatched count, and the
// exhaustive check of the result's optimality (bench/lib/certificate.ts: every pair of the cohort
// scored against the matcher's seat prices, an LP bound that must equal the result; `--no-verify`
// skips it). With the check, the growth table also gives each size's CPU time in pairs that
// check scores in that time, from the sizes where it runs a second or more (the machine's drift
// between sizes of one run then cancels out).
//   --sizes 1000,5000 --seeds 1,2 --objective participation|score --no-greedy --no-verify
//
// `npm run bench:match -- --mentees N --mentors M [--seed S] [--objective …] [--runs R] [--candidates K]`
// times each phase of one cohort in this process, as before. With `--thread` it instead compares
// the match in place with the match in the bot's matching thread (src/flows/matching/match-thread.ts):
// wall time and the longest the main thread stood still meanwhile. Prints figures only; asserts nothing.
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { matchCohort, matchCohortProfiled, type MatchPhase, type MatchPrices } from '../src/domain/matching/match-cohort.ts';
import type { MatchInput, MatchResult } from '../src/domain/matching/types.ts';
import { closeMatchThread, matchOffThread } from '../src/flows/matching/match-thread.ts';
import { generateCohort } from './lib/cohort-generator.ts';
import { greedyMatch } from './lib/greedy-matcher.ts';
import { verifyCertificate } from './lib/certificate.ts';

const { values } = parseArgs({
  options: {
    mentees: { type: 'string' }, mentors: { type: 'string' }, seed: { type: 'string', default: '1' },
    objective: { type: 'string', default: 'participation' }, runs: { type: 'string', default: '1' }, candidates: { type: 'string' },
    sizes: { type: 'string', default: '1000,5000,10000,20000,40000' }, seeds: { type: 'string', default: '1,2,3' },
    'no-greedy': { type: 'boolean', default: false }, 'no-verify': { type: 'boolean', default: false },
    child: { type: 'boolean', default: false },
    thread: { type: 'boolean', default: false },
  },
});
const objective = values.objective === 'score' ? 'score' : 'participation';
const k = values.candidates === undefined ? {} : { candidatesPerMentee: Number(values.candidates) };

interface Measure {
  mentees: number; mentors: number; seed: number; wallMs: number; cpuMs: number; rssMb: number;
  status: string; scoreGap: number; matchedGap: number; total: number; unmatched: number; rounds: number; edges: number;
  greedyTotal?: number; greedyUnmatched?: number;
  verify?: Verified;
}

/** The exhaustive check: pairs scored, its wall time, what separates the result from the bound, and what failed. */
interface Verified {
  pairs: number; ms: number; envious: number; pricedSpare: number; shortBy: number; problems: string[];
}

function verified(input: MatchInput, result: MatchResult, prices: MatchPrices): Verified {
  const v0 = performance.now();
  const c = verifyCertificate(input, result, prices);
  return { pairs: c.pairs, ms: performance.now() - v0, envious: c.envious, pricedSpare: c.pricedSpare, shortBy: c.bound - c.primal, problems: c.problems };
}

const load = (): string => loadavg().map((x) => x.toFixed(2)).join(' ');
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
const fmt = (ms: number): string => `${ms.toFixed(0).padStart(6)} ms`;

if (values.child) {
  // One cohort, one match, then (after the memory reading) the greedy baseline.
  const mentees = Number(values.mentees), mentors = Number(values.mentors), seed = Number(values.seed);
  const input = generateCohort({ mentees, mentors, seed, objective });
  const start = performance.now(), cpu0 = process.cpuUsage();
  const { result, profile } = matchCohortProfiled(input, k);
  const wallMs = performance.now() - start;
  const cpu = process.cpuUsage(cpu0);
  const rssMb = process.resourceUsage().maxRSS / 1024;
  const r = result.report;
  const m: Measure = {
    mentees, mentors, seed, wallMs, cpuMs: (cpu.user + cpu.system) / 1000, rssMb, status: r.optimality.status,
    scoreGap: r.optimality.scoreGap, matchedGap: r.optimality.matchedGap, total: r.totalScore, unmatched: r.unmatched,
    rounds: r.optimality.wideningRounds, edges: r.optimality.candidateEdges,
  };
  if (!values['no-greedy']) {
    const greedy = greedyMatch(input);
    m.greedyTotal = greedy.totalPoints / 100;
    m.greedyUnmatched = mentees - greedy.matched;
  }
  if (!values['no-verify']) m.verify = verified(input, result, profile.prices);
  console.log(JSON.stringify(m));
} else if (values.mentees !== undefined && values.thread) {
  await thread(Number(values.mentees), Number(values.mentors ?? Number(values.mentees) / 2));
} else if (values.mentees !== undefined) {
  single(Number(values.mentees), Number(values.mentors ?? Number(values.mentees) / 2));
} else {
  await table();
}

function runChild(mentees: number, seed: number): Promise<Measure> {
  const args = [fileURLToPath(import.meta.url), '--child', '--mentees', String(mentees), '--mentors', String(mentees / 2),
    '--seed', String(seed), '--objective', objective, ...(values.candidates ? ['--candidates', values.candidates] : []),
    ...(values['no-greedy'] ? ['--no-greedy'] : []), ...(values['no-verify'] ? ['--no-verify'] : [])];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => { out += chunk.toString(); });
    child.on('close', (code) => {
      const line = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0) reject(new Error(`child for ${mentees} mentees, seed ${seed} exited with ${code}`));
      else resolve(JSON.parse(line) as Measure);
    });
  });
}

/** "proven, 419,068,879 pairs, 21.0 s", or how far from a proof. */
function verdict(v: Verified | undefined): string {
  if (!v) return '—';
  const what = `${v.pairs.toLocaleString('en-US')} pairs, ${(v.ms / 1000).toFixed(1)} s`;
  if (v.problems.length === 0) return `proven, ${what}`;
  return `**not proven**: ${v.envious} mentees with a better buy, ${v.pricedSpare} priced seats left, bound above the result by ${v.shortBy}; ${what}`;
}

async function table(): Promise<void> {
  const sizes = values.sizes.split(',').map(Number), seeds = values.seeds.split(',').map(Number);
  console.log(`bench:match ${new Date().toISOString()}, objective ${objective}, seeds ${seeds.join(',')}, load average at start ${load()}`);
  const header = ['mentees × mentors', 'seed', 'wall', 'CPU', 'peak RSS', 'optimality', 'rounds', 'total', 'unmatched', 'greedy total', 'greedy unmatched',
    'exhaustive check'];
  console.log(`| ${header.join(' | ')} |`);
  console.log(`|${header.map(() => '---').join('|')}|`);
  const cpuBySize = new Map<number, number>(), pairsBySize = new Map<number, number>();
  for (const n of sizes) {
    const cpus: number[] = [], pairs: number[] = [];
    for (const seed of seeds) {
      const m = await runChild(n, seed);
      cpus.push(m.cpuMs);
      // The match's CPU time in pairs the exhaustive check scores in that time, in the same process
      // just after: a measure of the machine's speed at that moment (see docs/matching.md). A check
      // under a second is mostly its own compiling: no measure.
      if (m.verify && m.verify.ms >= 1000) pairs.push(m.cpuMs / (m.verify.ms / m.verify.pairs));
      const gap = m.status === 'optimal' ? 'optimal, gap 0' : `gap ${m.scoreGap} pts, ${m.matchedGap} mentees`;
      console.log(`| ${n} × ${n / 2} | ${seed} | ${(m.wallMs / 1000).toFixed(2)} s | ${(m.cpuMs / 1000).toFixed(2)} s | ${m.rssMb.toFixed(0)} MB | ${gap} | ${m.rounds} | `
        + `${m.total.toFixed(2)} | ${m.unmatched} | ${m.greedyTotal?.toFixed(2) ?? '—'} | ${m.greedyUnmatched ?? '—'} | ${verdict(m.verify)} |`);
      for (const line of m.verify?.problems ?? []) console.log(`  exhaustive check, ${n} × ${n / 2} seed ${seed}: ${line}`);
    }
    cpuBySize.set(n, median(cpus));
    if (pairs.length === seeds.length) pairsBySize.set(n, median(pairs));
  }
  const inPairs = pairsBySize.size > 1;
  console.log('');
  console.log(`| from → to | median CPU | growth per doubling |${inPairs ? ' median CPU in exhaustive-check pairs | growth per doubling in those |' : ''}`);
  console.log(`|---|---|---|${inPairs ? '---|---|' : ''}`);
  const perDoubling = (from: number, to: number, a: number, b: number): string => `${((b / a) ** (1 / Math.log2(to / from))).toFixed(2)}×`;
  for (let x = 1; x < sizes.length; x++) {
    const a = sizes[x - 1]!, b = sizes[x]!;
    const ca = cpuBySize.get(a)!, cb = cpuBySize.get(b)!;
    const pa = pairsBySize.get(a), pb = pairsBySize.get(b);
    const extra = !inPairs ? '' : pa === undefined || pb === undefined ? ' — | — |'
      : ` ${(pa / 1e6).toFixed(1)} M → ${(pb / 1e6).toFixed(1)} M | ${perDoubling(a, b, pa, pb)} |`;
    console.log(`| ${a} → ${b} | ${(ca / 1000).toFixed(2)} s → ${(cb / 1000).toFixed(2)} s | ${perDoubling(a, b, ca, cb)} |${extra}`);
  }
  console.log(`load average at the end ${load()}`);
}

function single(mentees: number, mentors: number): void {
  const seed = Number(values.seed), runs = Math.max(1, Number(values.runs));
  const input = generateCohort({ mentees, mentors, seed, objective });
  console.log(`cohort: ${mentees} mentees × ${mentors} mentors, seed ${seed}, objective ${objective}, ${runs} run(s)`);

  const phases: Record<MatchPhase | 'total', number[]> = { scoring: [], candidates: [], solve: [], check: [], explain: [], total: [] };
  // CPU time next to wall time: on a shared machine the wall time mostly measures the others' load.
  const cpuMs: number[] = [];
  let last;
  for (let r = 0; r < runs; r++) {
    const start = performance.now(), cpu0 = process.cpuUsage();
    last = matchCohortProfiled(input, k, () => performance.now());
    phases.total.push(performance.now() - start);
    const cpu = process.cpuUsage(cpu0);
    cpuMs.push((cpu.user + cpu.system) / 1000);
    for (const [p, ms] of Object.entries(last.profile.phases)) phases[p as MatchPhase].push(ms);
    console.log(`  run ${r + 1}: ${fmt(phases.total[r]!)}`);
  }
  const rss = process.resourceUsage().maxRSS / 1024;
  const report = last!.result.report;
  console.log(`median per phase: ${(['scoring', 'candidates', 'solve', 'check', 'explain', 'total'] as const).map((p) => `${p} ${fmt(median(phases[p]))}`).join(' | ')}`);
  console.log(`median CPU time of the match (user + system, all threads): ${fmt(median(cpuMs))}`);
  console.log(`peak memory (max RSS, whole process): ${rss.toFixed(0)} MB`);
  console.log(`optimal:  matched ${report.matched}, unmatched ${report.unmatched}, total ${report.totalScore.toFixed(2)}, `
    + `${report.optimality.status} (widening rounds ${report.optimality.wideningRounds}, ${report.optimality.candidateEdges} candidate edges, score gap ${report.optimality.scoreGap})`);

  const g0 = performance.now();
  const greedy = greedyMatch(input);
  const greedyMs = performance.now() - g0;
  const greedyTotal = greedy.totalPoints / 100;
  console.log(`greedy:   matched ${greedy.matched}, unmatched ${mentees - greedy.matched}, total ${greedyTotal.toFixed(2)}, ${fmt(greedyMs)}`);
  console.log(`optimal vs greedy: total ${(100 * greedyTotal / report.totalScore).toFixed(2)} % reached by greedy, `
    + `${mentees - greedy.matched - report.unmatched} more mentees left unmatched by greedy`);
  if (values['no-verify']) return;
  const v = verified(input, last!.result, last!.profile.prices);
  console.log(`exhaustive check: ${verdict(v)}`);
  for (const line of v.problems) console.log(`  ${line}`);
}

/** The longest gap between two ticks of a 1 ms timer on this thread while `work` runs. */
async function stallDuring(work: () => Promise<unknown>): Promise<{ wallMs: number; stallMs: number }> {
  let last = performance.now(), stallMs = 0;
  const timer = setInterval(() => { const t = performance.now(); stallMs = Math.max(stallMs, t - last); last = t; }, 1);
  const start = performance.now();
  await work();
  const wallMs = performance.now() - start;
  clearInterval(timer);
  return { wallMs, stallMs: Math.max(stallMs, performance.now() - last) };
}

async function thread(mentees: number, mentors: number): Promise<void> {
  const seed = Number(values.seed), runs = Math.max(1, Number(values.runs));
  const input = generateCohort({ mentees, mentors, seed, objective });
  console.log(`cohort: ${mentees} mentees × ${mentors} mentors, seed ${seed}, objective ${objective}, ${runs} run(s) each, load ${load()}`);
  // The thread's first start (loading the matcher) is timed apart from the runs.
  const first = await stallDuring(() => matchOffThread(input, 0));
  const inPlace: Array<{ wallMs: number; stallMs: number }> = [], offThread: typeof inPlace = [];
  for (let r = 0; r < runs; r++) {
    inPlace.push(await stallDuring(async () => matchCohort(input)));
    offThread.push(await stallDuring(() => matchOffThread(input, 0)));
  }
  await closeMatchThread();
  const row = (name: string, xs: typeof inPlace): string =>
    `| ${name} | ${(median(xs.map((x) => x.wallMs)) / 1000).toFixed(2)} s | ${median(xs.map((x) => x.stallMs)).toFixed(0)} ms |`;
  console.log('| where | median wall | median longest stall of the main thread |');
  console.log('|---|---|---|');
  console.log(row('in place', inPlace));
  console.log(row('matching thread', offThread));
  console.log(`first match in a new thread: wall ${(first.wallMs / 1000).toFixed(2)} s, longest stall ${first.stallMs.toFixed(0)} ms; load ${load()}`);
}
