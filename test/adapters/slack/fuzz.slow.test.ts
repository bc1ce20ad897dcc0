// Property-based fuzzing of POST /slack/events with fast-check: thousands of signed, structurally
// random Slack payloads (slash commands, block_actions, view_submission, view_closed, Events API
// callbacks, block_suggestion) against the real app. Whatever arrives: no 5xx, no answer slower
// than 3 s, no crash (no unhandled rejection either), and a forged, malformed or unhandled request
// leaves every table and the Web API untouched. The process still serves /mentor help after.
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../support/databases.ts';
import { SIGNING_SECRET, SlackPlatform } from '../../support/slack-platform.ts';
import {
  appHomeOpenedEnvelope, blockActionsPayload, interactivityBody, signedRequest, slashCommandBody, viewSubmissionPayload,
} from '../../support/slack-requests.ts';
import { rowCounts } from '../../support/slack-state.ts';

type Json = Record<string, unknown>;
type Kind = 'slash' | 'block_actions' | 'view_submission' | 'view_closed' | 'event' | 'options';
const KINDS: readonly Kind[] = ['slash', 'block_actions', 'view_submission', 'view_closed', 'event', 'options'];
const FORM = 'application/x-www-form-urlencoded';
const JSON_TYPE = 'application/json';
const SLACK_LIMIT_MS = 3_000;
const TEAM = { id: 'T_ACME', domain: 'acme' };
const USER = { id: 'U_FUZZ', name: 'Fuzz', teamId: 'T_ACME' };
const YEARS_10 = 10 * 365 * 86_400;

/** A payload as Slack would send it for the kind; what the mutations start from. */
function base(kind: Kind, responseUrl: string, n: number): Json {
  const trigger = `trig-${n}`;
  const button = { action_id: 'mb.btn.0', value: `ref-${n}`, text: { type: 'plain_text', text: 'Go' } };
  const modal = { id: `V${n}`, hash: `h${n}`, callback_id: 'mb.form', type: 'modal', private_metadata: 'ref', blocks: [{ type: 'input', block_id: 'goal', element: { type: 'plain_text_input', action_id: 'v' } }] };
  switch (kind) {
    case 'slash': return Object.fromEntries(new URLSearchParams(slashCommandBody(TEAM, USER, 'help', responseUrl, trigger)));
    case 'block_actions': return blockActionsPayload(TEAM, USER, button, { kind: 'message', channel: 'D-U_FUZZ', ts: `${n}.1`, ephemeral: false, blocks: [], responseUrl }, trigger);
    case 'view_submission': return viewSubmissionPayload(TEAM, USER, modal, { goal: { v: { type: 'plain_text_input', value: 'x' } } }, trigger);
    case 'view_closed': return { type: 'view_closed', team: TEAM, user: { id: USER.id, team_id: TEAM.id }, view: { ...modal, team_id: TEAM.id }, is_cleared: false };
    case 'event': return appHomeOpenedEnvelope(TEAM, USER, `Ev${n}`);
    case 'options': return { type: 'block_suggestion', team: TEAM, user: { id: USER.id, team_id: TEAM.id }, action_id: 'pick', block_id: 'b', value: 'ab' };
  }
}

/** The body Slack would post for a payload of that kind. */
function encode(kind: Kind, payload: Json): { body: string; contentType: string } {
  if (kind === 'event') return { body: JSON.stringify(payload), contentType: JSON_TYPE };
  if (kind !== 'slash') return { body: interactivityBody(payload), contentType: FORM };
  const form = new URLSearchParams();
  for (const [key, value] of Object.entries(payload)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) form.append(key, String(v));
  }
  return { body: form.toString(), contentType: FORM };
}

