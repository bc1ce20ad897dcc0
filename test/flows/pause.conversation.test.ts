import { afterEach, describe, expect, it } from 'vitest';
import { listCheckins } from '../../src/db/repositories/checkin.repository.ts';
import { getPair } from '../../src/db/repositories/pair.repository.ts';
import { databaseKinds } from '../support/databases.ts';
import { activePair, openRound, snapshot } from '../support/employee-fixtures.ts';
import { createMemoryPlatform, type MemoryPlatform } from '../support/memory-platform.ts';
import { raceAtRow, valuesOf } from '../support/row-race.ts';

const DAY = 86_400_000;

describe.each(databaseKinds)('pause and resume on %s', (kind) => {
  let env: MemoryPlatform;
  afterEach(async () => { await env?.dispose(); });

  async function setup() {
    env = await createMemoryPlatform(kind, { start: new Date('2027-03-01T08:00:00Z') });
    const { round } = await openRound(env, { state: 'running', settings: { checkinCadence: 'P1W' } });
    const mia = env.person('Mia');
    const omar = env.person('Omar');
    await mia.type('/mentor help');
    await omar.type('/mentor help');
    const pair = await activePair(env, round, mia, omar);
    return { mia, omar, pair };
  }

  it('pauses for two weeks, skips the check-ins inside, and resumes by itself with a notice to both', async () => {
    const { mia, omar, pair } = await setup();
    await mia.type('/mentor pause 2w');
    expect(mia.lastReply()).toContain('paused until 15 March 2027');
    await env.runDueJobs();
    expect((await getPair(env.database.db, pair.id))).toMatchObject({ state: 'paused' });
    expect(omar.text()).toContain('paused your mentoring for a while');
    expect(env.scheduler.pending('pause.resume').map((j) => j.runAt.toISOString())).toEqual(['2027-03-15T08:00:00.000Z']);

    await env.advance(14 * DAY + 1_800_000);
    expect((await getPair(env.database.db, pair.id))).toMatchObject({ state: 'active', pausedUntil: null });
    expect(mia.text()).toContain('The pause is over');
    expect(omar.text()).toContain('The pause is over');
    const checkins = await listCheckins(env.database.db, pair.id);
    // Period 1 (8 March) fell inside the pause: cancelled, never sent; planning went on after it.
    expect(checkins.filter((c) => c.period === 1).map((c) => c.status)).toEqual(['cancelled', 'cancelled']);
    expect(mia.text()).not.toContain('Time for a check-in');
    const next = checkins.filter((c) => c.status === 'scheduled');
    expect(next).toHaveLength(2);
    expect(next.every((c) => c.dueAt > new Date('2027-03-15T08:00:00Z'))).toBe(true);
    expect(next.map((c) => c.period)).toEqual([2, 2]);
  });

  // Both members pause at the same moment: both read the pair active before either wrote it
  // (held at its row on PostgreSQL).
  it('pauses once when both members pause at once; the second hears what a moment later would say', async () => {
    const { mia, omar, pair } = await setup();
    valuesOf(await raceAtRow<unknown>(env.database, 'matches', pair.id, [() => mia.type('/mentor pause 2w'), () => omar.type('/mentor pause until 2027-04-01')]));
    expect(mia.lastReply()).toContain('paused until 15 March 2027');
    expect(omar.lastReply()).toContain('You have no active pairing to pause.');
    expect(await getPair(env.database.db, pair.id)).toMatchObject({ state: 'paused', pausedUntil: new Date('2027-03-15T08:00:00Z') });
    await env.runDueJobs();
    expect(omar.text()).toContain('paused your mentoring for a while');
    expect(mia.text()).not.toContain('paused your mentoring for a while');
  });

  it('resumes early on `resume`; the scheduled job then changes nothing', async () => {
    const { mia, omar, pair } = await setup();
    await omar.type('/mentor pause until 2027-04-01');
    await env.advance(2 * DAY);
    await omar.type('/mentor resume');
    expect(omar.lastReply()).toContain('Welcome back');
    await env.runDueJobs();
    expect(mia.text()).toContain('a little earlier than planned');
    expect((await getPair(env.database.db, pair.id))?.state).toBe('active');
    const before = await snapshot(env);
    await env.core.runJob('pause.resume', { matchId: pair.id });
    expect(await snapshot(env)).toBe(before);
  });

  it('refuses a pause longer than six months or in the past, in the person’s language', async () => {
    const { mia, pair } = await setup();
    const before = await snapshot(env, ['matches', 'match_events', 'checkins', 'deliveries']);
    await mia.type('/mentor pause 7m');
    expect(mia.lastReply()).toContain('at most 6 months');
    await mia.type('/mentor pause until 2026-01-01');
    expect(mia.lastReply()).toContain('must be in the future');
    await mia.type('/mentor lang fr');
    await mia.type('/mentor pause until 2027-12-31');
    expect(mia.lastReply()).toContain('6\u00a0mois');
    expect(await snapshot(env, ['matches', 'match_events', 'checkins', 'deliveries'])).toBe(before);
    expect(env.scheduler.pending('pause.resume')).toEqual([]);
    expect((await getPair(env.database.db, pair.id))?.state).toBe('active');
  });
});
