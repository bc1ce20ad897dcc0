// A large preview through Teams: the command is answered at once, the job matches the cohort, and
// the preview card reaches the lead's chat through the fake Bot Connector as a valid Adaptive
// Card, its buttons working as on the card given in the turn. The threshold is lowered so that a
// small cohort takes that path.
import { afterEach, describe, expect, it } from 'vitest';
import { submitEnrollment } from '../../../src/db/repositories/enrollment.repository.ts';
import { addProgramLead } from '../../../src/db/repositories/lead.repository.ts';
import { listPairs } from '../../../src/db/repositories/pair.repository.ts';
import { transitionRound } from '../../../src/db/repositories/round.repository.ts';
import { databaseKinds } from '../../support/databases.ts';
import { adaptiveCardProblems } from '../../support/teams-card-validator.ts';
import { createTeamsHarness, type TeamsHarness } from '../../support/teams-harness.ts';
import { openTeamsRound, personIdOf } from '../../support/teams-journey.ts';
import type { TeamsUser } from '../../support/teams-user.ts';
import { menteeAnswers, mentorAnswers } from '../../flows/lead-fixtures.ts';

describe.each(databaseKinds)('a large preview through Teams on %s', (kind) => {
  let env: TeamsHarness;
  afterEach(async () => { await env?.dispose(); });

  it('answers the command at once, then sends the preview card to the lead, whose Publish works', { timeout: 120_000 }, async () => {
    env = await createTeamsHarness(kind, { backgroundPreviewFromPairs: 1 });
    const { program, round } = await openTeamsRound(env);
    const [lea, mia, max] = [env.user('Lea'), env.user('Mia'), env.user('Max')];
    for (const u of [lea, mia, max]) await u.install();
    await addProgramLead(env.database.db, program.id, await personIdOf(env, lea), null);
    const enroll = async (user: TeamsUser, role: 'mentee' | 'mentor', answers: Record<string, unknown>) => submitEnrollment(env.database.db, {
      workspaceId: round.workspaceId, roundId: round.id, personId: await personIdOf(env, user), role, answers,
      capacity: role === 'mentor' ? Number(answers.capacity) : null, at: env.clock.now(),
    });
    await enroll(mia, 'mentee', menteeAnswers() as never);
    await enroll(max, 'mentor', mentorAnswers() as never);
    await transitionRound(env.database.db, round.id, ['open'], 'closed', { closed_at: env.clock.now() });

    await lea.say('admin match');
    expect(lea.lastText()).toContain('takes a little while');
    expect(lea.text()).not.toContain('Matching preview');
    await env.runDueJobs();
    expect(lea.lastText()).toContain(`Matching preview: ${program.name}`);
    for (const card of lea.cards()) expect(adaptiveCardProblems(card)).toEqual([]);
    expect(await listPairs(env.database.db, round.id, ['draft'])).toHaveLength(1);
    // Publish asks to confirm on the card (a sub-card): its Send button.
    await lea.click('Send');
    expect(lea.text()).toContain('Published: 1 proposal sent, 0 mentees on the waitlist.');
  });
});
