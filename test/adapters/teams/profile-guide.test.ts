// `profile`, profiles on proposal cards and `guide` through Teams: the profile form as an Adaptive
// Card with its errors, the mentee's consented objective on the mentor's card only, the first
// guide in each personal chat after the intro, in English and French, every card validated.
import { afterEach, describe, expect, it } from 'vitest';
import { getProfile } from '../../../src/db/repositories/profile.repository.ts';
import { databaseKinds } from '../../support/databases.ts';
import { runRound } from '../../support/fixtures.ts';
import { adaptiveCardProblems } from '../../support/teams-card-validator.ts';
import { createTeamsHarness, type TeamsHarness } from '../../support/teams-harness.ts';
import { openTeamsRound, personIdOf, proposeAndSend } from '../../support/teams-journey.ts';
import type { TeamsUser } from '../../support/teams-user.ts';

const OBJECTIVE = 'Lead a product team of five within two years.';
const menteeAnswers = {
  topics: ['leadership'], careerObjective: OBJECTIVE, shareObjective: true, domain: 'product',
  feedbackStyle: 'direct', modes: ['video'], languages: ['en'], consent: true,
};
const mentorAnswers = {
  expertise3: ['leadership'], domain: 'product', yearsExperience: 12, mentoringExperience: 'some',
  capacity: '1', feedbackStyle: 'balanced', modes: ['video'], languages: ['en'], consent: true,
};

async function answerSurvey(user: TeamsUser, answers: Record<string, unknown>): Promise<void> {
  for (let step = 0; step < user.formStepCount(); step += 1) {
    const ids = Object.keys(user.openFormInputs()).map((id) => id.replace(/__\d+$/, ''));
    await user.fill(Object.fromEntries(Object.entries(answers).filter(([id]) => ids.includes(id))));
  }
}

describe.each(databaseKinds)('profiles and guides through Teams on %s', (kind) => {
  let env: TeamsHarness;
  afterEach(async () => { await env?.dispose(); });

  it('edits a profile in a card, shows it on the proposal with the consented objective, and sends the first guide after the intro', { timeout: 120_000 }, async () => {
    env = await createTeamsHarness(kind, { start: new Date('2027-03-03T09:00:00Z') });
    const { round } = await openTeamsRound(env);
    const mia = env.user('Mia');
    const omar = env.user('Omar', { locale: 'fr-FR' });
    await mia.install();
    await omar.install();

    await mia.say('profile');
    expect(mia.openFormInputs().timezone?.value).toBe('Europe/Paris');
    await mia.fill({ title: 'Product analyst', bio: 'Curious about people and numbers.', workStart: '18:00', workEnd: '09:00' });
    expect(JSON.stringify(mia.lastInvoke?.value)).toContain('Working hours must end after they start.');
    await mia.fill({ title: 'Product analyst', bio: 'Curious about people and numbers.', workStart: '08:00', workEnd: '16:00', workDays: ['1', '2', '3', '4', '5'] });
    expect(mia.text()).toContain('Your profile is saved.');
    const miaId = await personIdOf(env, mia);
    expect(await getProfile(env.database.db, miaId)).toMatchObject({ title: 'Product analyst', workingHours: { startMin: 480, endMin: 960 } });

    await omar.say('profil');
    await omar.fill({ title: 'VP Engineering', bio: 'Trois équipes montées de zéro.' });
    expect(omar.text()).toContain('Votre profil est enregistré.');

    await mia.say('find');
    await answerSurvey(mia, menteeAnswers);
    await omar.say('offer');
    await answerSurvey(omar, mentorAnswers);
    const running = await runRound(env, round);
    await proposeAndSend(env, running, miaId, await personIdOf(env, omar));
    expect(omar.text()).toContain('Qui est cette personne');
    expect(omar.text()).toContain('Product analyst');
    expect(omar.text()).toContain('Son objectif, partagé avec vous');
    expect(omar.text()).toContain(OBJECTIVE);
    expect(mia.text()).toContain('VP Engineering');
    expect(mia.text()).not.toContain('shared with you');

    await mia.click('Accept');
    await omar.click('Accepter');
    await env.runDueJobs();
    expect(mia.text()).toContain('Now that you are paired, here is a short guide for your role. Type guide any time to read it again.');
    expect(mia.text()).toContain('What makes a good mentee');
    expect(omar.text()).toContain('Ce qui fait un bon mentor');

    await omar.say('guide mentoré');
    expect(omar.lastText()).toContain('Ce qui fait un bon mentoré');
    await omar.click('Guide du mentor');
    expect(omar.lastText()).toContain('Ce qui fait un bon mentor');

    for (const card of [...mia.cards(), ...omar.cards()]) expect(adaptiveCardProblems(card)).toEqual([]);
  });
});
