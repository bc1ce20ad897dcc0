// The release of closed report periods, on both databases: once per period whoever releases it
// and however often, frozen against later changes of the data and of the minimum group size,
// and holding aggregates only.
import { afterEach, describe, expect, it } from 'vitest';
import * as migration from '../../migrations/2026-12-06T14-00_report-releases.ts';
import type { Program } from '../../src/domain/model.ts';
import type { Db } from '../../src/db/repositories/db.ts';
import { getProgram } from '../../src/db/repositories/program.repository.ts';
import { listReleases } from '../../src/db/repositories/report-release.repository.ts';
import { monthsOver, releaseDuePeriods } from '../../src/flows/evaluation/report-release.ts';
import { loadProgramHealth } from '../../src/flows/evaluation/report-summary.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/databases.ts';
import { createMemoryPlatform, type MemoryPlatform } from '../support/memory-platform.ts';
import { NOW, seedProgram, type Seeded } from './seed.ts';

// Several databases and releases per test: slow on a loaded machine.
const SLOW = 120_000;

const rows = (database: TestDatabase) => database.db.selectFrom('report_releases').selectAll().orderBy('period_kind').orderBy('period_key').execute();

/** A started circle of the seeded program with three check-in answers in April, and three flash sessions of its workspace that month. */
async function withCircleAndFlash(db: Db, s: Seeded): Promise<void> {
  const circle = await db.insertInto('circles').values({
    workspace_id: s.workspaceId, program_id: s.programId, round_id: s.roundId, topic: 'leadership', seats: 3, mentor_id: s.mentors[5]!, co_mentor_id: null,
    state: 'active', space_id: null, space_name: null, opened_by: null, started_at: new Date('2027-03-15T09:00:00Z'),
  }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('circle_checkins').values(s.mentees.slice(0, 3).map((person_id) => ({
    circle_id: circle.id, person_id, period: 1, met: 'yes' as const, usefulness: 4, answered_at: new Date('2027-04-10T10:00:00Z'),
  }))).execute();
  await db.insertInto('flash_sessions').values(s.mentees.slice(0, 3).map((asker_id) => ({
    workspace_id: s.workspaceId, asker_id, topic: 'leadership', question: 'How do I start?', state: 'accepted' as const, mentor_id: s.mentors[4]!,
    accepted_at: new Date('2027-04-03T10:00:00Z'), created_at: new Date('2027-04-03T09:00:00Z'), updated_at: NOW,
  }))).execute();
}

describe('the months a program releases', () => {
  it('runs from the first month with anything to report to the last one that is over', () => {
    const keys = (first: string | undefined, now: string) => monthsOver(first ? new Date(first) : undefined, new Date(now)).map((d) => d.toISOString().slice(0, 7));
    expect(keys('2026-11-20T10:00:00Z', '2027-02-01T00:00:00Z')).toEqual(['2026-11', '2026-12', '2027-01']);
    expect(keys('2027-01-31T23:59:59Z', '2027-01-31T23:59:59Z')).toEqual([]);
    expect(keys(undefined, '2027-01-31T00:00:00Z')).toEqual([]);
  });
});

describe.each(databaseKinds)('report releases on %s', (kind) => {
  let database: TestDatabase | undefined;
  let env: MemoryPlatform | undefined;
  afterEach(async () => {
    await database?.dispose(); database = undefined;
    await env?.dispose(); env = undefined;
  });

  async function seeded(): Promise<{ s: Seeded; program: Program }> {
    database = await createTestDatabase(kind);
    const s = await seedProgram(database.db);
    return { s, program: (await getProgram(database.db, s.programId))! };
  }

  it('releases each closed pulse and each month that is over once, however often it runs', async () => {
    const { program } = await seeded();
    const db = database!.db;
    // Pulses 1 and 2 are closed, pulse 3 is open; March to May are over, June is under way.
    expect(await releaseDuePeriods(db, program, NOW)).toBe(5);
    const first = await rows(database!);
    expect(first.map((r) => `${r.period_kind}:${r.period_kind === 'month' ? r.period_key : ''}`)).toEqual(['month:2027-03', 'month:2027-04', 'month:2027-05', 'pulse:', 'pulse:']);
    expect(await releaseDuePeriods(db, program, NOW)).toBe(0);
    await loadProgramHealth(db, program, NOW);
    expect(await rows(database!)).toEqual(first);
    // Once pulse 3 has closed and June is over, they are released, and nothing else moves.
    expect(await releaseDuePeriods(db, program, new Date('2027-07-01T00:00:00Z'))).toBe(2);
    const later = await rows(database!);
    expect(later).toHaveLength(7);
    expect(later.filter((r) => first.some((f) => f.period_key === r.period_key))).toEqual(first);
  }, SLOW);

  it('two processes releasing the same periods at once leave one release each, and both read it back', async () => {
    const { program } = await seeded();
    const db = database!.db;
    // Two transactions that each find the periods unreleased and compute them, with different shuffles.
    const read = await Promise.all([0.1, 0.9].map((r) => db.transaction().execute(async (trx) => {
      await releaseDuePeriods(trx, program, NOW, () => r);
      return listReleases(trx, program.id);
    })));
    const stored = await rows(database!);
    expect(stored).toHaveLength(5);
    expect(new Set(stored.map((r) => `${r.period_kind}:${r.period_key}`)).size).toBe(5);
    const final = await listReleases(db, program.id);
    // Whichever inserted first made the release; the other waited for it and read it back.
    for (const r of read) expect(JSON.stringify(r)).toBe(JSON.stringify(final));
  }, SLOW);

  it('holds aggregates only: no person, pair, answer or round member id, no answer time, no private text', async () => {
    const { s, program } = await seeded();
    const db = database!.db;
    await releaseDuePeriods(db, program, new Date('2027-07-01T00:00:00Z'));
    const stored = JSON.stringify((await rows(database!)).map((r) => r.figures));
    const ids = [
      ...(await db.selectFrom('people').select('id').execute()).map((r) => r.id),
      ...s.pairs, ...(await db.selectFrom('pulse_answers').select('id').execute()).map((r) => r.id),
      ...(await db.selectFrom('checkins').select('id').execute()).map((r) => r.id),
    ];
    for (const id of ids) expect(stored).not.toContain(id);
    for (const secret of ['Not enough time', 'private reason', 'secret note', NOW.toISOString()]) expect(stored).not.toContain(secret);
    // The comments of pulse 1 (6 answers) are there, without anything that says whose.
    expect(stored).toContain('Great pairing');
    expect(stored).toContain('Hard to find time');
  }, SLOW);

  it('a released period keeps the minimum group size it was released with', async () => {
    const { program } = await seeded();
    const db = database!.db;
    const before = await loadProgramHealth(db, program, NOW);
    // May had 4 people asked a check-in: withheld with a minimum of 5, and stays so at 3.
    const lowered = { ...program, settings: { ...program.settings, minGroupSize: 3 } };
    const after = await loadProgramHealth(db, lowered, NOW);
    expect(after.checkins).toEqual(before.checkins);
    expect(after.pulses).toEqual(before.pulses);
    expect(after.checkins.months[1]!.responseRate.shown).toBe(false);
    // A period released afterwards is judged with the minimum of its release.
    await loadProgramHealth(db, lowered, new Date('2027-07-01T00:00:00Z'));
    const mins = Object.fromEntries((await rows(database!)).filter((r) => r.period_kind === 'month').map((r) => [r.period_key, r.figures.minGroupSize]));
    expect(mins).toEqual({ '2027-03': 5, '2027-04': 5, '2027-05': 5, '2027-06': 3 });
  }, SLOW);

  it('refuses a stored release that does not have the shape of one, rather than show it', async () => {
    const { program } = await seeded();
    const db = database!.db;
    await releaseDuePeriods(db, program, NOW);
    await db.updateTable('report_releases').set({ figures: JSON.stringify({ month: '2027-04-01T00:00:00.000Z', personId: 'x' }) })
      .where('period_key', '=', '2027-04').execute();
    await expect(loadProgramHealth(db, program, NOW)).rejects.toThrow();
  }, SLOW);

  it('the daily job run twice at once (two workers, or a stalled run and its second run) releases each period of pairs, circles and flash sessions once', async () => {
    const platform = env = await createMemoryPlatform(kind, { start: NOW });
    const db = platform.database.db;
    for (const workspace of ['T_ONE', 'T_TWO']) await withCircleAndFlash(db, await seedProgram(db, 5, workspace));
    const released = async () => ({
      report: await db.selectFrom('report_releases').select(['program_id', 'period_kind', 'period_key', 'figures']).orderBy('program_id').orderBy('period_kind').orderBy('period_key').execute(),
      flash: await db.selectFrom('flash_releases').select(['workspace_id', 'period_key', 'figures']).orderBy('workspace_id').orderBy('period_key').execute(),
    });
    const runs = await Promise.allSettled([0, 1].map(() => platform.core.runJob('report.release', {})));
    // Neither fails (a period the other released meanwhile is left to it, not refused).
    expect(runs.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    const first = await released();
    expect(new Set(first.report.map((r) => r.period_kind))).toEqual(new Set(['pulse', 'month', 'circle_month', 'circle_pulse']));
    expect(new Set(first.report.map((r) => `${r.program_id}:${r.period_kind}:${r.period_key}`)).size).toBe(first.report.length);
    // April and May (June is under way), for each program.
    expect(first.report.filter((r) => r.period_kind === 'circle_month').map((r) => r.period_key).sort()).toEqual(['2027-04', '2027-04', '2027-05', '2027-05']);
    expect(first.flash.map((r) => r.period_key)).toEqual(['2027-04', '2027-04']);
    // Run again: every figure stays as first released.
    await platform.core.runJob('report.release', {});
    expect(await released()).toEqual(first);
  }, SLOW);

  it('the daily job releases the periods of every active program', async () => {
    env = await createMemoryPlatform(kind, { start: NOW });
    const s = await seedProgram(env.database.db);
    await env.core.runJob('report.release', {});
    expect(await env.database.db.selectFrom('report_releases').select('period_key').where('program_id', '=', s.programId).execute()).toHaveLength(5);
    await env.core.runJob('report.release', {});
    expect(await env.database.db.selectFrom('report_releases').select('period_key').execute()).toHaveLength(5);
  }, SLOW);
});

describe.each(databaseKinds)('the report-releases migration on %s', (kind) => {
  let database: TestDatabase | undefined;
  afterEach(async () => { await database?.dispose(); database = undefined; });

  it('the migration removes audit entries of participants’ choices and keeps those of leads and the bot', async () => {
    database = await createTestDatabase(kind);
    const db = database.db;
    const ws = await db.insertInto('workspaces').values({ platform: 'memory', external_id: 'T_MIG' }).returning('id').executeTakeFirstOrThrow();
    const actions = ['match.accept', 'match.decline', 'match.end', 'privacy.export', 'privacy.delete', 'round.open', 'report.view', 'match.rematch', 'retention.purge'];
    await db.insertInto('audit_log').values(actions.map((action) => ({ workspace_id: ws.id, actor_id: null, action, details: '{}' }))).execute();
    // Played again on a database that has it: down, then up.
    await migration.down(db);
    await migration.up(db);
    const left = (await db.selectFrom('audit_log').select('action').execute()).map((r) => r.action).sort();
    expect(left).toEqual(['match.rematch', 'report.view', 'retention.purge', 'round.open']);
    expect(await db.selectFrom('report_releases').selectAll().execute()).toEqual([]);
  }, SLOW);
});
