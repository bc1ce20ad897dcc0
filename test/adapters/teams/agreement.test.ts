// The pair's agreement through Teams (botbuilder's CloudAdapter, the fake Bot Connector) on both
// databases: each member agrees on their own copy of the intro, the partner hears of the first,
// a change suggested through the form re-opens it for both, and `status` shows who agreed when.
// A second press and a malformed action change nothing.
import { afterEach, describe, expect, it } from 'vitest';
import { getAgreement } from '../../../src/db/repositories/agreement.repository.ts';
import { claimDelivery } from '../../../src/db/repositories/delivery.repository.ts';
import { insertProposedPair, transitionPair } from '../../../src/db/repositories/pair.repository.ts';
import type { Pair } from '../../../src/domain/model.ts';
import { deliveryJob } from '../../../src/flows/context.ts';
import { databaseKinds } from '../../support/databases.ts';
import { createTeamsHarness, type TeamsHarness } from '../../support/teams-harness.ts';
import { openTeamsRound, personIdOf } from '../../support/teams-journey.ts';
import type { TeamsUser } from '../../support/teams-user.ts';

describe.each(databaseKinds)('the agreement through Teams on %s', (kind) => {
  let env: TeamsHarness;
  afterEach(async () => { await env?.dispose(); });

  async function introduced(): Promise<{ mia: TeamsUser; omar: TeamsUser; pair: Pair }> {
    env = await createTeamsHarness(kind, { start: new Date('2027-03-22T07:00:00Z') });
    const { round } = await openTeamsRound(env);
    const mia = env.user('Mia');
    const omar = env.user('Omar');
    await mia.install();
    await omar.install();
    const ids = [await personIdOf(env, mia), await personIdOf(env, omar)] as const;
    const db = env.database.db;
    const now = env.clock.now();
    const proposed = await insertProposedPair(db, {
      workspaceId: round.workspaceId, programId: round.programId, roundId: round.id, menteeId: ids[0], mentorId: ids[1], score: 80, reasons: [], source: 'round',
    }, now, new Date(now.getTime() + 72 * 3_600_000));
    const pair = (await transitionPair(db, proposed.id, { from: ['proposed'], to: 'active', patch: { activated_at: now }, actorId: null, at: now }))!;
    await claimDelivery(db, { workspaceId: pair.workspaceId, idempotencyKey: `pair.intro:${pair.id}`, kind: 'pair.intro', personId: null, matchId: pair.id, payload: { matchId: pair.id, recipients: ids.join(',') } });
    await env.scheduler.schedule(deliveryJob(`pair.intro:${pair.id}`));
    await env.runDueJobs();
    return { mia, omar, pair };
  }

  it('each agrees on their copy of the intro; a change re-opens it for both; duplicates and malformed actions change nothing', async () => {
    const { mia, omar, pair } = await introduced();
    expect(mia.text()).toContain('How to end');
    await mia.click('I agree');
    expect(mia.text()).toContain('I have told Omar');
    await env.runDueJobs();
    expect(omar.text()).toContain('Mia agrees');
    const once = await getAgreement(env.database.db, pair.id);

    // A second press on her copy: answered, nothing more recorded or sent.
    await mia.click('I agree');
    expect(mia.text()).toContain('You have already agreed to this version');
    // A malformed action: its data is not a reference.
    const { status } = await mia.post(mia.activity({
      type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: 'mentor.click', data: { ref: 42, extra: { nested: true } } }, trigger: 'manual' },
    }));
    // Refused at the edge, as every malformed payload is.
    expect(status).toBe(400);
    expect(await getAgreement(env.database.db, pair.id)).toEqual(once);

    // Omar suggests a change instead of agreeing: both confirm the new version.
    await omar.click('Suggest a change');
    await omar.fill({ terms: 'We meet every two weeks, on Thursday mornings.' });
    expect(omar.text()).toContain('Sent to Mia');
    await env.runDueJobs();
    expect(mia.text()).toContain('Omar suggests a change to your agreement');
    expect(await getAgreement(env.database.db, pair.id)).toMatchObject({ version: 2, menteeAgreedAt: null, mentorAgreedAt: null });
    await mia.click('I agree');
    await env.runDueJobs();
    await omar.click('I agree');
    expect(omar.text()).toContain('you both agree');
    await env.runDueJobs();
    expect(mia.text()).toContain('Your agreement is recorded');
    expect((await getAgreement(env.database.db, pair.id))?.agreedAt).toBeInstanceOf(Date);
    await omar.say('status');
    expect(omar.text()).toContain('Added by Omar: We meet every two weeks, on Thursday mornings.');
    expect(omar.text()).toContain('Mia agreed on 22 March 2027.');
  });
});
