// Enrolment approval: in a program that asks for it, a submitted survey counts only once a lead
// (or the person's manager) approves it with one click; the person is told; reminders go to the
// approvers while it waits; a refusal or a survey closing first leaves the person out of matching,
// reports and the "no match" notices. Through the core, as in Slack or Teams, on both databases.
import { afterEach, describe, expect, it } from 'vitest';
import { listAudit } from '../../src/db/repositories/audit.repository.ts';
import { setProgramLeads } from '../../src/db/repositories/lead.repository.ts';
import { updateOrgFields } from '../../src/db/repositories/person.repository.ts';
import { getProgram } from '../../src/db/repositories/program.repository.ts';
import { getRound } from '../../src/db/repositories/round.repository.ts';
import type { Program, Round } from '../../src/domain/model.ts';
import { buildMatchInput } from '../../src/flows/matching/match-input.ts';
import { databaseKinds } from '../support/databases.ts';
import { completeSurvey, menteeAnswers, mentorAnswers, openRound, surveyValues } from '../support/employee-fixtures.ts';
import { createMemoryPlatform, type MemoryPlatform, type TestPerson } from '../support/memory-platform.ts';

const DAY = 86_400_000;

describe.each(databaseKinds)('enrolment approval on %s', (kind) => {
  let env: MemoryPlatform;
  afterEach(async () => { await env?.dispose(); });

  async function setup(approval: 'lead' | 'manager'): Promise<{ program: Program; round: Round; lea: TestPerson; leo: TestPerson; mia: TestPerson; max: TestPerson }> {
    env = await createMemoryPlatform(kind);
    const { program, round } = await openRound(env, { settings: { enrolmentApproval: approval } });
    const [lea, leo, mia, max] = [env.person('Lea'), env.person('Leo'), env.person('Mia'), env.person('Max')];
    for (const p of [lea, leo, mia, max]) await p.type('/mentor help');
    await setProgramLeads(env.database.db, program.id, [await lea.id(), await leo.id()]);
    return { program, round, lea, leo, mia, max };
  }
  const enrolment = async (who: TestPerson) => env.database.db.selectFrom('enrollments').selectAll().where('person_id', '=', await who.id()).executeTakeFirstOrThrow();
  const inbox = (who: TestPerson) => who.inbox().map((c) => JSON.stringify(c)).join('\n');

  it('waits for a lead’s click, tells the person, and counts them only once approved; a second lead finds it decided', async () => {
    const { program, round, lea, leo, mia } = await setup('lead');
    await mia.type('/mentor find');
    // Said before she submits: who approves, and what they will see.
    const last = async () => { while (mia.openForm && mia.openForm.step?.index !== mia.openForm.step?.count) await mia.submit(surveyValues(mia.openForm, menteeAnswers)); };
    await last();
    expect(JSON.stringify(mia.openForm?.intro)).toContain('a lead approves each enrolment: they will see that you asked to join and in which role, never your answers');
    await completeSurvey(mia, menteeAnswers);
    expect(mia.lastReply()).toContain('asks a program lead to approve each enrolment');
    expect((await enrolment(mia)).approval).toBe('pending');
    await env.runDueJobs();
    // Both leads are asked; they see who and in which role, never the answers.
    for (const lead of [lea, leo]) {
      const asked = inbox(lead);
      expect(asked).toContain('An enrolment to approve');
      expect(asked).toContain('as a mentee');
      expect(asked).not.toContain(menteeAnswers.careerObjective);
    }
    expect((await buildMatchInput(env.database.db, program, round, { now: env.clock.now() })).input.mentees).toHaveLength(0);
    await mia.type('/mentor status');
    expect(mia.lastReply()).toContain('waits for approval');

    await lea.click('Approve');
    expect(lea.lastReply()).toContain('Approved: Mia takes part in this round.');
    await env.runDueJobs();
    expect(inbox(mia)).toContain('is approved');
    expect((await enrolment(mia)).approval).toBe('approved');
    expect((await buildMatchInput(env.database.db, program, round, { now: env.clock.now() })).input.mentees).toHaveLength(1);
    await leo.click('Refuse');
    expect(leo.lastReply()).toContain('Already decided: Lea approved this enrolment.');
    expect((await enrolment(mia)).approval).toBe('approved');
    const audit = (await listAudit(env.database.db, round.workspaceId)).filter((e) => e.action.startsWith('enrollment.'));
    expect(audit.map((e) => e.action)).toEqual(['enrollment.approve']);

    // Changing the answers later keeps the approval, and asks nobody again.
    const delivered = env.messenger.delivered.length;
    await mia.type('/mentor find');
    await completeSurvey(mia, { ...menteeAnswers, careerObjective: 'Lead a larger team.' });
    expect((await enrolment(mia)).approval).toBe('approved');
    await env.runDueJobs();
    expect(env.messenger.delivered.length).toBe(delivered);
  });

  it('leaves a refused person out of matching, the round’s counts and the unmatched notices, and keeps them out when they answer again', async () => {
    const { program, round, lea, max } = await setup('lead');
    await max.type('/mentor offer');
    await completeSurvey(max, mentorAnswers());
    await env.runDueJobs();
    await lea.click('Refuse');
    expect(lea.lastReply()).toContain('Refused: Max will not take part in this round.');
    await env.runDueJobs();
    expect(inbox(max)).toContain('was not approved for this round');
    expect(inbox(max)).not.toContain('reason');
    expect((await buildMatchInput(env.database.db, program, round, { now: env.clock.now() })).input.mentors).toHaveLength(0);
    await lea.type('/mentor admin round status');
    expect(lea.lastReply()).toMatch(/Enrolments awaiting approval\W+0 waiting, 1 refused/);
    expect(lea.lastReply()).toMatch(/Mentors\W+0/);
    await max.type('/mentor offer');
    await completeSurvey(max, mentorAnswers(2));
    expect(max.lastReply()).toContain('was not approved for this round, so they will not be used');
    expect((await enrolment(max)).approval).toBe('refused');
  });

  it('asks the manager named in the survey itself, not the leads', async () => {
    const { lea, mia, max } = await setup('manager');
    await mia.type('/mentor find');
    await completeSurvey(mia, { ...menteeAnswers, manager: ['U_MAX'] });
    expect(mia.lastReply()).toContain('asks your manager to approve');
    await env.runDueJobs();
    expect(max.text()).toContain('Mia would like to join');
    expect(lea.text()).not.toContain('Mia would like to join');
  });

  it('asks the person’s manager when the program says so, a lead when no manager is known, and refuses anyone else', async () => {
    const { lea, mia, max } = await setup('manager');
    const olga = env.person('Olga');
    await olga.type('/mentor help');
    await updateOrgFields(env.database.db, await mia.id(), { managerId: await olga.id() });
    await mia.type('/mentor find');
    await completeSurvey(mia, menteeAnswers);
    expect(mia.lastReply()).toContain('asks your manager to approve');
    await max.type('/mentor offer');
    await completeSurvey(max, mentorAnswers());
    // Told who was asked: not a manager nobody knows.
    expect(max.lastReply()).toContain('I do not know who your manager is, so I have asked the program leads instead');
    expect(max.lastReply()).not.toContain('I have asked them');
    await env.runDueJobs();
    expect(olga.text()).toContain('Mia would like to join');
    expect(olga.text()).not.toContain('Max would like to join');
    // Max has no manager on record: the program's leads decide for him.
    expect(lea.text()).toContain('Max would like to join');
    expect(lea.text()).not.toContain('Mia would like to join');
    // A lead replaying the manager's button is not the manager: refused, nothing decided.
    const olgaCard = olga.inbox().find((c) => c.kind === 'card');
    const ref = olgaCard?.kind === 'card' && olgaCard.actions[0]?.kind === 'button' ? olgaCard.actions[0].ref : '';
    const verified = env.signer.verify(ref, await olga.id(), env.clock.now());
    if (!verified.ok) throw new Error('the manager’s own reference does not verify');
    const forged = env.signer.sign({ kind: verified.ref.kind, subjects: verified.ref.subjects, personId: await lea.id(), expiresAt: new Date(env.clock.now().getTime() + 3_600_000) });
    const effects = await env.core.action(lea.actor, forged);
    expect(JSON.stringify(effects)).toContain('This button is not valid for you');
    expect((await enrolment(mia)).approval).toBe('pending');
    await olga.click('Approve');
    expect((await enrolment(mia)).approval).toBe('approved');
  });

  it('reminds the approvers every two days while it waits, three times at most, and tells the person when the survey closes first', async () => {
    const { round, lea, mia } = await setup('lead');
    await mia.type('/mentor find');
    await completeSurvey(mia, menteeAnswers);
    await env.runDueJobs();
    const reminders = () => lea.inbox().filter((c) => c.kind === 'card' && c.header.title.startsWith('Reminder')).length;
    for (let day = 1; day <= 10; day += 1) await env.advance(DAY);
    expect(reminders()).toBe(3);
    // The survey closes with the enrolment still waiting: Mia is told, and the card no longer acts.
    await lea.type('/mentor admin round close');
    await env.runDueJobs();
    expect((await getRound(env.database.db, round.id))?.state).toBe('closed');
    expect(inbox(mia)).toContain('has closed before your enrolment was approved');
    await lea.click('Approve');
    expect(lea.lastReply()).toContain('can no longer be approved');
    expect((await enrolment(mia)).approval).toBe('pending');
  });

  it('gets the next reminder back from the database when the queue lost it', async () => {
    const { lea, mia } = await setup('lead');
    await mia.type('/mentor find');
    await completeSurvey(mia, menteeAnswers);
    await env.runDueJobs();
    const reminderKeys = () => env.scheduler.pending('enrol.approval_reminder').map((j) => j.key);
    expect(reminderKeys()).toHaveLength(1);
    await env.advance(3 * DAY);
    // The queue is lost (a flushed Redis): the reconcile job asks again for the reminder still to come.
    for (const key of reminderKeys()) await env.scheduler.cancel(key);
    expect(reminderKeys()).toEqual([]);
    await env.core.runJob('reconcile', {});
    const [job] = env.scheduler.pending('enrol.approval_reminder');
    expect(job?.key).toMatch(/:2$/);
    expect(job!.runAt.getTime() - env.clock.now().getTime()).toBe(DAY);
    await env.advance(DAY);
    expect(lea.inbox().filter((c) => c.kind === 'card' && c.header.title.startsWith('Reminder')).length).toBe(2);
  });

  it('changes nothing for programs that ask for no approval', async () => {
    env = await createMemoryPlatform(kind);
    const { program, round } = await openRound(env);
    expect((await getProgram(env.database.db, program.id))?.settings.enrolmentApproval).toBe('none');
    const mia = env.person('Mia');
    await mia.type('/mentor find');
    await completeSurvey(mia, menteeAnswers);
    expect(mia.lastReply()).not.toContain('approve');
    expect((await enrolment(mia)).approval).toBeNull();
    expect((await buildMatchInput(env.database.db, program, round, { now: env.clock.now() })).input.mentees).toHaveLength(1);
  });
});
