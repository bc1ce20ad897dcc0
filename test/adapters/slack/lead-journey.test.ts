// The program lead's journey through Slack only: a program created in a multi-step modal, a round
// opened for a channel typed by name (members paged from conversations.members), the deadline,
// the matching preview card, pin and forbid by @mention, a button to re-run, publish, proposals
// by DM, status, report and the lead's App Home.
import { afterEach, describe, expect, it } from 'vitest';
import { submitEnrollment } from '../../../src/db/repositories/enrollment.repository.ts';
import { listPairs } from '../../../src/db/repositories/pair.repository.ts';
import { listPrograms } from '../../../src/db/repositories/program.repository.ts';
import { listInvitations, listRounds } from '../../../src/db/repositories/round.repository.ts';
import { findWorkspace } from '../../../src/db/repositories/workspace.repository.ts';
import { databaseKinds } from '../../support/databases.ts';
import { SlackPlatform } from '../../support/slack-platform.ts';
import type { SlackTestUser } from '../../support/slack-user.ts';
import { menteeAnswers, mentorAnswers } from '../../flows/lead-fixtures.ts';

const DAY = 86_400_000;
const TOPICS = 'leadership | Leadership | Leadership\npublic-speaking | Public speaking | Prise de parole';

describe.each(databaseKinds)('the lead journey through Slack on %s', (kind) => {
  let env: SlackPlatform;
  afterEach(async () => { await env?.dispose(); });

  async function enroll(user: SlackTestUser, roundId: string, role: 'mentee' | 'mentor', answers: Record<string, unknown>) {
    const workspace = await findWorkspace(env.database.db, 'slack', env.team.id);
    await submitEnrollment(env.database.db, {
      workspaceId: workspace!.id, roundId, personId: await user.personId(), role, answers,
      capacity: role === 'mentor' ? Number(answers.capacity) : null, at: env.clock.now(),
    });
  }

  it('creates a program, runs a round to publication, and reads the report and App Home', async () => {
    env = await SlackPlatform.start(kind, { leads: ['U_LEA'] });
    const lea = env.person('Lea');

    await lea.command('/mentor admin program create');
    await lea.click('Blank program');
    expect(env.fake.callsOf('views.open')).toHaveLength(1);
    const first = await lea.submit({ name: 'Leadership 2027', description: 'Grow leaders', topics: TOPICS, languages: ['en', 'fr'] });
    expect(first.body, JSON.stringify(lea.lastErrors)).toContain('"response_action":"update"');
    await lea.submit({ checkinCadence: 'p14d', sessionMinutes: '45', durationDays: '120', pulseEvery: 'P1M', proposalTimeoutHours: '48', surveyDays: '10' });
    await lea.submit({
      defaultCapacity: '2', objective: 'participation', minScore: '30', minOverlapHours: '1,5',
      weight_expertise: '40', weight_domain: '10', weight_values: '10', weight_cadence: '5', weight_mode: '5',
      weight_hours: '10', weight_seniority: '8', weight_feedback: '6', weight_department: '6',
    weight_language: '4', weight_career: '6', sameTeamRule: 'yes',
    });
    await lea.submit({ minGroupSize: '6', retentionDays: '400' });
    expect(lea.lastErrors).toBeUndefined();
    expect(lea.modal).toBeUndefined();
    expect(lea.text()).toContain('Leadership 2027');
    const workspace = await findWorkspace(env.database.db, 'slack', env.team.id);
    const [program] = await listPrograms(env.database.db, workspace!.id);
    expect(program?.settings.surveyDays).toBe(10);

    // Open a round for #mentoring: found by name, members read page by page.
    const mia = env.person('Mia'), oli = env.person('Oli'), max = env.person('Max'), nora = env.person('Nora', { locale: 'fr-FR' });
    env.fake.channels.set('C0GENERAL', ['U_LEA']);
    env.fake.channels.set('C0MENTORING', [mia.id, oli.id, max.id, nora.id]);
    env.fake.channelNames.set('C0MENTORING', 'mentoring');
    await lea.command('/mentor admin round open');
    await lea.submit({ audience: '#mentoring' });
    expect(lea.lastErrors).toBeUndefined();
    expect(lea.text()).toContain('4 people invited.');
    const [round] = await listRounds(env.database.db, program!.id);
    expect(await listInvitations(env.database.db, round!.id)).toHaveLength(4);
    await env.runDueJobs();
    expect(mia.text()).toContain('Mentoring: Leadership 2027 is open');
    expect(nora.text()).toContain('Devenir mentor');

    for (const u of [mia, oli, max, nora]) await u.command('/mentor help');
    await enroll(mia, round!.id, 'mentee', menteeAnswers() as never);
    await enroll(oli, round!.id, 'mentee', menteeAnswers({ topics: ['public-speaking'], values: ['kindness'] }) as never);
    await enroll(max, round!.id, 'mentor', mentorAnswers() as never);
    await enroll(nora, round!.id, 'mentor', mentorAnswers({ expertise: [{ topic: 'public-speaking', level: 3 }], values: ['kindness'], languages: ['fr', 'en'] }) as never);

    await env.advance(10 * DAY);
    expect(lea.text()).toContain('The survey of Leadership 2027 is closed');

    await lea.command('/mentor admin match');
    expect(lea.lastMessageText()).toContain('Matching preview: Leadership 2027');
    await lea.command(`/mentor admin forbid <@${mia.id}|mia> <@${max.id}|max>`);
    expect(lea.lastMessageText()).toContain('forbidden');
    await lea.command(`/mentor admin pin <@${oli.id}|oli> <@${max.id}|max>`);
    await lea.click('Run again');
    const drafts = await listPairs(env.database.db, round!.id, ['draft']);
    expect(drafts.map((p) => p.source).sort()).toEqual(['pin', 'round']);

    await lea.command('/mentor admin publish');
    expect(lea.text()).toContain('Published: 2 proposals sent, 0 mentees on the waitlist.');
    await env.runDueJobs();
    expect(mia.text()).toContain('You have a proposed mentor');
    expect(mia.text()).toContain('@Nora');
    expect(nora.text()).toContain('Un mentoré vous est proposé');

    await lea.command('/mentor admin round status');
    expect(lea.lastMessageText()).toMatch(/State:\s+published/);
    await lea.command('/mentor admin report');
    expect(lea.lastMessageText()).toMatch(/Participants:? 2 mentees, 2 mentors/);

    await lea.openHome();
    expect(lea.text()).toContain('Leadership 2027: round 1');
    expect(env.fake.problems).toEqual([]);
  });
});
