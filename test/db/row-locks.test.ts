// How strongly rows are locked before they are changed. A row locked only to be updated (not
// deleted, its key unchanged) is locked 'for no key update', as the update itself would: a second
// locker waits, while rows pointing to it (which key-share lock it) are still written. 'for update'
// would wait for those writers, so two transactions that each wrote such a row and then locked
// the row they point to would wait for each other: a deadlock on PostgreSQL.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/repositories/db.ts';
import * as deliveries from '../../src/db/repositories/delivery.repository.ts';
import * as enrollments from '../../src/db/repositories/enrollment.repository.ts';
import * as flash from '../../src/db/repositories/flash.repository.ts';
import * as goals from '../../src/db/repositories/goal.repository.ts';
import * as meetings from '../../src/db/repositories/meeting.repository.ts';
import * as pairs from '../../src/db/repositories/pair.repository.ts';
import * as programs from '../../src/db/repositories/program.repository.ts';
import * as pulses from '../../src/db/repositories/pulse.repository.ts';
import * as rounds from '../../src/db/repositories/round.repository.ts';
import type { Person } from '../../src/domain/model.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/databases.ts';
import { programWithRound, workspaceWithPeople } from '../support/fixtures.ts';
import { valuesOf, whileHeldOpen } from '../support/row-race.ts';

const T0 = new Date('2027-01-04T09:00:00.000Z');
const later = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const HOUR_SLOT = { start: later(60 * 24), end: later(60 * 25) };

/** Something a transaction does. */
type Work = (trx: Db) => Promise<unknown>;

