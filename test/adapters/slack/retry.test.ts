// At least once until done, then exactly once: a Slack request whose run failed (the database
// refused a write, Slack answered 500 or expired_trigger_id) is run again by the person's second
// click, a resubmitted modal or Slack's retry, and then acts once; a duplicate while it runs, or
// after it is done, does nothing; a run whose process died frees its request when its lease ends.
import { afterEach, describe, expect, it } from 'vitest';
import { commandKey } from '../../../adapters/slack/request-keys.ts';
import { claimRequest } from '../../../src/db/repositories/request-dedup.repository.ts';
import { findEnrollment } from '../../../src/db/repositories/enrollment.repository.ts';
import { listGoals } from '../../../src/db/repositories/goal.repository.ts';
import { getPair } from '../../../src/db/repositories/pair.repository.ts';
import { erasePersonalTraces } from '../../../src/db/repositories/person-data.repository.ts';
import { failNextWrite } from '../../support/database-blip.ts';
import { databaseKinds } from '../../support/databases.ts';
import { menteeAnswers, mentorAnswers } from '../../support/employee-fixtures.ts';
import { runRound } from '../../support/fixtures.ts';
import { completeSurveyModal, openSlackRound, proposeAndSend } from '../../support/slack-journey.ts';
import { SlackPlatform } from '../../support/slack-platform.ts';
import type { SlackTestUser } from '../../support/slack-user.ts';

async function proposedPair(env: SlackPlatform): Promise<{ mia: SlackTestUser; kenji: SlackTestUser; pairId: string }> {
  const { round } = await openSlackRound(env);
  const mia = env.person('Mia');
  const kenji = env.person('Kenji');
  await mia.command('/mentor find');
  await completeSurveyModal(mia, menteeAnswers);
  await kenji.command('/mentor offer');
  await completeSurveyModal(kenji, mentorAnswers(1));
  await runRound(env, round);
  const pair = await proposeAndSend(env, round, mia, kenji);
  return { mia, kenji, pairId: pair.id };
}

const acceptances = async (env: SlackPlatform, pairId: string): Promise<number> => {
  const rows = await env.database.db.selectFrom('match_events').select('to_state').where('match_id', '=', pairId).execute();
  return rows.length;
};

