import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startApp, type App } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/log.ts';
import { migratedDataDir } from './support/data-dirs.ts';
import { deleteKeysUnder, redisUrl, uniquePrefix } from './support/redis.ts';
import { childEnv } from './support/child-env.ts';

describe('the process', () => {
  let app: App | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await app?.stop();
    if (dir) for (const path of [dir, `${dir}.secret-key`]) rmSync(path, { recursive: true, force: true });
    app = undefined;
  });


  it('answers on a free port', async () => {
    dir = await migratedDataDir('mentor-app-');
    const config = { ...loadConfig({ DATA_DIR: dir }), port: 0 };
    app = await startApp(config, createLogger('silent'));
    const base = `http://127.0.0.1:${app.port}`;
    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { database: 'ok', queue: 'ok' } });
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain('mentor_http_requests_total');
    expect(metrics).toContain('route="/healthz"');
    expect((await fetch(`${base}/nope`)).status).toBe(404);
    expect((await fetch(`${base}/healthz`, { method: 'POST' })).status).toBe(405);
  }, 60_000);

  it('reports not ready when the queue server is unreachable', async () => {
    dir = await migratedDataDir('mentor-app-');
    const config = { ...loadConfig({ DATA_DIR: dir, REDIS_URL: 'redis://127.0.0.1:1', MENTOR_ROLE: 'web' }), port: 0 };
    app = await startApp(config, createLogger('silent'));
    const ready = await fetch(`http://127.0.0.1:${app.port}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ status: 'not_ready', checks: { database: 'ok', queue: 'unreachable' } });
  }, 60_000);
});

function run(env: Record<string, string>, untilLine?: RegExp): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['src/main.ts'], { env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const onData = (chunk: Buffer) => {
      out += String(chunk);
      if (untilLine && untilLine.test(out)) { untilLine = undefined; child.kill('SIGTERM'); }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000); // a loaded machine starts slowly
    child.on('exit', (code) => { clearTimeout(timer); resolve({ code, out }); });
  });
}

describe('npm start', () => {
  it('refuses bad configuration with a message naming the variable', async () => {
    const port = await run({ PORT: 'abc' });
    expect(port.code).not.toBe(0);
    expect(port.out).toContain('PORT: must be a port number');
    const url = await run({ DATABASE_URL: 'nonsense' });
    expect(url.code).not.toBe(0);
    expect(url.out).toContain('DATABASE_URL: must be a URL');
  }, 60_000);

  it('starts without platform credentials, says what to set, and stops cleanly on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mentor-main-'));
    try {
      const result = await run({ DATA_DIR: dir, PORT: '0' }, /http server listening/);
      expect(result.out).toContain('No Slack or Teams credentials are set');
      // Zero configuration: the key that seals secrets at rest is generated beside the data folder.
      expect(result.out).toContain('generated a secret key for the embedded database');
      expect(result.out).toContain('"msg":"stopped"');
      expect(result.code).toBe(0);
    } finally {
      for (const path of [dir, `${dir}.secret-key`]) rmSync(path, { recursive: true, force: true });
    }
  }, 120_000);
});

describe.skipIf(!redisUrl)('the process with Redis', () => {
  it('is ready when the queue server answers', async () => {
    const dir = await migratedDataDir('mentor-app-');
    const prefix = uniquePrefix('app');
    const app = await startApp({ ...loadConfig({ DATA_DIR: dir, REDIS_URL: redisUrl, QUEUE_PREFIX: prefix }), port: 0 }, createLogger('silent'));
    try {
      const ready = await fetch(`http://127.0.0.1:${app.port}/readyz`);
      expect(await ready.json()).toEqual({ status: 'ready', checks: { database: 'ok', queue: 'ok' } });
    } finally {
      await app.stop();
      await deleteKeysUnder(prefix);
      for (const path of [dir, `${dir}.secret-key`]) rmSync(path, { recursive: true, force: true });
    }
  }, 60_000);
});
