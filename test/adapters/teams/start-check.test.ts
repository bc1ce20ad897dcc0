// The Teams start check, through the whole app on the embedded database: at start the bot asks
// Microsoft Entra (a local stand-in of the token endpoint, MICROSOFT_LOGIN_URL) for its Bot
// Connector token in the background. The process serves /healthz throughout; /readyz names teams
// until a token is given; an unreachable endpoint is asked again with backoff and one log line; a
// refused credential is reported in one error line and not asked again.
import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { botTokenUrl } from '../../../adapters/teams/token-check.ts';
import { startApp, type App } from '../../../src/app.ts';
import { loadConfig } from '../../../src/config.ts';
import { createLogger } from '../../../src/log.ts';
import { EntraTokenFake } from '../../support/entra-token-fake.ts';
import { migratedDataDir } from '../../support/data-dirs.ts';

const APP_ID = '00000000-0000-4000-8000-00000000b07a';
const SECRET = 'bot-secret-value';
const TENANT = '11111111-2222-4333-8444-555555555555';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Teams start check: the Bot Connector token at start', () => {
  let app: App | undefined;
  let fake: EntraTokenFake | undefined;
  let dir: string | undefined;
  let logs: string[] = [];
  afterEach(async () => {
    await app?.stop();
    await fake?.stop();
    if (dir) for (const path of [dir, `${dir}.secret-key`]) rmSync(path, { recursive: true, force: true });
    app = undefined;
    fake = undefined;
  });

  async function start(loginUrl: string, env: Record<string, string> = {}): Promise<string> {
    dir = await migratedDataDir('mentor-teams-start-');
    logs = [];
    const logger = createLogger('info', { write: (line: string) => { logs.push(line); return true; } } as never);
    const config = {
      ...loadConfig({
        DATA_DIR: dir, MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: SECRET, MICROSOFT_APP_TENANT_ID: TENANT,
        MICROSOFT_APP_TYPE: 'SingleTenant', MICROSOFT_LOGIN_URL: loginUrl, ...env,
      }),
      port: 0,
    };
    app = await startApp(config, logger);
    return `http://127.0.0.1:${app.port}`;
  }

  async function readiness(base: string): Promise<{ status: number; body: { checks: Record<string, string> } }> {
    const res = await fetch(`${base}/readyz`);
    return { status: res.status, body: await res.json() as { checks: Record<string, string> } };
  }

  async function untilReady(base: string, ms: number): Promise<number> {
    const end = Date.now() + ms;
    let ready = await readiness(base);
    while (ready.status !== 200 && Date.now() < end) { await sleep(200); ready = await readiness(base); }
    return ready.status;
  }

  it('asks at the bot\'s tenant for the Bot Framework scope and is ready once the token is given', async () => {
    fake = await new EntraTokenFake(new Map([[APP_ID, SECRET]])).start();
    const base = await start(fake.url);
    expect(await untilReady(base, 10_000)).toBe(200);
    expect((await readiness(base)).body.checks).toMatchObject({ teams: 'ok' });
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]).toEqual({
      tenant: TENANT,
      form: { grant_type: 'client_credentials', client_id: APP_ID, client_secret: SECRET, scope: 'https://api.botframework.com/.default' },
    });
    expect(logs.filter((l) => l.includes('teams bot token acquired'))).toHaveLength(1);
  }, 180_000);

  it('serves while the token endpoint is down or failing, names teams in /readyz, logs once, and is ready once it answers', async () => {
    fake = new EntraTokenFake(new Map([[APP_ID, SECRET]]));
    await fake.start();
    const port = Number(new URL(fake.url).port);
    await fake.stop(); // Down: connections are refused.
    const base = await start(`http://127.0.0.1:${port}`);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const notReady = await readiness(base);
    expect(notReady.status).toBe(503);
    expect(notReady.body.checks).toMatchObject({ database: 'ok', queue: 'ok', teams: 'unreachable' });
    // Up again, but failing for a while (503s are passing too).
    await sleep(1_500);
    fake.unavailable = 1;
    await fake.start(port);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect(await untilReady(base, 20_000)).toBe(200);
    expect(fake.requests.length).toBeGreaterThanOrEqual(2);
    expect(fake.unavailable).toBe(0);
    expect(logs.filter((l) => l.includes('teams bot token not acquired: not ready for Teams yet, asking again in the background'))).toHaveLength(1);
    expect(logs.filter((l) => l.includes('teams bot token acquired'))).toHaveLength(1);
  }, 180_000);

  it.each([
    ['a wrong secret', { MICROSOFT_APP_PASSWORD: 'not-the-secret' }, 'invalid_client', 'AADSTS7000215'],
    ['an app id the tenant does not know', { MICROSOFT_APP_ID: '99999999-0000-4000-8000-000000000000' }, 'unauthorized_client', 'AADSTS700016'],
  ])('reports %s clearly, does not ask again, and keeps serving', async (_label, env, code, aadsts) => {
    fake = await new EntraTokenFake(new Map([[APP_ID, SECRET]])).start();
    const base = await start(fake.url, env);
    const end = Date.now() + 10_000;
    while (!logs.some((l) => l.includes('teams credentials refused')) && Date.now() < end) await sleep(50);
    const refused = logs.filter((l) => l.includes('teams credentials refused'));
    expect(refused).toHaveLength(1);
    const line = JSON.parse(refused[0]!) as { level: string; code: string; err: string };
    expect(line.level).toBe('error');
    expect(line.code).toBe(code);
    expect(line.err).toContain(aadsts);
    // Trace ids after the first line of Entra's description are left out.
    expect(line.err).not.toContain('Trace ID');
    await sleep(3_500);
    expect(fake.requests).toHaveLength(1);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const notReady = await readiness(base);
    expect(notReady.status).toBe(503);
    expect(notReady.body.checks).toMatchObject({ teams: 'unreachable' });
  }, 180_000);

  it('asks a multi-tenant bot\'s token at the Bot Framework tenant, and a national cloud\'s at its own authority', () => {
    expect(botTokenUrl({ appType: 'MultiTenant', tenantId: undefined })).toBe('https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token');
    expect(botTokenUrl({ appType: 'SingleTenant', tenantId: TENANT, loginUrl: 'https://login.microsoftonline.us/' }))
      .toBe(`https://login.microsoftonline.us/${TENANT}/oauth2/v2.0/token`);
  });
});
