// The pair's agreement through Slack (Bolt over signed HTTP, the Slack Web API fake) on both
// databases: both members press "I agree" on the intro they share in the group DM; the partner
// hears of the first; the replayed click, a forged button value and a stranger's click change
// nothing; `status` shows who agreed when.
import { afterEach, describe, expect, it } from 'vitest';
import { getAgreement } from '../../../src/db/repositories/agreement.repository.ts';
import { databaseKinds } from '../../support/databases.ts';
import { runRound } from '../../support/fixtures.ts';
import { openSlackRound, proposeAndSend } from '../../support/slack-journey.ts';
import { SlackPlatform } from '../../support/slack-platform.ts';

type Json = Record<string, unknown>;

describe.each(databaseKinds)('the agreement through Slack on %s', (kind) => {
  let env: SlackPlatform;
  afterEach(async () => { await env?.dispose(); });

  it('both agree on the shared intro; duplicates, forged values and strangers change nothing', async () => {
    env = await SlackPlatform.start(kind, { start: new Date('2027-03-22T07:00:00Z') });
    const { round } = await openSlackRound(env, { checkinCadence: 'P2W' });
    const mia = env.person('Mia', { tz: 'Europe/Paris' });
    const kenji = env.person('Kenji', { tz: 'Europe/London' });
    const nora = env.person('Nora', { tz: 'Europe/Paris' });
    for (const user of [mia, kenji, nora]) await user.command('/mentor help');
    await runRound(env, round);
    const pair = await proposeAndSend(env, round, mia, kenji);
    await mia.click('Accept');
    await kenji.click('Accept');
    await env.runDueJobs();
    expect(mia.text()).toContain('How to end');

    const first = await mia.click('I agree');
    expect(first.status).toBe(200);
    await env.runDueJobs();
    expect(mia.text()).toContain('I have told Kenji');
    expect(kenji.text()).toContain('Mia agrees');
    const once = await getAgreement(env.database.db, pair.id);
    expect(once?.menteeAgreedAt).toBeInstanceOf(Date);

    // A second press on the same message, and the first one delivered again (a retry): acknowledged, no second effect.
    expect((await mia.click('I agree')).status).toBe(200);
    expect((await mia.click('I agree', { replay: first.payload })).status).toBe(200);
    await env.runDueJobs();
    // A forged button value: refused, nothing recorded.
    const [action] = first.payload.actions as Json[];
    await mia.click('I agree', { replay: { ...first.payload, actions: [{ ...action, value: 'not-a-reference' }] } });
    // Someone outside the pair replays the intro's button as their own.
    await nora.click('I agree', { replay: { ...first.payload, user: { id: nora.user.id, username: 'nora', name: 'nora', team_id: nora.user.teamId } } });
    expect(await getAgreement(env.database.db, pair.id)).toEqual(once);
    expect(env.fake.callsOf('chat.postMessage').filter((c) => String(JSON.stringify(c.args)).includes('Mia agrees'))).toHaveLength(1);

    await kenji.click('I agree');
    await env.runDueJobs();
    expect(kenji.text()).toContain('you both agree');
    expect(mia.text()).toContain('Your agreement is recorded');
    expect((await getAgreement(env.database.db, pair.id))?.agreedAt).toBeInstanceOf(Date);
    await kenji.command('/mentor status');
    expect(kenji.text()).toMatch(/Agreement: agreed on 22 March 2027/u);
    expect(kenji.text()).toContain('Mia agreed on 22 March 2027.');
    expect(env.fake.problems).toEqual([]);
  });
});
