// Enrolment approval through Slack: the lead's card arrives by DM, one click approves, the button
// is replaced by the decision, and the person is told by DM.
import { afterEach, describe, expect, it } from 'vitest';
import { findEnrollment } from '../../../src/db/repositories/enrollment.repository.ts';
import { setProgramLeads } from '../../../src/db/repositories/lead.repository.ts';
import { databaseKinds } from '../../support/databases.ts';
import { menteeAnswers } from '../../support/employee-fixtures.ts';
import { completeSurveyModal, openSlackRound } from '../../support/slack-journey.ts';
import { SlackPlatform } from '../../support/slack-platform.ts';

describe.each(databaseKinds)('enrolment approval through Slack on %s', (kind) => {
  let env: SlackPlatform;
  afterEach(async () => { await env?.dispose(); });

  it('asks the lead by DM, takes one click, and tells the mentee', { timeout: 120_000 }, async () => {
    env = await SlackPlatform.start(kind);
    const { program, round } = await openSlackRound(env, { enrolmentApproval: 'lead' });
    const lea = env.person('Lea');
    const mia = env.person('Mia');
    await lea.command('/mentor help');
    await setProgramLeads(env.database.db, program.id, [await lea.personId()]);

    await mia.command('/mentor find');
    await completeSurveyModal(mia, menteeAnswers);
    expect(mia.text()).toContain('asks a program lead to approve each enrolment');
    await env.runDueJobs();
    expect(lea.text()).toContain('An enrolment to approve');
    expect(lea.text()).toContain('@Mia would like to join “Leadership 2027” as a mentee.');

    await lea.click('Approve');
    await env.runDueJobs();
    expect(lea.text()).toContain('Approved: Mia takes part in this round.');
    expect(mia.text()).toContain('your enrolment in “Leadership 2027” as a mentee is approved');
    expect((await findEnrollment(env.database.db, round.id, await mia.personId(), 'mentee'))?.approval).toBe('approved');
  });
});