describe.each(databaseKinds)('row locks on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => { database = await createTestDatabase(kind); });
  afterAll(async () => { await database?.dispose(); });
  const db = () => database.db;

  /** A lead, a mentee and a mentor, with an active pair in a program's round. */
  async function activePair() {
    const { workspace, people: [lead, mentee, mentor] } = await workspaceWithPeople(db(), ['lead', 'mentee', 'mentor']);
    const { program, round } = await programWithRound(db(), workspace, lead!);
    const proposed = await pairs.insertProposedPair(db(), { workspaceId: workspace.id, programId: program.id, roundId: round.id, menteeId: mentee!.id, mentorId: mentor!.id, score: 70, reasons: [] }, T0, later(60));
    await pairs.transitionPair(db(), proposed.id, { from: ['proposed'], to: 'accepted', patch: { accepted_at: T0 }, actorId: mentor!.id, at: T0 });
    const pair = (await pairs.transitionPair(db(), proposed.id, { from: ['accepted'], to: 'active', patch: { activated_at: T0 }, actorId: null, at: T0 }))!;
    return { workspace, program, round, lead: lead!, mentee: mentee!, mentor: mentor!, pair };
  }

  const goal = (matchId: string, by: Person): Work => (trx) => goals.createGoal(trx, { matchId, title: 'Lead a meeting', measure: 'Three led', targetDate: '2027-03-31', createdBy: by.id });

  /** Done within 2 s, on PostgreSQL: the row's lock holds it up no longer. */
  const goesThrough = (work: Work) => db().transaction().execute(async (trx) => {
    await sql`set local lock_timeout = '2s'`.execute(trx);
    await work(trx);
  });
  /** Still waiting for a lock after 200 ms, on PostgreSQL. */
  const waits = (work: Work) => expect(db().transaction().execute(async (trx) => {
    await sql`set local lock_timeout = '200ms'`.execute(trx);
    await work(trx);
  })).rejects.toThrow(/lock timeout/);

  it.runIf(kind === 'postgres')('two requests that each write a row pointing to a pair and then change the pair run one after the other (no deadlock)', async () => {
    const { workspace, mentee, mentor, pair } = await activePair();
    // Both have written their row (a goal, a message about the pair) before either changes the pair.
    let arrived = 0;
    let allArrived!: () => void;
    const together = new Promise<void>((resolve) => { allArrived = resolve; });
    const pause = (by: Person, write: Work) => db().transaction().execute(async (trx) => {
      await write(trx);
      arrived += 1;
      if (arrived === 2) allArrived();
      await together;
      return pairs.transitionPair(trx, pair.id, { from: ['active'], to: 'paused', patch: { paused_until: later(60 * 24 * 14) }, actorId: by.id, at: later(1) });
    });
    const [byMentee, byMentor] = valuesOf(await Promise.allSettled([
      pause(mentee, goal(pair.id, mentee)),
      pause(mentor, (trx) => deliveries.claimDelivery(trx, { workspaceId: workspace.id, idempotencyKey: `note:${pair.id}`, kind: 'pair.note', personId: mentee.id, matchId: pair.id })),
    ]));
    // One paused the pair; the other, run after it, found it paused already.
    expect([byMentee?.state, byMentor?.state].sort()).toEqual(['paused', undefined]);
    expect((await pairs.listPairEvents(db(), pair.id)).filter((e) => e.toState === 'paused')).toHaveLength(1);
    expect(await goals.listGoals(db(), pair.id)).toHaveLength(1);
  });

  /** The rows the locks below are taken on: a pair's meeting, an enrolment, a flash session, a pulse. */
  async function lockedRows() {
    const found = await activePair();
    const { workspace, round, mentee, pair } = found;
    const newMeeting = (subject: meetings.MeetingSubject, icsUid: string): meetings.NewMeeting => ({
      workspaceId: workspace.id, subject, slots: [HOUR_SLOT], recurring: false, timeZone: 'Europe/Paris', slotSource: 'ics', fallback: null, requestedBy: mentee.id, icsUid, at: T0,
    });
    const meeting = (await meetings.createMeeting(db(), newMeeting({ matchId: pair.id }, 'first@test')))!;
    await enrollments.startEnrollment(db(), { workspaceId: workspace.id, roundId: round.id, personId: mentee.id, role: 'mentee' });
    const session = (await flash.createFlashSession(db(), { workspaceId: workspace.id, askerId: mentee.id, topic: 'leadership', question: 'How do I start?', at: T0 }))!;
    const pulse = await pulses.ensurePulse(db(), { roundId: round.id, kind: 'periodic', period: 1, opensAt: T0, closesAt: later(60 * 24 * 7) });
    return { ...found, newMeeting, meeting, session, pulse };
  }

  /**
   * Each lock taken to change a row: `lock` takes it, `again` asks for it a second time (or takes
   * the lock it must exclude), and `pointing` writes a row pointing to the locked one, where one can.
   */
  const LOCKS: Record<string, (rows: Awaited<ReturnType<typeof lockedRows>>) => { lock: Work; again: Work; pointing?: Work }> = {
    'a pair': ({ pair, mentee, mentor }) => ({
      lock: (trx) => pairs.transitionPair(trx, pair.id, { from: ['active'], to: 'paused', patch: { paused_until: later(60 * 24 * 14) }, actorId: mentee.id, at: later(1) }),
      again: (trx) => pairs.transitionPair(trx, pair.id, { from: ['active', 'paused'], to: 'ended', patch: { ended_at: later(2) }, actorId: mentor.id, at: later(2) }),
      pointing: goal(pair.id, mentor),
    }),
    'a meeting (a pick)': ({ meeting }) => ({ lock: (trx) => meetings.getMeeting(trx, meeting.id, true), again: (trx) => meetings.getMeeting(trx, meeting.id, true) }),
    'a meeting (a new search)': ({ meeting, pair, newMeeting }) => ({
      lock: (trx) => meetings.getMeeting(trx, meeting.id, true), again: (trx) => meetings.createMeeting(trx, newMeeting({ matchId: pair.id }, 'second@test')),
    }),
    'an enrolment': ({ round, mentee }) => {
      const find: Work = (trx) => enrollments.findEnrollment(trx, round.id, mentee.id, 'mentee', true);
      return { lock: find, again: find };
    },
    'a flash session': ({ session, newMeeting }) => ({
      lock: (trx) => flash.getFlashSession(trx, session.id, true), again: (trx) => flash.getFlashSession(trx, session.id, true),
      pointing: (trx) => meetings.createMeeting(trx, newMeeting({ flashSessionId: session.id }, 'flash@test')),
    }),
    'a program': ({ workspace, program, lead }) => ({
      lock: (trx) => programs.getProgram(trx, program.id, 'no key update'), again: (trx) => programs.getProgram(trx, program.id, 'no key update'),
      pointing: (trx) => rounds.createRound(trx, { workspaceId: workspace.id, programId: program.id, name: 'Autumn', createdBy: lead.id }),
    }),
    // The program form's first step may rename it: that lock waits for the others too.
    'a program (its name saved)': ({ program }) => ({
      lock: (trx) => programs.getProgram(trx, program.id, 'no key update'), again: (trx) => programs.getProgram(trx, program.id, 'update'),
    }),
    // A release waits for an answer being written (its pulse read under a share lock), and the other way round.
    'a pulse (its release)': ({ pulse }) => ({ lock: (trx) => pulses.lockPulsesForRelease(trx, [pulse.id]), again: (trx) => pulses.getPulse(trx, pulse.id, 'share') }),
    'a pulse (an answer)': ({ pulse }) => ({ lock: (trx) => pulses.getPulse(trx, pulse.id, 'share'), again: (trx) => pulses.lockPulsesForRelease(trx, [pulse.id]) }),
  };

  it.each(Object.keys(LOCKS))('%s: its lock is taken in a transaction', async (name) => {
    const { lock } = LOCKS[name]!(await lockedRows());
    await expect(db().transaction().execute(async (trx) => { await lock(trx); })).resolves.toBeUndefined();
  });

  it.runIf(kind === 'postgres').each(Object.keys(LOCKS))('%s: its lock keeps a second locker waiting, and lets rows pointing to its row be written', async (name) => {
    const { lock, again, pointing } = LOCKS[name]!(await lockedRows());
    await whileHeldOpen(db(), lock, async () => {
      if (pointing) await goesThrough(pointing);
      await waits(again);
    });
  });
});
