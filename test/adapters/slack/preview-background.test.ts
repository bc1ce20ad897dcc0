// A large preview through Slack: the slash command is answered at once, the job matches the
// cohort, and the preview card reaches the lead's DM by chat.postMessage (the local fake of the
// Slack Web API), its buttons working as on the card given in the request. The threshold is
// lowered so that a small cohort takes that path.
import { afterEach, describe, expect, it } from 'vitest';
import { submitEnrollment } from '../../../src/db/repositories/enrollment.repository.ts';
import { addProgramLead } from '../../../src/db/repositories/lead.repository.ts';
import { listPairs } from '../../../src/db/repositories/pair.repository.ts';
import { transitionRound } from '../../../src/db/repositories/round.repository.ts';
import { databaseKinds } from '../../support/databases.ts';
import { openSlackRound } from '../../support/slack-journey.ts';
import { SlackPlatform } from '../../support/slack-platform.ts';
import type { SlackTestUser } from '../../support/slack-user.ts';
import { menteeAnswers, mentorAnswers } from '../../flows/lead-fixtures.ts';

describe.each(databaseKinds)('a large preview through Slack on %s', (kind) => {
  let env: SlackPlatform;
  afterEach(async () => { await env?.dispose(); });

  it('answers the command at once, then posts the preview card to the lead, whose Publish works', async () => {
    env = await SlackPlatform.start(kind, { backgroundPreviewFromPairs: 1 });
    const { program, round } = await openSlackRound(env);
    const [lea, mia, max] = [env.person('Lea'), env.person('Mia'), env.person('Max')];
    for (const u of [lea, mia, max]) await u.command('/mentor help');
    await addProgramLead(env.database.db, program.id, await lea.personId(), null);
    const enroll = async (user: SlackTestUser, role: 'mentee' | 'mentor', answers: Record<string, unknown>) => submitEnrollment(env.database.db, {
      workspaceId: round.workspaceId, roundId: round.id, personId: await user.personId(), role, answers,
      capacity: role === 'mentor' ? Number(answers.capacity) : null, at: env.clock.now(),
    });
    await enroll(mia, 'mentee', menteeAnswers() as never);
    await enroll(max, 'mentor', mentorAnswers() as never);
    await transitionRound(env.database.db, round.id, ['open'], 'closed', { closed_at: env.clock.now() });

    await lea.command('/mentor admin match');
    expect(lea.lastMessageText()).toContain('Matching 1 mentees with 1 mentors takes a little while');
    expect(lea.text()).not.toContain('Matching preview: Leadership 2027');
    await env.runDueJobs();
    expect(lea.lastMessageText()).toContain('Matching preview: Leadership 2027');
    expect(await listPairs(env.database.db, round.id, ['draft'])).toHaveLength(1);
    await lea.click('Publish');
    expect(lea.text()).toContain('Published: 1 proposal sent, 0 mentees on the waitlist.');
  });
});