// Paths each kind can not do without, with what they hold: s string, o object, a array,
// a1 non-empty array, r record of records. Written from Slack's payload reference and from what
// Bolt and the listeners read, not from the schemas under test.
const REQUIRED: Record<Kind, ReadonlyArray<readonly [string, 's' | 'o' | 'a' | 'a1' | 'r']>> = {
  slash: [['command', 's'], ['team_id', 's'], ['user_id', 's'], ['trigger_id', 's'], ['response_url', 's'], ['text', 's']],
  block_actions: [['user', 'o'], ['user.id', 's'], ['trigger_id', 's'], ['actions', 'a1'], ['actions.0', 'o'], ['actions.0.action_id', 's'], ['actions.0.type', 's'], ['channel.id', 's'], ['container', 'o']],
  view_submission: [['user', 'o'], ['user.id', 's'], ['view', 'o'], ['view.id', 's'], ['view.hash', 's'], ['view.callback_id', 's'], ['view.private_metadata', 's'], ['view.state', 'o'], ['view.state.values', 'r'], ['view.blocks', 'a'], ['view.blocks.0', 'o'], ['view.blocks.0.type', 's']],
  view_closed: [['user', 'o'], ['user.id', 's'], ['view', 'o'], ['view.id', 's'], ['view.hash', 's'], ['view.callback_id', 's']],
  event: [['team_id', 's'], ['event_id', 's'], ['event', 'o'], ['event.type', 's'], ['event.user', 's'], ['event.tab', 's'], ['authorizations.0', 'o']],
  options: [['user', 'o'], ['user.id', 's'], ['action_id', 's']],
};

const DELETE = Symbol('delete');
type Breaking = unknown;
function breakingValues(holds: 's' | 'o' | 'a' | 'a1' | 'r', form: boolean): Breaking[] {
  // A form field is text: it can only be missing, repeated, or empty where an id is needed.
  if (form) return holds === 's' ? [DELETE, ['a', 'b'], ['', '']] : [DELETE];
  switch (holds) {
    case 's': return [DELETE, null, 0, 17.5, true, [], {}, ['x']];
    case 'o': return [DELETE, null, 0, 'x', [], true];
    case 'a': return [DELETE, null, 0, 'x', {}, [null], [5], [{}]];
    case 'a1': return [DELETE, null, 0, 'x', {}, [], [null], [5], [{}]];
    case 'r': return [DELETE, null, 0, 'x', [], { a: 5 }, { a: { b: null } }, { a: { b: { type: 5 } } }, { a: { b: { type: 'checkboxes', selected_options: 'x' } } }];
  }
}

function setPath(target: Json, path: string, value: unknown): void {
  const keys = path.split('.');
  let node: unknown = target;
  for (const key of keys.slice(0, -1)) {
    if (typeof node !== 'object' || node === null) return;
    node = (node as Json)[key];
  }
  if (typeof node !== 'object' || node === null) return;
  const last = keys.at(-1)!;
  if (value === DELETE) delete (node as Json)[last];
  else (node as Json)[last] = value;
}

// Top-level keys the fuzzer may add freely: not the ones that decide what a payload is.
const junkKey = fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !['type', 'payload', 'ssl_check', 'challenge', 'command', 'event', 'name', 'actions'].includes(k));
const junk = fc.dictionary(junkKey, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 });
const junkText = fc.dictionary(junkKey, fc.string({ maxLength: 20 }), { maxKeys: 3 });

const malformed = fc.constantFrom(...KINDS).chain((kind) => {
  const form = kind === 'slash';
  const mutation = fc.constantFrom(...REQUIRED[kind]).chain(([path, holds]) => fc.constantFrom(...breakingValues(holds, form)).map((value) => [path, value] as const));
  return fc.record({ kind: fc.constant(kind), mutations: fc.array(mutation, { minLength: 1, maxLength: 3 }), extra: form ? junkText : junk });
});

const foreignTeam = fc.stringMatching(/^[TE][A-Z0-9]{2,11}$/).filter((t) => t !== 'T_ACME');
const forgery = fc.oneof(
  fc.record({ how: fc.constant('timestamp' as const), offset: fc.oneof(fc.integer({ min: 301, max: YEARS_10 }), fc.integer({ min: -YEARS_10, max: -301 })) }),
  fc.record({ how: fc.constant('signature' as const), hex: fc.stringMatching(/^[0-9a-f]{64}$/) }),
  fc.record({ how: fc.constant('secret' as const), secret: fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s !== SIGNING_SECRET) }),
  fc.record({ how: fc.constant('team' as const), team: foreignTeam }),
  fc.record({ how: fc.constant('unsigned' as const) }),
);

