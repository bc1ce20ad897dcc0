// Property-based fuzzing of POST /api/messages with fast-check: thousands of activities with a
// valid channel token, shaped as Teams sends them (messages, card submissions, Action.Execute
// and file consent invokes, installs) and then broken where the bot or botbuilder reads them,
// plus bodies of any shape. Whatever arrives: no 5xx, no request left unanswered, no unhandled
// rejection; a malformed activity gets a 400 and leaves every table and the Bot Connector as
// they were; the bot still answers a plain message after.
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../support/databases.ts';
import { rowCounts } from '../../support/slack-state.ts';
import { APP_ID, createTeamsHarness, TENANT_ID, type TeamsHarness } from '../../support/teams-harness.ts';
import type { TeamsUser } from '../../support/teams-user.ts';

type Json = Record<string, unknown>;
type Kind = 'message' | 'submit' | 'mention' | 'action' | 'consent' | 'install' | 'update';
const KINDS: readonly Kind[] = ['message', 'submit', 'mention', 'action', 'consent', 'install', 'update'];
/** Long enough for any answer on a loaded machine; reaching it means the endpoint hung. */
const HANG_MS = 20_000;

/** An activity as Teams would send it for the kind; what the mutations start from. */
function base(user: TeamsUser, kind: Kind): Json {
  const data = { mentor: 'submit', ref: 'r'.repeat(40), form: 'f', shapes: { goal: 'text' }, goal: 'x' };
  switch (kind) {
    case 'message': return user.activity({ type: 'message', text: 'status', textFormat: 'plain' });
    case 'submit': return user.activity({ type: 'message', value: data, replyToId: 'act-1' });
    case 'mention': return user.activity({
      type: 'message', text: '<at>Mentor bot</at> status <at>Bob</at>',
      entities: [
        { type: 'mention', text: '<at>Mentor bot</at>', mentioned: { id: `28:${APP_ID}`, name: 'Mentor bot' } },
        { type: 'mention', text: '<at>Bob</at>', mentioned: { id: '29:bob', name: 'Bob', aadObjectId: 'aad-bob' } },
        { type: 'clientInfo', locale: 'en-US' },
      ],
    });
    case 'action': return user.activity({ type: 'invoke', name: 'adaptiveCard/action', replyToId: 'act-1', value: { action: { type: 'Action.Execute', verb: 'mentor.click', data: { mentor: 'click', ref: 'r'.repeat(40) } }, trigger: 'manual' } });
    case 'consent': return user.activity({ type: 'invoke', name: 'fileConsent/invoke', value: { type: 'fileUpload', action: 'accept', context: { fileId: 'nope' }, uploadInfo: { name: 'a.json', uploadUrl: 'https://example.invalid/up', contentUrl: 'https://example.invalid/c', uniqueId: 'u', fileType: 'json' } } });
    case 'install': return user.activity({ type: 'conversationUpdate', membersAdded: [{ id: `28:${APP_ID}` }, { id: user.userId }] });
    case 'update': return user.activity({ type: 'installationUpdate', action: 'add' });
  }
}

// Parts each kind can not do without, with what they hold: s string, o object, a array, u url.
// Written from the Bot Framework activity schema and from what botbuilder and the bot read.
type Holds = 's' | 'o' | 'a' | 'u' | 'mention';
const COMMON: ReadonlyArray<readonly [string, Holds]> = [
  ['type', 's'], ['channelId', 's'], ['serviceUrl', 'u'], ['from', 'o'], ['from.id', 's'], ['recipient', 'o'], ['recipient.id', 's'],
  ['conversation', 'o'], ['conversation.id', 's'],
];
const REQUIRED: Record<Kind, ReadonlyArray<readonly [string, Holds]>> = {
  message: [...COMMON],
  submit: [...COMMON],
  mention: [...COMMON, ['entities.0', 'o'], ['entities.0.mentioned', 'o'], ['entities.0.mentioned.id', 's'], ['entities.1.type', 's'], ['entities.1.text', 's']],
  action: [...COMMON, ['name', 's'], ['value', 'o'], ['value.action', 'o']],
  consent: [...COMMON, ['name', 's'], ['value', 'o'], ['value.action', 's'], ['value.type', 's']],
  install: [...COMMON, ['membersAdded.0', 'o'], ['membersAdded.0.id', 's']],
  update: [...COMMON],
};
// Parts that may be missing but, when present, have one shape.
const OPTIONAL: ReadonlyArray<readonly [string, Holds]> = [
  ['text', 's'], ['from.aadObjectId', 's'], ['from.name', 's'], ['locale', 's'], ['localTimezone', 's'], ['replyToId', 's'],
  ['conversation.tenantId', 's'], ['channelData.tenant.id', 's'], ['entities', 'a'], ['membersAdded', 'a'],
];

