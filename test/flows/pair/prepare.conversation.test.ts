import { afterEach, describe, expect, it } from 'vitest';
import { parseCommand } from '../../../src/domain/commands/parse-command.ts';
import { listCheckins } from '../../../src/db/repositories/checkin.repository.ts';
import { questionsFor, stageOf } from '../../../src/flows/pair/question-bank.ts';
import { preparationTime } from '../../../src/flows/pair/prepare.ts';
import { createMeeting, markBooked, markBooking } from '../../../src/db/repositories/meeting.repository.ts';
import type { Card, UiContent } from '../../../src/ui/model.ts';
import { databaseKinds } from '../../support/databases.ts';
import { activePair, openRound } from '../../support/employee-fixtures.ts';
import { createMemoryPlatform, type MemoryPlatform, type TestPerson } from '../../support/memory-platform.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;

const preparations = (p: TestPerson): Card[] => p.inbox().filter((c: UiContent): c is Card => c.kind === 'card' && /^(Prepare your meeting|Préparez votre rencontre)/u.test(c.header.title));

describe('preparation: stages, questions and timing', () => {
  it('picks the stage from the first meeting, the goals and the program end', () => {
    expect(stageOf({ firstMeetingAt: null, goalCount: 2, lastBeforeEnd: true })).toBe('first_meeting');
    expect(stageOf({ firstMeetingAt: new Date(), goalCount: 0, lastBeforeEnd: false })).toBe('goal_setting');
    expect(stageOf({ firstMeetingAt: new Date(), goalCount: 1, lastBeforeEnd: false })).toBe('midway');
    expect(stageOf({ firstMeetingAt: new Date(), goalCount: 1, lastBeforeEnd: true })).toBe('closing');
  });
  it('gives three different questions of the stage, moving on by one each period', () => {
    expect(questionsFor('midway', 1)).toEqual(['prepare.q.midway.1', 'prepare.q.midway.2', 'prepare.q.midway.3']);
    expect(questionsFor('midway', 2)).toEqual(['prepare.q.midway.2', 'prepare.q.midway.3', 'prepare.q.midway.4']);
    expect(questionsFor('midway', 5)).toEqual(['prepare.q.midway.5', 'prepare.q.midway.1', 'prepare.q.midway.2']);
    expect(new Set(questionsFor('closing', 7)).size).toBe(3);
  });
  it('prepares the day before, and not at all once that moment has passed', () => {
    const due = new Date('2027-03-08T09:00:00Z');
    expect(preparationTime(due, new Date('2027-03-01T09:00:00Z'))).toEqual(new Date('2027-03-07T09:00:00Z'));
    expect(preparationTime(due, new Date('2027-03-07T10:00:00Z'))).toBeUndefined();
  });
  it('parses prepare, prepare on|off in both languages and refuses anything else', () => {
    expect(parseCommand({ text: 'prepare' })).toEqual({ ok: true, command: { name: 'prepare' } });
    expect(parseCommand({ text: 'préparer off' })).toEqual({ ok: true, command: { name: 'prepare', setting: 'off' } });
    expect(parseCommand({ text: 'preparation activer' })).toEqual({ ok: true, command: { name: 'prepare', setting: 'on' } });
    expect(parseCommand({ text: 'prepare maybe' })).toMatchObject({ ok: false, reason: 'invalid_argument', input: 'maybe' });
    expect(parseCommand({ text: 'prepare off now' })).toMatchObject({ ok: false, reason: 'unexpected_argument' });
  });
});