const unknownId = fc.string({ minLength: 1, maxLength: 40 }).filter((s) => !/^mb\.(btn|link)\.\d+$/.test(s) && s !== 'mb.form' && s !== 'app_home_opened');
const unhandled = fc.oneof(
  fc.record({ kind: fc.constant('block_actions' as const), id: unknownId }),
  fc.record({ kind: fc.constant('view_submission' as const), id: unknownId }),
  fc.record({ kind: fc.constant('event' as const), id: unknownId }),
  fc.record({ kind: fc.constantFrom('view_closed' as const, 'options' as const), id: fc.constant('') }),
);

const randomBody = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }).map((v) => ({ body: JSON.stringify(v), contentType: JSON_TYPE })),
  fc.jsonValue({ maxDepth: 4 }).map((v) => ({ body: interactivityBody(v), contentType: FORM })),
  fc.record({ type: fc.oneof(fc.constantFrom('block_actions', 'view_submission', 'view_closed', 'block_suggestion', 'event_callback', 'shortcut', 'message_action'), fc.string()), rest: fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 6 }) })
    .chain(({ type, rest }) => fc.boolean().map((asForm) => {
      const payload = { ...rest, type };
      return asForm ? { body: interactivityBody(payload), contentType: FORM } : { body: JSON.stringify(payload), contentType: JSON_TYPE };
    })),
  fc.string({ maxLength: 200 }).chain((text) => fc.constantFrom(FORM, JSON_TYPE).map((contentType) => ({ body: text, contentType }))),
);

