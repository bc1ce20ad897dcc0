// A prompt that runs late (outage, backlog) waits for the recipient's next working morning instead
// of landing in their night or weekend; a prompt on time, or sent during the working day, goes out.
import { afterEach, describe, expect, it } from 'vitest';
import { claimDelivery } from '../../src/db/repositories/delivery.repository.ts';
import { quietHoldUntil } from '../../src/domain/quiet-hours.ts';
import { RetryLaterError } from '../../src/flows/bot.ts';
import type { FlowModule } from '../../src/flows/registry.ts';
import { message } from '../../src/ui/model.ts';
import { richText } from '../../src/ui/rich-text.ts';
import { databaseKinds } from '../support/databases.ts';
import { workspaceWithPeople } from '../support/fixtures.ts';
import { createMemoryPlatform, type MemoryPlatform } from '../support/memory-platform.ts';

const at = (iso: string) => new Date(iso);
const PARIS = 'Europe/Paris';

describe('quietHoldUntil', () => {
  it('holds a late prompt at night until 10:00 local the same morning', () => {
    // Wednesday 03:00 in Paris (UTC+1), planned the day before at 10:00.
    expect(quietHoldUntil('checkin.prompt', at('2027-03-02T09:00:00Z'), at('2027-03-03T02:00:00Z'), PARIS)).toEqual(at('2027-03-03T09:00:00Z'));
  });

  it('holds a late prompt in the evening until the next working morning, Monday after a Friday', () => {
    expect(quietHoldUntil('checkin.prompt', at('2027-03-03T09:00:00Z'), at('2027-03-03T19:30:00Z'), PARIS)).toEqual(at('2027-03-04T09:00:00Z'));
    // Friday 20:30 and Saturday noon in Paris: Monday 10:00.
    expect(quietHoldUntil('pulse.prompt', at('2027-03-05T09:00:00Z'), at('2027-03-05T19:30:00Z'), PARIS)).toEqual(at('2027-03-08T09:00:00Z'));
    expect(quietHoldUntil('survey.reminder', at('2027-03-05T09:00:00Z'), at('2027-03-06T11:00:00Z'), PARIS)).toEqual(at('2027-03-08T09:00:00Z'));
  });

  it('reads the working day in the recipient\'s own zone', () => {
    // 02:00 UTC is 21:00 the evening before in New York: held to 10:00 New York (15:00 UTC).
    expect(quietHoldUntil('checkin.prompt', at('2027-03-02T15:00:00Z'), at('2027-03-03T02:00:00Z'), 'America/New_York')).toEqual(at('2027-03-03T15:00:00Z'));
    // 02:00 UTC is 11:00 in Tokyo on a Wednesday: goes out.
    expect(quietHoldUntil('checkin.prompt', at('2027-03-02T01:00:00Z'), at('2027-03-03T02:00:00Z'), 'Asia/Tokyo')).toBeUndefined();
  });

  it('lets through a prompt on time, a late one in the working day, and messages that are not timed prompts', () => {
    // 30 minutes late is still on time, even at night.
    expect(quietHoldUntil('checkin.prompt', at('2027-03-03T01:30:00Z'), at('2027-03-03T02:00:00Z'), PARIS)).toBeUndefined();
    expect(quietHoldUntil('checkin.prompt', at('2027-03-03T01:29:00Z'), at('2027-03-03T02:00:00Z'), PARIS)).toEqual(at('2027-03-03T09:00:00Z'));
    // 08:00 and 18:59 local are working time; 19:00 is not.
    expect(quietHoldUntil('checkin.prompt', at('2027-03-02T09:00:00Z'), at('2027-03-03T07:00:00Z'), PARIS)).toBeUndefined();
    expect(quietHoldUntil('checkin.prompt', at('2027-03-02T09:00:00Z'), at('2027-03-03T17:59:00Z'), PARIS)).toBeUndefined();
    expect(quietHoldUntil('checkin.prompt', at('2027-03-02T09:00:00Z'), at('2027-03-03T18:00:00Z'), PARIS)).toEqual(at('2027-03-04T09:00:00Z'));
    expect(quietHoldUntil('pair.intro', at('2027-03-02T09:00:00Z'), at('2027-03-03T02:00:00Z'), PARIS)).toBeUndefined();
  });
});

const reminder: FlowModule = { compose: { 'survey.reminder': async (_ctx, _d, [person]) => message(richText(`Reminder for ${person!.displayName}`)) } };

describe.each(databaseKinds)('a late prompt at delivery on %s', (kind) => {
  let env: MemoryPlatform;
  afterEach(async () => { await env?.dispose(); });

  async function setup(now: string, plannedAt: string) {
    env = await createMemoryPlatform(kind, { flows: [reminder], start: at(now) });
    const { workspace, people: [ana] } = await workspaceWithPeople(env.database.db, ['ana']);
    await env.database.db.updateTable('people').set({ timezone: PARIS }).where('id', '=', ana!.id).execute();
    const { delivery } = await claimDelivery(env.database.db, { workspaceId: workspace.id, idempotencyKey: 'survey.reminder:ana', kind: 'survey.reminder', personId: ana!.id, matchId: null, payload: { recipients: ana!.id } });
    await env.database.db.updateTable('deliveries').set({ created_at: at(plannedAt) }).where('id', '=', delivery.id).execute();
  }

  it('waits, without using an attempt or the rate, until the next working morning, then goes out once', async () => {
    await setup('2027-03-03T02:00:00Z', '2027-03-02T09:00:00Z');
    let admitted = 0;
    const error = await env.core.deliver('survey.reminder:ana', { admit: async () => { admitted += 1; return 0; } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryLaterError);
    expect((error as RetryLaterError).retryAfterMs).toBe(7 * 3_600_000);
    expect((error as RetryLaterError).throttled).toBe(false);
    expect(admitted).toBe(0);
    expect(env.messenger.delivered).toHaveLength(0);
    const row = await env.database.db.selectFrom('deliveries').select(['status', 'attempts']).where('idempotency_key', '=', 'survey.reminder:ana').executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'pending', attempts: 0 });
    env.clock.advance(7 * 3_600_000);
    expect(await env.core.deliver('survey.reminder:ana')).toBe('sent');
    expect(env.messenger.delivered).toHaveLength(1);
  });

  it('sends a prompt that is on time even at night', async () => {
    await setup('2027-03-03T02:00:00Z', '2027-03-03T01:50:00Z');
    expect(await env.core.deliver('survey.reminder:ana')).toBe('sent');
  });
});
