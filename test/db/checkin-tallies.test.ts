// The check-in tallies the report reads (kept by a database trigger) always equal a count made
// from the check-ins themselves, whatever happens to them: prompts, answers, misses,
// cancellations, a moved due time, deleted rows. On the embedded database and on PostgreSQL.
import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Db } from '../../src/db/repositories/db.ts';
import { answerCheckin, scheduleCheckin, setCheckinStatus } from '../../src/db/repositories/checkin.repository.ts';
import { checkinsByMonth } from '../../src/db/repositories/report.repository.ts';
import { migrations } from '../../migrations/index.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/databases.ts';
import { seedProgram } from '../evaluation/seed.ts';

/** What the tallies must hold, counted from the check-ins (the query the report ran before them). */
async function countedFromCheckins(db: Db, programId: string): Promise<unknown[]> {
  const { rows } = await sql<Record<string, unknown>>`
    select to_char(date_trunc('month', c.due_at at time zone 'UTC'), 'YYYY-MM') as month, c.person_id::text as person,
      count(*)::int as asked, count(*) filter (where c.status = 'answered')::int as answered,
      count(*) filter (where c.status = 'answered' and c.met = 'yes')::int as met
    from checkins c join matches m on m.id = c.match_id
    where m.program_id = ${programId} and c.status in ('prompted', 'answered', 'missed')
    group by 1, 2 order by 1, 2`.execute(db);
  return rows;
}

async function tallied(db: Db, programId: string): Promise<unknown[]> {
  const { rows } = await sql<Record<string, unknown>>`
    select to_char(month::timestamp, 'YYYY-MM') as month, person_id::text as person, asked, answered, met
    from checkin_tallies where program_id = ${programId} and asked > 0 order by 1, 2`.execute(db);
  return rows;
}

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t ^= t + Math.imul(t ^ (t >>> 7), 61 | t);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

describe.each(databaseKinds)('check-in tallies on %s', (kind) => {
  let database: TestDatabase | undefined;
  afterEach(async () => { await database?.dispose(); database = undefined; });

  it('count the check-ins made before the migration, then follow every change', async () => {
    database = await createTestDatabase(kind);
    const { db } = database;
    const seeded = await seedProgram(db);
    // The seed writes check-ins in bulk: April, May and June.
    const seededCounts = await countedFromCheckins(db, seeded.programId);
    expect(seededCounts.length).toBeGreaterThan(0);
    expect(await tallied(db, seeded.programId)).toEqual(seededCounts);
    // A database that had check-ins before the migration: it counts them when it runs.
    const migration = migrations['2026-11-26T16-00_checkin-tallies']!;
    await migration.down!(db);
    await migration.up(db);
    expect(await tallied(db, seeded.programId)).toEqual(seededCounts);

    const members = await db.selectFrom('matches').select(['id', 'mentee_id', 'mentor_id']).where('program_id', '=', seeded.programId)
      .where('state', 'in', ['active', 'paused', 'ended']).execute();
    const rand = random(7);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
    const at = new Date('2027-06-15T12:00:00Z');
    for (let step = 0; step < 160; step++) {
      const ids = (await db.selectFrom('checkins').select(['id', 'status']).orderBy('id').execute());
      const op = rand();
      if (op < 0.3 || ids.length === 0) {
        const pair = pick(members);
        const month = 1 + Math.floor(rand() * 12);
        await scheduleCheckin(db, {
          matchId: pair.id, personId: rand() < 0.5 ? pair.mentee_id : pair.mentor_id, period: 10 + Math.floor(rand() * 40),
          dueAt: new Date(Date.UTC(2027, month - 1, 1 + Math.floor(rand() * 28), Math.floor(rand() * 24))),
        });
      } else if (op < 0.5) {
        await setCheckinStatus(db, pick(ids).id, ['scheduled'], 'prompted', at);
      } else if (op < 0.65) {
        await answerCheckin(db, pick(ids).id, { met: pick(['yes', 'not_yet', 'rescheduled'] as const), usefulness: 4, goalProgress: {}, privateNote: null }, at);
      } else if (op < 0.75) {
        await setCheckinStatus(db, pick(ids).id, ['prompted'], 'missed', at);
      } else if (op < 0.82) {
        await setCheckinStatus(db, pick(ids).id, ['scheduled', 'prompted'], 'cancelled', at);
      } else if (op < 0.9) {
        // Moved across a month boundary (UTC): the share leaves one month for another.
        await db.updateTable('checkins').set({ due_at: new Date(Date.UTC(2027, Math.floor(rand() * 12), 28, 23, 30)) }).where('id', '=', pick(ids).id).execute();
      } else if (op < 0.95) {
        // A change the tallies do not count: nothing moves.
        await db.updateTable('checkins').set({ private_note: null, goal_progress: null }).where('id', '=', pick(ids).id).execute();
      } else {
        await db.deleteFrom('checkins').where('id', '=', pick(ids).id).execute();
      }
      if (step % 20 === 19) expect(await tallied(db, seeded.programId)).toEqual(await countedFromCheckins(db, seeded.programId));
    }
    expect(await tallied(db, seeded.programId)).toEqual(await countedFromCheckins(db, seeded.programId));

    // The report's monthly series adds the tallies up per month.
    const months = await checkinsByMonth(db, { programId: seeded.programId });
    const expected = new Map<string, { asked: number; answered: number; met: number; people: number; answeringPeople: number }>();
    for (const row of await countedFromCheckins(db, seeded.programId) as Array<{ month: string; asked: number; answered: number; met: number }>) {
      const m = expected.get(row.month) ?? { asked: 0, answered: 0, met: 0, people: 0, answeringPeople: 0 };
      expected.set(row.month, {
        asked: m.asked + row.asked, answered: m.answered + row.answered, met: m.met + row.met,
        people: m.people + 1, answeringPeople: m.answeringPeople + (row.answered > 0 ? 1 : 0),
      });
    }
    expect(months.map((m) => [m.month.toISOString().slice(0, 7), { asked: m.asked, answered: m.answered, met: m.met, people: m.people, answeringPeople: m.answeringPeople }]))
      .toEqual([...expected.entries()].sort(([a], [b]) => a.localeCompare(b)));
  });

  it('refuse impossible counts (more answered than asked, below zero)', async () => {
    database = await createTestDatabase(kind);
    const seeded = await seedProgram(database.db);
    const tallies = database.db.updateTable('checkin_tallies').where('program_id', '=', seeded.programId);
    await expect(tallies.set({ met: -1 }).execute()).rejects.toThrow(/checkin_tallies_counts_ck/);
    await expect(tallies.set((eb) => ({ answered: eb('asked', '+', 1) })).execute()).rejects.toThrow(/checkin_tallies_counts_ck/);
  });
});
