// The Slack endpoint as Slack reaches it: signed requests only, answered at once, retries and
// double clicks acting once. Drives the real Bolt app over HTTP against the fake Web API.
import { afterEach, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../support/databases.ts';
import { SlackPlatform } from '../../support/slack-platform.ts';
import { slashCommandBody } from '../../support/slack-requests.ts';

describe.each(databaseKinds)('Slack transport on %s', (kind) => {
  let env: SlackPlatform;
  afterEach(async () => { await env?.dispose(); });

  it('answers /mentor help through response_url, in the person\'s language', async () => {
    env = await SlackPlatform.start(kind);
    const alice = env.person('Alice');
    const res = await alice.command('/mentor help');
    expect(res.status).toBe(200);
    expect(alice.lastMessageText()).toContain('/mentor find');
    const camille = env.person('Camille', { locale: 'fr-FR' });
    await camille.command('/mentor aide');
    expect(camille.lastMessageText()).toContain('trouver un mentor');
    expect(env.fake.callsOf('users.info').map((c) => c.args.include_locale)).toEqual(['true', 'true']);
    expect(env.fake.problems).toEqual([]);
  });

  it.each([
    ['a tampered signature', { signature: 'v0=0000000000000000000000000000000000000000000000000000000000000000' }],
    ['a stale timestamp', { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 }],
    ['no signature at all', { signature: null }],
  ] as const)('refuses %s with 401 and changes nothing', async (_name, sign) => {
    env = await SlackPlatform.start(kind);
    const mallory = env.person('Mallory');
    const res = await mallory.command('/mentor lang fr', { sign });
    expect(res.status).toBe(401);
    expect(env.fake.calls.filter((c) => c.method !== 'auth.test')).toEqual([]);
    const people = await env.database.db.selectFrom('people').selectAll().execute();
    const requests = await env.database.db.selectFrom('processed_requests').selectAll().execute();
    expect(people).toEqual([]);
    expect(requests).toEqual([]);
  });

  it('acts once on a retried slash command (same trigger_id, X-Slack-Retry-Num)', async () => {
    env = await SlackPlatform.start(kind);
    const alice = env.person('Alice');
    await alice.command('/mentor lang fr');
    const first = env.fake.callsOf('respond').length;
    const retry = await alice.command('/mentor lang fr', { triggerId: alice.lastTrigger(), sign: { retryNum: 1 } });
    expect(retry.status).toBe(200);
    expect(env.fake.callsOf('respond').length).toBe(first);
    expect(first).toBe(1);
  });

  it('refuses a request from another workspace with 401 in a single-workspace install, creating nothing', async () => {
    env = await SlackPlatform.start(kind);
    const body = slashCommandBody({ id: 'T_OTHER', domain: 'other' }, { id: 'U_ZED', name: 'Zed', teamId: 'T_OTHER' }, 'help', env.fake.responseUrl('U_ZED'), 'trig-1');
    env.fake.addUser({ id: 'U_ZED', name: 'Zed' });
    expect((await env.post(body, 'application/x-www-form-urlencoded')).status).toBe(401);
    expect(await env.database.db.selectFrom('workspaces').select('external_id').execute()).toEqual([]);
    expect(await env.database.db.selectFrom('people').select('id').execute()).toEqual([]);
    expect(env.fake.calls.filter((c) => c.method !== 'auth.test')).toEqual([]);
  });

  it('sends a data export as a file in the person\'s DM, never in the ephemeral reply', async () => {
    env = await SlackPlatform.start(kind);
    const alice = env.person('Alice');
    await alice.command('/mentor export');
    const complete = env.fake.callsOf('files.completeUploadExternal');
    expect(complete).toHaveLength(1);
    expect(complete[0]!.args.channel_id).toBe(`D-${alice.id}`);
    expect(String(complete[0]!.args.files)).toMatch(/mentor-bot-data-\d{4}-\d{2}-\d{2}\.json/);
    const upload = env.fake.callsOf('upload');
    expect(upload).toHaveLength(1);
    expect(upload[0]!.args.body).toContain('"exportedAt"');
    expect(env.fake.callsOf('respond')).toHaveLength(0);
  });
});
