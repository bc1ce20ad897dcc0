// What people type and what Slack says about them reaches the database whole, whatever it holds:
// a NUL (which PostgreSQL refuses) is removed, half an emoji becomes "�", and emoji sequences,
// flags and combining accents round-trip exactly, through signed requests on both databases.
import { afterEach, describe, expect, it } from 'vitest';
import { findEnrollment } from '../../../src/db/repositories/enrollment.repository.ts';
import { listGoals } from '../../../src/db/repositories/goal.repository.ts';
import { databaseKinds } from '../../support/databases.ts';
import { menteeAnswers, mentorAnswers } from '../../support/employee-fixtures.ts';
import { runRound } from '../../support/fixtures.ts';
import { completeSurveyModal, openSlackRound, proposeAndSend } from '../../support/slack-journey.ts';
import { SlackPlatform } from '../../support/slack-platform.ts';

const RICH = '👨‍👩‍👧‍👦 🇫🇷 café (cafe\u0301) 漢字 👍🏽';

describe.each(databaseKinds)('text from outside on %s', (kind) => {
  let env: SlackPlatform;
  afterEach(async () => { await env?.dispose(); });

  it('lets in a person whose display name holds a NUL, named without it', async () => {
    env = await SlackPlatform.start(kind);
    const zoe = env.person('Zoe', { name: `Zo\u0000é ${RICH}` });
    await zoe.command('/mentor help');
    expect(zoe.text()).toContain('/mentor find');
    const row = await env.database.db.selectFrom('people').select('display_name').where('platform_user_id', '=', zoe.id).executeTakeFirstOrThrow();
    expect(row.display_name).toBe(`Zoé ${RICH}`);
    await zoe.command('/mentor status\u0000');
    expect(zoe.lastMessageText()).not.toContain('went wrong');
    expect(env.fake.problems).toEqual([]);
  });

  it('keeps a survey answer and a goal title typed with NUL bytes and emoji', async () => {
    env = await SlackPlatform.start(kind, { start: new Date('2027-03-01T08:00:00Z') });
    const { round } = await openSlackRound(env);
    const mia = env.person('Mia'), kenji = env.person('Kenji');

    await mia.command('/mentor find');
    await completeSurveyModal(mia, { ...menteeAnswers, careerObjective: `Lead\u0000 a team ${RICH} \ud83d` });
    const enrollment = await findEnrollment(env.database.db, round.id, await mia.personId(), 'mentee');
    expect(enrollment?.status).toBe('submitted');
    expect(enrollment?.answers?.careerObjective).toBe(`Lead a team ${RICH} \ufffd`);
    expect(mia.text()).toContain('Thank you, your answers are saved.');

    await kenji.command('/mentor offer');
    await completeSurveyModal(kenji, mentorAnswers(1));
    await runRound(env, round);
    const pair = await proposeAndSend(env, round, mia, kenji);
    await mia.click('Accept');
    await kenji.click('Accept');
    await env.runDueJobs();

    await mia.command('/mentor goals');
    await mia.click('Add a goal');
    await mia.submit({ title: `Present\u0000 the roadmap ${RICH}`, measure: 'Given\u0000, feedback collected', targetDate: '2027-06-30' });
    expect(mia.lastErrors).toBeUndefined();
    const [goal] = await listGoals(env.database.db, pair.id);
    expect(goal?.title).toBe(`Present the roadmap ${RICH}`);
    expect(mia.text()).toContain(`Present the roadmap ${RICH}`);
    expect(env.fake.problems).toEqual([]);
  });
});
