// Outbound messages through the Slack messenger, driven by the real core's deliver(): a 429 is
// retried later by the queue and arrives once, a deactivated person is recorded as undelivered
// without holding up anyone else, and a double-clicked button acts once and leaves no stale buttons.
import { afterEach, describe, expect, it } from 'vitest';
import { card, message, recordedCard } from '../../../src/ui/model.ts';
import { richText, mention, paragraph } from '../../../src/ui/rich-text.ts';
import { reply, updateSource } from '../../../src/flows/effects.ts';
import type { FlowModule } from '../../../src/flows/registry.ts';
import { helpFlow } from '../../../src/flows/help.flow.ts';
import { getDeliveryByKey } from '../../../src/db/repositories/delivery.repository.ts';
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

  async function setUp(clicks: string[]) {
    env = await SlackPlatform.start(kind, { flows: [helpFlow, noticeFlow(clicks)] });
    const people = ['Alice', 'Bob', 'Carol'].map((n) => env.person(n));
    for (const p of people) await p.command('/mentor help');
    const rows = await env.database.db.selectFrom('people').select(['id', 'platform_user_id', 'workspace_id']).execute();
    const idOf = (userId: string) => rows.find((r) => r.platform_user_id === userId)!.id;
    const notify = async (...users: string[]) => {
      await env.scheduler.schedule({ name: 'lead.digest', key: `digest:${users.join()}`, payload: { workspace: rows[0]!.workspace_id, people: users.map(idOf).join(',') } });
      await env.runDueJobs();
    };
    return { people, idOf, notify };
  }

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
