// The send the lease cannot fence: a sender frozen after its last lease check posts once it
// wakes, after another sender took the delivery over. Driven by two real cores (one per
// "worker", each with its own clock) on one database, through the real Slack messenger and the
// local fake Slack Web API; the freeze is a gate right after the sender's last lease check.
// Whichever of the two comes second removes the second copy, so the conversation ends with one.
import { randomBytes } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createActionRefSigner } from '../../../src/domain/action-ref.ts';
import { claimDelivery, getDeliveryByKey, markDeliveryFailed } from '../../../src/db/repositories/delivery.repository.ts';
import { MAX_STRAY_REMOVALS, recordStrayPost } from '../../../src/db/repositories/delivery-stray.repository.ts';
import { createBotCore, DEFAULT_SEND_LEASE_MS, type BotCore } from '../../../src/flows/bot.ts';
import { COPY_AUDIT_DELAY_MS } from '../../../src/flows/delivery-strays.ts';
import { reconcileFlow } from '../../../src/flows/reconcile.flow.ts';
import type { FlowModule } from '../../../src/flows/registry.ts';
import { helpFlow } from '../../../src/flows/help.flow.ts';
import type { Messenger } from '../../../src/ports/messenger.ts';
import { message } from '../../../src/ui/model.ts';
import { richText } from '../../../src/ui/rich-text.ts';
import { createTestDatabase, databaseKinds } from '../../support/databases.ts';
import { ManualClock } from '../../support/memory-platform.ts';
import { SlackPlatform } from '../../support/slack-platform.ts';

const noticeFlow: FlowModule = {
  compose: { 'test.notice': async () => message(richText('Your check-in is due')) },
};

const quiet = process.env.STRAY_DEBUG ? { info: console.log, warn: console.log, error: console.log } : { info: () => undefined, warn: () => undefined, error: () => undefined };

/** A pause the test opens: `reached` once the sender stands at it, `open()` lets it go on. */
interface Gate { reached: Promise<void>; open(): void }

/** The messenger of one worker, which the test can freeze right after the last lease check, or before a look-up. */
class FreezableMessenger implements Messenger {
  readonly #inner: Messenger;
  afterLeaseCheck: { wait: Promise<void>; arrive(): void } | undefined;
  beforeLookup: { wait: Promise<void>; arrive(): void } | undefined;
  constructor(inner: Messenger) { this.#inner = inner; }

  static gate(): [Gate, { wait: Promise<void>; arrive(): void }] {
    let arrive!: () => void; let open!: () => void;
    const reached = new Promise<void>((r) => { arrive = r; });
    const wait = new Promise<void>((r) => { open = r; });
    return [{ reached, open }, { wait, arrive }];
  }

  freezeAfterLeaseCheck(): Gate {
    const [gate, inner] = FreezableMessenger.gate();
    this.afterLeaseCheck = inner;
    return gate;
  }

  freezeBeforeLookup(): Gate {
    const [gate, inner] = FreezableMessenger.gate();
    this.beforeLookup = inner;
    return gate;
  }

  send: Messenger['send'] = (workspaceId, to, content, options = {}) => this.#inner.send(workspaceId, to, content, {
    ...options,
    stillMine: async () => {
      const mine = options.stillMine ? await options.stillMine() : true;
      const freeze = this.afterLeaseCheck;
      this.afterLeaseCheck = undefined;
      if (freeze) { freeze.arrive(); await freeze.wait; }
      return mine;
    },
  });

  update: Messenger['update'] = (...args) => this.#inner.update(...args);

  findSent: NonNullable<Messenger['findSent']> = async (...args) => {
    const freeze = this.beforeLookup;
    this.beforeLookup = undefined;
    if (freeze) { freeze.arrive(); await freeze.wait; }
    return this.#inner.findSent!(...args);
  };

  findCopies: NonNullable<Messenger['findCopies']> = (...args) => this.#inner.findCopies!(...args);

  remove: NonNullable<Messenger['remove']> = (...args) => this.#inner.remove!(...args);
}

