import { afterEach, describe, expect, it } from 'vitest';
import { findEnrollment } from '../../../src/db/repositories/enrollment.repository.ts';
import { getPair } from '../../../src/db/repositories/pair.repository.ts';
import { databaseKinds } from '../../support/databases.ts';
import { createTeamsHarness, type TeamsHarness } from '../../support/teams-harness.ts';
import { openTeamsRound, personIdOf, proposeAndSend, runRound } from '../../support/teams-journey.ts';
import { messageText, type TeamsUser } from '../../support/teams-user.ts';

const menteeAnswers = {
  topics: ['leadership'], careerObjective: 'Lead a team within two years.', domain: 'product',
  feedbackStyle: 'direct', modes: ['video'], languages: ['en'], consent: true,
};
const mentorAnswers = {
  expertise3: ['leadership'], domain: 'product', yearsExperience: 12, mentoringExperience: 'some',
  capacity: '1', feedbackStyle: 'balanced', modes: ['video'], languages: ['en'], consent: true,
};

/** Answers each step of the open survey card with the answers its inputs ask for. */
async function answerSurvey(user: TeamsUser, answers: Record<string, unknown>): Promise<void> {
  for (let step = 0; step < 4; step += 1) {
    const ids = Object.keys(user.openFormInputs()).map((id) => id.replace(/__\d+$/, ''));
    await user.fill(Object.fromEntries(Object.entries(answers).filter(([id]) => ids.includes(id))));
  }
}

describe.each(databaseKinds)('mentee and mentor journeys through Teams on %s', (kind) => {
  let env: TeamsHarness;
  afterEach(async () => { await env?.dispose(); });

  it('survey, proposal, acceptance and introduction, all in Teams cards', async () => {
    env = await createTeamsHarness(kind, { start: new Date('2027-03-03T09:00:00Z') });
    const { round } = await openTeamsRound(env);
    const mia = env.user('Mia');
    const omar = env.user('Omar');
    await mia.install();
    await omar.install();

    // The mentee survey: four steps, each replacing the same card in place.
    await mia.say('find');
    const formMessage = mia.messages().at(-1)!;
    expect(mia.lastText()).toContain('Find a mentor (1/4)');
    await answerSurvey(mia, menteeAnswers);
    const survey = mia.messages().find((m) => m.id === formMessage.id)!;
    expect(messageText(survey.activity)).toContain('✓ Find a mentor (4/4)');
    expect(JSON.stringify(survey.activity)).not.toContain('Action.Execute');
    expect(mia.lastText()).toContain('Thank you, your answers are saved.');
    const menteeId = await personIdOf(env, mia);
    expect((await findEnrollment(env.database.db, round.id, menteeId, 'mentee'))?.status).toBe('submitted');

    // The mentor survey, answered by an older client through Action.Submit.
    await omar.say('offer');
    for (let step = 0; step < 4; step += 1) {
      const ids = Object.keys(omar.openFormInputs()).map((id) => id.replace(/__\d+$/, ''));
      await omar.fill(Object.fromEntries(Object.entries(mentorAnswers).filter(([id]) => ids.includes(id))), 'submit');
    }
    const mentorId = await personIdOf(env, omar);
    expect((await findEnrollment(env.database.db, round.id, mentorId, 'mentor'))?.status).toBe('submitted');
    expect(omar.lastText()).toContain('Thank you, your answers are saved.');

    // Proposals reach both proactively; both accept; the intro reaches both personal chats.
    const running = await runRound(env, round);
    const pair = await proposeAndSend(env, running, menteeId, mentorId);
    expect(mia.lastText()).toContain('Accept');
    expect(omar.lastText()).toContain('Accept');
    await mia.click('Accept');
    expect(mia.text()).toContain('as soon as the other person accepts');
    await omar.click('Accept', 'submit');
    await env.runDueJobs();
    expect((await getPair(env.database.db, pair.id))?.state).toBe('active');
    expect(mia.text()).toContain('Meet your mentoring partner');
    expect(omar.text()).toContain('Meet your mentoring partner');
    expect(JSON.stringify(mia.messages().at(-1)?.activity)).toContain('<at>Omar</at>');
  });
});
