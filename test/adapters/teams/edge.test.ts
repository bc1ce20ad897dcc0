// The Teams endpoint's edge, with real channel tokens from the local issuer: every malformed
// activity gets a 400 with a short reason and changes nothing; activities from tenants this bot
// does not serve get a 403; an activity without serviceUrl never reaches the bot (botbuilder only
// matches the token's serviceurl claim when the activity has one).
import { afterEach, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../support/databases.ts';
import { rowCounts } from '../../support/slack-state.ts';
import { APP_ID, createTeamsHarness, TENANT_ID, type TeamsHarness } from '../../support/teams-harness.ts';
import type { TeamsUser } from '../../support/teams-user.ts';

type Json = Record<string, unknown>;

/** A copy of the activity with the value at `path` replaced, or removed when `value` is undefined. */
function changed(activity: Json, path: string, value?: unknown): Json {
  const copy = structuredClone(activity);
  const keys = path.split('.');
  let node = copy;
  for (const key of keys.slice(0, -1)) node = node[key] as Json;
  if (value === undefined) delete node[keys.at(-1)!];
  else node[keys.at(-1)!] = value;
  return copy;
}

async function state(env: TeamsHarness) {
  return {
    counts: await rowCounts(env.database.db),
    people: await env.database.db.selectFrom('people').selectAll().orderBy('id').execute(),
    sent: env.connector.calls.length,
  };
}

describe.each(databaseKinds)('the Teams edge on %s', (kind) => {
  let env: TeamsHarness;
  afterEach(async () => { await env?.dispose(); });

  async function known(name = 'Ada'): Promise<TeamsUser> {
    const user = env.user(name);
    await user.say('help');
    return user;
  }

  it('refuses every malformed activity class with a 400 naming what is wrong, and changes nothing', async () => {
    env = await createTeamsHarness(kind);
    const ada = await known();
    const message = ada.activity({ type: 'message', text: 'lang fr' });
    const mention = { type: 'mention', text: '<at>Bob</at>', mentioned: { id: '29:bob', name: 'Bob' } };
    const cases: [string, Json, RegExp][] = [
      ['no conversation', changed(message, 'conversation'), /^conversation: /],
      ['no conversation id', changed(message, 'conversation.id'), /^conversation\.id: /],
      ['no recipient', changed(message, 'recipient'), /^recipient: /],
      ['no from', changed(message, 'from'), /^from: /],
      ['a text that is not a string', changed(message, 'text', 42), /^text: /],
      ['entities that are not an array', changed(message, 'entities', { type: 'mention' }), /^entities: /],
      ['a mention of nobody', changed(message, 'entities', [{ ...mention, mentioned: null }]), /^entities\.0/],
      ['a mention without text', changed(changed(message, 'entities', [mention]), 'text'), /^(text|entities)/],
      ['an entity without a type', changed(message, 'entities', [{ text: 'x' }]), /^entities\.0/],
      ['an object as aadObjectId', changed(message, 'from.aadObjectId', { id: 'x' }), /^from\.aadObjectId: /],
      ['a number as locale', changed(message, 'locale', 7), /^locale: /],
      ['membersAdded that is not an array', changed(message, 'membersAdded', 'bob'), /^membersAdded: /],
      ['no serviceUrl', changed(message, 'serviceUrl'), /^serviceUrl: /],
      ['a serviceUrl that is not a URL', changed(message, 'serviceUrl', 'javascript:alert(1)'), /^serviceUrl: /],
      ['another channel', changed(message, 'channelId', 'slack'), /^channelId: /],
      ['no channel', changed(message, 'channelId'), /^channelId: /],
      ['no tenant', changed(changed(message, 'channelData'), 'conversation.tenantId'), /tenant/],
      ['two tenants', changed(message, 'conversation.tenantId', 'tenant-other'), /^conversation\.tenantId: /],
      ['replies asked in the HTTP answer', changed(message, 'deliveryMode', 'expectReplies'), /^deliveryMode: /],
      ['a file consent without value', ada.activity({ type: 'invoke', name: 'fileConsent/invoke' }), /^value/],
      ['a file consent with another action', ada.activity({ type: 'invoke', name: 'fileConsent/invoke', value: { type: 'fileUpload', action: 'delete' } }), /^value\.action/],
      ['a file consent with an uploadUrl that is not text', ada.activity({ type: 'invoke', name: 'fileConsent/invoke', value: { type: 'fileUpload', action: 'accept', uploadInfo: { uploadUrl: 5 } } }), /^value\.uploadInfo/],
      ['an invoke without name', ada.activity({ type: 'invoke', value: {} }), /^name: /],
      ['an invoke this bot does not answer', ada.activity({ type: 'invoke', name: 'task/fetch', value: {} }), /^name: /],
      ['a card action without action', ada.activity({ type: 'invoke', name: 'adaptiveCard/action', value: { trigger: 'manual' } }), /^value\.action/],
      ['a card action that is not an object', ada.activity({ type: 'invoke', name: 'adaptiveCard/action', value: 'x' }), /^value/],
      ['a type that is not a string', changed(message, 'type', 1), /^type: /],
      ['an array', [message] as unknown as Json, /^activity: /],
    ];
    for (const [what, activity, reason] of cases) {
      const before = await state(env);
      const { status, body } = await ada.post(activity);
      expect(status, what).toBe(400);
      expect((body as { reason: string }).reason, what).toMatch(reason);
      expect(await state(env), what).toEqual(before);
    }
    // Ada still speaks English: none of the `lang fr` above ran.
    await ada.say('help');
    expect(ada.lastText()).toContain('find: ');
  }, 120_000);

  it('refuses an activity without serviceUrl before botbuilder could skip its address check', async () => {
    env = await createTeamsHarness(kind);
    const ada = await known();
    const before = await state(env);
    const activity = changed(ada.activity({ type: 'message', text: 'lang fr' }), 'serviceUrl');
    const token = `Bearer ${env.connector.token({ audience: APP_ID, serviceUrl: env.connector.serviceUrl })}`;
    expect((await ada.post(activity, token)).status).toBe(400);
    expect(await state(env)).toEqual(before);
    // The same activity at another address than its token's is refused by botbuilder (401).
    const elsewhere = changed(activity, 'serviceUrl', 'https://smba.example.com/teams/');
    expect((await ada.post(elsewhere, token)).status).toBe(401);
    expect(await state(env)).toEqual(before);
  });

  it('refuses activities from a tenant it does not serve with a 403, creating no workspace', async () => {
    env = await createTeamsHarness(kind);
    const ada = await known();
    const before = await state(env);
    const other = (activity: Json) => changed(changed(activity, 'conversation.tenantId', 'tenant-evil'), 'channelData', { tenant: { id: 'tenant-evil' } });
    const install = other(ada.activity({ type: 'conversationUpdate', membersAdded: [{ id: `28:${APP_ID}` }, { id: ada.userId }] }));
    for (const activity of [other(ada.activity({ type: 'message', text: 'help' })), install, other(ada.activity({ type: 'installationUpdate', action: 'add' }))]) {
      const { status, body } = await ada.post(activity);
      expect(status).toBe(403);
      expect(body).toEqual({ error: 'tenant_not_served' });
    }
    expect(await state(env)).toEqual(before);
    // A token naming its tenant must name the activity's.
    const foreign = `Bearer ${env.connector.token({ audience: APP_ID, tenantId: 'tenant-evil' })}`;
    expect(await ada.post(ada.activity({ type: 'message', text: 'lang fr' }), foreign)).toEqual({ status: 403, body: { error: 'tenant_mismatch' } });
    expect(await state(env)).toEqual(before);
    const own = `Bearer ${env.connector.token({ audience: APP_ID, tenantId: TENANT_ID })}`;
    expect((await ada.post(ada.activity({ type: 'message', text: 'help' }), own)).status).toBe(200);
  });

  it('serves the tenants listed in TEAMS_ALLOWED_TENANTS, and any tenant when told to', async () => {
    env = await createTeamsHarness(kind, { allowedTenants: [TENANT_ID, 'tenant-b'] });
    const bob = env.user('Bob');
    const inB = (activity: Json) => changed(changed(activity, 'conversation.tenantId', 'tenant-b'), 'channelData', { tenant: { id: 'tenant-b' } });
    expect((await bob.post(inB(bob.activity({ type: 'message', text: 'help' })))).status).toBe(200);
    expect(bob.lastText()).toContain('find: ');
    const inC = changed(changed(bob.activity({ type: 'message', text: 'help' }), 'conversation.tenantId', 'tenant-c'), 'channelData', { tenant: { id: 'tenant-c' } });
    expect((await bob.post(inC)).status).toBe(403);
    await env.dispose();

    env = await createTeamsHarness(kind, { allowedTenants: 'any' });
    const carl = env.user('Carl');
    expect((await carl.post(changed(changed(carl.activity({ type: 'message', text: 'help' }), 'conversation.tenantId', 'tenant-c'), 'channelData', { tenant: { id: 'tenant-c' } }))).status).toBe(200);
    const workspaces = await env.database.db.selectFrom('workspaces').select('external_id').execute();
    expect(workspaces.map((w) => w.external_id)).toEqual(['tenant-c']);
  });

  it('lets the local mode take the emulator\'s activities, without a tenant', async () => {
    env = await createTeamsHarness(kind, { auth: 'none' });
    const ada = env.user('Ada');
    const emulated = changed(changed(changed(ada.activity({ type: 'message', text: 'help' }), 'channelId', 'emulator'), 'channelData'), 'conversation.tenantId');
    expect((await ada.post(emulated)).status).toBe(200);
    expect(ada.lastText()).toContain('find: ');
    // Still a shape check: no conversation is no activity.
    expect((await ada.post(changed(emulated, 'conversation'))).status).toBe(400);
  });
// A loaded machine starts an app slowly; no assertion here is about time.
}, 180_000);
