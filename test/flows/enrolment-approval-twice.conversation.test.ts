// An enrolment decided at the same moment by two approvers, or as the survey closes, through the
// bot on both databases: one decision, the other approver told who decided, and the person told
// once what became of their enrolment.
import { afterEach, describe, expect, it } from 'vitest';
import { listAudit } from '../../src/db/repositories/audit.repository.ts';
import { requestEnrollmentApproval, submitEnrollment } from '../../src/db/repositories/enrollment.repository.ts';
import { setProgramLeads } from '../../src/db/repositories/lead.repository.ts';
import { databaseKinds } from '../support/databases.ts';
import { completeSurvey, menteeAnswers, openRound } from '../support/employee-fixtures.ts';
import { createMemoryPlatform, type MemoryPlatform, type TestPerson } from '../support/memory-platform.ts';

const UNEXPECTED = 'something went wrong';

describe.each(databaseKinds)('an enrolment decided twice at once on %s', { timeout: 60_000 }, (kind) => {
  let env: MemoryPlatform;
  afterEach(async () => { await env?.dispose(); });

  /** Lea and Leo lead a program that asks a lead to approve each enrolment; Mia's waits for them. */
  async function setup() {
    env = await createMemoryPlatform(kind);
    const { round } = await openRound(env, { settings: { enrolmentApproval: 'lead' } });
    const [lea, leo, mia] = [env.person('Lea'), env.person('Leo'), env.person('Mia')];
    for (const p of [lea, leo, mia]) await p.type('/mentor help');
    await setProgramLeads(env.database.db, round.programId, [await lea.id(), await leo.id()]);
    await mia.type('/mentor find');
    await completeSurvey(mia, menteeAnswers);
    await env.runDueJobs();
    return { round, lea, leo, mia };
  }
  const approval = async (who: TestPerson) => (await env.database.db.selectFrom('enrollments').select('approval').where('person_id', '=', await who.id()).executeTakeFirstOrThrow()).approval;
  const told = (who: TestPerson) => env.messenger.to(who.personId()!).map((d) => JSON.stringify(d.content)).filter((t) => /is approved|was not approved|closed before your enrolment/u.test(t));

  it('records one decision when two leads answer at once; the other is told who decided', async () => {
    const { round, lea, leo, mia } = await setup();
    await Promise.all([lea.click('Approve'), leo.click('Refuse')]);
    const replies = [lea.lastReply(), leo.lastReply()];
    expect(replies.filter((t) => t.includes('Approved: Mia takes part') || t.includes('Refused: Mia will not take part'))).toHaveLength(1);
    expect(replies.filter((t) => t.startsWith('Already decided:'))).toHaveLength(1);
    const audit = (await listAudit(env.database.db, round.workspaceId)).filter((e) => e.action.startsWith('enrollment.'));
    expect(audit).toHaveLength(1);
    await env.runDueJobs();
    expect(told(mia)).toHaveLength(1);
    expect(await approval(mia)).toBe(audit[0]!.action === 'enrollment.approve' ? 'approved' : 'refused');
  });

  it('tells each person once, and the truth, when a lead approves as the survey closes', async () => {
    // The race is lost only in some interleavings, so it is run in several rounds at once: each
    // with one enrolment waiting, its deadline job and the lead's click fired together.
    const { lea } = await setup();
    const leaId = await lea.id();
    const races: { roundId: string; person: TestPerson; ref: string }[] = [];
    for (let i = 0; i < 8; i += 1) {
      const { round } = await openRound(env, { name: `Program ${i}`, settings: { enrolmentApproval: 'lead' } });
      await setProgramLeads(env.database.db, round.programId, [leaId]);
      const person = env.person(`Mentee${i}`);
      await person.type('/mentor help');
      const e = await submitEnrollment(env.database.db, {
        workspaceId: round.workspaceId, roundId: round.id, personId: await person.id(), role: 'mentee', answers: {}, capacity: null, at: env.clock.now(),
      });
      await requestEnrollmentApproval(env.database.db, e.id, env.clock.now());
      const ref = env.signer.sign({ kind: 'enrol.approve', subjects: [e.id], personId: leaId, expiresAt: new Date(env.clock.now().getTime() + 30 * 86_400_000) });
      races.push({ roundId: round.id, person, ref });
    }
    env.clock.advance(15 * 86_400_000);
    for (const race of races) {
      const [, effects] = await Promise.all([env.core.runJob('survey.deadline', { roundId: race.roundId }), env.core.action(lea.actor, race.ref)]);
      expect(JSON.stringify(effects)).not.toContain(UNEXPECTED);
    }
    await env.runDueJobs();
    for (const { person } of races) {
      const decided = await approval(person);
      expect(told(person), person.name).toEqual([expect.stringContaining(decided === 'approved' ? 'is approved' : 'closed before your enrolment')]);
    }
  });
});
