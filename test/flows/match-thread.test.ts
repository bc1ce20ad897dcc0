// Large cohorts are matched in a worker thread (src/flows/matching/match-thread.ts): the same
// result as in place, while the main thread keeps turning; failures fail one match, not the next.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { matchCohort } from '../../src/domain/matching/match-cohort.ts';
import type { MatchInput } from '../../src/domain/matching/types.ts';
import { closeMatchThread, matchOffThread, OFF_THREAD_FROM_PAIRS } from '../../src/flows/matching/match-thread.ts';
import { generateCohort } from '../../bench/lib/cohort-generator.ts';

const root = join(import.meta.dirname, '..', '..');

/** Timer ticks on the main thread while `work` runs. */
async function ticksDuring<T>(work: () => Promise<T>): Promise<{ value: T; ticks: number }> {
  let ticks = 0;
  const timer = setInterval(() => { ticks++; }, 1);
  try {
    const value = await work();
    return { value, ticks };
  } finally {
    clearInterval(timer);
  }
}

describe('the matching thread', { timeout: 60_000 }, () => {
  afterEach(async () => { await closeMatchThread(); });

  it('gives the in-place result while the main thread keeps turning', async () => {
    const input = generateCohort({ mentees: 1_500, mentors: 750, seed: 7 });
    expect(input.mentees.length * input.mentors.length).toBeGreaterThanOrEqual(OFF_THREAD_FROM_PAIRS);
    const inPlace = matchCohort(input);
    const off = await ticksDuring(() => matchOffThread(input));
    expect(off.value).toEqual(inPlace);
    expect(off.value.report.optimality.status).toBe('optimal');
    expect(off.ticks).toBeGreaterThan(0);
    // The same match in place: not one tick until it is over.
    const here = await ticksDuring(() => matchOffThread(input, Number.POSITIVE_INFINITY));
    expect(here.value).toEqual(inPlace);
    expect(here.ticks).toBe(0);
  });

  it('matches small cohorts in place', async () => {
    const input = generateCohort({ mentees: 40, mentors: 20, seed: 3 });
    const here = await ticksDuring(() => matchOffThread(input));
    expect(here.value).toEqual(matchCohort(input));
    expect(here.ticks).toBe(0);
  });

  it('answers several matches asked at once, each with its own result', async () => {
    const inputs = [1, 2, 3].map((seed) => generateCohort({ mentees: 300, mentors: 150, seed }));
    const results = await Promise.all(inputs.map((input) => matchOffThread(input, 0)));
    results.forEach((result, k) => expect(result).toEqual(matchCohort(inputs[k]!)));
  });

  it('fails a match whose input cannot be handed over, then matches the next', async () => {
    const input = generateCohort({ mentees: 50, mentors: 25, seed: 1 });
    const unsendable = { ...input, settings: { ...input.settings, hook: () => 0 } } as unknown as MatchInput;
    await expect(matchOffThread(unsendable, 0)).rejects.toThrow(/could not be handed to the matching thread/);
    expect(await matchOffThread(input, 0)).toEqual(matchCohort(input));
  });

  it('fails the matches under way when the thread ends, and starts a new one for the next', async () => {
    const input = generateCohort({ mentees: 2_000, mentors: 1_000, seed: 2 });
    const failed = expect(matchOffThread(input, 0)).rejects.toThrow(/the matching thread was closed/);
    await closeMatchThread();
    await failed;
    const small = generateCohort({ mentees: 60, mentors: 30, seed: 4 });
    expect(await matchOffThread(small, 0)).toEqual(matchCohort(small));
  });

  it('lets the process exit once its matches are answered (an idle thread keeps nobody waiting)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'match-thread-'));
    const script = join(dir, 'run.mjs');
    const at = (path: string) => JSON.stringify(pathToFileURL(join(root, path)).href);
    writeFileSync(script, `
      import { matchOffThread } from ${at('src/flows/matching/match-thread.ts')};
      import { generateCohort } from ${at('bench/lib/cohort-generator.ts')};
      const result = await matchOffThread(generateCohort({ mentees: 200, mentors: 100, seed: 5 }), 0);
      console.log(result.report.optimality.status);`);
    try {
      const started = Date.now();
      const { stdout } = await promisify(execFile)(process.execPath, [script], { cwd: root, timeout: 30_000 });
      expect(stdout.trim()).toBe('optimal');
      // The idle thread ends by itself after a minute; the process must not wait for it.
      expect(Date.now() - started).toBeLessThan(30_000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
