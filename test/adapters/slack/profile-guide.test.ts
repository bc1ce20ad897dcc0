// `/mentor profile`, profiles on proposal cards and `/mentor guide` through Slack: the profile
// modal and its errors, the mentee's consented objective on the mentor's card only, the first
// guide after the intro, in English and French, every view checked against Block Kit's limits.
import { afterEach, describe, expect, it } from 'vitest';
import { getProfile } from '../../../src/db/repositories/profile.repository.ts';
import { databaseKinds } from '../../support/databases.ts';
import { menteeAnswers, mentorAnswers } from '../../support/employee-fixtures.ts';
import { runRound } from '../../support/fixtures.ts';
import { completeSurveyModal, openSlackRound, proposeAndSend } from '../../support/slack-journey.ts';
import { SlackPlatform } from '../../support/slack-platform.ts';

const OBJECTIVE = 'Lead a product team of five within two years.';

describe.each(databaseKinds)('profiles and guides through Slack on %s', (kind) => {
  let env: SlackPlatform;
  afterEach(async () => { await env?.dispose(); });

  it('edits a profile in a modal, shows it on the proposal with the consented objective, and sends the first guide after the intro', { timeout: 120_000 }, async () => {
    env = await SlackPlatform.start(kind, { start: new Date('2027-03-01T08:00:00Z'), transport: 'http' });
    const { round } = await openSlackRound(env);
    const mia = env.person('Mia', { tz: 'Europe/Paris' });
    const kenji = env.person('Kenji', { tz: 'Asia/Tokyo' });

    // The profile modal opens with the command's trigger_id, pre-filled with the defaults.
    await mia.command('/mentor profile');
    expect(env.fake.callsOf('views.open').at(-1)!.args.trigger_id).toBe(mia.lastTrigger());
    await mia.submit({ title: 'Product analyst', bio: 'x'.repeat(161), timezone: 'Mars/Olympus' });
    expect(mia.lastErrors?.bio).toContain('160');
    await mia.submit({ title: 'Product analyst', bio: 'Curious about people and numbers.', timezone: 'Mars/Olympus' });
    expect(mia.lastErrors?.timezone).toContain('Unknown time zone');
    await mia.submit({ title: 'Product analyst', bio: 'Curious about people and numbers.', timezone: 'Europe/Lisbon', workDays: ['1', '2', '3'] });
    expect(mia.lastErrors).toBeUndefined();
    expect(mia.text()).toContain('Your profile is saved.');
    expect(await getProfile(env.database.db, await mia.personId())).toMatchObject({ title: 'Product analyst', timezone: 'Europe/Lisbon', workingHours: { startMin: 540, endMin: 1020, days: [1, 2, 3] } });

    await kenji.command('/mentor lang fr');
    await kenji.command('/mentor profil');
    await kenji.submit({ title: 'VP Engineering', bio: 'Trois équipes montées de zéro.', timezone: 'Asia/Tokyo' });
    expect(kenji.text()).toContain('Votre profil est enregistré.');

    // The survey asks for consent to share the objective; Mia gives it.
    await mia.command('/mentor find');
    await completeSurveyModal(mia, { ...menteeAnswers, careerObjective: OBJECTIVE, shareObjective: true });
    await kenji.command('/mentor offer');
    await completeSurveyModal(kenji, mentorAnswers(1));

    await runRound(env, round);
    await proposeAndSend(env, round, mia, kenji);
    const kenjiText = kenji.text();
    expect(kenjiText).toContain('Qui est cette personne');
    expect(kenjiText).toContain('Product analyst');
    expect(kenjiText).toContain('Curious about people and numbers.');
    expect(kenjiText).toContain('Son objectif, partagé avec vous');
    expect(kenjiText).toContain(OBJECTIVE);
    expect(mia.text()).toContain('VP Engineering');
    expect(mia.text()).not.toContain('shared with you');
    // The objective went out in one message only: Kenji's proposal card.
    const carrying = env.fake.callsOf('chat.postMessage').filter((c) => JSON.stringify(c.args).includes(OBJECTIVE));
    expect(carrying).toHaveLength(1);

    await mia.click('Accept');
    await kenji.click('Accepter');
    await env.runDueJobs();
    expect(mia.text()).toContain('Now that you are paired, here is a short guide for your role. Type /mentor guide any time to read it again.');
    expect(mia.text()).toContain('What makes a good mentee');
    expect(kenji.text()).toContain('Ce qui fait un bon mentor');

    await mia.command('/mentor guide mentor');
    expect(mia.text()).toContain('Give feedback that points to improvement without discouraging');
    const count = (text: string) => text.split('Put advice into practice').length - 1;
    const before = count(mia.text());
    await mia.click('Guide for mentees');
    expect(count(mia.text())).toBeGreaterThan(before);
  });
});
