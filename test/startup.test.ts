// The process never dies at start because a platform is unreachable: it serves /healthz, /readyz
// names what is not ready, the check is retried in the background, and once Slack answers the
// process is ready and commands work.
import { rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startApp, type App } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/log.ts';
import { FakeSlackApi } from './support/slack-fake-api.ts';
import { migratedDataDir } from './support/data-dirs.ts';
import { BOT_TOKEN, SIGNING_SECRET } from './support/slack-platform.ts';
import { newTriggerId, signedRequest, slashCommandBody } from './support/slack-requests.ts';
import { TcpProxy } from './support/tcp-proxy.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Slack's address while it answers 500 to everything; then passes each call on to the fake. */
async function failingFront(target: () => string): Promise<{ server: Server; url: string; healthy: boolean }> {
  const front = { server: createServer(), url: '', healthy: false };
  front.server.on('request', (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (!front.healthy) { res.writeHead(500, { 'content-type': 'text/plain' }); res.end('internal error'); return; }
      const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => k !== 'host' && k !== 'content-length')) as Record<string, string>;
      fetch(`${target()}${req.url ?? ''}`, { method: req.method ?? 'POST', headers, body: Buffer.concat(chunks) }).then(async (answer) => {
        res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
        res.end(Buffer.from(await answer.arrayBuffer()));
      }, () => { res.writeHead(502); res.end(); });
    });
  });
  await new Promise<void>((resolve) => front.server.listen(0, '127.0.0.1', resolve));
  front.url = `http://127.0.0.1:${(front.server.address() as AddressInfo).port}`;
  return front;
}

describe('start-up with Slack unreachable or failing', () => {
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
    dir = await migratedDataDir('mentor-start-');
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
  it('keeps serving while Slack answers 500, and becomes ready once it answers', async () => {
    fake = await new FakeSlackApi().start();
    const front = await failingFront(() => fake!.url);
    try {
      dir = await migratedDataDir('mentor-start-');
      const config = { ...loadConfig({ DATA_DIR: dir, SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: `${front.url}/api/` }), port: 0 };
      app = await startApp(config, createLogger('silent'));
      const base = `http://127.0.0.1:${app.port}`;
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      const notReady = await fetch(`${base}/readyz`);
      expect(notReady.status).toBe(503);
      expect(await notReady.json()).toMatchObject({ status: 'not_ready', checks: { slack: 'unreachable' } });
      front.healthy = true;
      const end = Date.now() + 20_000;
      let ready = await fetch(`${base}/readyz`);
      while (ready.status !== 200 && Date.now() < end) { await sleep(200); ready = await fetch(`${base}/readyz`); }
      expect(ready.status).toBe(200);
      expect(fake.callsOf('auth.test').length).toBeGreaterThan(0);
    } finally {
      await app?.stop();
      app = undefined;
      await new Promise<void>((resolve) => { front.server.closeAllConnections(); front.server.close(() => resolve()); });
    }
  }, 60_000);
});
