// Closing with the wins through Teams (botbuilder's CloudAdapter, the fake Bot Connector): the
// mentee ends the pair with `end`, both get the closing card, the mentee writes her wins in the
// card's form, and `wins` offers the wins log through the file consent card, uploaded on acceptance.
import { afterEach, describe, expect, it } from 'vitest';
import { insertProposedPair, transitionPair } from '../../../src/db/repositories/pair.repository.ts';
import { databaseKinds } from '../../support/databases.ts';
import { createTeamsHarness, type TeamsHarness } from '../../support/teams-harness.ts';
import { openTeamsRound, personIdOf } from '../../support/teams-journey.ts';

describe.each(databaseKinds)('closing with the wins through Teams on %s', (kind) => {
  let env: TeamsHarness;
  afterEach(async () => { await env?.dispose(); });

  it('`end` asks both, the wins stay private and the log is offered as a file', async () => {
    env = await createTeamsHarness(kind, { start: new Date('2027-03-22T07:00:00Z') });
    const { round } = await openTeamsRound(env);
    const mia = env.user('Mia');
    const omar = env.user('Omar');
    await mia.install();
    await omar.install();
    const db = env.database.db;
    const now = env.clock.now();
    const proposed = await insertProposedPair(db, {
      workspaceId: round.workspaceId, programId: round.programId, roundId: round.id, menteeId: await personIdOf(env, mia), mentorId: await personIdOf(env, omar), score: 80, reasons: [], source: 'round',
    }, now, new Date(now.getTime() + 72 * 3_600_000));
    await transitionPair(db, proposed.id, { from: ['proposed'], to: 'active', patch: { activated_at: now }, actorId: null, at: now });

    await mia.say('end');
    await mia.click('End the pairing');
    await mia.fill({ reason: 'TEAMS-PRIVATE-REASON' });
    await env.runDueJobs();
    expect(mia.text()).toContain('time to look back');
    expect(omar.text()).toContain('time to look back');

    await mia.click('Write my wins');
    await mia.fill({ wins: 'TEAMS-WIN first talk given', learnt: 'TEAMS-LEARNT', partnerWord: 'Merci Omar' });
    await env.runDueJobs();
    expect(omar.text()).toContain('Merci Omar');
    expect(omar.text()).not.toContain('TEAMS-WIN');
    expect(omar.text()).not.toContain('TEAMS-LEARNT');

    await mia.say('wins');
    const offer = mia.messages().map((m) => m.activity as { attachments?: { contentType: string; name: string; content: { acceptContext: unknown } }[] })
      .find((a) => a.attachments?.[0]?.contentType === 'application/vnd.microsoft.teams.card.file.consent');
    const consent = offer!.attachments![0]!;
    expect(consent.name).toMatch(/^wins-log-2027-\d\d-\d\d\.md$/u);
    const uploadInfo = { name: consent.name, uploadUrl: env.connector.uploadUrl(`mia-${consent.name}`), contentUrl: 'https://contoso-my.sharepoint.com/x', uniqueId: 'mia', fileType: 'md' };
    const { status } = await mia.post(mia.activity({ type: 'invoke', name: 'fileConsent/invoke', value: { type: 'fileUpload', action: 'accept', context: consent.content.acceptContext, uploadInfo } }));
    expect(status).toBe(200);
    const uploaded = [...env.connector.uploads.values()].map((u) => u.body.toString('utf8'));
    expect(uploaded).toHaveLength(1);
    expect(uploaded[0]).toContain('TEAMS-WIN first talk given');
    expect(uploaded[0]).toContain('TEAMS-LEARNT');
    expect(uploaded[0]).not.toContain('TEAMS-PRIVATE-REASON');
  });
});
