// Outbound messages through the Slack messenger, driven by the real core's deliver(): a 429 is
// retried later by the queue and arrives once, a deactivated person is recorded as undelivered
// without holding up anyone else, and a double-clicked button acts once and leaves no stale buttons.
// Against a Slack that loses answers after recording posts, fails look-ups and refuses some
// recipients for good, every message is posted once or failed for good with its reason.
import { afterEach, describe, expect, it } from 'vitest';
import { card, message, recordedCard } from '../../../src/ui/model.ts';
import { richText, mention, paragraph } from '../../../src/ui/rich-text.ts';
import { reply, updateSource } from '../../../src/flows/effects.ts';
import type { FlowModule } from '../../../src/flows/registry.ts';
import { helpFlow } from '../../../src/flows/help.flow.ts';
import { getDeliveryByKey } from '../../../src/db/repositories/delivery.repository.ts';
import { BACKOFF_BASE_MS, MAX_ATTEMPTS } from '../../../src/flows/delivery-policy.ts';
import { databaseKinds } from '../../support/databases.ts';
import { SlackPlatform } from '../../support/slack-platform.ts';

/** A test flow: the `lead.digest` job notifies the given people; its card has one one-shot button. */
function noticeFlow(clicks: string[]): FlowModule {
  const noticeCard = (title: string, ref: string, about: string) => card({
    header: { title }, sections: [richText(paragraph('About ', mention(about)))],
    actions: [{ kind: 'button', label: 'Got it', style: 'primary', ref }],
  });
  return {
    jobs: {
      'lead.digest': async (ctx, payload) => {
        for (const personId of String(payload.people).split(',')) {
          await ctx.notify({ workspaceId: String(payload.workspace), kind: 'test.notice', to: { kind: 'person', personId }, key: `notice:${personId}` });
        }
      },
    },
    compose: {
      'test.notice': async (ctx, delivery, recipients) => {
        const person = recipients[0]!;
        const ref = ctx.deps.signer.sign({ kind: 'test.ack', subjects: [delivery.id], personId: person.id, expiresAt: new Date(ctx.now.getTime() + 3_600_000) });
        return noticeCard('Notice', ref, person.id);
      },
    },
    actions: {
      'test.ack': {
        oneShot: false,
        async handle(ctx) {
          clicks.push(ctx.person.id);
          return [updateSource(recordedCard(noticeCard('Notice', 'x', ctx.person.id), 'Recorded')), reply(message(richText('Thanks')))];
        },
      },
    },
  };
}

