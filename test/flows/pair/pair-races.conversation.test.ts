// The two members of a pair (or one of them twice) acting on the same rows at the same moment,
// through the bot. On PostgreSQL raceAtRow makes the first request read before the second one
// writes; on the embedded database they run one after the other, as before.
import { afterEach, describe, expect, it } from 'vitest';
import { getAgreement } from '../../../src/db/repositories/agreement.repository.ts';
import { listGoals } from '../../../src/db/repositories/goal.repository.ts';
import { getPair } from '../../../src/db/repositories/pair.repository.ts';
import { failNextWrite } from '../../support/database-blip.ts';
import { databaseKinds } from '../../support/databases.ts';
import { miaAndOmarActive } from '../../support/employee-fixtures.ts';
import { createMemoryPlatform, type MemoryPlatform } from '../../support/memory-platform.ts';
import { raceAtRow, valuesOf } from '../../support/row-race.ts';

const DAY = 86_400_000;

describe.each(databaseKinds)('pair members acting at once on %s', (kind) => {
  let env: MemoryPlatform;
  afterEach(async () => { await env?.dispose(); });

  async function setup() {
    env = await createMemoryPlatform(kind, { start: new Date('2027-03-01T08:00:00Z') });
    return miaAndOmarActive(env);
  }

  async function withGoal() {
    const { mia, omar, pair } = await setup();
    await omar.type('/mentor goals');
    await omar.click('Add a goal');
    await omar.submit({ title: 'Negotiate a budget', measure: 'Budget approved', targetDate: '2027-05-01' });
    const [goal] = await listGoals(env.database.db, pair.id);
    return { mia, omar, pair, goal: goal! };
  }

  it('a new goal sent twice (a double submit, or at the same moment): added once, the second told it is done', async () => {
    const { omar, pair } = await setup();
    await omar.type('/mentor goals');
    await omar.click('Add a goal');
    const form = omar.openForm!;
    // Refused for its values first: the same form stays usable once corrected.
    const refused = await env.core.submit(omar.actor, form.ref, { title: '', measure: 'Budget approved', targetDate: '2027-05-01' });
    expect(refused.type).toBe('errors');
    const values = { title: 'Negotiate a budget', measure: 'Budget approved', targetDate: '2027-05-01' };
    const send = () => env.core.submit(omar.actor, form.ref, values);
    const outcomes = valuesOf(await raceAtRow(env.database, 'people', await omar.id(), [send, send]));
    expect(await listGoals(env.database.db, pair.id)).toHaveLength(1);
    const texts = outcomes.map((o) => JSON.stringify(o));
    expect(texts.filter((t) => t.includes('That was already recorded'))).toHaveLength(1);
    // Later, the same form again: still one goal.
    expect(JSON.stringify(await send())).toContain('That was already recorded');
    expect(await listGoals(env.database.db, pair.id)).toHaveLength(1);
  });

  it('a new goal whose write failed is saved when the same form is sent again: the failed run used nothing up', async () => {
    const { omar, pair } = await setup();
    await omar.type('/mentor goals');
    await omar.click('Add a goal');
    const form = omar.openForm!;
    const values = { title: 'Negotiate a budget', measure: 'Budget approved', targetDate: '2027-05-01' };
    await failNextWrite(env.database.db, 'goals', 'insert');
    expect(JSON.stringify(await env.core.submit(omar.actor, form.ref, values))).toContain('nothing was changed');
    expect(await listGoals(env.database.db, pair.id)).toHaveLength(0);
    expect(JSON.stringify(await env.core.submit(omar.actor, form.ref, values))).not.toContain('That was already recorded');
    expect(await listGoals(env.database.db, pair.id)).toHaveLength(1);
  });

  it('a goal marked done by one member while the other’s check-in moves it forward: it stays done, at 100 %', async () => {
    const { mia, omar, pair, goal } = await withGoal();
    await env.advance(7 * DAY + 2 * 3_600_000);
    await omar.click('Answer');
    await mia.type('/mentor goals');
    valuesOf(await raceAtRow<unknown>(env.database, 'goals', goal.id, [
      () => mia.click('Done 1'),
      () => omar.submit({ met: 'yes', usefulness: 4, [`progress.${goal.id}`]: 60 }),
    ]));
    expect(mia.text()).toContain('marked as achieved');
    expect(omar.lastReply()).toContain('Thank you');
    expect(await listGoals(env.database.db, pair.id)).toMatchObject([{ status: 'done', progress: 100 }]);
  });

  it('a goal marked done by one member while the other saves its progress: it stays done, and the other is told so', async () => {
    const { mia, omar, pair, goal } = await withGoal();
    await omar.click('Progress 1');
    await mia.type('/mentor goals');
    valuesOf(await raceAtRow<unknown>(env.database, 'goals', goal.id, [() => mia.click('Done 1'), () => omar.submit({ progress: 60 })]));
    expect(omar.text()).toContain('Nothing changed: “Negotiate a budget” is already marked as achieved.');
    expect(await listGoals(env.database.db, pair.id)).toMatchObject([{ status: 'done', progress: 100, updatedBy: await mia.id() }]);
  });

  it('both marking a goal done at once: done once, the second told it already was', async () => {
    const { mia, omar, pair, goal } = await withGoal();
    await mia.type('/mentor goals');
    valuesOf(await raceAtRow<unknown>(env.database, 'goals', goal.id, [() => mia.click('Done 1'), () => omar.click('Done 1')]));
    expect(mia.text()).toContain('Well done: “Negotiate a budget” is marked as achieved.');
    expect(omar.text()).toContain('Nothing changed: “Negotiate a budget” is already marked as achieved.');
    expect(omar.text()).not.toContain('Well done');
    expect(await listGoals(env.database.db, pair.id)).toMatchObject([{ status: 'done', progress: 100, updatedBy: await mia.id() }]);
  });

  it('both pausing at once: the pair is paused once, until the first one’s date, and the second is told it is not active any more', async () => {
    const { mia, omar, pair } = await setup();
    valuesOf(await raceAtRow<unknown>(env.database, 'matches', pair.id, [
      () => mia.type('/mentor pause 2w'),
      () => omar.type('/mentor pause 1m'),
    ]));
    expect(mia.lastReply()).toContain('paused until 15 March 2027');
    expect(omar.lastReply()).toContain('You have no active pairing to pause.');
    await env.runDueJobs();
    expect(omar.text()).toContain('paused your mentoring for a while; it resumes automatically on 15 March 2027');
    expect(await getPair(env.database.db, pair.id)).toMatchObject({ state: 'paused', pausedUntil: new Date('2027-03-15T08:00:00Z') });
    expect(env.scheduler.pending('pause.resume').map((j) => j.runAt.toISOString())).toEqual(['2027-03-15T08:00:00.000Z']);
  });

  it('“I agree” reaching the pair just after the partner ended it: told it has ended, nothing recorded', async () => {
    const { mia, omar, pair } = await setup();
    await omar.type('/mentor end');
    await omar.click('End the pairing');
    valuesOf(await raceAtRow<unknown>(env.database, 'matches', pair.id, [() => omar.submit({}), () => mia.click('I agree')]));
    expect(omar.lastReply()).toContain('Your pairing has ended');
    expect(mia.lastReply()).toContain('This pairing has ended, so there is nothing left to agree');
    expect(await getAgreement(env.database.db, pair.id)).toMatchObject({ menteeAgreedAt: null, mentorAgreedAt: null });
  });

  it('a change of the agreement reaching the pair just after the partner ended it: told it has ended, nothing changed', async () => {
    const { mia, omar, pair } = await setup();
    await omar.type('/mentor end');
    await omar.click('End the pairing');
    await mia.click('Suggest a change');
    valuesOf(await raceAtRow<unknown>(env.database, 'matches', pair.id, [() => omar.submit({}), () => mia.submit({ terms: 'We meet on Fridays.' })]));
    expect(mia.lastReply()).toContain('This pairing has ended, so there is nothing left to agree');
    expect(await getAgreement(env.database.db, pair.id)).toMatchObject({ version: 1, terms: null });
  });

  it('“Continue” reaching the pair just after the partner’s “not the right fit” ended it: told it has ended, nothing recorded', async () => {
    const { mia, omar, pair } = await setup();
    await env.advance(7 * DAY + 2 * 3_600_000);
    await mia.click('Answer');
    await mia.submit({ met: 'yes', usefulness: 4 });
    await env.runDueJobs();
    valuesOf(await raceAtRow<unknown>(env.database, 'matches', pair.id, [() => omar.click('Not the right fit'), () => mia.click('Continue')]));
    expect(mia.lastReply()).toContain('This pairing has already ended; nothing was changed.');
    const row = await env.database.db.selectFrom('matches').select(['state', 'mentee_chemistry', 'mentor_chemistry']).where('id', '=', pair.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ state: 'ended', mentee_chemistry: null, mentor_chemistry: 'not_fit' });
  });
});
