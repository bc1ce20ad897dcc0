// The daily retention purge (docs/privacy.md, "Retention"), on both databases: a completed round
// whose retention period is over is purged once. Later runs neither rewrite its rows nor log its
// purge again; a round whose period ends later is purged on its own day; two runs at once
// purge and log it once.
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryPlatform, type MemoryPlatform } from '../support/memory-platform.ts';
import { databaseKinds } from '../support/databases.ts';
import { NOW, seedProgram, type Seeded } from '../evaluation/seed.ts';

const DAY = 86_400_000;

describe.each(databaseKinds)('the retention purge on %s', (kind) => {
  let env: MemoryPlatform | undefined;
  afterEach(async () => { await env?.dispose(); env = undefined; });

  /** Two programs' rounds, completed 40 days ago; the first program keeps 30 days, the second 60. */
  async function completedRounds(): Promise<[Seeded, Seeded]> {
    env = await createMemoryPlatform(kind, { start: NOW });
    const db = env.database.db;
    const rounds = [await seedProgram(db, 5, 'T_ONE'), await seedProgram(db, 5, 'T_TWO')] as [Seeded, Seeded];
    for (const [k, s] of rounds.entries()) {
      await db.updateTable('rounds').set({ state: 'completed', completed_at: new Date(NOW.getTime() - 40 * DAY) }).where('id', '=', s.roundId).execute();
      await db.updateTable('programs').set({ retention_days: k === 0 ? 30 : 60 }).where('id', '=', s.programId).execute();
    }
    return rounds;
  }

  const purges = () => env!.database.db.selectFrom('audit_log').select(['target_id', 'details']).where('action', '=', 'retention.purge').orderBy('id').execute();
  const pairTimes = (s: Seeded) => env!.database.db.selectFrom('matches').select(['id', 'updated_at']).where('round_id', '=', s.roundId).orderBy('id').execute();
  const purgedAt = async (s: Seeded) => (await env!.database.db.selectFrom('rounds').select('purged_at').where('id', '=', s.roundId).executeTakeFirstOrThrow()).purged_at;

  it('purges an expired round once: a later run neither rewrites it nor logs it again, and the next round is purged on its own day', { timeout: 120_000 }, async () => {
    const [one, two] = await completedRounds();
    await env!.core.runJob('retention.purge', {});
    expect((await purges()).map((p) => p.target_id)).toEqual([one.roundId]);
    expect(await purgedAt(one)).toEqual(NOW);
    expect(await purgedAt(two)).toBeNull();
    const first = await pairTimes(one);
    expect(first.every((p) => p.updated_at.getTime() === NOW.getTime())).toBe(true);

    // The next day: nothing more for the first round (its rows keep the time of the purge).
    env!.clock.advance(DAY);
    await env!.core.runJob('retention.purge', {});
    expect((await purges()).map((p) => p.target_id)).toEqual([one.roundId]);
    expect(await pairTimes(one)).toEqual(first);

    // 21 days later the second program's 60 days are over: its round alone is purged.
    env!.clock.advance(20 * DAY);
    await env!.core.runJob('retention.purge', {});
    expect((await purges()).map((p) => p.target_id)).toEqual([one.roundId, two.roundId]);
    expect(await purgedAt(two)).toEqual(new Date(NOW.getTime() + 21 * DAY));
    expect(await pairTimes(one)).toEqual(first);
  });

  it('run twice at once (two workers), purges and logs each expired round once', { timeout: 120_000 }, async () => {
    const [one] = await completedRounds();
    const runs = await Promise.allSettled([0, 1].map(() => env!.core.runJob('retention.purge', {})));
    expect(runs.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    expect((await purges()).map((p) => p.target_id)).toEqual([one.roundId]);
  });
});
