// `npm run demo [-- --seed N --people N --lang fr --quiet --keep]`: a whole mentoring program
// played on this machine through the real app; exit 0 on success, 1 with the failing step.
import { parseArgs } from 'node:util';
import { runDemo } from './demo.ts';
import { narrate } from './narration.ts';

const USAGE = 'Usage: npm run demo -- [--seed N] [--people N (8–100, default 40)] [--lang en|fr] [--quiet] [--keep]';

function options() {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string', default: '1' }, people: { type: 'string', default: '40' }, lang: { type: 'string', default: 'en' },
      quiet: { type: 'boolean', default: false }, keep: { type: 'boolean', default: false }, help: { type: 'boolean', default: false },
    },
  });
  const seed = Number(values.seed), people = Number(values.people);
  const problems = [
    Number.isInteger(seed) ? '' : '--seed must be a whole number',
    Number.isInteger(people) && people >= 8 && people <= 100 ? '' : '--people must be a whole number from 8 to 100 (the lead invites them in one form)',
    values.lang === 'en' || values.lang === 'fr' ? '' : '--lang must be en or fr',
  ].filter(Boolean);
  return { values, seed, people, problems };
}

let parsed: ReturnType<typeof options>;
try {
  parsed = options();
} catch (err) {
  process.stderr.write(`${(err as Error).message}\n${USAGE}\n`);
  process.exit(2);
}
if (parsed.values.help || parsed.problems.length > 0) {
  process.stderr.write(`${parsed.problems.join('\n')}${parsed.problems.length ? '\n' : ''}${USAGE}\n`);
  process.exit(parsed.values.help ? 0 : 2);
}
const lang = parsed.values.lang as 'en' | 'fr';
try {
  const result = await runDemo({
    seed: parsed.seed, people: parsed.people, lang, quiet: parsed.values.quiet, keep: parsed.values.keep,
    write: (text) => process.stdout.write(text), logLevel: process.env.LOG_LEVEL ?? 'silent',
  });
  if (result.problems.length > 0) throw new Error(`Slack would refuse some messages:\n${result.problems.join('\n')}`);
  process.exit(0);
} catch (err) {
  process.stderr.write(`\n${narrate(lang, 'failed', { message: err instanceof Error ? err.message : String(err) })}\n`);
  process.exit(1);
}
