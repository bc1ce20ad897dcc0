// `npm run match -- --input cohort.json [--output result.json] [--dump-scores scores.csv]`
// Runs the matcher on a cohort file (docs/matching.md) for backtests and what-if runs.
// Exit codes: 0 done, 1 unexpected failure, 2 bad arguments or a malformed cohort.
import { createWriteStream, readFileSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { cohortJsonSchema, cohortSchema, cohortToMatchInput, formatIssues } from '../domain/matching/cohort-schema.ts';
import { matchCohortProfiled } from '../domain/matching/match-cohort.ts';
import { SCORE_DUMP_HEADER, scoreDumpLines } from '../domain/matching/score-dump.ts';

const USAGE = `usage: npm run match -- --input cohort.json [--output result.json] [--dump-scores scores.csv] [--candidates K]
       npm run match -- --schema      print the cohort JSON Schema`;

class UsageError extends Error {}

function fail(message: string): never {
  throw new UsageError(message);
}

async function main(argv: string[]): Promise<void> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        input: { type: 'string', short: 'i' }, output: { type: 'string', short: 'o' }, 'dump-scores': { type: 'string' },
        candidates: { type: 'string' }, schema: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
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

  let text: string;
  try {
    text = readFileSync(args.input, 'utf8');
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
    fail(`${args.input} is not a valid cohort (${issues.length} problem${issues.length > 1 ? 's' : ''}):\n  ${issues.slice(0, 20).join('\n  ')}`);
  }
  const input = cohortToMatchInput(parsed.data);
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
  const ms = Object.values(profile.phases).reduce((s, x) => s + x, 0);
  process.stderr.write(`matched ${r.matched}/${r.mentees} mentees (${r.unmatched} unmatched), total score ${r.totalScore}, `
    + `average ${r.averageScore}, ${r.optimality.status}${r.optimality.status === 'gap' ? ` (gap ${r.optimality.scoreGap})` : ''}, ${ms.toFixed(0)} ms\n`);
}

main(process.argv.slice(2)).catch((e: unknown) => {
  if (e instanceof UsageError) {
    process.stderr.write(`match: ${e.message}\n`);
    process.exitCode = 2;
  } else {
    process.stderr.write(`match: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  }
});
