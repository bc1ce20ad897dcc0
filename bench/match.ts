// `npm run bench:match -- --mentees N --mentors M [--seed S] [--objective participation|score] [--runs R] [--candidates K]`
// Times each phase of the matcher on a generated cohort shaped like a real round, and compares
// it with a greedy baseline on the same cohort. Prints figures only; it asserts nothing.
import { parseArgs } from 'node:util';
import { matchCohortProfiled, type MatchPhase } from '../src/domain/matching/match-cohort.ts';
import { generateCohort } from './lib/cohort-generator.ts';
import { greedyMatch } from './lib/greedy-matcher.ts';

const { values } = parseArgs({
  options: {
    mentees: { type: 'string', default: '2000' }, mentors: { type: 'string', default: '1000' }, seed: { type: 'string', default: '1' },
    objective: { type: 'string', default: 'participation' }, runs: { type: 'string', default: '1' }, candidates: { type: 'string' },
  },
});
const mentees = Number(values.mentees), mentors = Number(values.mentors), seed = Number(values.seed), runs = Math.max(1, Number(values.runs));
const objective = values.objective === 'score' ? 'score' : 'participation';
const k = values.candidates === undefined ? {} : { candidatesPerMentee: Number(values.candidates) };

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
const fmt = (ms: number): string => `${ms.toFixed(0).padStart(6)} ms`;

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
