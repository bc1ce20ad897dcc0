import { afterEach, describe, expect, it } from 'vitest';
import { findEnrollment } from '../../../src/db/repositories/enrollment.repository.ts';
import { listGoals } from '../../../src/db/repositories/goal.repository.ts';
import { getPair } from '../../../src/db/repositories/pair.repository.ts';
import { upsertPerson } from '../../../src/db/repositories/person.repository.ts';
import { failNextWrite } from '../../support/database-blip.ts';
import { databaseKinds } from '../../support/databases.ts';
import { adaptiveCardProblems } from '../../support/teams-card-validator.ts';
import { createTeamsHarness, type TeamsHarness } from '../../support/teams-harness.ts';
import { runRound } from '../../support/fixtures.ts';
import { openTeamsRound, personIdOf, proposeAndSend } from '../../support/teams-journey.ts';
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
  for (let step = 0; step < user.formStepCount(); step += 1) {
    const ids = Object.keys(user.openFormInputs()).map((id) => id.replace(/__\d+$/, ''));
    await user.fill(Object.fromEntries(Object.entries(answers).filter(([id]) => ids.includes(id))));
  }
}

describe.each(databaseKinds)('mentee and mentor journeys through Teams on %s', (kind) => {
  let env: TeamsHarness;
  afterEach(async () => { await env?.dispose(); });

  it('survey, proposal, acceptance, introduction, goals, check-in, status and ending, all in Teams cards', { timeout: 120_000 }, async () => {
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
    // 100 topics with the longest labels: the ranking drop-downs are type-ahead searches the bot answers.
    expect(await mia.search('topics__1', 'lead')).toEqual([expect.objectContaining({ value: 'leadership' })]);
    expect(await mia.search('topics__1', 'ÉCOLE')).toEqual([]);
    expect(await mia.search('topics__1', 'public speaking 🎤 4')).toHaveLength(11);
    await answerSurvey(mia, menteeAnswers);
    const survey = mia.messages().find((m) => m.id === formMessage.id)!;
    expect(messageText(survey.activity)).toContain('✓ Find a mentor (4/4)');
    expect(JSON.stringify(survey.activity)).not.toContain('Action.Execute');
    expect(mia.lastText()).toContain('Thank you, your answers are saved.');
    const menteeId = await personIdOf(env, mia);
    expect((await findEnrollment(env.database.db, round.id, menteeId, 'mentee'))?.status).toBe('submitted');

    // The mentor survey, answered by an older client through Action.Submit.
    await omar.say('offer');
    for (let step = 0; step < omar.formStepCount(); step += 1) {
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
    // Each got a personal copy of the introduction, and the acceptance says so (no group message on Teams).
    expect(omar.text()).toContain('You each have the introduction in your chat with me.');
    expect(omar.text()).not.toContain('group message');
    const intro = mia.messages().at(-1)!.activity;
    expect(JSON.stringify(intro)).toContain('<at>Omar</at>');
    expect(JSON.stringify(intro)).toContain('"mentioned":{"id":"aad-omar","name":"Omar"}');

    // Goals: a button on the goals card opens the goal form in the chat.
    await mia.say('goals');
    await mia.click('Add a goal');
    await mia.fill({ title: 'Present the roadmap to the board', measure: 'Presentation given, feedback collected', targetDate: '2027-06-30' });
    expect(mia.text()).toContain('Present the roadmap to the board');
    const [goal] = await listGoals(env.database.db, pair.id);

    // Two weeks later the check-in prompt arrives; the answer replaces the form with what was recorded.
    await env.advance(15 * 86_400_000);
    expect(mia.text()).toContain('Time for a check-in');
    // The day before, each got a preparation with the goal and the stage's questions.
    expect(mia.text()).toContain('Prepare your meeting with Omar');
    expect(mia.text()).toContain('Present the roadmap to the board');
    expect(omar.text()).toContain('Prepare your meeting with Mia');
    await omar.say('prepare off');
    expect(omar.lastText()).toContain('I will not send you a preparation before your meetings any more');
    await mia.click('Answer');
    expect(mia.lastText()).toContain('[Did you meet since the last check-in?]');
    expect(mia.lastText()).toContain('[What we agreed to do next (shared with Omar)]');
    await mia.fill({
      met: 'yes', usefulness: 4, [`progress.${goal!.id}`]: 40, nextSteps: 'Rehearse the budget talk with Omar',
      adviceApplied: 'Opened with the numbers, as advised', privateNote: 'Nervous about the budget talk',
    });
    expect(mia.text()).toContain('Your answers are saved');
    // What Mia shared reaches Omar, and his status quotes it; her private note does not.
    await env.runDueJobs();
    expect(omar.text()).toContain('Mia wrote down what you agreed');
    expect(omar.text()).toContain('Opened with the numbers, as advised');
    await omar.say('status');
    expect(omar.lastText()).toContain('Rehearse the budget talk with Omar');
    // The first meeting is reported: each is asked privately whether to continue.
    expect(omar.text()).toContain('After your first meeting');
    await omar.click('Continue');
    expect(omar.text()).toContain('Only you see this answer');
    expect(mia.text()).toContain('Nervous about the budget talk');
    expect((await listGoals(env.database.db, pair.id))[0]?.progress).toBe(40);

    await mia.say('status');
    expect(mia.lastText()).toContain('Omar');

    // Ending early: the reason stays private; the partner is told without it.
    await omar.say('end');
    await omar.click('End the pairing');
    await omar.fill({ reason: 'Mia never prepares our sessions' });
    await env.runDueJobs();
    expect((await getPair(env.database.db, pair.id))?.state).toBe('ended');
    expect(mia.text()).toContain('has ended your mentoring pairing');
    expect(mia.text()).not.toContain('prepares');
    expect(omar.text()).not.toContain('Nervous about the budget talk');

    for (const card of [...mia.cards(), ...omar.cards()]) expect(adaptiveCardProblems(card)).toEqual([]);
  });

  it('keeps a refused survey step on screen with the errors and the answers typed', async () => {
    env = await createTeamsHarness(kind);
    await openTeamsRound(env);
    const mia = env.user('Mia');
    await mia.say('find');
    await mia.fill({ careerObjective: 'x'.repeat(5_000) });
    const card = mia.messages().at(-1)!;
    expect(messageText(card.activity)).toContain('Find a mentor (1/4)');
    expect(mia.openFormInputs().careerObjective?.value).toBe('x'.repeat(5_000));
    expect(mia.lastInvoke?.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(JSON.stringify(mia.lastInvoke?.value)).toContain('"color":"Attention"');
    expect(await env.database.db.selectFrom('enrollments').selectAll().execute()).toEqual([]);
  });

  it('keeps a survey step whose save failed on screen as typed, and saves it when submitted again', async () => {
    env = await createTeamsHarness(kind);
    const { round } = await openTeamsRound(env);
    const mia = env.user('Mia');
    await mia.say('find');
    await failNextWrite(env.database.db, 'enrollments', 'insert or update');
    const formCard = mia.messages().at(-1)!;
    await mia.fill(menteeAnswers);
    // Not replaced by a "recorded" card: the same step, still to submit; the chat says nothing was changed.
    expect(mia.lastInvoke?.type).not.toBe('application/vnd.microsoft.card.adaptive');
    expect(mia.lastText()).toContain('nothing was changed');
    expect(await env.database.db.selectFrom('enrollments').selectAll().execute()).toEqual([]);
    expect(mia.messages().find((m) => m.id === formCard.id)?.activity).toEqual(formCard.activity);
    await mia.fill(menteeAnswers);
    expect(mia.lastInvoke?.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(JSON.stringify(mia.lastInvoke?.value)).toContain('(2/4)');
    const saved = await findEnrollment(env.database.db, round.id, await personIdOf(env, mia), 'mentee');
    expect(saved?.status).toBe('started');
  });

  it('reports people who never installed the app as unreachable, and still reaches the others', async () => {
    env = await createTeamsHarness(kind);
    const { round } = await openTeamsRound(env);
    const mia = env.user('Mia');
    await mia.install();
    const menteeId = await personIdOf(env, mia);
    const workspaceId = round.workspaceId;
    const nina = await upsertPerson(env.database.db, workspaceId, { platformUserId: 'aad-nina', displayName: 'Nina' });
    await proposeAndSend(env, await runRound(env, round), menteeId, nina.id);
    expect(mia.lastText()).toContain('Accept');
    const deliveries = await env.database.db.selectFrom('deliveries').select(['person_id', 'status', 'error']).execute();
    expect(deliveries.find((d) => d.person_id === nina.id)).toMatchObject({ status: 'undeliverable', error: expect.stringContaining('teams.no_conversation') });
    expect(deliveries.find((d) => d.person_id === menteeId)).toMatchObject({ status: 'sent' });
  });
});