// Generous: the embedded database's first start is slow on a busy machine.
describe.each(databaseKinds)('preparing the session on %s', { timeout: 90_000 }, (kind) => {
  let env: MemoryPlatform;
  afterEach(async () => { await env?.dispose(); });

  /** Mia (mentee, French) and Omar (mentor, English), weekly check-ins from Monday 8 March 2027 at 10:00 Paris. */
  async function setup() {
    env = await createMemoryPlatform(kind, { start: new Date('2027-03-01T08:00:00Z') });
    const { round } = await openRound(env, { state: 'running', settings: { checkinCadence: 'P1W' } });
    const mia = env.person('Mia', { locale: 'fr-FR' });
    const omar = env.person('Omar');
    await mia.type('/mentor aide');
    await omar.type('/mentor help');
    const pair = await activePair(env, round, mia, omar);
    return { mia, omar, pair, round };
  }

  it('the day before the check-in each member gets the goals with progress and the first meeting’s questions, once', async () => {
    const { mia, omar, pair } = await setup();
    await omar.type('/mentor goals');
    await omar.click('Add a goal');
    await omar.submit({ title: 'Negotiate the 2028 budget', measure: 'Budget approved', targetDate: '2027-05-01' });
    await omar.click('Progress 1');
    await omar.submit({ progress: 30 });
    const keys = env.scheduler.pending('pair.prepare').map((j) => j.key).sort();
    const checkins = (await listCheckins(env.database.db, pair.id)).filter((c) => c.status === 'scheduled');
    expect(keys).toEqual(checkins.map((c) => `pair.prepare:${c.id}`).sort());

    await env.advance(6 * DAY - 30 * 60_000);
    expect(preparations(omar)).toHaveLength(0);
    await env.advance(2 * HOUR);
    const [prep, ...more] = preparations(omar);
    expect(more).toHaveLength(0);
    const text = JSON.stringify(prep);
    expect(prep!.header.title).toBe('Prepare your meeting with Mia');
    expect(text).toContain('Your next check-in with Mia is on 8 March 2027 at 10:00');
    expect(text).toContain('Stage: First meeting');
    expect(text).toContain('Negotiate the 2028 budget');
    expect(text).toContain('30 %');
    expect(text).toContain('What do you each expect from this mentoring');
    expect(text).toContain('How often will you meet, for how long');
    expect(JSON.stringify(preparations(mia))).toContain('Préparez votre rencontre avec Omar');
    expect(JSON.stringify(preparations(mia))).toContain('Étape\u00a0: Première rencontre');

    // The job again (a retry, a second worker): nothing more is sent.
    const checkin = checkins.find((c) => c.personId === pair.mentorId)!;
    await env.core.runJob('pair.prepare', { checkinId: checkin.id });
    await env.runDueJobs();
    expect(preparations(omar)).toHaveLength(1);
  });

  it('names the pair’s booked meeting instead of the check-in date', async () => {
    const { omar, pair } = await setup();
    const db = env.database.db;
    const slot = { start: new Date('2027-03-09T13:00:00Z'), end: new Date('2027-03-09T14:00:00Z') };
    const meeting = await createMeeting(db, {
      workspaceId: pair.workspaceId, subject: { matchId: pair.id }, slots: [slot], recurring: false, timeZone: 'Europe/Paris',
      slotSource: 'ics', fallback: null, requestedBy: pair.mentorId, icsUid: 'prepare-test@mentor', at: env.clock.now(),
    });
    await markBooking(db, meeting!.id, { slot, picks: {}, chosenBy: pair.mentorId, rrule: null, at: env.clock.now() });
    await markBooked(db, meeting!.id, { provider: 'ics', externalIds: {}, joinUrl: null, fallback: null, at: env.clock.now() });
    await omar.type('/mentor prepare');
    const text = JSON.stringify(omar.seen.at(-2));
    expect(text).toContain('You meet Mia on 9 March 2027 at 14:00');
    expect(text).not.toContain('Your next check-in');
  });

  it('quotes the next steps agreed last time, and moves to the questions of the way', async () => {
    const { mia, omar } = await setup();
    await omar.type('/mentor goals');
    await omar.click('Add a goal');
    await omar.submit({ title: 'Negotiate the 2028 budget', measure: 'Budget approved', targetDate: '2027-05-01' });
    await env.advance(7 * DAY + 2 * HOUR);
    await mia.click('Répondre');
    await mia.submit({ met: 'yes', usefulness: 4, nextSteps: 'Draft the budget deck', privateNote: 'MIA-PRIVATE' });
    await omar.click('Answer');
    await omar.submit({ met: 'yes', usefulness: 4 });
    await env.advance(6 * DAY);
    const latest = preparations(omar).at(-1)!;
    const text = JSON.stringify(latest);
    expect(text).toContain('Stage: On the way');
    expect(text).toContain('Agreed last time (shared):');
    expect(text).toContain('Draft the budget deck');
    expect(text).not.toContain('MIA-PRIVATE');
    // Period 2: the window has moved on by one.
    expect(text).toContain('Where are you stuck');
    expect(text).not.toContain('Which advice did you apply');
  });

  it('asks goal-setting questions after a first meeting with no goal, and closing ones before the program ends', async () => {
    const { mia, omar, round } = await setup();
    await env.advance(7 * DAY + 2 * HOUR);
    await mia.click('Répondre');
    await mia.submit({ met: 'yes', usefulness: 4 });
    await env.advance(6 * DAY);
    expect(JSON.stringify(preparations(omar).at(-1))).toContain('Stage: Setting goals');
    expect(JSON.stringify(preparations(omar).at(-1))).toContain('You have no open goal yet');
    await omar.type('/mentor goals');
    await omar.click('Add a goal');
    await omar.submit({ title: 'Negotiate the 2028 budget', measure: 'Budget approved', targetDate: '2027-05-01' });
    // The program ends before a further check-in would fit: the next preparation closes.
    await env.database.db.updateTable('rounds').set({ ends_at: new Date('2027-03-26T00:00:00Z') }).where('id', '=', round.id).execute();
    await env.advance(7 * DAY);
    const closing = JSON.stringify(preparations(omar).at(-1));
    expect(closing).toContain('Stage: Closing');
    expect(closing).toMatch(/wins are you proudest|have you learnt|did each goal get/u);
  });

  it('prepare off stops them (command or button, a second press changes nothing), prepare on brings them back', async () => {
    const { mia, omar } = await setup();
    await env.advance(6 * DAY + 2 * HOUR);
    expect(preparations(mia)).toHaveLength(1);
    await mia.click('Ne plus recevoir ces préparations');
    expect(mia.lastReply()).toContain('je ne vous enverrai plus de préparation');
    await mia.click('Ne plus recevoir ces préparations');
    expect(mia.lastReply()).not.toContain('je ne vous enverrai plus');
    await mia.type('/mentor preparer off');
    expect(mia.lastReply()).toContain('déjà désactivées');
    await env.advance(7 * DAY);
    expect(preparations(mia)).toHaveLength(1);
    expect(preparations(omar)).toHaveLength(2);
    await mia.type('/mentor preparer on');
    expect(mia.lastReply()).toContain('la veille de chaque rencontre');
    await env.advance(7 * DAY);
    expect(preparations(mia)).toHaveLength(2);
    await omar.type('/mentor prepare nope');
    expect(omar.lastReply()).not.toContain('Prepare your meeting');
  });

  it('prepare shows the preparation now with the setting; nothing for someone without an active pair', async () => {
    const { omar } = await setup();
    await omar.type('/mentor prepare');
    const shown = omar.seen.slice(-2);
    expect(JSON.stringify(shown[0])).toContain('Prepare your meeting with Mia');
    expect(JSON.stringify(shown[1])).toContain('The day before each meeting I send you a preparation');
    const zoe = env.person('Zoe');
    await zoe.type('/mentor prepare');
    expect(zoe.lastReply()).toBe('You have no active pairing to prepare for.');
  });

  it('a paused or ended pair gets no preparation, and one decided before the end is not sent after it', async () => {
    const { mia, omar, pair } = await setup();
    await mia.type('/mentor pause 2w');
    await env.advance(6 * DAY + 2 * HOUR);
    expect(preparations(mia)).toHaveLength(0);
    expect(preparations(omar)).toHaveLength(0);
    await mia.type('/mentor reprendre');
    // Active again: the next period's preparation comes, the day before its check-in.
    await env.advance(7 * DAY);
    expect(preparations(mia)).toHaveLength(1);
    expect(preparations(omar)).toHaveLength(1);
    const scheduled = (await listCheckins(env.database.db, pair.id)).filter((c) => c.status === 'scheduled');
    // Decided, then the pair ends before the delivery runs.
    const next = scheduled.find((c) => c.personId === pair.mentorId)!;
    const before = preparations(omar).length;
    env.clock.set(new Date(next.dueAt.getTime() - DAY + 60_000));
    await env.core.runJob('pair.prepare', { checkinId: next.id });
    await env.database.db.updateTable('matches').set({ state: 'ended', ended_at: env.clock.now() }).where('id', '=', pair.id).execute();
    await env.runDueJobs();
    expect(preparations(omar)).toHaveLength(before);
  });
});
