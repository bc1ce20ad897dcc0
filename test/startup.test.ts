// The process never dies at start because a platform is unreachable: it serves /healthz, /readyz
// names what is not ready, the check is retried in the background, and once Slack answers the
// process is ready and commands work.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startApp, type App } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/log.ts';
import { FakeSlackApi } from './support/slack-fake-api.ts';
import { BOT_TOKEN, SIGNING_SECRET } from './support/slack-platform.ts';
import { newTriggerId, signedRequest, slashCommandBody } from './support/slack-requests.ts';
import { TcpProxy } from './support/tcp-proxy.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('start-up with Slack unreachable', () => {
  let app: App | undefined;
  let dir: string | undefined;
  let fake: FakeSlackApi | undefined;
  let proxy: TcpProxy | undefined;
  afterEach(async () => {
    await app?.stop();
    await proxy?.stop();
    await fake?.stop();
    if (dir) for (const path of [dir, `${dir}.secret-key`]) rmSync(path, { recursive: true, force: true });
    app = undefined;
  });

  it('serves /healthz, reports slack not ready, and becomes ready with working commands once Slack answers', async () => {
    fake = await new FakeSlackApi().start();
    proxy = await new TcpProxy({ host: '127.0.0.1', port: Number(new URL(fake.url).port) }).start();
    const port = proxy.port;
    await proxy.stop(); // Slack is down: connections to its address are refused.
    dir = mkdtempSync(join(tmpdir(), 'mentor-start-'));
    const logs: string[] = [];
    const logger = createLogger('info', { write: (line: string) => { logs.push(line); return true; } } as never);
    const config = { ...loadConfig({ DATA_DIR: dir, SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: `http://127.0.0.1:${port}/api/` }), port: 0 };
    app = await startApp(config, logger);
    const base = `http://127.0.0.1:${app.port}`;

    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const notReady = await fetch(`${base}/readyz`);
    expect(notReady.status).toBe(503);
    expect(await notReady.json()).toEqual({ status: 'not_ready', checks: { database: 'ok', queue: 'ok', slack: 'unreachable' } });
    await sleep(1_500);
    expect(logs.some((l) => l.includes('slack auth.test failed: not ready for Slack yet, asking again in the background'))).toBe(true);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);

    await proxy.start(port); // Slack is back.
    const end = Date.now() + 20_000;
    let ready = await fetch(`${base}/readyz`);
    while (ready.status !== 200 && Date.now() < end) { await sleep(200); ready = await fetch(`${base}/readyz`); }
    expect(await ready.json()).toEqual({ status: 'ready', checks: { database: 'ok', queue: 'ok', slack: 'ok' } });

    fake.addUser({ id: 'U_ANA', name: 'ana', locale: 'en-US', tz: 'Europe/Paris' });
    const request = signedRequest(SIGNING_SECRET, slashCommandBody({ id: 'T_ACME', domain: 'acme' }, { id: 'U_ANA', name: 'ana', teamId: 'T_ACME' }, 'help', fake.responseUrl('U_ANA'), newTriggerId()), 'application/x-www-form-urlencoded');
    const res = await fetch(`${base}/slack/events`, { method: 'POST', headers: request.headers, body: request.body });
    expect(res.status).toBe(200);
    const answered = Date.now() + 10_000;
    while (fake.callsOf('respond').length === 0 && Date.now() < answered) await sleep(50);
    expect(fake.callsOf('respond').length).toBeGreaterThan(0);
  }, 60_000);
});