const DELETE = Symbol('delete');
function breakingValues(holds: Holds, optional: boolean): unknown[] {
  const values: unknown[] = (() => {
    switch (holds) {
      case 's': return [null, 0, 17.5, true, [], {}, ['x'], { id: 'x' }];
      case 'u': return [null, 0, '', 'not a url', 'javascript:alert(1)', 'ftp://x', {}, []];
      case 'o': return [null, 0, 'x', [], true];
      case 'a': return [null, 0, 'x', {}, true, [null], [5], ['x']];
      case 'mention': return [null];
    }
  })();
  return optional ? values : [DELETE, ...values];
}

function setPath(target: Json, path: string, value: unknown): void {
  const keys = path.split('.');
  let node: unknown = target;
  for (const key of keys.slice(0, -1)) {
    if (typeof node !== 'object' || node === null) return;
    const next = (node as Json)[key];
    // An optional part that is not there is created, so that its wrong value arrives.
    if (next === undefined) (node as Json)[key] = {};
    node = (node as Json)[key];
  }
  if (typeof node !== 'object' || node === null) return;
  const last = keys.at(-1)!;
  if (value === DELETE) delete (node as Json)[last];
  else (node as Json)[last] = value;
}

// Top-level keys the fuzzer may add freely: none of those the edge or the bot read.
const READ = new Set(['type', 'id', 'channelId', 'serviceUrl', 'from', 'recipient', 'conversation', 'channelData', 'text', 'textFormat', 'locale',
  'localTimezone', 'timestamp', 'replyToId', 'entities', 'membersAdded', 'membersRemoved', 'reactionsAdded', 'reactionsRemoved', 'action', 'name',
  'value', 'deliveryMode', '__proto__', 'constructor', 'prototype']);
const junk = fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !READ.has(k)), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 });

const mutation = (kind: Kind) => fc.oneof(
  fc.constantFrom(...REQUIRED[kind]).chain(([path, holds]) => fc.constantFrom(...breakingValues(holds, false)).map((value) => [path, value] as const)),
  fc.constantFrom(...OPTIONAL).chain(([path, holds]) => fc.constantFrom(...breakingValues(holds, true)).map((value) => [path, value] as const)),
);
const malformed = fc.constantFrom(...KINDS).chain((kind) => fc.record({
  kind: fc.constant(kind), mutations: fc.array(mutation(kind), { minLength: 1, maxLength: 3 }), extra: junk,
}));

const randomBody = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
  fc.record({
    type: fc.oneof(fc.constantFrom('message', 'invoke', 'conversationUpdate', 'installationUpdate', 'messageReaction', 'event', 'typing'), fc.string()),
    rest: fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 6 }),
  }).map(({ type, rest }) => JSON.stringify({ ...rest, type })),
  fc.string({ maxLength: 200 }),
);

const otherTenant = fc.stringMatching(/^[a-z0-9-]{1,36}$/).filter((t) => t !== TENANT_ID);

