// One mentee's whole journey, as people would live it: survey, proposal, intro, goals, a check-in
// at 10:00 on a working day in each member's zone, a pulse, and ending early with a rematch offer.
import { afterEach, describe, expect, it } from 'vitest';
import { listCheckins } from '../../src/db/repositories/checkin.repository.ts';
import { listGoals } from '../../src/db/repositories/goal.repository.ts';
import { getPair, listPairsOfPerson } from '../../src/db/repositories/pair.repository.ts';
import { ensurePulse, listPulseAnswersForAggregation } from '../../src/db/repositories/pulse.repository.ts';
import { databaseKinds } from '../support/databases.ts';
import { completeSurvey, menteeAnswers, mentorAnswers, openRound, proposePair, sendProposalCards } from '../support/employee-fixtures.ts';
import { runRound } from '../support/fixtures.ts';
import { createMemoryPlatform, type MemoryPlatform } from '../support/memory-platform.ts';

const DAY = 86_400_000;

describe.each(databaseKinds)('an employee journey on %s', (kind) => {
  let env: MemoryPlatform;
  afterEach(async () => { await env?.dispose(); });

  it('goes from the survey to the end of the pairing', async () => {
    env = await createMemoryPlatform(kind, { start: new Date('2027-03-01T08:00:00Z') }); // a Monday
    const { round } = await openRound(env, { settings: { checkinCadence: 'P1W' } });
    const mia = env.person('Mia', { timezone: 'Europe/Paris' });
    const kenji = env.person('Kenji', { timezone: 'Asia/Tokyo' });

    // Survey: four steps each.
    await mia.type('/mentor find');
    await completeSurvey(mia, menteeAnswers);
    await kenji.type('/mentor offer');
    await completeSurvey(kenji, mentorAnswers(1));
    expect(mia.lastReply()).toContain('Thank you, your answers are saved.');

    // The lead side publishes: a proposal card to each.
    await runRound(env, round);
    const pair = await proposePair(env, round, mia, kenji);
    await sendProposalCards(env, pair);
    await mia.click('Accept');
    await kenji.click('Accept');
    await env.runDueJobs();

    // Intro: one group message with the charter.
    const group = env.messenger.delivered.filter((d) => d.to.kind === 'group');
    expect(group).toHaveLength(1);
    expect(mia.text()).toContain('every week');
    expect((await getPair(env.database.db, pair.id))?.state).toBe('active');

    // Goals: the mentee adds one, the mentor is told and sees the same list.
    await mia.type('/mentor goals');
    await mia.click('Add a goal');
    await mia.submit({ title: 'Present the roadmap to the board', measure: 'Presentation given, feedback collected', targetDate: '2027-06-30' });
    expect(mia.lastReply()).toContain('Present the roadmap to the board');
    await env.runDueJobs();
    expect(kenji.text()).toContain('updated your shared goals');
    await kenji.type('/mentor goals');
    expect(kenji.lastReply()).toContain('Present the roadmap to the board');
    const [goal] = await listGoals(env.database.db, pair.id);

    // Check-ins: one week later, 10:00 on Monday in each member's zone.
    await env.advance(7 * DAY + 2 * 3_600_000);
    const checkins = await listCheckins(env.database.db, pair.id);
    const miaCheckin = checkins.find((c) => c.personId === pair.menteeId && c.period === 1)!;
    const kenjiCheckin = checkins.find((c) => c.personId === pair.mentorId && c.period === 1)!;
    expect(miaCheckin.dueAt.toISOString()).toBe('2027-03-08T09:00:00.000Z'); // 10:00 in Paris
    expect(kenjiCheckin.dueAt.toISOString()).toBe('2027-03-08T01:00:00.000Z'); // 10:00 in Tokyo
    expect(miaCheckin.promptedAt?.toISOString()).toBe('2027-03-08T09:00:00.000Z');
    expect(mia.text()).toContain('Time for a check-in');

    await mia.click('Answer');
    expect(mia.openForm?.fields.map((f) => f.id)).toContain(`progress.${goal!.id}`);
    await mia.submit({ met: 'yes', usefulness: 4, [`progress.${goal!.id}`]: 40, privateNote: 'I feel shy in front of the board' });
    expect(mia.lastReply()).toContain('Thank you!');
    const answered = (await listCheckins(env.database.db, pair.id)).find((c) => c.id === miaCheckin.id);
    expect(answered).toMatchObject({ status: 'answered', met: 'yes', usefulness: 4, privateNote: 'I feel shy in front of the board' });
    expect((await listGoals(env.database.db, pair.id))[0]?.progress).toBe(40);
    expect((await getPair(env.database.db, pair.id))?.firstMeetingAt).not.toBeNull();
    await mia.click('Answer');
    expect(mia.lastReply()).toContain('already answered');
    // The next period is planned once this one was prompted.
    expect((await listCheckins(env.database.db, pair.id)).filter((c) => c.period === 2)).toHaveLength(2);

    // A pulse opened by the lead side: each member answers once, nobody sees another's answer.
    const pulse = await ensurePulse(env.database.db, { roundId: round.id, kind: 'periodic', period: 1, opensAt: env.clock.now(), closesAt: new Date(env.clock.now().getTime() + 7 * DAY) });
    await env.scheduler.schedule({ name: 'pulse.open', key: `pulse.open:${pulse.id}`, payload: { pulseId: pulse.id } });
    await env.runDueJobs();
    await kenji.click('Answer');
    expect(kenji.openForm?.id).toBe('pulse');
    await kenji.submit({ satisfaction: 2, relationship: 3, progress: 2, recommend: 6, comment: 'Mia rarely prepares' });
    expect(kenji.lastReply()).toContain('counted anonymously');
    await kenji.click('Answer');
    expect(kenji.lastReply()).toContain('already answered');
    expect(await listPulseAnswersForAggregation(env.database.db, pulse.id)).toHaveLength(1);

    // Ending early: private reason, polite notice, rematch offer for the mentee.
    await kenji.type('/mentor end');
    await kenji.click('End the pairing');
    await kenji.submit({ reason: 'Mia never prepares our sessions' });
    expect(kenji.lastReply()).toContain('Your pairing has ended.');
    await env.runDueJobs();
    const ended = await getPair(env.database.db, pair.id);
    expect(ended).toMatchObject({ state: 'ended', endedBy: pair.mentorId, endReason: 'Mia never prepares our sessions' });
    expect(mia.text()).toContain('has ended your mentoring pairing');
    expect(kenji.text()).not.toContain('shy');
    expect(mia.text()).not.toContain('prepares');
    await mia.click('Find me another mentor');
    expect(mia.lastReply()).toMatch(/another mentor|waiting list/);
    expect((await listPairsOfPerson(env.database.db, pair.menteeId)).filter((p) => p.state !== 'ended')).toEqual([]);

    // Check-ins after the end are cancelled, not sent.
    await env.advance(7 * DAY);
    const after = await listCheckins(env.database.db, pair.id);
    expect(after.filter((c) => c.period === 2).map((c) => c.status)).toEqual(['cancelled', 'cancelled']);
  });

  it('gives a mentor with capacity two both mentees, each introduced on their own', async () => {
    env = await createMemoryPlatform(kind);
    const { round } = await openRound(env);
    const omar = env.person('Omar');
    await omar.type('/mentor offer');
    await completeSurvey(omar, mentorAnswers(2));
    const mia = env.person('Mia');
    const nina = env.person('Nina', { locale: 'fr-FR' });
    for (const mentee of [mia, nina]) {
      await mentee.type('/mentor find');
      await completeSurvey(mentee, menteeAnswers);
    }
    await runRound(env, round);
    for (const mentee of [mia, nina]) {
      const pair = await proposePair(env, round, mentee, omar);
      await sendProposalCards(env, pair);
      await mentee.click(mentee === nina ? 'Accepter' : 'Accept');
      await omar.click('Accept');
    }
    await env.runDueJobs();
    const pairs = await listPairsOfPerson(env.database.db, await omar.id(), ['active']);
    expect(pairs).toHaveLength(2);
    const intros = env.messenger.delivered.filter((d) => d.to.kind === 'group');
    expect(intros).toHaveLength(2);
    // A French mentee and an English mentor read their intro each in their own language.
    expect(nina.text()).toContain('Faites connaissance avec votre binôme');
    expect(nina.text()).toContain('Meet your mentoring partner');
    await omar.type('/mentor status');
    expect(omar.text()).toContain('Pairing with Mia');
    expect(omar.text()).toContain('Pairing with Nina');
  });
});
