import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';

const KEY_B64 = Buffer.alloc(32, 7).toString('base64');
const KEY_HEX = Buffer.alloc(32, 9).toString('hex');

const problemsOf = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
};

describe('configuration', () => {
  it('has working defaults with nothing set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, dataDir: './data', role: 'all', databaseUrl: undefined, redisUrl: undefined, logLevel: 'info', admins: [] });
    expect(config.slack.apiUrl).toBe('https://slack.com/api/');
    expect(config.teams.appType).toBe('SingleTenant');
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.slack)).toBe(true);
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '8080', DATA_DIR: '/var/lib/mentor', DATABASE_URL: 'postgres://u:p@db:5432/mentor', REDIS_URL: 'redis://cache:6379',
      MENTOR_ROLE: 'worker', MENTOR_LEADS: 'T0123ABC: U1, U2,,U1; 8d2f6c1e-3b4a-4c5d-9e8f-0a1b2c3d4e5f:29:1abc-DEF,aad-lea;', LOG_LEVEL: 'debug', SLACK_BOT_TOKEN: 'xoxb-1-2', SLACK_SIGNING_SECRET: '0123456789abcdef0123',
      SLACK_APP_TOKEN: 'xapp-1-2', SLACK_API_URL: 'http://127.0.0.1:9999/api', SLACK_CLIENT_ID: '1.2', SLACK_CLIENT_SECRET: 's',
      SLACK_STATE_SECRET: 'a-long-random-state-secret', MICROSOFT_APP_ID: 'app', MICROSOFT_APP_PASSWORD: 'pw',
      MICROSOFT_APP_TENANT_ID: 'tenant', MICROSOFT_APP_TYPE: 'SingleTenant',
      MENTOR_SECRET_KEY: KEY_B64, MENTOR_SECRET_KEY_PREVIOUS: ` ${KEY_HEX} , `,
    });
    expect(config).toMatchObject({ port: 8080, dataDir: '/var/lib/mentor', role: 'worker', logLevel: 'debug' });
    expect(config.admins).toEqual([
      { workspaceExternalId: 'T0123ABC', platformUserId: 'U1' }, { workspaceExternalId: 'T0123ABC', platformUserId: 'U2' },
      { workspaceExternalId: '8d2f6c1e-3b4a-4c5d-9e8f-0a1b2c3d4e5f', platformUserId: '29:1abc-DEF' },
      { workspaceExternalId: '8d2f6c1e-3b4a-4c5d-9e8f-0a1b2c3d4e5f', platformUserId: 'aad-lea' },
    ]);
    expect(config.slack).toMatchObject({ botToken: 'xoxb-1-2', appToken: 'xapp-1-2', apiUrl: 'http://127.0.0.1:9999/api/', oauth: { clientId: '1.2' } });
    expect(config.teams).toMatchObject({ appId: 'app', appPassword: 'pw', tenantId: 'tenant' });
    expect(config.secretKeys).toEqual({ current: KEY_B64, previous: [KEY_HEX] });
  });

  it('requires MENTOR_SECRET_KEY with Slack OAuth and with PostgreSQL, and only a 32-byte key', () => {
    const oauth = { SLACK_CLIENT_ID: '1.2', SLACK_CLIENT_SECRET: 's', SLACK_STATE_SECRET: 'a-long-random-state-secret' };
    expect(problemsOf(oauth)).toEqual([expect.stringMatching(/^MENTOR_SECRET_KEY: required with Slack OAuth .*openssl rand -base64 32/)]);
    expect(problemsOf({ DATABASE_URL: 'postgres://u@db/mentor' })).toEqual([expect.stringMatching(/^MENTOR_SECRET_KEY: required with DATABASE_URL/)]);
    expect(loadConfig({ ...oauth, MENTOR_SECRET_KEY: KEY_HEX }).secretKeys?.current).toBe(KEY_HEX);
    // The zero-config quickstart (embedded database, no OAuth) needs no key: the app generates one.
    expect(loadConfig({}).secretKeys).toBeUndefined();
    for (const bad of ['short', KEY_HEX.slice(2), `${KEY_B64}AAAA`, 'z'.repeat(64)]) {
      expect(problemsOf({ MENTOR_SECRET_KEY: bad })).toEqual([expect.stringMatching(/^MENTOR_SECRET_KEY: must be 32 random bytes written as 64 hex digits or 44 base64/)]);
    }
    expect(problemsOf({ MENTOR_SECRET_KEY: KEY_B64, MENTOR_SECRET_KEY_PREVIOUS: `${KEY_HEX},nope` })[0]).toMatch(/^MENTOR_SECRET_KEY_PREVIOUS\.1: must be 32 random bytes/);
    expect(problemsOf({ MENTOR_SECRET_KEY_PREVIOUS: KEY_HEX })[0]).toMatch(/^MENTOR_SECRET_KEY_PREVIOUS: only meaningful with MENTOR_SECRET_KEY/);
  });

  it('names the variable and says what to do', () => {
    expect(problemsOf({ PORT: 'abc' })).toEqual(['PORT: must be a port number']);
    expect(problemsOf({ PORT: '70000' })[0]).toMatch(/^PORT: must be between 0 and 65535/);
    expect(problemsOf({ DATABASE_URL: 'nonsense' })[0]).toMatch(/^DATABASE_URL: must be a URL like postgres:\/\//);
    expect(problemsOf({ REDIS_URL: 'http://x' })[0]).toMatch(/^REDIS_URL:/);
    expect(problemsOf({ MENTOR_ROLE: 'both' })[0]).toMatch(/^MENTOR_ROLE: must be one of all, web, worker/);
    expect(problemsOf({ SLACK_BOT_TOKEN: 'xoxp-user' })[0]).toMatch(/^SLACK_BOT_TOKEN: must be a bot token/);
    expect(problemsOf({ SLACK_BOT_TOKEN: 'xoxb-1' })[0]).toMatch(/^SLACK_SIGNING_SECRET: required/);
    expect(problemsOf({ SLACK_CLIENT_ID: 'x' })[0]).toMatch(/SLACK_CLIENT_SECRET and SLACK_STATE_SECRET: set all three/);
    expect(problemsOf({ MICROSOFT_APP_ID: 'x', MICROSOFT_APP_PASSWORD: 'y' })[0]).toMatch(/^MICROSOFT_APP_TENANT_ID: required/);
    expect(problemsOf({ PORT: 'abc', LOG_LEVEL: 'loud' })).toHaveLength(2);
    expect(problemsOf({ HOST: 'not a host!' })[0]).toMatch(/^HOST: must be an IP address \(127\.0\.0\.1, 0\.0\.0\.0, ::\) or a host name/);
  });

  it('listens on every interface unless HOST names one', () => {
    expect(loadConfig({}).host).toBeUndefined();
    for (const host of ['127.0.0.1', '0.0.0.0', '::', '::1', 'localhost', 'mentor.internal']) expect(loadConfig({ HOST: host }).host).toBe(host);
  });

  it('refuses administrators not scoped to a workspace, saying the new format', () => {
    const [unscoped, ...others] = problemsOf({ MENTOR_LEADS: 'U012ABC,U034DEF' });
    expect(others).toEqual([]);
    expect(unscoped).toMatch(/^MENTOR_LEADS: "U012ABC,U034DEF" names no workspace: administrators are now given per workspace; write workspace:user,user;workspace:user \(e\.g\. T0123ABC:U012ABC,U034DEF;T0456DEF:U056GHI\)/);
    expect(problemsOf({ MENTOR_LEADS: 'T1:U1;:U2' })[0]).toMatch(/^MENTOR_LEADS: ":U2" names no workspace/);
    expect(problemsOf({ MENTOR_LEADS: 'T1:' })[0]).toMatch(/^MENTOR_LEADS: "T1:" is not valid/);
    expect(problemsOf({ MENTOR_LEADS: 'T1:U 1' })[0]).toMatch(/^MENTOR_LEADS: "T1:U 1" is not valid/);
    expect(problemsOf({ MENTOR_LEADS: 'T1:U1;T2:U1' })).toEqual([]);
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '  ' })).toMatchObject({ port: 3000, databaseUrl: undefined });
  });
});