describe.each(databaseKinds)('fuzzing the Teams endpoint on %s', (kind) => {
  let env: TeamsHarness;
  let rejections = 0;
  const onRejection = () => { rejections += 1; };
  let sent = 0;
  let slowest = 0;
  beforeAll(() => { process.on('unhandledRejection', onRejection); });
  afterAll(() => { process.off('unhandledRejection', onRejection); });
  afterEach(async () => { await env?.dispose(); });

  async function post(body: string, token?: string): Promise<number> {
    const authorization = token ?? `Bearer ${env.connector.token({ audience: APP_ID })}`;
    const started = performance.now();
    const response = await fetch(env.endpoint, {
      method: 'POST', body, headers: { 'content-type': 'application/json', authorization }, signal: AbortSignal.timeout(HANG_MS),
    });
    await response.text();
    slowest = Math.max(slowest, performance.now() - started);
    sent += 1;
    expect(response.status).toBeLessThan(500);
    return response.status;
  }

  async function snapshot() {
    return {
      counts: await rowCounts(env.database.db),
      people: await env.database.db.selectFrom('people').selectAll().orderBy('id').execute(),
      sent: env.connector.calls.length,
      uploads: env.connector.uploads.size,
    };
  }

  /** Runs the property; every request in it must leave the database and the connector as they were. */
  async function withoutEffect(run: () => Promise<void>) {
    const before = await snapshot();
    await run();
    expect(await snapshot()).toEqual(before);
  }

  async function stillServes(user: TeamsUser) {
    await user.say('help');
    expect(user.lastText()).toContain('find: ');
    expect(rejections).toBe(0);
  }

  async function started(): Promise<TeamsUser> {
    env = await createTeamsHarness(kind);
    const ada = env.user('Ada');
    await ada.install();
    return ada;
  }

  it('refuses every malformed activity with a valid token with a 400 and no effect', async () => {
    const ada = await started();
    await withoutEffect(() => fc.assert(fc.asyncProperty(malformed, async ({ kind: k, mutations, extra }) => {
      const activity = { ...extra, ...base(ada, k) };
      for (const [path, value] of mutations) setPath(activity, path, value);
      const serviceUrl = typeof activity.serviceUrl === 'string' ? activity.serviceUrl : env.connector.serviceUrl;
      expect(await post(JSON.stringify(activity), `Bearer ${env.connector.token({ audience: APP_ID, serviceUrl })}`)).toBe(400);
    }), { numRuns: 1_500 }));
    await stillServes(ada);
  }, 600_000);

  it('answers bodies of any shape with a 4xx and no effect', async () => {
    const ada = await started();
    await withoutEffect(() => fc.assert(fc.asyncProperty(randomBody, async (body) => {
      expect([400, 401, 403]).toContain(await post(body));
    }), { numRuns: 600 }));
    await stillServes(ada);
  }, 600_000);

  it('refuses well-formed activities from other tenants with a 403 and no effect', async () => {
    const ada = await started();
    await withoutEffect(() => fc.assert(fc.asyncProperty(fc.constantFrom(...KINDS), otherTenant, fc.boolean(), async (k, tenant, inToken) => {
      const activity = base(ada, k);
      setPath(activity, 'conversation.tenantId', tenant);
      setPath(activity, 'channelData.tenant.id', tenant);
      // Or the activity names our tenant and its token another.
      const token = inToken ? env.connector.token({ audience: APP_ID, tenantId: tenant }) : env.connector.token({ audience: APP_ID });
      if (inToken) { setPath(activity, 'conversation.tenantId', TENANT_ID); setPath(activity, 'channelData.tenant.id', TENANT_ID); }
      expect(await post(JSON.stringify(activity), `Bearer ${token}`)).toBe(403);
    }), { numRuns: 300 }));
    await stillServes(ada);
  }, 600_000);

  it('acts on well-formed activities with random text, card data and values without a 5xx', async () => {
    const ada = await started();
    const text = fc.oneof(fc.string({ maxLength: 80 }), fc.string({ unit: 'grapheme', maxLength: 40 }), fc.constantFrom('help', 'status', 'lang en', 'find', 'home', 'admin program list', '<at>x</at>'));
    await fc.assert(fc.asyncProperty(fc.constantFrom(...KINDS), text, fc.jsonValue({ maxDepth: 2 }), async (k, words, value) => {
      const activity = base(ada, k);
      if (k === 'message' || k === 'mention') activity.text = `${String(activity.text)} ${words}`;
      if (k === 'submit') activity.value = { ...(activity.value as Json), goal: words, extra: value };
      if (k === 'action') setPath(activity, 'value.action.data.ref', words || 'x');
      if (k === 'consent') setPath(activity, 'value.context', value);
      expect(await post(JSON.stringify(activity))).toBe(200);
    }), { numRuns: 150 });
    await stillServes(ada);
  }, 600_000);

  afterAll(() => {
    process.stdout.write(`[teams fuzz ${kind}] ${sent} activities with a valid token, slowest answer ${slowest.toFixed(0)} ms\n`);
  });
});
