// Teams redelivers an activity whose answer failed. A turn is marked processed only once it
// succeeded: one whose reply was refused (429 after botbuilder's own retries) or whose database
// write failed runs again on the redelivery, and acts once in all; a turn that succeeded is not
// run again.
import { afterEach, describe, expect, it } from 'vitest';
import { failNextWrite } from '../../support/database-blip.ts';
import { databaseKinds } from '../../support/databases.ts';
import { rowCounts } from '../../support/slack-state.ts';
import { createTeamsHarness, type TeamsHarness } from '../../support/teams-harness.ts';
import { MENTEE_ANSWERS, answerSteps, answersAsked, openTeamsRound, personIdOf } from '../../support/teams-journey.ts';
import type { TeamsUser } from '../../support/teams-user.ts';

type Json = Record<string, unknown>;

/** Every activity the user posts, so that a test can post one again as Teams' redelivery does. */
function recording(user: TeamsUser): Json[] {
  const posted: Json[] = [];
  const post = user.post.bind(user);
  user.post = async (activity, token) => { posted.push(activity); return post(activity, token); };
  return posted;
}

/** More 429s than botbuilder's pipeline retries (3): the turn's reply fails. */
const REFUSE_REPLY = { remaining: 4, retryAfterSeconds: 0 };

describe.each(databaseKinds)('Teams turns redelivered after a failure on %s', (kind) => {
  let env: TeamsHarness;
  afterEach(async () => { await env?.dispose(); });

  it('a command whose reply got 429s acts once: the redelivery sends the reply its turn could not', async () => {
    env = await createTeamsHarness(kind);
    const ada = env.user('Ada');
    await ada.say('help');
    const shown = ada.messages().length;
    const activity = ada.activity({ type: 'message', text: 'lang fr', textFormat: 'plain' });
    env.connector.throttle = { ...REFUSE_REPLY };
    expect((await ada.post(activity)).status).toBe(500);
    expect(ada.messages()).toHaveLength(shown);
    // The command committed: the turn is done, and its reply waits in its journal.
    const journal = () => env.database.db.selectFrom('adapter_state').select('kind').where('kind', '=', 'teams.turn_output').execute();
    expect(await journal()).toHaveLength(1);
    const audits = (await rowCounts(env.database.db)).audit_log;
    // The redelivery sends the reply, once, without running the command again.
    expect((await ada.post(activity)).status).toBe(200);
    expect(await journal()).toEqual([]);
    expect((await rowCounts(env.database.db)).audit_log).toBe(audits);
    expect(ada.messages()).toHaveLength(shown + 1);
    expect(ada.lastText()).toContain('français');
    // Done now: another redelivery does nothing.
    const counts = await rowCounts(env.database.db);
    expect((await ada.post(activity)).status).toBe(200);
    expect(ada.messages()).toHaveLength(shown + 1);
    expect(await rowCounts(env.database.db)).toEqual(counts);
  }, 120_000);

  it('a survey submission whose confirmation got 429s is stored once, and confirmed once, after the redelivery', async () => {
    env = await createTeamsHarness(kind, { start: new Date('2027-03-03T09:00:00Z') });
    const { round } = await openTeamsRound(env);
    const mia = env.user('Mia');
    await mia.install();
    await mia.say('find');
    await answerSteps(mia, MENTEE_ANSWERS, 3);
    const posted = recording(mia);
    const lastStep = answersAsked(mia, MENTEE_ANSWERS);
    env.connector.throttle = { ...REFUSE_REPLY };
    await expect(mia.fill(lastStep)).rejects.toThrow(/answered 500/);
    const last = posted.at(-1)!;
    const confirmations = () => mia.messages().filter((m) => JSON.stringify(m.activity).includes('your answers are saved')).length;
    expect(confirmations()).toBe(0);

    const again = await mia.post(last);
    expect(again.status).toBe(200);
    expect(confirmations()).toBe(1);
    const menteeId = await personIdOf(env, mia);
    const enrollments = await env.database.db.selectFrom('enrollments').select(['status']).where('round_id', '=', round.id).where('person_id', '=', menteeId).execute();
    expect(enrollments).toEqual([{ status: 'submitted' }]);
    const counts = await rowCounts(env.database.db);
    expect((await mia.post(last)).status).toBe(200);
    expect(confirmations()).toBe(1);
    expect(await rowCounts(env.database.db)).toEqual(counts);
  }, 120_000);

  it('a command that failed on a database error acts once on the redelivery', async () => {
    env = await createTeamsHarness(kind);
    const ada = env.user('Ada');
    await ada.say('help');
    await failNextWrite(env.database.db, 'people', 'update');
    const activity = ada.activity({ type: 'message', text: 'lang fr', textFormat: 'plain' });
    expect((await ada.post(activity)).status).toBe(200);
    expect(ada.lastText()).toContain('nothing was changed');
    const before = await env.database.db.selectFrom('people').select('locale').where('platform_user_id', '=', 'aad-ada').executeTakeFirstOrThrow();
    expect(before.locale).not.toBe('fr');
    const shown = ada.messages().length;
    expect((await ada.post(activity)).status).toBe(200);
    expect(ada.messages()).toHaveLength(shown + 1);
    expect(ada.lastText()).toContain('français');
    expect((await ada.post(activity)).status).toBe(200);
    expect(ada.messages()).toHaveLength(shown + 1);
  });

  it('a turn that succeeded and is redelivered does nothing the second time', async () => {
    env = await createTeamsHarness(kind);
    const ada = env.user('Ada');
    await ada.install();
    const activity = ada.activity({ type: 'message', text: 'lang fr', textFormat: 'plain' });
    expect((await ada.post(activity)).status).toBe(200);
    const shown = ada.messages().length;
    const counts = await rowCounts(env.database.db);
    const people = await env.database.db.selectFrom('people').selectAll().execute();
    for (let i = 0; i < 3; i += 1) expect((await ada.post(activity)).status).toBe(200);
    expect(ada.messages()).toHaveLength(shown);
    expect(await rowCounts(env.database.db)).toEqual(counts);
    expect(await env.database.db.selectFrom('people').selectAll().execute()).toEqual(people);
  });
// A loaded machine starts an app slowly; no assertion here is about time.
}, 180_000);