describe.each(databaseKinds)('stray posts of a frozen sender on %s', (kind) => {
  let env: SlackPlatform;
  // The first embedded database of a run is migrated from scratch (slow on a busy machine).
  beforeAll(async () => { await (await createTestDatabase(kind)).dispose(); }, 180_000);
  afterEach(async () => { await env?.dispose(); });

  async function setUp() {
    env = await SlackPlatform.start(kind, { flows: [helpFlow] });
    const alice = env.person('Alice');
    await alice.command('/mentor help');
    const person = await env.database.db.selectFrom('people').select(['id', 'workspace_id']).executeTakeFirstOrThrow();
    const key = `notice:${person.id}`;
    const { delivery } = await claimDelivery(env.database.db, { workspaceId: person.workspace_id, idempotencyKey: key, kind: 'test.notice', personId: person.id, matchId: null });
    const worker = (clock: ManualClock): { core: BotCore; messenger: FreezableMessenger } => {
      const messenger = new FreezableMessenger(env.adapter.messenger);
      const core = createBotCore({
        db: env.database.db, clock, scheduler: env.scheduler, directory: env.adapter.directory, messenger,
        signer: createActionRefSigner({ current: randomBytes(32) }), admins: [], logger: quiet,
      }, [noticeFlow, reconcileFlow]);
      return { core, messenger };
    };
    const t0 = env.clock.now().getTime();
    // Worker A starts the send; worker B comes after A's lease has run out (A froze).
    const aClock = new ManualClock(new Date(t0));
    const bClock = new ManualClock(new Date(t0 + DEFAULT_SEND_LEASE_MS + 1_000));
    const a = worker(aClock);
    const b = worker(bClock);
    const channel = `D-${alice.id}`;
    const present = () => (env.fake.history.get(channel) ?? []).map((m) => String(m.ts));
    const posted = () => env.fake.callsOf('chat.postMessage').map((c) => String(c.result!.ts));
    const strays = () => env.database.db.selectFrom('delivery_strays').selectAll().where('delivery_id', '=', delivery.id).execute();
    const recorded = async () => (await getDeliveryByKey(env.database.db, key))!;
    return { key, delivery, a, b, bClock, channel, present, posted, strays, recorded };
  }

  it('the frozen sender wakes after the other recorded: it records its post as a stray and removes it', async () => {
    const { key, a, b, present, posted, strays, recorded } = await setUp();
    const frozen = a.messenger.freezeAfterLeaseCheck();
    const first = a.core.deliver(key);
    await frozen.reached;
    expect(await b.core.deliver(key)).toBe('sent');
    const [bPost] = posted();
    frozen.open();
    expect(await first).toBe('superseded');
    const [, aPost] = posted();
    expect(posted()).toHaveLength(2);
    // The person sees one message: the recorded one.
    expect(present()).toEqual([bPost]);
    expect(env.fake.callsOf('chat.delete').map((c) => c.args.ts)).toEqual([aPost]);
    expect(await recorded()).toMatchObject({ status: 'sent', platformMessageId: bPost });
    const [stray] = await strays();
    expect(stray).toMatchObject({ platform_message_id: aPost, attempts: 1, error: null });
    expect(stray!.removed_at).not.toBeNull();
  });

  it('the frozen sender posts first, before the other records: the recording sender removes the stray', async () => {
    const { key, a, b, present, posted, strays, recorded } = await setUp();
    const aFrozen = a.messenger.freezeAfterLeaseCheck();
    const first = a.core.deliver(key);
    await aFrozen.reached;
    // B takes over, looks (nothing there yet), passes its own lease check and freezes in turn.
    const bFrozen = b.messenger.freezeAfterLeaseCheck();
    const second = b.core.deliver(key);
    await bFrozen.reached;
    aFrozen.open();
    expect(await first).toBe('superseded');
    const [aPost] = posted();
    // Not removed yet: the delivery is still B's to record.
    expect(present()).toEqual([aPost]);
    expect((await strays())[0]).toMatchObject({ platform_message_id: aPost, removed_at: null });
    bFrozen.open();
    expect(await second).toBe('sent');
    const [, bPost] = posted();
    expect(present()).toEqual([bPost]);
    expect(env.fake.callsOf('chat.delete').map((c) => c.args.ts)).toEqual([aPost]);
    expect(await recorded()).toMatchObject({ status: 'sent', platformMessageId: bPost });
    expect((await strays())[0]!.removed_at).not.toBeNull();
  });

  it('keeps the stale post when the other sender\'s look-up adopted it as the delivered message', async () => {
    const { key, a, b, present, posted, strays, recorded } = await setUp();
    const aFrozen = a.messenger.freezeAfterLeaseCheck();
    const first = a.core.deliver(key);
    await aFrozen.reached;
    // B has taken the lease over (so it looks before posting) and stands before its look-up.
    const bFrozen = b.messenger.freezeBeforeLookup();
    const second = b.core.deliver(key);
    await bFrozen.reached;
    aFrozen.open();
    expect(await first).toBe('superseded');
    bFrozen.open();
    expect(await second).toBe('sent');
    const [aPost] = posted();
    expect(posted()).toHaveLength(1);
    expect(present()).toEqual([aPost]);
    expect(env.fake.callsOf('chat.delete')).toEqual([]);
    expect(await recorded()).toMatchObject({ status: 'sent', platformMessageId: aPost });
    expect(await strays()).toEqual([]);
  });

  it('the delivery sweep removes a stray its sender left (it died after recording it), and stops asking when Slack refuses for good', async () => {
    const { key, delivery, b, channel, present, posted, strays } = await setUp();
    expect(await b.core.deliver(key)).toBe('sent');
    const [kept] = posted();
    // A second copy, as a sender that died right after recording it would leave it.
    const copy = await env.adapter.messenger.send(delivery.workspaceId, { kind: 'person', personId: delivery.personId! }, message(richText('copy')));
    if (!copy.ok) throw new Error('the copy was not posted');
    expect(await recordStrayPost(env.database.db, delivery.id, copy.sent)).toMatchObject({ status: 'sent', recorded: { channelId: channel, messageId: kept } });
    expect(present()).toHaveLength(2);
    await b.core.runJob('deliveries.sweep', {});
    expect(present()).toEqual([kept]);
    expect((await strays())[0]!.removed_at).not.toBeNull();
    // A removal Slack refuses for good is recorded once and not asked again.
    const other = await env.adapter.messenger.send(delivery.workspaceId, { kind: 'person', personId: delivery.personId! }, message(richText('another copy')));
    if (!other.ok) throw new Error('the copy was not posted');
    await recordStrayPost(env.database.db, delivery.id, other.sent);
    env.fake.failures.set('chat.delete', { remaining: 1, error: 'cant_delete_message' });
    await b.core.runJob('reconcile', {});
    await b.core.runJob('deliveries.sweep', {});
    expect(env.fake.callsOf('chat.delete:failed')).toHaveLength(1);
    const refused = (await strays()).find((s) => s.platform_message_id === other.sent.messageId)!;
    expect(refused).toMatchObject({ removed_at: null, error: 'remove: cant_delete_message', attempts: MAX_STRAY_REMOVALS });
  });

  it('a removal that finds the message already gone (message_not_found) counts as removed', async () => {
    const { key, delivery, b, strays } = await setUp();
    expect(await b.core.deliver(key)).toBe('sent');
    await recordStrayPost(env.database.db, delivery.id, { channelId: `D-${env.users.keys().next().value}`, messageId: '1699999999.000100' });
    await b.core.runJob('deliveries.sweep', {});
    expect(env.fake.callsOf('chat.delete')).toHaveLength(1);
    expect((await strays())[0]!.removed_at).not.toBeNull();
  });

  it('the double fault: a sender frozen past its lease also loses its post\'s answer; the copy audit removes its copy later', async () => {
    const { key, delivery, a, b, bClock, present, posted, strays, recorded } = await setUp();
    const frozen = a.messenger.freezeAfterLeaseCheck();
    const first = a.core.deliver(key);
    await frozen.reached;
    // B takes over, looks (nothing there yet), posts and records: its audit is due later.
    expect(await b.core.deliver(key)).toBe('sent');
    const [bPost] = posted();
    const auditAt = (await env.database.db.selectFrom('deliveries').select('audit_copies_at').where('id', '=', delivery.id).executeTakeFirstOrThrow()).audit_copies_at;
    expect(auditAt?.getTime()).toBe(bClock.now().getTime() + COPY_AUDIT_DELAY_MS);
    // A wakes and posts; Slack records the post but the answer is lost, so A knows no message to record.
    env.fake.faults.lostAnswers = 1;
    frozen.open();
    expect(await first).toBe('superseded');
    env.fake.faults.lostAnswers = 0;
    const [, aPost] = posted();
    expect(present().sort()).toEqual([bPost, aPost].sort());
    expect(await strays()).toEqual([]);
    // Not yet due: the sweep leaves it.
    await b.core.runJob('deliveries.sweep', {});
    expect(present()).toHaveLength(2);
    // Due, but the look-up fails: never taken as "no other copy", asked again at the next sweep.
    bClock.advance(COPY_AUDIT_DELAY_MS);
    env.fake.faults.failedLookups = 1;
    await b.core.runJob('deliveries.sweep', {});
    expect(present()).toHaveLength(2);
    env.fake.faults.failedLookups = 0;
    await b.core.runJob('deliveries.sweep', {});
    expect(present()).toEqual([bPost]);
    expect(env.fake.callsOf('chat.delete').map((c) => c.args.ts)).toEqual([aPost]);
    expect(await recorded()).toMatchObject({ status: 'sent', platformMessageId: bPost });
    expect((await strays())[0]).toMatchObject({ platform_message_id: aPost });
    expect((await strays())[0]!.removed_at).not.toBeNull();
    const after = await env.database.db.selectFrom('deliveries').select('audit_copies_at').where('id', '=', delivery.id).executeTakeFirstOrThrow();
    expect(after.audit_copies_at).toBeNull();
    // Audited once: later sweeps ask Slack nothing more.
    const looks = env.fake.callsOf('conversations.history').length;
    await b.core.runJob('deliveries.sweep', {});
    expect(env.fake.callsOf('conversations.history')).toHaveLength(looks);
  });

  it('a look-up that finds several copies adopts the oldest and removes the others', async () => {
    const { key, delivery, b, present, strays, recorded } = await setUp();
    // Two copies under the delivery's key, as two senders whose answers were both lost would leave them.
    const to = { kind: 'person' as const, personId: delivery.personId! };
    const one = await env.adapter.messenger.send(delivery.workspaceId, to, message(richText('Your check-in is due')), { key });
    const two = await env.adapter.messenger.send(delivery.workspaceId, to, message(richText('Your check-in is due')), { key });
    if (!one.ok || !two.ok) throw new Error('the copies were not posted');
    await markDeliveryFailed(env.database.db, delivery.id, 'answer lost', { final: false, outcomeUnknown: true }, env.clock.now());
    expect(await b.core.deliver(key)).toBe('sent');
    expect(env.fake.callsOf('chat.postMessage')).toHaveLength(2);
    expect(present()).toEqual([one.sent.messageId]);
    expect(await recorded()).toMatchObject({ status: 'sent', platformMessageId: one.sent.messageId });
    expect(env.fake.callsOf('chat.delete').map((c) => c.args.ts)).toEqual([two.sent.messageId]);
    expect((await strays())[0]).toMatchObject({ platform_message_id: two.sent.messageId });
  });
});
