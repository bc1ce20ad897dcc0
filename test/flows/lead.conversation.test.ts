// The program lead's journey, typed and clicked as in Slack or Teams: create a program with
// every setting, open a round and invite a channel, close it at the deadline, preview the
// matching in both languages, pin and forbid, publish, and read the status.
import { afterEach, describe, expect, it } from 'vitest';
import { listAudit } from '../../src/db/repositories/audit.repository.ts';
import { listPairs } from '../../src/db/repositories/pair.repository.ts';
import { listPrograms } from '../../src/db/repositories/program.repository.ts';
import { listInvitations, listRounds } from '../../src/db/repositories/round.repository.ts';
import { listWaitlist } from '../../src/db/repositories/waitlist.repository.ts';
import { databaseKinds } from '../support/databases.ts';
import { createMemoryPlatform, type MemoryPlatform } from '../support/memory-platform.ts';
import { createProgramByForm, enroll, known, menteeAnswers, mentorAnswers, workspaceOf } from './lead-fixtures.ts';

const DAY = 86_400_000;

describe.each(databaseKinds)('program lead on %s', (kind) => {
  let env: MemoryPlatform;
  afterEach(async () => { await env?.dispose(); });

  it('creates a program, runs a round to publication, and audits every step', async () => {
    env = await createMemoryPlatform(kind, { leads: ['U_LEA'] });
    const lea = env.person('Lea');
    await createProgramByForm(lea);
    expect(lea.lastReply()).toContain('Leadership 2027');
    const workspace = await workspaceOf(env);
    const [program] = await listPrograms(env.database.db, workspace.id);
    expect(program).toMatchObject({ name: 'Leadership 2027', description: 'Grow leaders' });
    expect(program!.settings).toEqual({
      topics: [
        { key: 'leadership', label: { en: 'Leadership', fr: 'Leadership' } },
        { key: 'public-speaking', label: { en: 'Public speaking', fr: 'Prise de parole' } },
      ],
      languages: ['en', 'fr'], checkinCadence: 'P14D', sessionMinutes: 45, durationDays: 120, pulseEvery: 'P1M',
      defaultCapacity: 2, objective: 'participation', minScore: 30, minOverlapHours: 1.5, proposalTimeoutHours: 48, surveyDays: 10,
      minGroupSize: 6, retentionDays: 400, sameTeamRule: true, enrolmentApproval: 'none', matching: 'lead', shortlistSize: 3, rankingDays: 3,
      weights: { expertise: 40, domain: 10, values: 10, cadence: 5, mode: 5, hours: 10, seniority: 8, feedback: 6, department: 6, language: 4, career: 6 },
    });

    // Open a round and invite a channel, resolved by the platform directory.
    const mia = env.person('Mia'), oli = env.person('Oli'), max = env.person('Max'), nora = env.person('Nora', { locale: 'fr-FR' });
    env.directory.audiences.set('#mentoring', ['U_MIA', 'U_OLI', 'U_MAX', 'U_NORA']);
    await lea.type('/mentor admin round open');
    expect(lea.openForm?.id).toBe('round.invite');
    await lea.submit({ audience: '#mentoring' });
    expect(lea.lastReply()).toBe('4 people invited.');
    const [round] = await listRounds(env.database.db, program!.id);
    expect(round!.state).toBe('open');
    expect(round!.surveyDeadline?.getTime()).toBe(env.clock.now().getTime() + 10 * DAY);
    expect(await listInvitations(env.database.db, round!.id)).toHaveLength(4);
    await env.runDueJobs();
    const [miaP, oliP, maxP, noraP] = [await known(env, mia), await known(env, oli), await known(env, max), await known(env, nora, 'fr-FR')];
    expect(mia.text()).toContain('Mentoring: Leadership 2027 is open');
    expect(mia.text()).toContain('[1] Find a mentor (primary)  [2] Become a mentor');
    expect(nora.text()).toContain('Devenir mentor');
    expect(env.scheduler.pending('survey.deadline').map((j) => j.key)).toEqual([`survey.deadline:${round!.id}`]);

    // Surveys (written through the repositories: this test is about the lead's side).
    await enroll(env, round!.id, miaP, 'mentee', menteeAnswers());
    await enroll(env, round!.id, oliP, 'mentee', menteeAnswers({ topics: ['public-speaking'], values: ['kindness'] }));
    await enroll(env, round!.id, maxP, 'mentor', mentorAnswers());
    await enroll(env, round!.id, noraP, 'mentor', mentorAnswers({ expertise: [{ topic: 'public-speaking', level: 3 }], values: ['kindness'], languages: ['fr', 'en'] }));

    // The deadline closes the round and tells the lead.
    await env.advance(10 * DAY);
    expect((await listRounds(env.database.db, program!.id))[0]!.state).toBe('closed');
    expect(lea.text()).toContain('The survey of Leadership 2027 is closed');

    // Preview in English…
    await lea.type('/mentor admin match');
    let preview = lea.lastReply();
    expect(preview).toContain('Matching preview: Leadership 2027');
    expect(preview).toContain('Matched: 2 of 2 mentees');
    expect(preview).toContain('Expert in Leadership');
    expect(preview).toContain('Score distribution');
    expect(preview).toContain('Mentor load: 2 of 2 places used, 0 mentors without a mentee');
    let drafts = await listPairs(env.database.db, round!.id, ['draft']);
    expect(drafts.map((p) => [p.menteeId, p.mentorId]).sort()).toEqual([[miaP.id, maxP.id], [oliP.id, noraP.id]].sort());

    // …and in French, for a lead added by Lea.
    const camille = env.person('Camille', { locale: 'fr-FR' });
    await lea.type('/mentor admin leads add @{U_CAMILLE}');
    expect(lea.lastReply()).toContain('is now a lead of “Leadership 2027”');
    await camille.type('/mentor admin apparier');
    preview = camille.lastReply();
    expect(preview).toContain('Prévisualisation de l’appariement');
    expect(preview).toContain('Expertise en Leadership');
    expect(preview).toContain('Expertise en Prise de parole');

    // Forbid Mia–Max and pin Oli–Max, then re-run.
    await lea.type('/mentor admin forbid @{U_MIA} @{U_MAX}');
    expect(lea.lastReply()).toContain('forbidden');
    await lea.type('/mentor admin pin @{U_OLI} @{U_MAX}');
    await lea.click('Run again');
    drafts = await listPairs(env.database.db, round!.id, ['draft']);
    expect(drafts.map((p) => [p.menteeId, p.mentorId, p.source]).sort()).toEqual([[miaP.id, noraP.id, 'round'], [oliP.id, maxP.id, 'pin']].sort());

    // Publish: proposals to both members of each pair, expiry jobs, round planned.
    await lea.type('/mentor admin publish');
    expect(lea.seen.at(-2) && lea.lastReply()).toBeTruthy();
    expect(lea.text()).toContain('Published: 2 proposals sent, 0 mentees on the waitlist.');
    const proposed = await listPairs(env.database.db, round!.id, ['proposed']);
    expect(proposed).toHaveLength(2);
    expect(proposed.every((p) => p.expiresAt?.getTime() === env.clock.now().getTime() + 48 * 3_600_000)).toBe(true);
    await env.runDueJobs();
    expect(mia.text()).toContain('You have a proposed mentor');
    expect(mia.text()).toContain('@Nora');
    expect(nora.text()).toContain('Un mentoré vous est proposé');
    expect(max.text()).toContain('You have a proposed mentee');
    expect(oli.text()).toContain('@Max');
    expect(max.text()).not.toContain('Pinned by a program lead');
    const expiries = env.scheduler.pending('proposal.expire').map((j) => j.key).sort();
    expect(expiries).toEqual([...proposed.map((p) => `proposal.expire:${p.id}`), `proposal.window:${round!.id}`].sort());
    expect(env.scheduler.pending('round.complete')).toHaveLength(1);
    expect(env.scheduler.pending('pulse.open').length).toBeGreaterThanOrEqual(2);

    await lea.type('/mentor admin round status');
    expect(lea.lastReply()).toContain('State: published');
    expect(lea.lastReply()).toContain('2 proposed');

    // The answer window ends: the round runs, and nobody answered, so both proposals expire.
    await env.advance(2 * DAY + 1000);
    expect((await listRounds(env.database.db, program!.id))[0]!.state).toBe('running');
    expect(await listPairs(env.database.db, round!.id, ['expired'])).toHaveLength(2);
    // Each mentee is either rematched with a mentor they were not proposed before (never the
    // forbidden one), or waitlisted: which one depends on which expiry runs first.
    const rematched = await listPairs(env.database.db, round!.id, ['proposed']);
    const waitlisted = (await listWaitlist(env.database.db, program!.id)).map((w) => w.personId);
    expect(rematched.every((p) => p.source === 'rematch' && p.menteeId === oliP.id && p.mentorId === noraP.id)).toBe(true);
    expect([...rematched.map((p) => p.menteeId), ...waitlisted].sort()).toEqual([miaP.id, oliP.id].sort());

    await lea.type('/mentor admin report');
    expect(lea.lastReply()).toContain('Participants: 2 mentees, 2 mentors');
    expect(lea.lastReply()).toContain('Match rate: 100%');
    expect(lea.lastReply()).toMatch(/Acceptance: 0% \(0 accepted, 0 declined, 2 expired, [01] waiting\)/);
    expect(lea.lastReply()).toContain('Not enough answers yet (at least 6 are needed');
    const home = await lea.home();
    expect(home.map((c) => c.header.title)).toEqual(expect.arrayContaining(['Leadership 2027', 'Leadership 2027: round 1']));
    expect(await mia.home()).not.toEqual(expect.arrayContaining([expect.objectContaining({ header: expect.objectContaining({ title: 'Leadership 2027' }) })]));

    const actions = (await listAudit(env.database.db, workspace.id, { limit: 100 })).map((a) => a.action);
    for (const action of ['program.create', 'program.edit', 'round.open', 'round.invite', 'match.preview', 'lead.add', 'match.forbid', 'match.pin', 'round.publish']) {
      expect(actions, action).toContain(action);
    }
  });
});
