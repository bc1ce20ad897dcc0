// `npm run match -- --input cohort.json [--output result.json] [--dump-scores scores.csv] [--seed S]`
// Runs the matcher on a cohort file (docs/matching.md) for backtests and what-if runs.
// Exit codes: 0 done, 1 unexpected failure, 2 bad arguments, a malformed cohort or an unwritable
// output (each reported on one line naming the field or file, without a stack trace).
import { accessSync, constants, createWriteStream, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { cohortJsonSchema, cohortSchema, cohortToMatchInput, formatIssues } from '../domain/matching/cohort-schema.ts';
import { matchCohortProfiled } from '../domain/matching/match-cohort.ts';
import { SCORE_DUMP_HEADER, scoreDumpLines } from '../domain/matching/score-dump.ts';
import { MAX_SEED, randomSeed } from '../domain/matching/tie-break.ts';

const USAGE = `usage: npm run match -- --input cohort.json [--output result.json] [--dump-scores scores.csv] [--candidates K] [--seed S]
       npm run match -- --schema      print the cohort JSON Schema`;

class UsageError extends Error {}

function fail(message: string): never {
  throw new UsageError(message);
}

/** Refuses, before any work, a path the run could not write: a missing or read-only folder, a directory, a read-only file. */
function checkWritable(option: string, path: string): void {
  const full = resolve(path);
  let target = full;
  try {
    if (statSync(full).isDirectory()) fail(`--${option} ${path}: is a directory`);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    target = dirname(full);
    try {
      if (!statSync(target).isDirectory()) fail(`--${option} ${path}: ${target} is not a folder`);
    } catch (inner) {
      if (inner instanceof UsageError) throw inner;
      fail(`--${option} ${path}: the folder ${target} does not exist`);
    }
  }
  try {
    accessSync(target, constants.W_OK);
  } catch {
    fail(`--${option} ${path}: not writable`);
  }
}

async function main(argv: string[]): Promise<void> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        input: { type: 'string', short: 'i' }, output: { type: 'string', short: 'o' }, 'dump-scores': { type: 'string' },
        candidates: { type: 'string' }, seed: { type: 'string' }, schema: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }).values;
  } catch (e) {
    fail(`${(e as Error).message}\n${USAGE}`);
  }
  if (args.help) { process.stdout.write(`${USAGE}\n`); return; }
  if (args.schema) { process.stdout.write(`${JSON.stringify(cohortJsonSchema(), null, 2)}\n`); return; }
  if (!args.input) fail(`--input is required\n${USAGE}`);
  const k = args.candidates === undefined ? undefined : Number(args.candidates);
  if (k !== undefined && (!Number.isInteger(k) || k < 1)) fail('--candidates must be a positive integer');

  const seed = args.seed === undefined ? randomSeed() : Number(args.seed);
  if (args.seed !== undefined && !(/^\d+$/.test(args.seed) && seed <= MAX_SEED)) fail(`--seed must be an integer from 0 to ${MAX_SEED}`);
  if (args.output) checkWritable('output', args.output);
  if (args['dump-scores']) checkWritable('dump-scores', args['dump-scores']);

  let text: string;
  try {
    // A UTF-8 byte order mark (as some editors save) is not part of the JSON.
    text = readFileSync(args.input, 'utf8').replace(/^\uFEFF/, '');
  } catch (e) {
    fail(`cannot read ${args.input}: ${(e as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    fail(`${args.input} is not valid JSON: ${(e as Error).message}`);
  }
  const parsed = cohortSchema.safeParse(json);
  if (!parsed.success) {
    const issues = formatIssues(parsed.error);
    // One line per problem, each naming the file and the field.
    const shown = issues.slice(0, 20).map((issue) => `${args.input}: ${issue}`);
    if (issues.length > shown.length) shown.push(`${args.input}: ${issues.length - shown.length} more problems`);
    fail(shown.join('\nmatch: '));
  }
  const input = { ...cohortToMatchInput(parsed.data), seed };
  const { result, profile } = matchCohortProfiled(input, k === undefined ? {} : { candidatesPerMentee: k }, () => performance.now());
  const out = `${JSON.stringify(result, null, 2)}\n`;
  if (args.output) writeFileSync(args.output, out); else process.stdout.write(out);

  if (args['dump-scores']) {
    const stream = createWriteStream(args['dump-scores']);
    stream.write(`${SCORE_DUMP_HEADER}\n`);
    for (const chunk of scoreDumpLines(input)) if (!stream.write(chunk)) await once(stream, 'drain');
    stream.end();
    await once(stream, 'finish');
  }
  const r = result.report;
  process.stderr.write(`seed ${seed} (run again with --seed ${seed} for the same result)\n`);
  const ms = Object.values(profile.phases).reduce((s, x) => s + x, 0);
  process.stderr.write(`matched ${r.matched}/${r.mentees} mentees (${r.unmatched} unmatched), total score ${r.totalScore}, `
    + `average ${r.averageScore}, ${r.optimality.status}${r.optimality.status === 'gap' ? ` (gap ${r.optimality.scoreGap})` : ''}, ${ms.toFixed(0)} ms\n`);
}

main(process.argv.slice(2)).catch((e: unknown) => {
  if (e instanceof UsageError) {
    process.stderr.write(`match: ${e.message}\n`);
    process.exitCode = 2;
  } else if (e instanceof Error && 'code' in e && typeof e.code === 'string' && 'path' in e) {
    // A file system failure while writing (disk full, a file removed meanwhile): one line, no stack.
    process.stderr.write(`match: ${e.message}\n`);
    process.exitCode = 2;
  } else {
    process.stderr.write(`match: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  }
});
