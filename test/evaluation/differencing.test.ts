// An attacker with every report a lead can get tries to recover one person's pulse answer by
// subtracting figures shown together, or the same figure read before and after that person
// answered. Each attack must come back empty.
import { afterEach, describe, expect, it } from 'vitest';
import type { Figure } from '../../src/domain/evaluation/privacy.ts';
import { getProgram } from '../../src/db/repositories/program.repository.ts';
import { aggregatesCsv } from '../../src/flows/evaluation/report-csv.ts';
import { loadProgramHealth } from '../../src/flows/evaluation/report-summary.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/databases.ts';
import { releasedHealth, type PeriodCounts } from './released-health.ts';
import { NOW, seedProgram } from './seed.ts';

const total = (f: Figure): number | undefined => (f.shown ? f.value * f.n : undefined);

describe.each(databaseKinds)('differencing attacks on %s', (kind) => {
  let database: TestDatabase | undefined;
  afterEach(async () => { await database?.dispose(); database = undefined; });

  it('cannot get the lone mentor’s rating out of a pulse by subtracting the mentees from the whole', async () => {
    database = await createTestDatabase(kind);
    const seeded = await seedProgram(database.db);
    const program = (await getProgram(database.db, seeded.programId))!;
    const h = await loadProgramHealth(database.db, program, NOW);
    // Pulse 2: 5 mentees and 1 mentor (who gave satisfaction 3, recommend 2).
    const p2 = h.pulses.points[1]!;
    expect(p2.overall.satisfaction.shown).toBe(true);
    const whole = total(p2.overall.satisfaction), mentees = total(p2.byRole.mentee.satisfaction);
    expect(whole).toBeDefined();
    expect(mentees).toBeUndefined();
    expect(total(p2.byRole.mentor.recommend)).toBeUndefined();
    // The CSV carries no more than the card.
    expect(aggregatesCsv(h)).not.toMatch(/pulse_[a-z_]*(mentee|mentor)/);
  });

  it('cannot get a late answer out of the report read before and after it', async () => {
    database = await createTestDatabase(kind);
    const seeded = await seedProgram(database.db);
    const program = (await getProgram(database.db, seeded.programId))!;
    const before = await loadProgramHealth(database.db, program, NOW);
    // One more person answers the open pulse 3 with an extreme rating.
    await database.db.insertInto('pulse_answers').values({
      pulse_id: seeded.pulses[2]!, person_id: seeded.mentees[3]!, match_id: null, role: 'mentee',
      satisfaction: 5, relationship: 5, progress: 5, recommend: 10, comment: 'mine', answered_at: NOW,
    }).execute();
    const after = await loadProgramHealth(database.db, program, NOW);
    expect(after).toEqual(before);
    // The pulse closes with 3 answers: too few, so it never joins a figure either.
    const closed = await loadProgramHealth(database.db, program, new Date('2027-06-25T00:00:00Z'));
    expect(closed.pulses.overall).toEqual(before.pulses.overall);
    expect(closed.pulses.answers).toEqual(before.pulses.answers);
    expect(closed.pulses.points[2]!.overall.satisfaction.shown).toBe(false);
  });

  it('cannot get a small month back from the check-in totals', async () => {
    database = await createTestDatabase(kind);
    const seeded = await seedProgram(database.db);
    const program = (await getProgram(database.db, seeded.programId))!;
    const h = await loadProgramHealth(database.db, program, NOW);
    const april = h.checkins.months[0]!;
    // Totals are April alone: total minus April gives nothing about May.
    expect(h.checkins.asked * (h.checkins.responseRate.shown ? h.checkins.responseRate.value : NaN))
      .toBeCloseTo(april.responseRate.shown ? april.responseRate.value * 6 : NaN, 6);
  });
});

describe('differencing attacks on the rules themselves', () => {
  const base: PeriodCounts = {
    minGroupSize: 5, now: new Date('2027-06-15T00:00:00Z'),
    participants: { invited: 0, mentees: 0, mentors: 0, waitlisted: 0 },
    pairs: { proposed: 0, menteesProposed: 0, pending: 0, acceptedOnce: 0, declined: 0, expired: 0, active: 0, paused: 0, ended: 0, endedEarly: 0, hoursToAcceptSum: 0, firstMeetingDue: 0, firstMeetingInTime: 0 },
    endReasons: [], checkinMonths: [], pulseCells: [], goals: { goals: 0, done: 0, pairs: 0 }, undelivered: 0, risk: { months: [], open: 0 },
  };
  const cell = (pulseId: string, role: 'mentee' | 'mentor', ratings: number[]) => ({
    pulseId, roundId: 'r', kind: 'periodic' as const, period: 1, opensAt: new Date('2027-04-01'), closesAt: new Date('2027-04-15'), role,
    n: ratings.length, satisfaction: ratings.reduce((a, b) => a + b, 0), relationship: 0, progress: 0, recommend: 0, promoters: 0, passives: 0, detractors: 0,
  });

  it('every pair of shown totals differs by zero or at least the minimum group size, for any split', () => {
    // A lone answer (4 + 1) next to a large group, in every arrangement of roles and pulses.
    for (const [a, b] of [[4, 1], [1, 4], [5, 1], [9, 1], [2, 3]] as const) {
      const h = releasedHealth({ ...base, pulseCells: [cell('p1', 'mentee', Array(a).fill(4)), cell('p1', 'mentor', Array(b).fill(1))] });
      const point = h.pulses.points[0]!;
      const shownCounts = [point.answers, point.overall.satisfaction, point.byRole.mentee.satisfaction, point.byRole.mentor.satisfaction, h.pulses.answers]
        .filter((f) => f.shown).map((f) => f.n!);
      for (const x of shownCounts) for (const y of shownCounts) expect(x === y || Math.abs(x - y) >= 5, `${a}+${b}: ${x} vs ${y}`).toBe(true);
    }
  });

  it('end reasons: a lone reason is neither counted nor named', () => {
    const h = releasedHealth({ ...base, pairs: { ...base.pairs, endedEarly: 6 }, endReasons: ['too busy', 'no time', 'busy', 'workload', 'time', 'I left the company'] });
    expect(h.endReasons.shown).toEqual([]);
    expect(h.endReasons.withheld).toBe(6);
  });
});