describe.each(databaseKinds)('Slack deliveries on %s', (kind) => {
  let env: SlackPlatform;
  afterEach(async () => { await env?.dispose(); });

  async function setUp(clicks: string[], names = ['Alice', 'Bob', 'Carol']) {
    env = await SlackPlatform.start(kind, { flows: [helpFlow, noticeFlow(clicks)] });
    const people = names.map((n) => env.person(n));
    for (const p of people) await p.command('/mentor help');
    const rows = await env.database.db.selectFrom('people').select(['id', 'platform_user_id', 'workspace_id']).execute();
    const idOf = (userId: string) => rows.find((r) => r.platform_user_id === userId)!.id;
    const notify = async (...users: string[]) => {
      await env.scheduler.schedule({ name: 'lead.digest', key: `digest:${users.join()}`, payload: { workspace: rows[0]!.workspace_id, people: users.map(idOf).join(',') } });
      await env.runDueJobs();
    };
    return { people, idOf, notify };
  }

  const SIX = ['Alice', 'Bob', 'Carol', 'Dan', 'Erin', 'Fred'];
  /** What each person's conversation holds, by delivery key (metadata as Slack stored it). */
  const postedKeys = (userId: string) => (env.fake.history.get(`D-${userId}`) ?? [])
    .map((m) => (m.metadata as { event_payload?: { key?: string } } | undefined)?.event_payload?.key);
  const statusOf = async (key: string) => (await env.database.db.selectFrom('deliveries').selectAll().where('idempotency_key', '=', key).executeTakeFirstOrThrow());

  it.each(['http_500', 'drop'] as const)('finds a post whose answer was lost (%s) by its key and never posts it twice', async (mode) => {
    const { people, idOf, notify } = await setUp([], SIX);
    env.fake.faults.lostAnswers = 0.5;
    env.fake.faults.lostAnswerMode = mode;
    await notify(...people.map((p) => p.id));
    await env.advance(10 * 60_000);
    expect(env.fake.callsOf('chat.postMessage').filter((c) => c.result?.lost === mode).length).toBeGreaterThan(0);
    for (const person of people) {
      expect(postedKeys(person.id)).toEqual([`notice:${idOf(person.id)}`]);
      expect(await statusOf(`notice:${idOf(person.id)}`)).toMatchObject({ status: 'sent', outcome_unknown: false });
    }
    // Each lost answer was followed by a look-up, asked the way Slack requires.
    const lookups = env.fake.callsOf('conversations.history');
    expect(lookups.length).toBeGreaterThan(0);
    expect(lookups.every((c) => c.args.include_all_metadata === 'true')).toBe(true);
    expect(env.fake.problems).toEqual([]);
  });

  it('delivers each message once when look-ups fail half the time (429 or 500)', async () => {
    const { people, idOf, notify } = await setUp([], SIX);
    env.fake.faults.lostAnswers = 0.6;
    env.fake.faults.failedLookups = 0.5;
    await notify(...people.map((p) => p.id));
    await env.advance(20 * 60_000);
    expect(env.fake.callsOf('conversations.history:429').length + env.fake.callsOf('conversations.history:500').length).toBeGreaterThan(0);
    for (const person of people) {
      expect(postedKeys(person.id)).toEqual([`notice:${idOf(person.id)}`]);
      expect((await statusOf(`notice:${idOf(person.id)}`)).status).toBe('sent');
    }
  });

  it('fails a message Slack refuses for good after one attempt, with its reason, and reaches the others', async () => {
    const { people: [alice, bob, carol], idOf, notify } = await setUp([]);
    env.fake.faults.refusals.set(bob!.id, 'invalid_blocks');
    env.fake.faults.refusals.set(carol!.id, 'token_revoked');
    await notify(alice!.id, bob!.id, carol!.id);
    await env.advance(10 * 60_000);
    expect(env.fake.callsOf('chat.postMessage:refused')).toHaveLength(2);
    expect(await statusOf(`notice:${idOf(bob!.id)}`)).toMatchObject({ status: 'undeliverable', attempts: 1, error: 'invalid_blocks' });
    expect(await statusOf(`notice:${idOf(carol!.id)}`)).toMatchObject({ status: 'undeliverable', attempts: 1, error: 'token_revoked' });
    expect(postedKeys(alice!.id)).toEqual([`notice:${idOf(alice!.id)}`]);
  });

  it('backs off a passing Slack failure exponentially, looking before each resend, up to the attempt limit', async () => {
    const { people: [alice], idOf, notify } = await setUp([]);
    // A server-side failure: Slack may have posted, so each retry looks first.
    env.fake.faults.refusals.set(alice!.id, 'internal_error');
    await notify(alice!.id);
    for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt += 1) {
      expect(env.fake.callsOf('chat.postMessage:refused')).toHaveLength(attempt);
      const wait = env.scheduler.pending('deliver')[0]!.runAt.getTime() - env.clock.now().getTime();
      const full = BACKOFF_BASE_MS * 2 ** (attempt - 1);
      expect(wait).toBeGreaterThanOrEqual(full / 2);
      expect(wait).toBeLessThanOrEqual(full);
      await env.advance(wait);
      expect(env.fake.callsOf('conversations.history')).toHaveLength(attempt);
    }
    expect(env.fake.callsOf('chat.postMessage:refused')).toHaveLength(MAX_ATTEMPTS);
    expect(env.scheduler.pending('deliver')).toHaveLength(0);
    const row = await statusOf(`notice:${idOf(alice!.id)}`);
    expect(row).toMatchObject({ status: 'undeliverable', attempts: MAX_ATTEMPTS });
    expect(row.error).toMatch(/^gave up after 8 attempts: internal_error/);
  });

  it('honours a 429 through the queue: retried after Retry-After, delivered once', async () => {
    const { people: [alice], idOf, notify } = await setUp([]);
    env.fake.rateLimits.set('chat.postMessage', { remaining: 1, retryAfter: 30 });
    await notify(alice!.id);
    expect(env.fake.callsOf('chat.postMessage:429')).toHaveLength(1);
    expect(env.fake.callsOf('chat.postMessage')).toHaveLength(0);
    expect(env.scheduler.pending('deliver')[0]!.runAt.getTime() - env.clock.now().getTime()).toBe(30_000);
    await env.advance(29_000);
    expect(env.fake.callsOf('chat.postMessage')).toHaveLength(0);
    await env.advance(1_000);
    const posts = env.fake.callsOf('chat.postMessage');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.args.channel).toBe(`D-${alice!.id}`);
    expect(alice!.lastMessageText()).toContain('@Alice');
    expect((await getDeliveryByKey(env.database.db, `notice:${idOf(alice!.id)}`))?.status).toBe('sent');
    // The 429 was waited out without using an attempt.
    expect(await statusOf(`notice:${idOf(alice!.id)}`)).toMatchObject({ attempts: 1, throttled_waits: 1 });
    await env.advance(60_000);
    expect(env.fake.callsOf('chat.postMessage')).toHaveLength(1);
    expect(env.fake.problems).toEqual([]);
  });

  it('records a deactivated person as undelivered and still reaches the others', async () => {
    const { people: [alice, bob, carol], idOf, notify } = await setUp([]);
    env.fake.users.get(bob!.id)!.deleted = true;
    await notify(alice!.id, bob!.id, carol!.id);
    expect(env.fake.callsOf('chat.postMessage').map((c) => c.args.channel).sort()).toEqual([`D-${alice!.id}`, `D-${carol!.id}`]);
    expect((await getDeliveryByKey(env.database.db, `notice:${idOf(bob!.id)}`))?.status).toBe('undeliverable');
    const bobRow = await env.database.db.selectFrom('people').select('deactivated_at').where('id', '=', idOf(bob!.id)).executeTakeFirstOrThrow();
    expect(bobRow.deactivated_at).not.toBeNull();
  });

  it('acts once on a double click and replaces the buttons by what was recorded', async () => {
    const clicks: string[] = [];
    const { people: [alice], notify } = await setUp(clicks);
    await notify(alice!.id);
    const first = await alice!.click('Got it');
    const second = await alice!.click('Got it', { replay: first.payload });
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(clicks).toHaveLength(1);
    const updates = env.fake.callsOf('chat.update');
    expect(updates).toHaveLength(1);
    expect(JSON.stringify(updates[0]!.args.blocks)).not.toContain('"actions"');
    const dm = alice!.messages().find((m) => !m.ephemeral)!;
    expect(JSON.stringify(dm.blocks)).toContain('✓ Recorded');
    expect(dm.blocks.some((b) => b.type === 'actions')).toBe(false);
    expect(env.fake.callsOf('respond').at(-1)!.args.response_type).toBe('ephemeral');
  });

  it('tags each message with its delivery key and finds it again after a sender died mid-send', async () => {
    const { people: [alice], idOf, notify } = await setUp([]);
    await notify(alice!.id);
    const post = env.fake.callsOf('chat.postMessage')[0]!;
    expect(post.args.metadata).toMatchObject({ event_type: 'mentor_delivery', event_payload: { key: `notice:${idOf(alice!.id)}` } });
    const workspace = (await env.database.db.selectFrom('workspaces').select('id').executeTakeFirstOrThrow()).id;
    const found = await env.adapter.messenger.findSent!(workspace, { kind: 'person', personId: idOf(alice!.id) }, `notice:${idOf(alice!.id)}`);
    expect(found).toEqual({ status: 'found', sent: { channelId: `D-${alice!.id}`, messageId: post.result!.ts } });
    expect(await env.adapter.messenger.findSent!(workspace, { kind: 'person', personId: idOf(alice!.id) }, 'notice:other')).toEqual({ status: 'absent' });
    // Slack gives metadata only when asked; the look-up asks.
    expect(env.fake.callsOf('conversations.history').at(-1)!.args.include_all_metadata).toBe('true');
  });
});
