// The report page's browser test on a machine with or without a Chromium: found → it runs; not
// found → skipped with one line and the run passes; not found under CI=true → the run fails.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { planBrowserTests } from './support/chromium.ts';

const root = path.resolve(import.meta.dirname, '..');

describe('where the browser test finds a Chromium', () => {
  it('runs with the first executable Chromium: the usual paths, then the PATH', () => {
    expect(planBrowserTests({ PATH: '/opt/a:/opt/b' }, (f) => f === '/opt/b/chromium-browser')).toEqual({ action: 'run', executablePath: '/opt/b/chromium-browser' });
    expect(planBrowserTests({ PATH: '/opt/b' }, (f) => f === '/usr/bin/chromium' || f === '/opt/b/chromium')).toEqual({ action: 'run', executablePath: '/usr/bin/chromium' });
  });

  it('takes CHROMIUM_PATH alone when it is set', () => {
    expect(planBrowserTests({ CHROMIUM_PATH: '/x/chrome', PATH: '/usr/bin' }, (f) => f === '/x/chrome')).toEqual({ action: 'run', executablePath: '/x/chrome' });
    const plan = planBrowserTests({ CHROMIUM_PATH: '/x/chrome' }, (f) => f === '/usr/bin/chromium');
    expect(plan).toEqual({ action: 'skip', line: expect.stringContaining('CHROMIUM_PATH (/x/chrome) is not an executable file') });
  });

  it('skips with one line without a Chromium, and fails under CI=true', () => {
    const none = () => false;
    expect(planBrowserTests({ PATH: '/usr/bin' }, none)).toEqual({ action: 'skip', line: expect.stringMatching(/^\[tests\] no Chromium found .*skipped/) });
    expect(planBrowserTests({ PATH: '/usr/bin', CI: 'true' }, none)).toEqual({ action: 'fail', message: expect.stringContaining('CI=true requires the browser tests') });
  });

  it('a run of the browser test file without a Chromium passes, says so in one line and runs no test', () => {
    const env: NodeJS.ProcessEnv = { ...process.env, CHROMIUM_PATH: path.join(root, 'no-such-chromium'), VITEST_QUIET_SKIPS: '1', NO_COLOR: '1' };
    delete env.CI; delete env.FORCE_COLOR;
    const run = spawnSync(path.join(root, 'node_modules/.bin/vitest'), ['run', 'test/flows/report-page.browser.test.ts'], { cwd: root, env, encoding: 'utf8', timeout: 120_000 });
    const out = `${run.stdout}\n${run.stderr}`;
    expect(run.status, out).toBe(0);
    expect(out.match(/no-such-chromium\) is not an executable file: the report page's browser test is skipped/g)).toHaveLength(1);
    expect(out).toMatch(/Tests +\d+ skipped/);
    expect(out).not.toMatch(/passed/);
  }, 120_000);

  it('the same run under CI=true fails, naming the missing browser', () => {
    const env: NodeJS.ProcessEnv = { ...process.env, CHROMIUM_PATH: path.join(root, 'no-such-chromium'), CI: 'true',
      // CI's global setup needs both servers; a fake address would fail it before the browser is looked for.
      DATABASE_URL: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test', REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' };
    const run = spawnSync(path.join(root, 'node_modules/.bin/vitest'), ['run', 'test/flows/report-page.browser.test.ts'], { cwd: root, env, encoding: 'utf8', timeout: 120_000 });
    const out = `${run.stdout}\n${run.stderr}`;
    expect(run.status, out).not.toBe(0);
    expect(out).toContain('CI=true requires the browser tests: CHROMIUM_PATH');
  }, 120_000);
});