describe('Teams people search in Microsoft Graph', () => {
  const bot = { MICROSOFT_APP_ID: 'app', MICROSOFT_APP_PASSWORD: 'pw', MICROSOFT_APP_TENANT_ID: 'tenant' };

  it('is off by default, and on with the Graph and sign-in URLs when asked', () => {
    expect(loadConfig(bot).teams.graph).toBeUndefined();
    expect(loadConfig({ ...bot, TEAMS_GRAPH_PEOPLE_SEARCH: 'true' }).teams.graph).toEqual({ url: 'https://graph.microsoft.com', loginUrl: 'https://login.microsoftonline.com' });
    expect(loadConfig({ ...bot, TEAMS_GRAPH_PEOPLE_SEARCH: 'true', MICROSOFT_GRAPH_URL: 'https://graph.microsoft.us/', MICROSOFT_LOGIN_URL: 'https://login.microsoftonline.us' }).teams.graph)
      .toEqual({ url: 'https://graph.microsoft.us', loginUrl: 'https://login.microsoftonline.us' });
  });

  it('needs the bot app id, secret and tenant, and real URLs', () => {
    expect(problemsOf({ TEAMS_GRAPH_PEOPLE_SEARCH: 'true' })).toContainEqual(expect.stringMatching(/^TEAMS_GRAPH_PEOPLE_SEARCH: needs MICROSOFT_APP_ID/));
    expect(problemsOf({ ...bot, TEAMS_GRAPH_PEOPLE_SEARCH: 'yes' })[0]).toMatch(/^TEAMS_GRAPH_PEOPLE_SEARCH: must be true or false/);
    expect(problemsOf({ ...bot, MICROSOFT_GRAPH_URL: 'ftp://graph' })[0]).toMatch(/^MICROSOFT_GRAPH_URL/);
  });
});

