// The mentee and mentor journey through Slack only: /mentor find and offer as multi-step modals,
// proposal cards in DMs with Accept buttons, the intro in a group DM with both, goals, a check-in
// at its hour, App Home, and ending early — every view checked against Block Kit's limits. The
// same journey runs over signed HTTP requests and over a Socket Mode connection.
import { afterEach, describe, expect, it } from 'vitest';
import { getPair } from '../../../src/db/repositories/pair.repository.ts';
import { findEnrollment } from '../../../src/db/repositories/enrollment.repository.ts';
import { listGoals } from '../../../src/db/repositories/goal.repository.ts';
import { databaseKinds } from '../../support/databases.ts';
import { menteeAnswers, mentorAnswers } from '../../support/employee-fixtures.ts';
import { runRound } from '../../support/fixtures.ts';
import { completeSurveyModal, openSlackRound, proposeAndSend } from '../../support/slack-journey.ts';
import { SlackPlatform, slackTransports } from '../../support/slack-platform.ts';

const DAY = 86_400_000;

const cases = databaseKinds.flatMap((kind) => slackTransports.map((transport) => [kind, transport] as const));

// Generous: the embedded database's first start is slow on a busy machine.
describe.each(cases)('the mentee and mentor journey through Slack on %s over %s', { timeout: 90_000 }, (kind, transport) => {
  let env: SlackPlatform;
  afterEach(async () => { await env?.dispose(); });

  it('goes from the survey modals to the end of the pairing', async () => {
    env = await SlackPlatform.start(kind, { start: new Date('2027-03-01T08:00:00Z'), transport });
    const { round } = await openSlackRound(env, { checkinCadence: 'P1W' });
    const mia = env.person('Mia', { tz: 'Europe/Paris' });
    const kenji = env.person('Kenji', { tz: 'Asia/Tokyo' });

    // Survey: a modal opened with the command's trigger_id, four steps through response_action.
    await mia.command('/mentor find');
    const opened = env.fake.callsOf('views.open').at(-1)!;
    expect(opened.args.trigger_id).toBe(mia.lastTrigger());
    expect(mia.modal?.title).toBeDefined();
    await mia.submit({ ...menteeAnswers, careerObjective: 'x'.repeat(501) });
    expect(Object.values(mia.lastErrors ?? {}).join()).toMatch(/500/);
    await completeSurveyModal(mia, menteeAnswers);
    expect((await findEnrollment(env.database.db, round.id, await mia.personId(), 'mentee'))?.status).toBe('submitted');
    expect(mia.text()).toContain('Thank you, your answers are saved.');
    await kenji.command('/mentor offer');
    await completeSurveyModal(kenji, mentorAnswers(1));

    // Proposal cards by DM; each accepts; the intro goes to one group DM with both.
    await runRound(env, round);
    const pair = await proposeAndSend(env, round, mia, kenji);
    expect(env.fake.callsOf('conversations.open').some((c) => c.args.users === mia.id)).toBe(true);
    await mia.click('Accept');
    await kenji.click('Accept');
    await env.runDueJobs();
    expect((await getPair(env.database.db, pair.id))?.state).toBe('active');
    const groupOpen = env.fake.callsOf('conversations.open').filter((c) => String(c.args.users).split(',').length === 2);
    expect(groupOpen).toHaveLength(1);
    expect(String(groupOpen[0]!.args.users).split(',').sort()).toEqual([kenji.id, mia.id].sort());
    expect(mia.text()).toContain('every week');
    // The clicked proposal card was updated in place: no buttons left on it.
    expect(env.fake.callsOf('chat.update').length).toBeGreaterThanOrEqual(2);

    // Goals through a button on an ephemeral reply, then a modal.
    await mia.command('/mentor goals');
    await mia.click('Add a goal');
    await mia.submit({ title: 'Present the roadmap to the board', measure: 'Presentation given, feedback collected', targetDate: '2027-06-30' });
    expect(mia.lastErrors).toBeUndefined();
    expect(mia.text()).toContain('Present the roadmap to the board');
    const [goal] = await listGoals(env.database.db, pair.id);

    // A check-in one week later at 10:00 in Paris, answered in a modal.
    // The day before, a preparation with the goal and its questions; its button turns them off.
    await env.advance(6 * DAY + 2 * 3_600_000);
    expect(mia.text()).toContain('Prepare your meeting with Kenji');
    expect(mia.text()).toContain('Stage: First meeting');
    expect(kenji.text()).toContain('Prepare your meeting with Mia');
    await mia.click('Stop these preparations');
    expect(mia.text()).toContain('I will not send you a preparation before your meetings any more');
    await env.advance(DAY);
    expect(mia.text()).toContain('Time for a check-in');
    await mia.click('Answer');
    await mia.submit({
      met: 'yes', usefulness: 4, [`progress.${goal!.id}`]: 40, nextSteps: 'Rehearse the board talk with Kenji',
      adviceApplied: 'Opened with the conclusion, as advised', privateNote: 'I feel shy in front of the board',
    });
    expect(mia.lastErrors).toBeUndefined();
    expect((await listGoals(env.database.db, pair.id))[0]?.progress).toBe(40);
    // What Mia shared reaches Kenji, and his status quotes it; her private note does not.
    await env.runDueJobs();
    expect(kenji.text()).toContain('Mia wrote down what you agreed');
    expect(kenji.text()).toContain('Opened with the conclusion, as advised');
    await kenji.command('/mentor status');
    expect(kenji.text()).toContain('Rehearse the board talk with Kenji');
    // The first meeting is reported: each is asked privately whether to continue.
    expect(kenji.text()).toContain('After your first meeting');
    await kenji.click('Continue');
    expect(kenji.text()).toContain('Only you see this answer');

    // App Home shows the pair.
    await mia.openHome();
    expect(env.fake.callsOf('views.publish').some((c) => c.args.user_id === mia.id)).toBe(true);

    // Ending early: private reason, the partner is told without it.
    await kenji.command('/mentor end');
    await kenji.click('End the pairing');
    await kenji.submit({ reason: 'Mia never prepares our sessions' });
    await env.runDueJobs();
    expect((await getPair(env.database.db, pair.id))?.state).toBe('ended');
    expect(mia.text()).toContain('has ended your mentoring pairing');
    expect(mia.text()).not.toContain('prepares');
    expect(kenji.text()).not.toContain('shy');

    expect(env.fake.problems).toEqual([]);
  });
});
