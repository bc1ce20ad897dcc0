// Every decided message is sent once: retries and second workers find it done, an unreachable
// person is recorded and holds nobody up, a 429 leaves it for later, and a send cut off by a
// dying worker is found on the platform instead of being posted twice.
import { afterEach, describe, expect, it } from 'vitest';
import { claimDelivery, getDeliveryByKey } from '../../src/db/repositories/delivery.repository.ts';
import { RetryLaterError } from '../../src/flows/bot.ts';
import { message } from '../../src/ui/model.ts';
import { richText } from '../../src/ui/rich-text.ts';
import type { FlowModule } from '../../src/flows/registry.ts';
import { databaseKinds } from '../support/databases.ts';
import { workspaceWithPeople } from '../support/fixtures.ts';
import { createMemoryPlatform, type MemoryPlatform } from '../support/memory-platform.ts';

const hello: FlowModule = { compose: { hello: async (_ctx, _d, [person]) => message(richText(`Hello ${person!.displayName}`)) } };

describe.each(databaseKinds)('delivery on %s', (kind) => {
  let env: MemoryPlatform;
  afterEach(async () => { await env?.dispose(); });

  async function setup() {
    env = await createMemoryPlatform(kind, { flows: [hello], start: new Date() });
    const { workspace, people } = await workspaceWithPeople(env.database.db, ['ana', 'ben', 'cleo']);
    const claim = async (key: string, personId: string) =>
      (await claimDelivery(env.database.db, { workspaceId: workspace.id, idempotencyKey: key, kind: 'hello', personId, matchId: null, payload: { recipients: personId } })).delivery;
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
});
