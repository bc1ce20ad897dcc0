// Every decided message is sent once: retries and second workers find it done, an unreachable
// person is recorded and holds nobody up, a 429 leaves it for later, and a send cut off by a
// dying worker is found on the platform instead of being posted twice. An attempt whose outcome
// is unknown is followed by a look-up before any new post; a look-up that fails is retried, never
// taken as "not there"; a sender whose lease was taken over can neither post nor record; a
// permanent refusal ends the delivery at once, a passing one backs off up to the attempt limit.
import { afterEach, describe, expect, it } from 'vitest';
import { claimDelivery, getDeliveryByKey } from '../../src/db/repositories/delivery.repository.ts';
import { countUndelivered } from '../../src/db/repositories/report.repository.ts';
import { RetryLaterError } from '../../src/flows/bot.ts';
import { BACKOFF_BASE_MS, MAX_ATTEMPTS, MAX_THROTTLED_WAITS } from '../../src/flows/delivery-policy.ts';
import { message } from '../../src/ui/model.ts';
import { richText } from '../../src/ui/rich-text.ts';
import type { FlowModule } from '../../src/flows/registry.ts';
import { databaseKinds } from '../support/databases.ts';
import { programWithRound, workspaceWithPeople } from '../support/fixtures.ts';
import { createMemoryPlatform, type MemoryPlatform } from '../support/memory-platform.ts';

const helloComposer: NonNullable<FlowModule['compose']>[string] = async (_ctx, _d, [person]) => message(richText(`Hello ${person!.displayName}`));
// 'proposal.reminder' stands for a kind sent at most once when its outcome is unknown.
const hello: FlowModule = { compose: { hello: helloComposer, 'proposal.reminder': helloComposer } };

const row = (env: MemoryPlatform, key: string) =>
  env.database.db.selectFrom('deliveries').selectAll().where('idempotency_key', '=', key).executeTakeFirstOrThrow();
const retryOf = async (attempt: Promise<unknown>): Promise<RetryLaterError> => {
  const error = await attempt.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(RetryLaterError);
  return error as RetryLaterError;
};

