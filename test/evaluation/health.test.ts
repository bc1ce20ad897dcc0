// Every figure of a seeded program's health against a hand computation (see seed.ts), on the
// embedded database and on PostgreSQL.
import { afterEach, describe, expect, it } from 'vitest';
import type { Figure } from '../../src/domain/evaluation/privacy.ts';
import { getProgram } from '../../src/db/repositories/program.repository.ts';
import { aggregatesCsv, pairsCsv } from '../../src/flows/evaluation/report-csv.ts';
import { loadProgramHealth } from '../../src/flows/evaluation/report-summary.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/databases.ts';
import { NOW, seedProgram } from './seed.ts';

const value = (f: Figure): number | undefined => (f.shown ? f.value : undefined);

describe.each(databaseKinds)('program health on %s', (kind) => {
  let database: TestDatabase | undefined;
  afterEach(async () => { await database?.dispose(); database = undefined; });

  it('computes every figure as by hand, withholding the small groups', async () => {
    database = await createTestDatabase(kind);
    const seeded = await seedProgram(database.db);
    const program = (await getProgram(database.db, seeded.programId))!;
    const h = await loadProgramHealth(database.db, program, NOW);

    expect(h.participants).toEqual({ invited: 10, mentees: 8, mentors: 6, waitlisted: 0 });
    expect(h.matchRate).toBe(1);
    expect(h.proposals).toEqual({ pending: 0, accepted: 6, declined: 1, expired: 1, total: 8 });
    expect(h.acceptanceRate).toBe(0.75);
    expect(value(h.hoursToAccept)).toBeCloseTo(84, 6);
    expect(value(h.firstMeetingsWithin21Days)).toBeCloseTo(4 / 6, 6);
    expect(h.pairs).toEqual({ active: 4, paused: 1, ended: 1, endedEarly: 1 });
    // One pair ended early: its reason group is too small to be named.
    expect(h.endReasons).toEqual({ shown: [], withheld: 1, months: [{ month: new Date('2027-05-01T00:00:00Z'), shown: [], withheld: 1 }] });

    // April has 6 people; May only 4 (withheld, and out of the totals); June is under way.
    expect(h.checkins.months.map((m) => m.month.toISOString().slice(0, 7))).toEqual(['2027-04', '2027-05']);
    expect(value(h.checkins.months[0]!.responseRate)).toBeCloseTo(5 / 6, 6);
    expect(value(h.checkins.months[0]!.metRate)).toBeCloseTo(3 / 5, 6);
    expect(h.checkins.months[1]!.responseRate.shown).toBe(false);
    expect(h.checkins.months[1]!.metRate.shown).toBe(false);
    expect(h.checkins.asked).toBe(6);
    expect(h.checkins.answered).toBe(5);
    expect(value(h.checkins.responseRate)).toBeCloseTo(5 / 6, 6);
    expect(value(h.checkins.metRate)).toBeCloseTo(3 / 5, 6);
    expect(h.checkins.monthUnderWay).toEqual(new Date('2027-06-01T00:00:00Z'));

    // Two closed pulses of 6 answers each; the open one is left out.
    const [p1, p2] = h.pulses.points;
    expect(h.pulses.points).toHaveLength(2);
    expect(value(p1!.overall.satisfaction)).toBeCloseTo(25 / 6, 6);
    expect(value(p1!.overall.relationship)).toBeCloseTo(4, 6);
    expect(value(p1!.overall.progress)).toBeCloseTo(22 / 6, 6);
    expect(value(p1!.overall.recommend)).toBeCloseTo(49 / 6, 6);
    expect(value(p1!.overall.promoterScore)).toBe(33);
    expect(value(p2!.overall.satisfaction)).toBeCloseTo(3, 6);
    expect(value(p2!.overall.progress)).toBeCloseTo(5, 6);
    expect(value(p2!.overall.promoterScore)).toBe(67);
    // 4 mentees and 2 mentors, then 5 mentees and 1 mentor: no role is shown on its own.
    for (const p of [p1!, p2!]) for (const role of ['mentee', 'mentor'] as const) expect(p.byRole[role].satisfaction.shown).toBe(false);
    expect(value(h.pulses.answers)).toBe(12);
    expect(value(h.pulses.overall.satisfaction)).toBeCloseTo(43 / 12, 6);
    expect(value(h.pulses.overall.relationship)).toBeCloseTo(4, 6);
    expect(value(h.pulses.overall.progress)).toBeCloseTo(52 / 12, 6);
    expect(value(h.pulses.overall.recommend)).toBeCloseTo(101 / 12, 6);
    expect(value(h.pulses.overall.promoterScore)).toBe(50);
    expect(h.pulses.trend).toEqual({ satisfaction: 'down', relationship: 'flat', progress: 'up' });

    expect(value(h.goalCompletion)).toBeCloseTo(0.5, 6);
    expect(h.undelivered).toBe(2);
    expect(h.risk.open).toBe(1);
    expect(h.risk.months.map((m) => [m.month.toISOString().slice(0, 7), m.raised, m.handled])).toEqual([['2027-04', 1, 1], ['2027-05', 1, 0]]);
  });

  it('exports pairs without private fields and figures with the withheld ones marked', async () => {
    database = await createTestDatabase(kind);
    const seeded = await seedProgram(database.db);
    const program = (await getProgram(database.db, seeded.programId))!;
    const pairs = await pairsCsv(database.db, program);
    expect(pairs.split('\r\n')[0]).toBe('round,mentee,mentor,state,score,proposed_at,accepted_at,first_meeting_at,ended_at');
    expect(pairs.trim().split('\r\n')).toHaveLength(9);
    expect(pairs).toContain('Round 1,Mentee0,Mentor0,active,70,2027-03-01T00:00:00.000Z');
    for (const secret of ['private reason', 'Not enough time', 'secret note', 'Great pairing']) expect(pairs).not.toContain(secret);
    const figures = aggregatesCsv(await loadProgramHealth(database.db, program, NOW));
    expect(figures).toContain('\r\nmentees,,8\r\n');
    expect(figures).toContain('\r\npromoter_score,,50\r\n');
    expect(figures).toContain('\r\ncheckin_response_rate,2027-05,withheld\r\n');
    expect(figures).toContain('\r\ncheckin_response_rate,2027-06,month_under_way\r\n');
    expect(figures).toContain('\r\nended_early_other_groups,,withheld\r\n');
    expect(figures).not.toContain('ended_early_time');
  });
});
