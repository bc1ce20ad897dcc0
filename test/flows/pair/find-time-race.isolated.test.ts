// "Find a time": two pairs of one mentor confirming the same time at the same moment. The pick
// must keep them apart on its own (requests of one workspace do not wait for each other): here
// the booking's write waits at the mentor's row, which the test holds until both picks have
// read the mentor's meetings or wait for a lock (test/support/row-race.ts).
import { sql } from 'kysely';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type * as Meetings from '../../../src/db/repositories/meeting.repository.ts';
import type { ButtonAction } from '../../../src/ui/model.ts';
import { databaseKinds } from '../../support/databases.ts';
import { activePair, openRound } from '../../support/employee-fixtures.ts';
import { slotButtons } from '../../support/find-time.ts';
import { createMemoryPlatform, type MemoryPlatform } from '../../support/memory-platform.ts';
import { raceAtRow, valuesOf } from '../../support/row-race.ts';

vi.mock('../../../src/db/repositories/meeting.repository.ts', async (original) => {
  const real = await original<typeof Meetings>();
  return {
    ...real,
    markBooking: async (...args: Parameters<typeof real.markBooking>) => {
      const [db, id] = args;
      await sql`select 1 from people where id in (select mentor_id from matches where id = (select match_id from meetings where id = ${id})) for key share`.execute(db);
      return real.markBooking(...args);
    },
  };
});

describe.each(databaseKinds)('two pairs of one mentor confirming the same time at once on %s', (kind) => {
  let env: MemoryPlatform;
  afterEach(async () => { await env?.dispose(); });

  it('books it once; the other pair is told it was taken', async () => {
    env = await createMemoryPlatform(kind, { start: new Date('2027-03-22T07:00:00Z') });
    const { round } = await openRound(env, { state: 'running', settings: { checkinCadence: 'P1W', sessionMinutes: 60 } });
    const mia = env.person('Mia'), ana = env.person('Ana'), omar = env.person('Omar');
    for (const p of [mia, ana, omar]) await p.type('/mentor help');
    const pairs = [await activePair(env, round, mia, omar), await activePair(env, round, ana, omar)];
    const offers: Array<{ mentee: ButtonAction; mentor: ButtonAction }> = [];
    for (const mentee of [mia, ana]) {
      await mentee.type('/mentor time');
      await env.runDueJobs();
      offers.push({ mentee: slotButtons(mentee)[0]!, mentor: slotButtons(omar)[0]! });
    }
    expect(offers[0]!.mentor.label).toBe(offers[1]!.mentor.label);
    // Omar picks that time for both pairs (nothing is booked yet); then both mentees confirm it at once.
    for (const offer of offers) await omar.clickRef(offer.mentor.ref);
    const omarId = pairs[0]!.mentorId;
    valuesOf(await raceAtRow<unknown>(env.database, 'people', omarId, [() => mia.clickRef(offers[0]!.mentee.ref), () => ana.clickRef(offers[1]!.mentee.ref)]));

    const replies = [mia.lastReply(), ana.lastReply()];
    expect(replies.filter((r) => r.includes('You both picked'))).toHaveLength(1);
    expect(replies.filter((r) => r.includes('taken by another meeting'))).toHaveLength(1);
    await env.runDueJobs();
    const taken = await env.database.db.selectFrom('meetings').select('match_id').where('state', 'in', ['booking', 'booked']).execute();
    expect(taken).toHaveLength(1);
  });
});