describe.each(databaseKinds)('delivery on %s', (kind) => {
  let env: MemoryPlatform;
  afterEach(async () => { await env?.dispose(); });

  async function setup() {
    env = await createMemoryPlatform(kind, { flows: [hello], start: new Date() });
    const { workspace, people } = await workspaceWithPeople(env.database.db, ['ana', 'ben', 'cleo']);
    const claim = async (key: string, personId: string, kind = 'hello', matchId: string | null = null) =>
      (await claimDelivery(env.database.db, { workspaceId: workspace.id, idempotencyKey: key, kind, personId, matchId, payload: { recipients: personId } })).delivery;
    return { workspace, people, claim };
  }

  it('sends once, however often it is asked', async () => {
    const { people: [ana], claim } = await setup();
    await claim('hello:ana', ana!.id);
    expect(await env.core.deliver('hello:ana')).toBe('sent');
    expect(await env.core.deliver('hello:ana')).toBe('already_done');
    expect(env.messenger.delivered).toHaveLength(1);
    expect(env.messenger.delivered[0]!.key).toBe('hello:ana');
    expect(await env.core.deliver('nope')).toBe('missing');
  });

  it('records an unreachable person and still reaches the others', async () => {
    const { people: [ana, ben], claim } = await setup();
    env.messenger.unreachable.add(ana!.id);
    await claim('hello:ana', ana!.id);
    await claim('hello:ben', ben!.id);
    expect(await env.core.deliver('hello:ana')).toBe('undeliverable');
    expect(await env.core.deliver('hello:ben')).toBe('sent');
    expect((await getDeliveryByKey(env.database.db, 'hello:ana'))?.status).toBe('undeliverable');
    expect(await env.core.deliver('hello:ana')).toBe('undeliverable');
    expect(env.messenger.delivered.map((d) => d.key)).toEqual(['hello:ben']);
  });

  it('leaves a rate-limited message for later, then sends it once', async () => {
    const { people: [ana], claim } = await setup();
    env.messenger.rateLimited.add(ana!.id);
    await claim('hello:ana', ana!.id);
    const error = await env.core.deliver('hello:ana').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryLaterError);
    expect((error as RetryLaterError).retryAfterMs).toBe(1_000);
    expect((error as RetryLaterError).throttled).toBe(true);
    expect((await getDeliveryByKey(env.database.db, 'hello:ana'))?.status).toBe('failed');
    env.messenger.rateLimited.clear();
    expect(await env.core.deliver('hello:ana')).toBe('sent');
    expect(env.messenger.delivered).toHaveLength(1);
  });

  it('holds a message back when the limiter says so, without touching it', async () => {
    const { people: [ana], claim } = await setup();
    await claim('hello:ana', ana!.id);
    const error = await env.core.deliver('hello:ana', { admit: async () => 250 }).catch((e: unknown) => e);
    expect((error as RetryLaterError).retryAfterMs).toBe(250);
    expect((await getDeliveryByKey(env.database.db, 'hello:ana'))?.status).toBe('pending');
    expect(env.messenger.delivered).toHaveLength(0);
  });

  it('never lets two senders post the same message, and finds one a dead sender already posted', async () => {
    const { workspace, people: [ana, ben], claim } = await setup();
    const delivery = await claim('hello:ana', ana!.id);
    // Another worker is sending it right now (fresh lease): this one backs off.
    await env.database.db.updateTable('deliveries').set({ status: 'sending', updated_at: new Date() }).where('id', '=', delivery.id).execute();
    const busy = await env.core.deliver('hello:ana').catch((e: unknown) => e);
    expect(busy).toBeInstanceOf(RetryLaterError);
    expect((busy as RetryLaterError).retryAfterMs).toBeGreaterThan(50_000);
    // That worker died after the platform took the message: its lease runs out, and the next
    // attempt finds the message by its key instead of posting it again.
    await env.messenger.send(workspace.id, { kind: 'person', personId: ana!.id }, message(richText('Hello ana')), { key: 'hello:ana' });
    await env.database.db.updateTable('deliveries').set({ updated_at: new Date(Date.now() - 120_000) }).where('id', '=', delivery.id).execute();
    expect(await env.core.deliver('hello:ana')).toBe('sent');
    expect(env.messenger.delivered).toHaveLength(1);
    // A dead sender that had not posted yet: the message goes out once.
    const other = await claim('hello:ben', ben!.id);
    await env.database.db.updateTable('deliveries').set({ status: 'sending', updated_at: new Date(Date.now() - 120_000) }).where('id', '=', other.id).execute();
    expect(await env.core.deliver('hello:ben')).toBe('sent');
    expect(env.messenger.delivered.map((d) => d.key)).toEqual(['hello:ana', 'hello:ben']);
  });

  it('looks for a message whose answer was lost instead of posting it again', async () => {
    const { people: [ana], claim } = await setup();
    await claim('hello:ana', ana!.id);
    env.messenger.faults.loseAnswers = 1;
    const lost = await retryOf(env.core.deliver('hello:ana'));
    expect(lost.throttled).toBe(false);
    expect(await row(env, 'hello:ana')).toMatchObject({ status: 'failed', outcome_unknown: true, attempts: 1 });
    expect(await env.core.deliver('hello:ana')).toBe('sent');
    expect(env.messenger.lookups).toBe(1);
    expect(env.messenger.delivered).toHaveLength(1);
    expect(await row(env, 'hello:ana')).toMatchObject({ status: 'sent', outcome_unknown: false, platform_message_id: env.messenger.delivered[0]!.sent.messageId });
  });

  it('retries a failed look-up later and never takes it for "not sent"', async () => {
    const { people: [ana, ben], claim } = await setup();
    await claim('hello:ana', ana!.id);
    env.messenger.faults.loseAnswers = 1;
    await retryOf(env.core.deliver('hello:ana'));
    env.messenger.faults.failLookups = 2;
    for (let i = 0; i < 2; i += 1) {
      const error = await retryOf(env.core.deliver('hello:ana'));
      expect(error.retryAfterMs).toBeGreaterThanOrEqual(BACKOFF_BASE_MS * 2 ** (i + 1) / 2);
      expect(env.messenger.delivered).toHaveLength(1);
    }
    expect(await row(env, 'hello:ana')).toMatchObject({ status: 'failed', outcome_unknown: true, attempts: 3 });
    expect(await env.core.deliver('hello:ana')).toBe('sent');
    expect(env.messenger.lookups).toBe(3);
    expect(env.messenger.delivered).toHaveLength(1);
    // A known refusal (nothing went out) needs no look-up: the retry posts at once.
    await claim('hello:ben', ben!.id);
    env.messenger.faults.failSends = 1;
    await retryOf(env.core.deliver('hello:ben'));
    expect(await row(env, 'hello:ben')).toMatchObject({ status: 'failed', outcome_unknown: false });
    expect(await env.core.deliver('hello:ben')).toBe('sent');
    expect(env.messenger.lookups).toBe(3);
  });

  it('fences a frozen sender: once its lease is taken over it can neither post nor record', async () => {
    const { people: [ana, ben], claim } = await setup();
    const freeze = (when: 'before' | 'after') => {
      let release!: () => void;
      let reached!: () => void;
      const frozen = new Promise<void>((r) => { reached = r; });
      env.messenger.hold = { when, until: new Promise<void>((r) => { release = r; }), reached };
      return { frozen, release };
    };
    // Frozen before its post: the next sender takes over after the lease, looks, posts once.
    await claim('hello:ana', ana!.id);
    const before = freeze('before');
    const stale = env.core.deliver('hello:ana');
    await before.frozen;
    env.clock.advance(61_000);
    expect(await env.core.deliver('hello:ana')).toBe('sent');
    expect(env.messenger.lookups).toBe(1);
    before.release();
    expect(await stale).toBe('superseded');
    expect(env.messenger.delivered.map((d) => d.key)).toEqual(['hello:ana']);
    expect(await row(env, 'hello:ana')).toMatchObject({ status: 'sent', lease_token: 2, attempts: 1 });

    // Frozen after its post, before recording: the next sender finds the message; the stale
    // one's record is refused (its token is old).
    await claim('hello:ben', ben!.id);
    const after = freeze('after');
    const late = env.core.deliver('hello:ben');
    await after.frozen;
    env.clock.advance(61_000);
    const takenOverAt = env.clock.now();
    expect(await env.core.deliver('hello:ben')).toBe('sent');
    env.clock.advance(5_000);
    after.release();
    expect(await late).toBe('superseded');
    expect(env.messenger.delivered.map((d) => d.key)).toEqual(['hello:ana', 'hello:ben']);
    expect(await row(env, 'hello:ben')).toMatchObject({ status: 'sent', lease_token: 2, attempts: 1, sent_at: takenOverAt });
  });

  it('fails a permanently refused message for good after one attempt, counted as undelivered for the lead', async () => {
    const { workspace, people: [ana, ben, cleo], claim } = await setup();
    const { program, round } = await programWithRound(env.database.db, workspace, cleo!);
    const match = await env.database.db.insertInto('matches').values({
      workspace_id: workspace.id, program_id: program.id, round_id: round.id, mentee_id: ana!.id, mentor_id: ben!.id, score: 1, reasons: JSON.stringify([]),
    } as never).returning('id').executeTakeFirstOrThrow();
    env.messenger.unreachable.add(ana!.id);
    await claim('intro:ana', ana!.id, 'hello', match.id);
    expect(await countUndelivered(env.database.db, { programId: program.id })).toBe(0);
    expect(await env.core.deliver('intro:ana')).toBe('undeliverable');
    expect(await row(env, 'intro:ana')).toMatchObject({ status: 'undeliverable', attempts: 1, error: 'account_inactive' });
    expect(await env.core.deliver('intro:ana')).toBe('undeliverable');
    expect((await row(env, 'intro:ana')).attempts).toBe(1);
    expect(await countUndelivered(env.database.db, { programId: program.id })).toBe(1);
  });

  it('backs off exponentially with jitter after passing failures and gives up after the attempt limit', async () => {
    const { people: [ana], claim } = await setup();
    await claim('hello:ana', ana!.id);
    env.messenger.faults.failSends = 100;
    const waits: number[] = [];
    for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt += 1) {
      const error = await retryOf(env.core.deliver('hello:ana'));
      expect(error.throttled).toBe(false);
      waits.push(error.retryAfterMs!);
      expect((await row(env, 'hello:ana')).attempts).toBe(attempt);
    }
    waits.forEach((wait, i) => {
      const full = BACKOFF_BASE_MS * 2 ** i;
      expect(wait).toBeGreaterThanOrEqual(full / 2);
      expect(wait).toBeLessThanOrEqual(full);
    });
    expect(await env.core.deliver('hello:ana')).toBe('undeliverable');
    const last = await row(env, 'hello:ana');
    expect(last).toMatchObject({ status: 'undeliverable', attempts: MAX_ATTEMPTS });
    expect(last.error).toMatch(/^gave up after 8 attempts: internal_error/);
    expect(env.messenger.delivered).toHaveLength(0);
  });

  it('waits out 429s without using attempts, up to a ceiling, then counts them', async () => {
    const { people: [ana], claim } = await setup();
    await claim('hello:ana', ana!.id);
    env.messenger.rateLimited.add(ana!.id);
    for (let i = 0; i < MAX_THROTTLED_WAITS; i += 1) {
      const error = await retryOf(env.core.deliver('hello:ana'));
      expect(error).toMatchObject({ throttled: true, retryAfterMs: 1_000 });
    }
    expect(await row(env, 'hello:ana')).toMatchObject({ attempts: 0, throttled_waits: MAX_THROTTLED_WAITS, status: 'failed' });
    for (let i = 1; i < MAX_ATTEMPTS; i += 1) {
      const error = await retryOf(env.core.deliver('hello:ana'));
      expect(error.throttled).toBe(false);
    }
    expect(await env.core.deliver('hello:ana')).toBe('undeliverable');
    expect(await row(env, 'hello:ana')).toMatchObject({ attempts: MAX_ATTEMPTS, throttled_waits: MAX_THROTTLED_WAITS });
  });

  it('without a look-up, resends most kinds but sends reminders at most once when the outcome is unknown', async () => {
    const { people: [ana, ben], claim } = await setup();
    // A platform that cannot look (Teams).
    Object.defineProperty(env.messenger, 'findSent', { value: undefined });
    await claim('hello:ana', ana!.id);
    await claim('reminder:ben', ben!.id, 'proposal.reminder');
    env.messenger.faults.loseAnswers = 2;
    await retryOf(env.core.deliver('hello:ana'));
    await retryOf(env.core.deliver('reminder:ben'));
    expect(await env.core.deliver('hello:ana')).toBe('sent');
    expect(await env.core.deliver('reminder:ben')).toBe('undeliverable');
    expect((await row(env, 'reminder:ben')).error).toMatch(/outcome unknown/);
    expect(env.messenger.delivered.map((d) => d.key)).toEqual(['hello:ana', 'reminder:ben', 'hello:ana']);
  });
});
