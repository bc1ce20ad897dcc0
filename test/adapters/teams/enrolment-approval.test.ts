// Enrolment approval through Teams: the lead's card arrives in their personal chat, one click
// approves, and the person is told.
import { afterEach, describe, expect, it } from 'vitest';
import { json } from '../../../src/db/repositories/db.ts';
import { findEnrollment } from '../../../src/db/repositories/enrollment.repository.ts';
import { setProgramLeads } from '../../../src/db/repositories/lead.repository.ts';
import { databaseKinds } from '../../support/databases.ts';
import { menteeAnswers } from '../../support/employee-fixtures.ts';
import { createTeamsHarness, type TeamsHarness } from '../../support/teams-harness.ts';
import { openTeamsRound, personIdOf } from '../../support/teams-journey.ts';

describe.each(databaseKinds)('enrolment approval through Teams on %s', (kind) => {
  let env: TeamsHarness;
  afterEach(async () => { await env?.dispose(); });

  it('asks the lead in chat, takes one click, and tells the mentee', { timeout: 120_000 }, async () => {
    env = await createTeamsHarness(kind);
    const { program, round } = await openTeamsRound(env);
    await env.database.db.updateTable('programs').set({ settings: json({ ...program.settings, enrolmentApproval: 'lead' }) }).where('id', '=', program.id).execute();
    const lea = env.user('Lea');
    const mia = env.user('Mia');
    await lea.install();
    await mia.install();
    await setProgramLeads(env.database.db, program.id, [await personIdOf(env, lea)]);

    await mia.say('find');
    for (let step = 0; step < mia.formStepCount(); step += 1) {
      const ids = Object.keys(mia.openFormInputs()).map((id) => id.replace(/__\d+$/, ''));
      await mia.fill(Object.fromEntries(Object.entries(menteeAnswers).filter(([id]) => ids.includes(id))));
    }
    expect(mia.text()).toContain('asks a program lead to approve each enrolment');
    await env.runDueJobs();
    expect(lea.text()).toContain('An enrolment to approve');
    expect(lea.text()).toContain(`<at>Mia</at> would like to join “${program.name}” as a mentee.`);

    await lea.click('Approve');
    await env.runDueJobs();
    expect(lea.text()).toContain('Approved: Mia takes part in this round.');
    expect(mia.text()).toContain('as a mentee is approved');
    expect(mia.text()).not.toContain('Approve');
    expect((await findEnrollment(env.database.db, round.id, await personIdOf(env, mia), 'mentee'))?.approval).toBe('approved');
  });
});
