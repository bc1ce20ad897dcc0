// The command line of `npm run demo`: options, the run, and its exit code (0 when every step of
// the story was seen to happen, 1 with one line naming the step that did not, 2 for bad options).
import { parseArgs } from 'node:util';
import { runDemo, type DemoOptions } from './demo.ts';
import { narrate } from './narration.ts';

const USAGE = 'Usage: npm run demo -- [--seed N] [--people N (8–100, default 40)] [--lang en|fr] [--quiet] [--keep]';

function options(argv: readonly string[]) {
  const { values } = parseArgs({
    args: [...argv],
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

/** Until Ctrl-C (or a stop from a process manager): how long --keep serves the report page. */
const interrupted = (): Promise<void> => new Promise((resolve) => {
  const stop = () => { process.off('SIGINT', stop); process.off('SIGTERM', stop); resolve(); };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
});

export async function mainDemo(argv: readonly string[], extra: Pick<DemoOptions, 'platform'> = {}): Promise<number> {
  let parsed: ReturnType<typeof options>;
  try {
    parsed = options(argv);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (parsed.values.help || parsed.problems.length > 0) {
    process.stderr.write(`${parsed.problems.join('\n')}${parsed.problems.length ? '\n' : ''}${USAGE}\n`);
    return parsed.values.help ? 0 : 2;
  }
  const lang = parsed.values.lang as 'en' | 'fr';
  try {
    await runDemo({
      seed: parsed.seed, people: parsed.people, lang, quiet: parsed.values.quiet, keep: parsed.values.keep,
      write: (text) => process.stdout.write(text), logLevel: process.env.LOG_LEVEL ?? 'silent',
      ...(parsed.values.keep ? { serveUntil: interrupted() } : {}), ...extra,
    });
    return 0;
  } catch (err) {
    process.stderr.write(`\n${narrate(lang, 'failed', { message: err instanceof Error ? err.message : String(err) })}\n`);
    return 1;
  }
}