describe('a Teams group chat per circle', () => {
  const bot = { MICROSOFT_APP_ID: 'app', MICROSOFT_APP_PASSWORD: 'pw', MICROSOFT_APP_TENANT_ID: 'tenant' };
  const catalog = '1542629c-01b3-4a6d-8f76-1938b779e48d';

  it('is off by default, and on with the Graph URLs and the app catalog id when asked', () => {
    expect(loadConfig(bot).teams.circleChats).toBeUndefined();
    expect(loadConfig({ ...bot, TEAMS_CIRCLE_GROUP_CHATS: 'true', TEAMS_APP_CATALOG_ID: catalog, MICROSOFT_GRAPH_URL: 'https://graph.microsoft.us/' }).teams.circleChats)
      .toEqual({ url: 'https://graph.microsoft.us', loginUrl: 'https://login.microsoftonline.com', catalogAppId: catalog });
  });

  it('needs the bot app id, secret and tenant, and a catalog id shaped as one', () => {
    expect(problemsOf({ TEAMS_CIRCLE_GROUP_CHATS: 'true', TEAMS_APP_CATALOG_ID: catalog })).toContainEqual(expect.stringMatching(/^TEAMS_CIRCLE_GROUP_CHATS: needs MICROSOFT_APP_ID/));
    expect(problemsOf({ ...bot, TEAMS_CIRCLE_GROUP_CHATS: 'true' })).toContainEqual(expect.stringMatching(/^TEAMS_APP_CATALOG_ID: required/));
    expect(problemsOf({ ...bot, TEAMS_CIRCLE_GROUP_CHATS: 'yes' })[0]).toMatch(/^TEAMS_CIRCLE_GROUP_CHATS: must be true or false/);
    expect(problemsOf({ ...bot, TEAMS_CIRCLE_GROUP_CHATS: 'true', TEAMS_APP_CATALOG_ID: 'mentor-bot' })[0]).toMatch(/^TEAMS_APP_CATALOG_ID: must be the app's id/);
  });
});

describe('the calendar of "Find a time"', () => {
  const bot = { MICROSOFT_APP_ID: 'app', MICROSOFT_APP_PASSWORD: 'pw', MICROSOFT_APP_TENANT_ID: 'tenant' };
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
  const key = JSON.stringify({ type: 'service_account', client_email: 'bot@acme.iam.gserviceaccount.com', private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }) });

  it('is none by default', () => {
    expect(loadConfig({}).calendar).toBeUndefined();
  });

  it('uses its own Microsoft app registration, or the bot\'s, with the Graph and sign-in URLs', () => {
    expect(loadConfig({ ...bot, CALENDAR_PROVIDER: 'microsoft' }).calendar).toEqual({
      provider: 'microsoft', graphUrl: 'https://graph.microsoft.com', loginUrl: 'https://login.microsoftonline.com', tenantId: 'tenant', clientId: 'app', clientSecret: 'pw',
    });
    expect(loadConfig({ CALENDAR_PROVIDER: 'microsoft', MICROSOFT_CALENDAR_TENANT_ID: 't2', MICROSOFT_CALENDAR_CLIENT_ID: 'cal', MICROSOFT_CALENDAR_CLIENT_SECRET: 's', MICROSOFT_GRAPH_URL: 'http://127.0.0.1:9/' }).calendar)
      .toMatchObject({ tenantId: 't2', clientId: 'cal', clientSecret: 's', graphUrl: 'http://127.0.0.1:9' });
    expect(problemsOf({ CALENDAR_PROVIDER: 'microsoft' })[0]).toMatch(/^CALENDAR_PROVIDER=microsoft: needs MICROSOFT_CALENDAR_TENANT_ID/);
    expect(problemsOf({ CALENDAR_PROVIDER: 'outlook' })[0]).toMatch(/^CALENDAR_PROVIDER: must be none, microsoft or google/);
  });

  it('reads the Google service account key given inline or as a file, with the token and calendar URLs', () => {
    const inline = loadConfig({ CALENDAR_PROVIDER: 'google', GOOGLE_SERVICE_ACCOUNT_KEY: key }).calendar;
    expect(inline).toMatchObject({ provider: 'google', tokenUrl: 'https://oauth2.googleapis.com/token', calendarUrl: 'https://www.googleapis.com/calendar/v3', clientEmail: 'bot@acme.iam.gserviceaccount.com' });
    const dir = mkdtempSync(join(tmpdir(), 'calendar-key-'));
    const path = join(dir, 'key.json');
    writeFileSync(path, key);
    expect(loadConfig({ CALENDAR_PROVIDER: 'google', GOOGLE_SERVICE_ACCOUNT_KEY: path, GOOGLE_OAUTH_TOKEN_URL: 'http://127.0.0.1:9/token', GOOGLE_CALENDAR_URL: 'http://127.0.0.1:9/calendar/v3/' }).calendar)
      .toMatchObject({ tokenUrl: 'http://127.0.0.1:9/token', calendarUrl: 'http://127.0.0.1:9/calendar/v3' });
    rmSync(dir, { recursive: true });
    expect(problemsOf({ CALENDAR_PROVIDER: 'google' })[0]).toMatch(/^CALENDAR_PROVIDER=google: needs GOOGLE_SERVICE_ACCOUNT_KEY/);
    expect(problemsOf({ CALENDAR_PROVIDER: 'google', GOOGLE_SERVICE_ACCOUNT_KEY: '/nowhere/key.json' })[0]).toMatch(/^GOOGLE_SERVICE_ACCOUNT_KEY: no readable file/);
    expect(problemsOf({ CALENDAR_PROVIDER: 'google', GOOGLE_SERVICE_ACCOUNT_KEY: '{"client_email":"x"}' })[0]).toMatch(/^GOOGLE_SERVICE_ACCOUNT_KEY: not a service account JSON key/);
    expect(problemsOf({ GOOGLE_CALENDAR_URL: 'ftp://x' })[0]).toMatch(/^GOOGLE_CALENDAR_URL/);
  });
});