describe.each(databaseKinds)('fuzzing the Slack endpoint on %s', (kind) => {
  let env: SlackPlatform;
  let rejections = 0;
  const onRejection = () => { rejections += 1; };
  let slowest = 0;
  let sent = 0;
  let n = 0;
  beforeAll(() => { process.on('unhandledRejection', onRejection); });
  afterAll(() => { process.off('unhandledRejection', onRejection); });
  afterEach(async () => { await env?.dispose(); });

  async function send(body: string, contentType: string, sign: { secret?: string; timestamp?: number; signature?: string | null } = {}) {
    const request = signedRequest(sign.secret ?? SIGNING_SECRET, body, contentType, { ...(sign.timestamp !== undefined ? { timestamp: sign.timestamp } : {}), ...(sign.signature !== undefined ? { signature: sign.signature } : {}) });
    const started = performance.now();
    const res = await fetch(`${env.url}/slack/events`, { method: 'POST', headers: request.headers, body: request.body });
    await res.text();
    const ms = performance.now() - started;
    await env.settle();
    slowest = Math.max(slowest, ms);
    sent += 1;
    expect(res.status).toBeLessThan(500);
    expect(ms).toBeLessThan(SLACK_LIMIT_MS);
    return res.status;
  }

  async function expectNoEffect(action: () => Promise<number>, allowed: readonly number[]) {
    const before = await rowCounts(env.database.db);
    const calls = env.fake.calls.length;
    const status = await action();
    expect(allowed).toContain(status);
    expect(await rowCounts(env.database.db)).toEqual(before);
    expect(env.fake.calls.slice(calls).filter((c) => c.method !== 'auth.test')).toEqual([]);
  }

  async function stillServes() {
    const alice = env.users.get('U_ALICE') ?? env.person('Alice');
    expect((await alice.command('/mentor help')).status).toBe(200);
    expect(alice.lastMessageText()).toContain('/mentor find');
    expect(rejections).toBe(0);
  }

  it('refuses every malformed payload with a fast 400 and no effect', async () => {
    env = await SlackPlatform.start(kind);
    env.fake.addUser({ id: USER.id, name: USER.name });
    await fc.assert(fc.asyncProperty(malformed, async ({ kind: k, mutations, extra }) => {
      const payload = { ...extra, ...structuredClone(base(k, env.fake.responseUrl(USER.id), ++n)) };
      for (const [path, value] of mutations) setPath(payload, path, value);
      const { body, contentType } = encode(k, payload);
      await expectNoEffect(() => send(body, contentType), [400]);
    }), { numRuns: 1_000 });
    await stillServes();
  }, 240_000);

  it('refuses every forged request (bad or missing signature, other secret, stamped over 5 minutes away either way, another team) with 401 and no effect', async () => {
    env = await SlackPlatform.start(kind);
    env.fake.addUser({ id: USER.id, name: USER.name });
    await fc.assert(fc.asyncProperty(fc.constantFrom(...KINDS), forgery, async (k, forged) => {
      const payload = structuredClone(base(k, env.fake.responseUrl(USER.id), ++n));
      if (forged.how === 'team') {
        for (const path of ['team.id', 'team_id', 'user.team_id', 'view.team_id', 'authorizations.0.team_id']) {
          const [head] = path.split('.');
          if (head && payload[head] !== undefined) setPath(payload, path, forged.team);
        }
      }
      const { body, contentType } = encode(k, payload);
      const now = Math.floor(Date.now() / 1000);
      const sign = forged.how === 'timestamp' ? { timestamp: now + forged.offset }
        : forged.how === 'signature' ? { signature: `v0=${forged.hex}` }
          : forged.how === 'secret' ? { secret: forged.secret }
            : forged.how === 'unsigned' ? { signature: null } : {};
      await expectNoEffect(() => send(body, contentType, sign), [401]);
    }), { numRuns: 500 });
    await stillServes();
  }, 240_000);

  it('answers payloads no listener takes (unknown action ids, callback ids, event types; closed modals; option requests) with 200 and no effect', async () => {
    env = await SlackPlatform.start(kind);
    env.fake.addUser({ id: USER.id, name: USER.name });
    await fc.assert(fc.asyncProperty(unhandled, async ({ kind: k, id }) => {
      const payload = structuredClone(base(k, env.fake.responseUrl(USER.id), ++n));
      if (k === 'block_actions') setPath(payload, 'actions.0.action_id', id);
      if (k === 'view_submission') setPath(payload, 'view.callback_id', id);
      if (k === 'event') setPath(payload, 'event.type', id);
      const { body, contentType } = encode(k, payload);
      await expectNoEffect(() => send(body, contentType), [200]);
    }), { numRuns: 400 });
    await stillServes();
  }, 240_000);

  it('survives random bodies of any shape with a 200, 400 or 401 and no effect', async () => {
    env = await SlackPlatform.start(kind);
    await fc.assert(fc.asyncProperty(randomBody, async ({ body, contentType }) => {
      await expectNoEffect(() => send(body, contentType), [200, 400, 401]);
    }), { numRuns: 600 });
    await stillServes();
  }, 240_000);

  it('acts on well-formed requests with random text and button values without a 5xx or a slow answer', async () => {
    env = await SlackPlatform.start(kind);
    env.fake.addUser({ id: USER.id, name: USER.name });
    const text = fc.oneof(fc.string({ maxLength: 80 }), fc.string({ unit: 'grapheme', maxLength: 40 }), fc.constantFrom('help', 'status', 'lang fr', 'find', 'admin program list', 'export'));
    await fc.assert(fc.asyncProperty(fc.constantFrom('slash' as const, 'block_actions' as const), text, async (k, value) => {
      const payload = structuredClone(base(k, env.fake.responseUrl(USER.id), ++n));
      if (k === 'slash') payload.text = value;
      else setPath(payload, 'actions.0.value', value);
      const { body, contentType } = encode(k, payload);
      expect(await send(body, contentType)).toBe(200);
    }), { numRuns: 200 });
    await stillServes();
  }, 240_000);

  afterAll(() => {
    process.stdout.write(`[fuzz ${kind}] ${sent} signed requests, slowest answer ${slowest.toFixed(0)} ms\n`);
  });
});
