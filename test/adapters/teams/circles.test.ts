// A circle through Teams without Microsoft Graph group chats: a mentor opens it in their chat
// with the bot, the lead fills it, and its introduction and check-in reach each member as their
// own copy in their personal chat (a Teams bot cannot open a group chat by itself); a member
// answers the check-in on the card, and the program's pulse about the circle.
import { afterEach, describe, expect, it } from 'vitest';
import { ensurePulse } from '../../../src/db/repositories/pulse.repository.ts';
import { listCircles } from '../../../src/db/repositories/circle.repository.ts';
import { json } from '../../../src/db/repositories/db.ts';
import { submitEnrollment } from '../../../src/db/repositories/enrollment.repository.ts';
import { setProgramLeads } from '../../../src/db/repositories/lead.repository.ts';
import type { Round } from '../../../src/domain/model.ts';
import { databaseKinds } from '../../support/databases.ts';
import { createTeamsHarness, type TeamsHarness } from '../../support/teams-harness.ts';
import { openTeamsRound, personIdOf } from '../../support/teams-journey.ts';
import type { TeamsUser } from '../../support/teams-user.ts';

const WEEK = 7 * 86_400_000;
const common = {
  domain: 'product', values: ['learning'], cadenceDays: 14, sessionMinutes: 60, modes: ['video'], languages: ['en'],
  workingHours: { start: '09:00', end: '17:30' }, feedbackStyle: 'direct', avoid: [], consent: true,
};

async function enroll(env: TeamsHarness, round: Round, user: TeamsUser, role: 'mentee' | 'mentor'): Promise<void> {
  const answers = role === 'mentee'
    ? { ...common, topics: ['leadership'], careerObjective: 'Lead a team.', seniorityGap: 'any', department: 'any' }
    : { ...common, expertise: [{ topic: 'leadership', level: 3 }], yearsExperience: 12, capacity: 1, mentoringExperience: 'some' };
  await submitEnrollment(env.database.db, {
    workspaceId: round.workspaceId, roundId: round.id, personId: await personIdOf(env, user), role, answers, capacity: role === 'mentor' ? 1 : null, at: env.clock.now(),
  });
}

describe.each(databaseKinds)('a circle through Teams on %s', (kind) => {
  let env: TeamsHarness;
  afterEach(async () => { await env?.dispose(); });

  it('reaches each member in their own chat, from the circle’s opening to its check-in', { timeout: 120_000 }, async () => {
    env = await createTeamsHarness(kind, { start: new Date('2027-03-01T08:00:00Z') });
    const { program, round } = await openTeamsRound(env);
    await env.database.db.updateTable('programs').set({ settings: json({ ...program.settings, checkinCadence: 'P1W' }) }).where('id', '=', program.id).execute();
    const [lea, omar, ana, ben, cleo] = ['Lea', 'Omar', 'Ana', 'Ben', 'Cleo'].map((n) => env.user(n));
    for (const u of [lea!, omar!, ana!, ben!, cleo!]) await u.install();
    await setProgramLeads(env.database.db, program.id, [await personIdOf(env, lea!)]);
    await enroll(env, round, omar!, 'mentor');
    for (const u of [ana!, ben!, cleo!]) await enroll(env, round, u, 'mentee');

    await omar!.say('circle leadership 3');
    expect(omar!.lastText()).toContain('led by Omar, with 3 seats');
    await lea!.say('admin circles fill');
    expect(lea!.text()).toContain('3 mentees seated. 1 circle started.');
    await env.runDueJobs();
    const [circle] = await listCircles(env.database.db, round.id);
    expect(circle!.spaceId).toBeNull();
    for (const u of [omar!, ana!, ben!, cleo!]) expect(u.text()).toContain('It is led by');
    expect(lea!.text()).not.toContain('It is led by');

    await env.advance(WEEK + 4 * 3_600_000);
    for (const u of [omar!, ana!, ben!, cleo!]) expect(u.text()).toContain('How is the circle going?');
    await ana!.click('Answer');
    await ana!.fill({ met: 'yes', usefulness: '4' });
    expect(ana!.text()).toContain('Your answer is saved; nobody in the circle sees it.');
    expect(await env.database.db.selectFrom('circle_checkins').select(['met', 'usefulness']).execute()).toEqual([{ met: 'yes', usefulness: 4 }]);

    // The program's pulse reaches each of them privately, about the circle.
    const pulse = await ensurePulse(env.database.db, { roundId: round.id, kind: 'periodic', period: 1, opensAt: env.clock.now(), closesAt: new Date(env.clock.now().getTime() + WEEK) });
    await env.core.runJob('pulse.open', { pulseId: pulse.id });
    await env.runDueJobs();
    for (const u of [omar!, ana!, ben!, cleo!]) expect(u.text()).toContain('A quick pulse on the “Leadership');
    expect(lea!.text()).not.toContain('A quick pulse');
    await ben!.click('Answer');
    await ben!.fill({ satisfaction: '4', progress: '5' });
    expect(ben!.text()).toContain('nobody in the circle sees them');
    expect(await env.database.db.selectFrom('circle_pulse_answers').select(['satisfaction', 'progress']).execute()).toEqual([{ satisfaction: 4, progress: 5 }]);
  });

  it('tells each member in their own chat and language when the circle ends with its only leader’s erasure', { timeout: 120_000 }, async () => {
    env = await createTeamsHarness(kind, { start: new Date('2027-03-01T08:00:00Z') });
    const { program, round } = await openTeamsRound(env);
    const lea = env.user('Lea'), omar = env.user('Omar'), ana = env.user('Ana', { locale: 'fr-FR' }), ben = env.user('Ben'), cleo = env.user('Cleo');
    for (const u of [lea, omar, ana, ben, cleo]) await u.install();
    await setProgramLeads(env.database.db, program.id, [await personIdOf(env, lea)]);
    await enroll(env, round, omar, 'mentor');
    for (const u of [ana, ben, cleo]) await enroll(env, round, u, 'mentee');
    await omar.say('circle leadership 3');
    await lea.say('admin circles fill');
    await env.runDueJobs();
    await omar.say('delete');
    await omar.click('Erase my data');
    await env.runDueJobs();
    await env.runDueJobs();
    const en = 'circle has left the program, so the circle has ended.';
    const fr = 'le cercle est donc terminé.';
    for (const u of [ben, cleo]) {
      expect(u.text().split(en)).toHaveLength(2);
      expect(u.text()).not.toContain(fr);
    }
    expect(ana.text().split(fr)).toHaveLength(2);
    expect(ana.text()).not.toContain(en);
    expect(lea.text()).not.toContain(en);
  });
});
