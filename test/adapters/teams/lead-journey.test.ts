// The program lead's journey through Teams: the program form, opening a round and inviting
// people with the picker, surveys answered in cards, the deadline, the preview, publication
// and the report, every message and card reaching people through the fake Bot Connector.
import { afterEach, describe, expect, it } from 'vitest';
import { listPairs } from '../../../src/db/repositories/pair.repository.ts';
import { listRounds } from '../../../src/db/repositories/round.repository.ts';
import { databaseKinds } from '../../support/databases.ts';
import { adaptiveCardProblems } from '../../support/teams-card-validator.ts';
import { createTeamsHarness, type TeamsHarness } from '../../support/teams-harness.ts';
import type { TeamsUser } from '../../support/teams-user.ts';
import { largestProgramTopics } from '../../support/topic-fixtures.ts';
import { topicFieldId, topicsToTexts } from '../../../src/flows/admin/program-topics.ts';
import { upsertPerson } from '../../../src/db/repositories/person.repository.ts';
import { findWorkspace } from '../../../src/db/repositories/workspace.repository.ts';
import { TENANT_ID } from '../../support/teams-harness.ts';

const DAY = 86_400_000;
/** The largest program the settings allow, typed by the lead: 100 topics, every label at its longest. */
const TOPICS = Object.fromEntries(topicsToTexts(largestProgramTopics()).map((text, i) => [topicFieldId(i), text]));

async function answerAll(user: TeamsUser, answers: Record<string, unknown>): Promise<void> {
  for (let step = 0; step < 6 && user.lastInvoke?.value !== undefined; step += 1) {
    const ids = Object.keys(user.openFormInputs()).map((id) => id.replace(/__\d+$/, ''));
    await user.fill(Object.fromEntries(Object.entries(answers).filter(([id]) => ids.includes(id))));
    if (!JSON.stringify(user.lastInvoke?.value).includes('mentor.submit')) return;
  }
}

describe.each(databaseKinds)('program lead through Teams on %s', (kind) => {
  let env: TeamsHarness;
  afterEach(async () => { await env?.dispose(); });

  it('creates a program, opens a round, and publishes proposals that reach the pair', { timeout: 120_000 }, async () => {
    env = await createTeamsHarness(kind, { leads: ['aad-lea'] });
    const lea = env.user('Lea');
    const mia = env.user('Mia');
    const max = env.user('Max');
    for (const u of [lea, mia, max]) await u.install();

    await lea.say('admin program create');
    await lea.click('Blank program');
    expect(lea.lastText()).toContain('(1/4)');
    // The first step takes 100 of the longest topics; its recorded answers stay within Teams' size.
    await lea.fillStep({ name: 'Leadership 2027', description: 'Grow leaders', ...TOPICS, languages: ['en', 'fr'] });
    await lea.fill({ checkinCadence: 'P14D', sessionMinutes: '45', durationDays: '120', pulseEvery: 'P1M', proposalTimeoutHours: '48', surveyDays: '10' });
    await lea.fill({ defaultCapacity: '2', objective: 'participation', minScore: '30', minOverlapHours: '1.5' });
    await lea.fill({ minGroupSize: '6', retentionDays: '400' });
    expect(lea.text()).toContain('Leadership 2027');

    // Open the round and invite two people with the picker: a type-ahead over everyone the bot
    // knows (here 150 more people than the two who installed the app), the lead included.
    const workspace = (await findWorkspace(env.database.db, 'teams', TENANT_ID))!;
    for (let i = 0; i < 150; i += 1) await upsertPerson(env.database.db, workspace.id, { platformUserId: `aad-extra-${i}`, displayName: `Extra ${String(i).padStart(3, '0')}` });
    await lea.say('admin round open');
    expect(await lea.search('people', 'mi')).toContainEqual({ title: 'Mia', value: 'aad-mia' });
    expect(await lea.search('people', 'Extra 149')).toEqual([{ title: 'Extra 149', value: 'aad-extra-149' }]);
    expect((await lea.search('people', 'extra')).length).toBe(15);
    expect(await lea.search('people', 'lea')).toEqual([{ title: 'Lea', value: 'aad-lea' }]);
    await lea.fill({ people: ['aad-mia', 'aad-max'] });
    expect(lea.text()).toContain('2 people invited.');
    await env.runDueJobs();
    expect(mia.text()).toContain('Mentoring: Leadership 2027 is open');

    // The invitation's buttons open the surveys, answered in cards.
    await mia.click('Find a mentor');
    await answerAll(mia, {
      topics: ['leadership'], careerObjective: 'Lead a product team', domain: 'product', feedbackStyle: 'direct',
      modes: ['video'], languages: ['en'], consent: true,
    });
    expect(mia.text()).toContain('Thank you, your answers are saved.');
    await max.click('Become a mentor');
    await answerAll(max, {
      expertise3: ['leadership'], domain: 'product', yearsExperience: 12, mentoringExperience: 'some', capacity: '1',
      feedbackStyle: 'balanced', modes: ['video'], languages: ['en'], consent: true,
    });
    expect(max.text()).toContain('Thank you, your answers are saved.');

    // The deadline closes the round and tells the lead proactively.
    await env.advance(10 * DAY + 60_000);
    const [round] = await listRounds(env.database.db, (await env.database.db.selectFrom('programs').select('id').executeTakeFirstOrThrow()).id);
    expect(round!.state).toBe('closed');
    expect(lea.text()).toContain('The survey of Leadership 2027 is closed');

    await lea.say('admin match');
    expect(lea.text()).toContain('Matching preview: Leadership 2027');
    expect(lea.text()).toContain('Matched: 1 of 1 mentees');
    await lea.say('admin publish');
    expect(lea.text()).toContain('Published: 1 proposal sent, 0 mentees on the waitlist.');
    await env.runDueJobs();
    expect(await listPairs(env.database.db, round!.id, ['proposed'])).toHaveLength(1);
    expect(mia.text()).toContain('You have a proposed mentor');
    expect(mia.text()).toContain('<at>Max</at>');
    expect(max.text()).toContain('You have a proposed mentee');

    await lea.say('admin report');
    expect(lea.lastText()).toContain('Leadership 2027');
    await lea.say('home');
    expect(lea.lastText()).toContain('Leadership 2027');

    for (const card of [...lea.cards(), ...mia.cards(), ...max.cards()]) expect(adaptiveCardProblems(card)).toEqual([]);
  });
});
