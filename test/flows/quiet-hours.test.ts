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

describe('quietHoldUntil with people\'s own working hours', () => {
  // Works 13:00–21:00, Tuesday to Saturday.
  const late = { timezone: PARIS, workHours: { startMin: 13 * 60, endMin: 21 * 60, days: '23456' } };
  const NEW_YORK = 'America/New_York';

  it('uses a person\'s own hours and weekdays when they gave them', () => {
    // Wednesday 20:00 in Paris is working time for them (not in the default day).
    expect(quietHoldUntil('checkin.prompt', at('2027-03-02T09:00:00Z'), at('2027-03-03T19:00:00Z'), late)).toBeUndefined();
    // Monday 10:00 in Paris is not: held two hours into Tuesday's window, 15:00 Paris.
    expect(quietHoldUntil('checkin.prompt', at('2027-02-28T09:00:00Z'), at('2027-03-01T09:00:00Z'), late)).toEqual(at('2027-03-02T14:00:00Z'));
    // Saturday noon: their window opens at 13:00, so 15:00 the same day.
    expect(quietHoldUntil('checkin.prompt', at('2027-03-05T09:00:00Z'), at('2027-03-06T11:00:00Z'), late)).toEqual(at('2027-03-06T14:00:00Z'));
    // A one-hour window: half-way into it.
    const short = { timezone: PARIS, workHours: { startMin: 9 * 60, endMin: 10 * 60, days: '12345' } };
    expect(quietHoldUntil('checkin.prompt', at('2027-03-02T09:00:00Z'), at('2027-03-03T02:00:00Z'), short)).toEqual(at('2027-03-03T08:30:00Z'));
  });

  it('keeps the default working day when the hours are unset, partly set or out of range', () => {
    const planned = at('2027-03-02T09:00:00Z');
    const night = at('2027-03-03T02:00:00Z');
    const morning = at('2027-03-03T09:00:00Z');
    for (const workHours of [
      { startMin: null, endMin: null, days: null }, { startMin: 13 * 60, endMin: null, days: '23456' },
      { startMin: 20 * 60, endMin: 9 * 60, days: '12345' }, { startMin: 9 * 60, endMin: 17 * 60, days: '1289' },
    ]) {
      expect(quietHoldUntil('checkin.prompt', planned, night, { timezone: PARIS, workHours })).toEqual(morning);
    }
  });

  it('holds a message to several people until a time that is working time for all of them', () => {
    const paris = { timezone: PARIS };
    const newYork = { timezone: NEW_YORK };
    // Wednesday 11:00 in Paris is 05:00 in New York: held until 08:00 New York, 14:00 Paris.
    expect(quietHoldUntil('survey.reminder', at('2027-03-02T09:00:00Z'), at('2027-03-03T10:00:00Z'), [paris, newYork])).toEqual(at('2027-03-03T13:00:00Z'));
    // 15:00 UTC is working time for both: goes out.
    expect(quietHoldUntil('survey.reminder', at('2027-03-02T09:00:00Z'), at('2027-03-03T15:00:00Z'), [paris, newYork])).toBeUndefined();
    // With the late worker: Wednesday 19:30 Paris suits them but not the others; Thursday 14:00 Paris suits all three.
    expect(quietHoldUntil('survey.reminder', at('2027-03-02T09:00:00Z'), at('2027-03-03T18:30:00Z'), [paris, newYork, late])).toEqual(at('2027-03-04T13:00:00Z'));
  });

  it('falls back to the first recipient\'s own morning when their working times never meet', () => {
    const weekend = { timezone: PARIS, workHours: { startMin: 9 * 60, endMin: 17 * 60, days: '67' } };
    expect(quietHoldUntil('survey.reminder', at('2027-03-02T09:00:00Z'), at('2027-03-03T02:00:00Z'), [{ timezone: PARIS }, weekend])).toEqual(at('2027-03-03T09:00:00Z'));
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

  it('reads the recipients\' own working hours from their profile, and holds a group message for a time that suits all', async () => {
    await setup('2027-03-03T19:00:00Z', '2027-03-03T09:00:00Z');
    // Wednesday 20:00 in Paris: after the default day, but Ana works until 21:00.
    await env.database.db.updateTable('people').set({ work_start_min: 13 * 60, work_end_min: 21 * 60, work_days: '12345' }).execute();
    expect(await env.core.deliver('survey.reminder:ana')).toBe('sent');
    // A message to Ana and Bo (New York, default day): 14:00 New York is working time for Bo only.
    // Ana read before Bo exists: he may start in Paris too, and rows come in no set order.
    const ana = await env.database.db.selectFrom('people').select(['id', 'workspace_id']).where('timezone', '=', PARIS).executeTakeFirstOrThrow();
    const { people: [bo] } = await workspaceWithPeople(env.database.db, ['bo']);
    await env.database.db.updateTable('people').set({ timezone: 'America/New_York', workspace_id: ana.workspace_id }).where('id', '=', bo!.id).execute();
    const { delivery } = await claimDelivery(env.database.db, { workspaceId: ana.workspace_id, idempotencyKey: 'survey.reminder:group', kind: 'survey.reminder', personId: ana.id, matchId: null, payload: { recipients: `${ana.id},${bo!.id}` } });
    await env.database.db.updateTable('deliveries').set({ created_at: at('2027-03-03T09:00:00Z') }).where('id', '=', delivery.id).execute();
    // At 21:00 UTC (22:00 Paris, 16:00 New York) Bo works and Ana does not. Thursday 13:00 UTC is
    // 14:00 Paris (Ana from 13:00) and 08:00 New York (Bo from 08:00).
    env.clock.advance(2 * 3_600_000);
    const error = await env.core.deliver('survey.reminder:group').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryLaterError);
    expect((error as RetryLaterError).retryAfterMs).toBe(at('2027-03-04T13:00:00Z').getTime() - at('2027-03-03T21:00:00Z').getTime());
    env.clock.set(at('2027-03-04T13:00:00Z'));
    expect(await env.core.deliver('survey.reminder:group')).toBe('sent');
  });

  it('sends a prompt that is on time even at night', async () => {
    await setup('2027-03-03T02:00:00Z', '2027-03-03T01:50:00Z');
    expect(await env.core.deliver('survey.reminder:ana')).toBe('sent');
  });
});
