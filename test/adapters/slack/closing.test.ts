// Closing with the wins through Slack (Bolt over signed HTTP, the Slack Web API fake): the round
// ends, each member gets the closing card in a DM, writes their wins in a modal, and exports the
// wins log, uploaded with files.uploadV2 in their DM. The partner gets the shared word only.
import { afterEach, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../support/databases.ts';
import { runRound } from '../../support/fixtures.ts';
import { openSlackRound, proposeAndSend } from '../../support/slack-journey.ts';
import { SlackPlatform } from '../../support/slack-platform.ts';

const DAY = 86_400_000;

describe.each(databaseKinds)('closing with the wins through Slack on %s', (kind) => {
  let env: SlackPlatform;
  afterEach(async () => { await env?.dispose(); });

  it('asks both at the round end, keeps the wins private and uploads the wins log', async () => {
    env = await SlackPlatform.start(kind, { start: new Date('2027-03-22T07:00:00Z') });
    const { round } = await openSlackRound(env, { checkinCadence: 'P2W' });
    const mia = env.person('Mia', { tz: 'Europe/Paris' });
    const kenji = env.person('Kenji', { tz: 'Europe/London' });
    await mia.command('/mentor help');
    await kenji.command('/mentor help');
    await runRound(env, round);
    await proposeAndSend(env, round, mia, kenji);
    await mia.click('Accept');
    await kenji.click('Accept');
    await env.runDueJobs();

    const endsAt = new Date(env.clock.now().getTime() + 20 * DAY);
    await env.database.db.updateTable('rounds').set({ ends_at: endsAt }).where('id', '=', round.id).execute();
    await env.scheduler.schedule({ name: 'round.complete', key: `round.complete:${round.id}`, runAt: endsAt, payload: { roundId: round.id } });
    await env.advance(20 * DAY + 60_000);
    expect(mia.text()).toContain('time to look back');
    expect(kenji.text()).toContain('Your wins and what you learnt stay private');

    await mia.click('Write my wins');
    expect(mia.modal).toBeDefined();
    // A malformed submission (the required wins left empty) is refused inline.
    await mia.submit({ wins: '' });
    expect(mia.lastErrors).toHaveProperty('wins');
    await mia.submit({ wins: 'SLACK-WIN shipped the roadmap', partnerWord: 'Thanks Kenji!' });
    expect(mia.lastErrors).toBeUndefined();
    await env.runDueJobs();
    expect(kenji.text()).toContain('Thanks Kenji!');
    expect(kenji.text()).not.toContain('SLACK-WIN');

    await mia.command('/mentor wins');
    await env.settle();
    const uploads = env.fake.callsOf('upload');
    expect(uploads).toHaveLength(1);
    expect(String(uploads[0]!.args.body)).toContain('SLACK-WIN shipped the roadmap');
    const completed = env.fake.callsOf('files.completeUploadExternal');
    expect(String(completed.at(-1)!.args.initial_comment)).toContain('Your wins log');
    expect(env.fake.problems).toEqual([]);
  });
});