describe.each(databaseKinds)('Slack requests retried after a failure on %s', (kind) => {
  let env: SlackPlatform;
  afterEach(async () => { await env?.dispose(); });

  it('a click whose database write failed is run again by the second click, then acts once', async () => {
    env = await SlackPlatform.start(kind);
    const { mia, pairId } = await proposedPair(env);
    await failNextWrite(env.database.db, 'matches', 'update');

    const first = await mia.click('Accept');
    expect(first.status).toBe(200);
    expect(mia.lastMessageText()).toContain('nothing was changed');
    expect((await getPair(env.database.db, pairId))?.menteeAcceptedAt ?? null).toBeNull();

    // The same button on the same message: before, this click was taken for a duplicate.
    const second = await mia.click('Accept');
    expect((await getPair(env.database.db, pairId))?.menteeAcceptedAt).toBeInstanceOf(Date);
    const after = await acceptances(env, pairId);
    const calls = env.fake.calls.length;

    // Done now: the same click again (a double click, a replayed payload) changes nothing.
    await mia.click('', { replay: second.payload });
    expect(env.fake.calls.length).toBe(calls);
    expect(await acceptances(env, pairId)).toBe(after);
    const nonces = await env.database.db.selectFrom('used_action_refs').select('nonce').execute();
    expect(nonces).toHaveLength(1);
    expect(env.fake.problems).toEqual([]);
  });

  it('a click whose message update got a 500 is clicked again: the core acted once and says so', async () => {
    env = await SlackPlatform.start(kind);
    const { mia, pairId } = await proposedPair(env);
    env.fake.failures.set('chat.update', { remaining: 1, error: 500 });
    const first = await mia.click('Accept');
    expect(env.fake.callsOf('chat.update:failed')).toHaveLength(1);
    const accepted = (await getPair(env.database.db, pairId))?.menteeAcceptedAt;
    expect(accepted).toBeInstanceOf(Date);
    const events = await acceptances(env, pairId);

    // The card still shows its buttons: the second click runs again, and the one-shot button
    // (its nonce consumed with the acceptance, in one transaction) does not accept twice.
    await mia.click('', { replay: first.payload });
    expect(mia.lastMessageText()).toContain('already recorded');
    expect((await getPair(env.database.db, pairId))?.menteeAcceptedAt).toEqual(accepted);
    expect(await acceptances(env, pairId)).toBe(events);
    const replies = env.fake.callsOf('respond').length;
    await mia.click('', { replay: first.payload });
    expect(env.fake.callsOf('respond').length).toBe(replies);
  });

  it('a button whose form did not open (500) opens it on the second click, and the goal is saved once', async () => {
    env = await SlackPlatform.start(kind);
    const { mia, kenji, pairId } = await proposedPair(env);
    await mia.click('Accept');
    await kenji.click('Accept');
    await env.runDueJobs();
    await mia.command('/mentor goals');
    env.fake.failures.set('views.open', { remaining: 1, error: 500 });
    const first = await mia.click('Add a goal');
    expect(env.fake.callsOf('views.open:failed')).toHaveLength(1);
    expect(mia.modal).toBeUndefined();
    // The same button on the same reply, clicked again: a fresh trigger, and the form opens.
    const again = `${Date.now()}.3.again`;
    mia.triggers.add(again);
    await mia.click('', { replay: { ...first.payload, trigger_id: again } });
    expect(env.fake.callsOf('views.open').at(-1)?.args.trigger_id).toBe(again);
    expect(mia.modal).toBeDefined();
    await mia.submit({ title: 'Present the roadmap to the board', measure: 'Presentation given', targetDate: '2027-06-30' });
    expect(mia.lastErrors).toBeUndefined();
    expect(await listGoals(env.database.db, pairId)).toHaveLength(1);
  });

  it('a slash command whose reply got a 500 is run again by Slack\'s retry, and answers once', async () => {
    env = await SlackPlatform.start(kind);
    const alice = env.person('Alice');
    env.fake.failures.set('respond', { remaining: 1, error: 500 });
    await alice.command('/mentor help');
    expect(env.fake.callsOf('respond')).toHaveLength(0);
    const trigger = alice.lastTrigger();
    await alice.command('/mentor help', { triggerId: trigger, sign: { retryNum: 1 } });
    expect(env.fake.callsOf('respond')).toHaveLength(1);
    await alice.command('/mentor help', { triggerId: trigger, sign: { retryNum: 2 } });
    expect(env.fake.callsOf('respond')).toHaveLength(1);
  });

  it('a form whose trigger expired is offered by a button that opens the same form, and it saves', async () => {
    env = await SlackPlatform.start(kind);
    const { round } = await openSlackRound(env);
    const mia = env.person('Mia');
    env.fake.failures.set('views.open', { remaining: 1, error: 'expired_trigger_id' });
    await mia.command('/mentor find');
    expect(mia.modal).toBeUndefined();
    const failed = env.fake.callsOf('views.open:failed');
    expect(failed).toHaveLength(1);
    expect(mia.lastMessageText()).toContain('could not open in time');

    await mia.click('Open the form');
    const opened = env.fake.callsOf('views.open').at(-1)!;
    expect(opened.args.trigger_id).toBe(mia.lastTrigger());
    expect(opened.args.view).toEqual(failed[0]!.args.view);
    await completeSurveyModal(mia, menteeAnswers);
    expect((await findEnrollment(env.database.db, round.id, await mia.personId(), 'mentee'))?.status).toBe('submitted');

    // Closed without submitting? The button opens it again (it is not a one-time click).
    const opens = env.fake.callsOf('views.open').length;
    await mia.click('Open the form');
    expect(env.fake.callsOf('views.open')).toHaveLength(opens + 1);
    expect(env.fake.problems).toEqual([]);
  });

  it('a form kept because its trigger expired goes with its person\'s erasure', async () => {
    env = await SlackPlatform.start(kind);
    await openSlackRound(env);
    const mia = env.person('Mia'), noa = env.person('Noa');
    env.fake.failures.set('views.open', { remaining: 2, error: 'expired_trigger_id' });
    await mia.command('/mentor find');
    await noa.command('/mentor find');
    const kept = () => env.database.db.selectFrom('slack_deferred_views').select('user_id').orderBy('user_id').execute();
    expect((await kept()).map((r) => r.user_id)).toEqual([mia.id, noa.id].sort());
    await erasePersonalTraces(env.database.db, await mia.personId(), new Date());
    expect((await kept()).map((r) => r.user_id)).toEqual([noa.id]);
  });

  it('a form that could not open after a one-shot click on the Home tab comes by DM, and still opens after the click is done', async () => {
    env = await SlackPlatform.start(kind);
    const { mia, pairId } = await proposedPair(env);
    await mia.openHome();
    env.fake.failures.set('views.open', { remaining: 1, error: 'expired_trigger_id' });
    await mia.click('Decline', { from: 'home' });
    expect((await getPair(env.database.db, pairId))?.state).toBe('declined');
    // No response_url on the Home tab: the button comes by DM.
    const dm = env.fake.callsOf('chat.postMessage').filter((c) => c.args.channel === `D-${mia.id}`).at(-1)!;
    expect(String(dm.args.text)).toContain('could not open in time');
    // The decline is one-shot and done: running it again would not bring the form back; the kept one does.
    await mia.click('Open the form');
    expect(mia.modal).toBeDefined();
    await mia.submit({ reason: 'Our schedules never overlap' });
    expect(mia.lastErrors).toBeUndefined();
    const row = await env.database.db.selectFrom('matches').select('decline_reason').where('id', '=', pairId).executeTakeFirstOrThrow();
    expect(row.decline_reason).toBe('Our schedules never overlap');
    expect(env.fake.problems).toEqual([]);
  });

  it('the form button works for its person only, in their language, and not after an hour', async () => {
    env = await SlackPlatform.start(kind);
    await openSlackRound(env);
    const camille = env.person('Camille', { locale: 'fr-FR' });
    await camille.command('/mentor aide');
    env.fake.failures.set('views.open', { remaining: 1, error: 'trigger_expired' });
    await camille.command('/mentor trouver');
    expect(camille.lastMessageText()).toContain('n’a pas pu s’ouvrir à temps');
    const { payload } = await camille.click('Ouvrir le formulaire');
    const opens = env.fake.callsOf('views.open').length;

    // The same button sent by someone else: their own click opens nothing.
    const bob = env.person('Bob');
    await bob.command('/mentor help');
    await bob.click('', { replay: { ...payload, user: { ...(payload.user as object), id: bob.id }, response_url: env.fake.responseUrl(bob.id), trigger_id: `${Date.now()}.1.bob` } });
    expect(env.fake.callsOf('views.open')).toHaveLength(opens);
    expect(bob.lastMessageText()).toContain('no longer available');

    // An hour later the kept form is gone, and says so.
    await env.database.db.updateTable('slack_deferred_views').set({ expires_at: new Date(Date.now() - 1) }).execute();
    await camille.click('', { replay: { ...payload, trigger_id: `${Date.now()}.2.cam` } });
    expect(env.fake.callsOf('views.open')).toHaveLength(opens);
    expect(camille.lastMessageText()).toContain('n’est plus disponible');
    expect(await env.database.db.selectFrom('slack_deferred_views').selectAll().execute()).toEqual([]);
  });

  it('a modal submitted again after errors is validated again, and saves once it is right', async () => {
    env = await SlackPlatform.start(kind);
    const { round } = await openSlackRound(env);
    const mia = env.person('Mia');
    await mia.command('/mentor find');
    const wrong = { ...menteeAnswers, careerObjective: 'x'.repeat(501) };
    await mia.submit(wrong);
    expect(Object.values(mia.lastErrors ?? {}).join()).toMatch(/500/);
    // Unchanged and submitted again: the same errors, not an empty answer that closes the modal.
    const again = await mia.submit(wrong);
    expect(JSON.parse(again.body).response_action).toBe('errors');
    expect(mia.modal).toBeDefined();
    await completeSurveyModal(mia, menteeAnswers);
    expect((await findEnrollment(env.database.db, round.id, await mia.personId(), 'mentee'))?.status).toBe('submitted');
  });

  it('a submission whose database write failed keeps the modal open and saves when submitted again', async () => {
    env = await SlackPlatform.start(kind);
    const { round } = await openSlackRound(env);
    const mia = env.person('Mia');
    await mia.command('/mentor find');
    await failNextWrite(env.database.db, 'enrollments', 'insert or update');
    const modal = mia.modal;
    const failed = await mia.submit(menteeAnswers);
    expect(JSON.parse(failed.body).response_action).toBe('errors');
    expect(Object.values(mia.lastErrors ?? {}).join()).toContain('nothing was changed');
    expect(mia.modal).toBe(modal);
    expect(await findEnrollment(env.database.db, round.id, await mia.personId(), 'mentee')).toBeUndefined();
    // The very same submission (same view, same values) runs again.
    await completeSurveyModal(mia, menteeAnswers);
    expect((await findEnrollment(env.database.db, round.id, await mia.personId(), 'mentee'))?.status).toBe('submitted');
    const rows = await env.database.db.selectFrom('enrollments').select('id').execute();
    expect(rows).toHaveLength(1);
  });

  it('a submission acked and stored is done even when the message after it fails: nothing is stored twice', async () => {
    env = await SlackPlatform.start(kind);
    const { round } = await openSlackRound(env);
    const mia = env.person('Mia');
    await mia.command('/mentor find');
    env.fake.failures.set('chat.postMessage', { remaining: 1, error: 500 });
    let submits = 0;
    while (mia.modal && submits < 10) {
      await mia.submit(menteeAnswers);
      submits += 1;
    }
    expect(env.fake.callsOf('chat.postMessage:failed')).toHaveLength(1);
    expect((await findEnrollment(env.database.db, round.id, await mia.personId(), 'mentee'))?.status).toBe('submitted');
    const views = await env.database.db.selectFrom('processed_requests').select('state').where('key', 'like', 'slack:view:%').execute();
    expect(views.map((v) => v.state)).toEqual(Array.from({ length: submits }, () => 'done'));
  });

  it('a duplicate arriving while the first is still running does nothing', async () => {
    env = await SlackPlatform.start(kind);
    await openSlackRound(env);
    const mia = env.person('Mia');
    await mia.command('/mentor help');
    env.fake.delays.set('views.open', 400);
    const trigger = `${Date.now()}.7.dup`;
    const [a, b] = await Promise.all([
      mia.command('/mentor find', { triggerId: trigger }),
      new Promise((resolve) => setTimeout(resolve, 100)).then(() => mia.command('/mentor find', { triggerId: trigger, sign: { retryNum: 1 } })),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(env.fake.callsOf('views.open')).toHaveLength(1);
    const row = await env.database.db.selectFrom('processed_requests').select('state').where('key', '=', commandKey(env.team.id, trigger)).executeTakeFirst();
    expect(row?.state).toBe('done');
  });

  it('a run whose process died holds its request until its lease ends; the retry then acts', async () => {
    env = await SlackPlatform.start(kind);
    await openSlackRound(env);
    const mia = env.person('Mia');
    await mia.command('/mentor help');
    const trigger = `${Date.now()}.9.crash`;
    const key = commandKey(env.team.id, trigger);
    // A process claimed the command and died: its lease is still running.
    expect((await claimRequest(env.database.db, key, { now: new Date(), leaseMs: 30_000 })).status).toBe('claimed');
    await mia.command('/mentor find', { triggerId: trigger, sign: { retryNum: 1 } });
    expect(env.fake.callsOf('views.open')).toHaveLength(0);
    // Its lease has run out: Slack's next retry takes the command over and acts.
    await env.database.db.updateTable('processed_requests').set({ lease_until: new Date(Date.now() - 1) }).where('key', '=', key).execute();
    await mia.command('/mentor find', { triggerId: trigger, sign: { retryNum: 2 } });
    expect(env.fake.callsOf('views.open')).toHaveLength(1);
    await mia.command('/mentor find', { triggerId: trigger, sign: { retryNum: 3 } });
    expect(env.fake.callsOf('views.open')).toHaveLength(1);
  });

  it('an App Home whose publish failed is published by Slack\'s retry of the event', async () => {
    env = await SlackPlatform.start(kind);
    const mia = env.person('Mia');
    env.fake.failures.set('views.publish', { remaining: 1, error: 500 });
    await mia.openHome({ eventId: 'Ev123' });
    expect(env.fake.callsOf('views.publish')).toHaveLength(0);
    await mia.openHome({ eventId: 'Ev123', sign: { retryNum: 1 } });
    expect(env.fake.callsOf('views.publish')).toHaveLength(1);
    await mia.openHome({ eventId: 'Ev123', sign: { retryNum: 2 } });
    expect(env.fake.callsOf('views.publish')).toHaveLength(1);
  });
});
