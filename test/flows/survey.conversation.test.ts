import { afterEach, describe, expect, it } from 'vitest';
import { findEnrollment, startEnrollment } from '../../src/db/repositories/enrollment.repository.ts';
import { getPerson } from '../../src/db/repositories/person.repository.ts';
import { getRound } from '../../src/db/repositories/round.repository.ts';
import { listWaitlist } from '../../src/db/repositories/waitlist.repository.ts';
import { databaseKinds } from '../support/databases.ts';
import { completeSurvey, enroll, menteeAnswers, mentorAnswers, openRound, snapshot, surveyValues } from '../support/employee-fixtures.ts';
import { createMemoryPlatform, type MemoryPlatform } from '../support/memory-platform.ts';
import { raceAtRow, startedAhead, valuesOf } from '../support/row-race.ts';
import type { Form } from '../../src/ui/form.ts';
import { createProgramByForm } from './lead-fixtures.ts';

describe.each(databaseKinds)('find and offer on %s', (kind) => {
  let env: MemoryPlatform;
  afterEach(async () => { await env?.dispose(); });

  it('walks a mentee through the four steps, keeps a draft after each, and confirms with the deadline', async () => {
    env = await createMemoryPlatform(kind);
    const { round, program } = await openRound(env, { deadline: new Date('2027-03-15T17:00:00Z') });
    const mia = env.person('Mia');
    const manager = env.person('Max');
    await manager.type('/mentor help');
    await mia.type('/mentor find');
    expect(mia.openForm?.title).toBe('Find a mentor (1/4)');

    await mia.submit(surveyValues(mia.openForm!, menteeAnswers));
    const draft = await findEnrollment(env.database.db, round.id, await mia.id(), 'mentee');
    expect(draft?.status).toBe('started');
    expect(mia.openForm?.title).toBe('Find a mentor (2/4)');

    env.person('Zoe');
    await completeSurvey(mia, { ...menteeAnswers, manager: ['U_MAX'], avoid: ['U_ZOE'] });
    const enrollment = await findEnrollment(env.database.db, round.id, await mia.id(), 'mentee');
    expect(enrollment?.status).toBe('submitted');
    expect(enrollment?.answers).not.toHaveProperty('_draft');
    expect(enrollment?.answers?.topics).toEqual(['leadership']);
    const zoe = await env.database.db.selectFrom('people').select('id').where('platform_user_id', '=', 'U_ZOE').executeTakeFirstOrThrow();
    expect(enrollment?.answers?.avoid).toEqual([zoe.id]);
    expect((await getPerson(env.database.db, await mia.id()))?.managerId).toBe(await manager.id());
    expect(mia.lastReply()).toContain('Thank you, your answers are saved.');
    expect(mia.lastReply()).toContain('15 March 2027');
    expect(await listWaitlist(env.database.db, program.id)).toEqual([]);

    // Running find again edits the answers, pre-filled (people as platform ids for the picker).
    await mia.type('/mentor find');
    expect(mia.text()).toContain('You already answered this survey');
    const first = mia.openForm!;
    expect(first.fields.find((f) => f.id === 'careerObjective')?.initial).toBe('Lead a team within two years.');
    await completeSurvey(mia, { ...menteeAnswers, careerObjective: 'Run a product line.' });
    const edited = await findEnrollment(env.database.db, round.id, await mia.id(), 'mentee');
    expect(edited?.answers?.careerObjective).toBe('Run a product line.');
    expect(edited?.answers?.avoid).toEqual([zoe.id]);
  });

  it('refuses oneself in the avoid list and stores nothing', async () => {
    env = await createMemoryPlatform(kind);
    await openRound(env);
    const mia = env.person('Mia');
    await mia.type('/mentor find');
    for (let i = 0; i < 3; i += 1) await mia.submit(surveyValues(mia.openForm!, menteeAnswers));
    const before = await snapshot(env);
    const outcome = await mia.submit(surveyValues(mia.openForm!, { ...menteeAnswers, avoid: ['U_MIA'] }));
    expect(outcome).toEqual({ type: 'errors', errors: { avoid: 'You cannot list yourself here.' } });
    expect(await snapshot(env)).toBe(before);
  });

  it('returns per-field errors in the person’s language for bad input and stores nothing', async () => {
    env = await createMemoryPlatform(kind);
    await openRound(env);
    const camille = env.person('Camille', { locale: 'fr-FR' });
    await camille.type('/mentor trouver');
    const before = await snapshot(env);
    const outcome = await camille.submit(surveyValues(camille.openForm!, {
      ...menteeAnswers, careerObjective: 'x'.repeat(501), domain: '', topics: ['astrology'], seniorityGap: 'galactic',
    }));
    expect(outcome.type).toBe('errors');
    const errors = outcome.type === 'errors' ? outcome.errors : {};
    expect(errors.careerObjective).toMatch(/^500\s?caractères au maximum/u);
    expect(errors.domain).toBe('Ce champ est obligatoire.');
    expect(errors.topics).toBe('Merci de choisir parmi les options proposées.');
    expect(errors.seniorityGap).toBe('Merci de choisir parmi les options proposées.');
    expect(await snapshot(env)).toBe(before);

    await camille.type('/mentor proposer');
    expect(await camille.submit(surveyValues(camille.openForm!, mentorAnswers()))).toMatchObject({ type: 'next' });
    const mentorBefore = await snapshot(env);
    const mentor = await camille.submit(surveyValues(camille.openForm!, { ...mentorAnswers(), yearsExperience: 99, years_leadership: 61 }));
    expect(mentor.type === 'errors' && mentor.errors).toEqual({ yearsExperience: 'Le maximum est 60.', years_leadership: 'Le maximum est 60.' });
    expect(await snapshot(env)).toBe(mentorBefore);
  });

  it('lets a mentor offer a capacity of two', async () => {
    env = await createMemoryPlatform(kind);
    const { round } = await openRound(env);
    const omar = env.person('Omar');
    await omar.type('/mentor offer');
    expect(omar.openForm?.title).toBe('Become a mentor (1/5)');
    await completeSurvey(omar, { ...mentorAnswers(2), years_leadership: 7 });
    const enrollment = await findEnrollment(env.database.db, round.id, await omar.id(), 'mentor');
    expect(enrollment?.capacity).toBe(2);
    expect(enrollment?.answers?.expertise).toEqual([{ topic: 'leadership', level: 3, years: 7 }]);
    expect(omar.lastReply()).toContain('a proposal for each one');
  });

  it('puts people on the waitlist outside a round, and lets them pick when several programs are open', async () => {
    env = await createMemoryPlatform(kind);
    const { program } = await openRound(env, { state: 'running' });
    const nina = env.person('Nina');
    await nina.type('/mentor find');
    expect(nina.lastReply()).toContain('waiting list');
    expect((await listWaitlist(env.database.db, program.id)).map((w) => [w.role, w.reason])).toEqual([['mentee', 'no_open_round']]);

    await openRound(env, { name: 'Sales mentoring' });
    await openRound(env, { name: 'Tech mentoring' });
    await nina.type('/mentor find');
    expect(nina.lastReply()).toContain('Several programs are open');
    await nina.click('Tech mentoring');
    expect(nina.openForm?.title).toBe('Find a mentor (1/4)');
  });

  it.runIf(kind === 'postgres')('a find outside a round sent from another device as the person’s erasure commits puts nobody erased on the waitlist', async () => {
    env = await createMemoryPlatform(kind);
    const { program } = await openRound(env, { state: 'running' });
    const mia = env.person('Mia');
    await mia.type('/mentor delete');
    const miaId = await mia.id();
    // Her find has read who she is and waits for the program (held by the test) before joining its
    // waitlist; her erasure, confirmed meanwhile on another device, commits first.
    const [found] = valuesOf(await raceAtRow<unknown>(env.database, 'programs', program.id, [
      () => env.core.command(mia.actor, { text: 'find' }),
      () => mia.click('Erase my data'),
    ]));
    expect(JSON.stringify(found)).toContain('Nothing was changed');
    expect(await listWaitlist(env.database.db, program.id)).toEqual([]);
    expect((await getPerson(env.database.db, miaId))?.erasedAt).not.toBeNull();
  });

  // Nina asks for a mentor as Lea opens the program's first round: Nina is in the round, or on
  // the waitlist and invited with it; never told to wait for a round that opened without her.
  // Lea's opening is held (at Pat's row, as she invites the waitlist) after it read the waitlist,
  // or Nina's request after it read the rounds (at her own row, as she joins the waitlist).
  it.each(['opening', 'find'] as const)('a find as a lead opens the round (%s first): Nina answers the survey or is invited', async (first) => {
    env = await createMemoryPlatform(kind, { leads: ['U_LEA'] });
    const [lea, pat, nina] = [env.person('Lea'), env.person('Pat'), env.person('Nina')];
    await createProgramByForm(lea);
    await pat.type('/mentor find');
    await nina.type('/mentor help');
    const opening = () => lea.type('/mentor admin round open');
    const find = () => nina.type('/mentor find');
    const held = await (first === 'opening' ? pat : nina).id();
    valuesOf(await raceAtRow<unknown>(env.database, 'people', held, first === 'opening' ? [opening, find] : [find, opening]));
    expect(lea.text()).toContain('The round of Leadership 2027 is open');
    await env.runDueJobs();
    const invited = env.messenger.to(await nina.id()).filter((d) => d.key?.startsWith('round.invite:'));
    if (first === 'opening') expect(nina.openForm?.title).toBe('Find a mentor (1/4)');
    else expect(invited).toHaveLength(1);
  });

  // An earlier step sent again (another device still showing it) as the last one is sent: both
  // read the enrolment before either wrote it (held at its row on PostgreSQL).
  it('keeps the submitted answers when an earlier step is sent again as the last one is', async () => {
    env = await createMemoryPlatform(kind);
    const { round } = await openRound(env);
    const mia = env.person('Mia');
    await mia.type('/mentor find');
    while (mia.openForm && !mia.openForm.title.includes('(4/4)')) await mia.submit(surveyValues(mia.openForm, menteeAnswers));
    const third = mia.seen.filter((f): f is Form => f.kind === 'form' && f.title === 'Find a mentor (3/4)').at(-1)!;
    const draft = await findEnrollment(env.database.db, round.id, await mia.id(), 'mentee');
    const last = () => mia.submit(surveyValues(mia.openForm!, menteeAnswers));
    const again = () => env.core.submit(mia.actor, third.ref, surveyValues(third, menteeAnswers));
    valuesOf(await raceAtRow<unknown>(env.database, 'enrollments', draft!.id, [last, again]));
    expect(mia.lastReply()).toContain('Thank you, your answers are saved.');
    const enrollment = await findEnrollment(env.database.db, round.id, await mia.id(), 'mentee');
    expect(enrollment?.status).toBe('submitted');
    expect(enrollment?.answers?.topics).toEqual(['leadership']);
  });

  it('refuses a step once the round has closed', async () => {
    env = await createMemoryPlatform(kind);
    const { round } = await openRound(env);
    const mia = env.person('Mia');
    await mia.type('/mentor find');
    await env.database.db.updateTable('rounds').set({ state: 'closed' }).where('id', '=', round.id).execute();
    const before = await snapshot(env);
    const outcome = await mia.submit(surveyValues(mia.openForm!, menteeAnswers));
    expect(outcome.type).toBe('done');
    expect(mia.lastReply()).toContain('closed to answers');
    expect(await snapshot(env)).toBe(before);
  });

  it.runIf(kind === 'postgres')('a step sent from another device as the person’s erasure commits writes nothing of theirs again', async () => {
    env = await createMemoryPlatform(kind);
    const { round } = await openRound(env);
    const mia = env.person('Mia');
    await mia.type('/mentor find');
    await mia.submit(surveyValues(mia.openForm!, menteeAnswers));
    const draft = await findEnrollment(env.database.db, round.id, await mia.id(), 'mentee');
    const values = surveyValues(mia.openForm!, menteeAnswers);
    const step = mia.openForm!.ref;
    await mia.type('/mentor delete');
    // The erasure withdraws her enrolment (held by the test) first; her next step waits behind it.
    valuesOf(await raceAtRow<unknown>(env.database, 'enrollments', draft!.id, [
      () => mia.click('Erase my data'),
      () => env.core.submit(mia.actor, step, values),
    ]));
    const after = await findEnrollment(env.database.db, round.id, await mia.id(), 'mentee');
    expect(after?.status).toBe('withdrawn');
    // Nothing she sent after the erasure is kept: her answers stay erased.
    expect(after?.answers ?? null).toBeNull();
    expect((await getPerson(env.database.db, await mia.id()))?.erasedAt).not.toBeNull();
  });

  /** Mia at the first step of an open round's survey (its form and values kept), her erasure asked for on another device. */
  async function atFirstStepWithErasureAsked() {
    env = await createMemoryPlatform(kind);
    const { round } = await openRound(env);
    const mia = env.person('Mia');
    await mia.type('/mentor find');
    const miaId = await mia.id();
    const step = mia.openForm!.ref;
    const values = surveyValues(mia.openForm!, menteeAnswers);
    await mia.type('/mentor delete');
    return { round, mia, miaId, step, values };
  }

  it.runIf(kind === 'postgres')('a first step sent from another device as the person’s erasure commits writes no draft of theirs', async () => {
    const { round, mia, miaId, step, values } = await atFirstStepWithErasureAsked();
    // Her first step has read who she is and waits for the round (held by the test); her erasure,
    // confirmed meanwhile on another device, commits before the step goes on.
    const [sent] = valuesOf(await raceAtRow<unknown>(env.database, 'rounds', round.id, [
      () => env.core.submit(mia.actor, step, values),
      () => mia.click('Erase my data'),
    ]));
    expect(JSON.stringify(sent)).toContain('Nothing was changed');
    // No enrolment of hers: no draft with her answers after her erasure.
    expect(await findEnrollment(env.database.db, round.id, miaId, 'mentee')).toBeUndefined();
    expect((await getPerson(env.database.db, miaId))?.erasedAt).not.toBeNull();
  });

  it.runIf(kind === 'postgres')('a first step sent while the person’s erasure runs waits for it and writes no draft of theirs', async () => {
    const { round, mia, miaId, step, values } = await atFirstStepWithErasureAsked();
    // She had started the mentor survey too: her erasure withdraws that enrolment (held by the test) first.
    const asMentor = await startEnrollment(env.database.db, { workspaceId: round.workspaceId, roundId: round.id, personId: miaId, role: 'mentor' });
    const [, sent] = valuesOf(await raceAtRow<unknown>(env.database, 'enrollments', asMentor.id, [
      () => mia.click('Erase my data'),
      () => env.core.submit(mia.actor, step, values),
    ]));
    expect(JSON.stringify(sent)).toContain('Nothing was changed');
    expect(await findEnrollment(env.database.db, round.id, miaId, 'mentee')).toBeUndefined();
    expect((await findEnrollment(env.database.db, round.id, miaId, 'mentor'))?.status).toBe('withdrawn');
    expect((await getPerson(env.database.db, miaId))?.erasedAt).not.toBeNull();
  });

  it.runIf(kind === 'postgres')('an erasure confirmed as the person’s first step is being written withdraws the draft and its answers', async () => {
    const { round, mia, miaId, step, values } = await atFirstStepWithErasureAsked();
    // Her first step writes its draft and waits for the workspace (its reference to it is checked;
    // the test holds it); her erasure, confirmed meanwhile on another device, goes on after it.
    const [sent] = valuesOf(await raceAtRow<unknown>(env.database, 'workspaces', round.workspaceId, [
      () => env.core.submit(mia.actor, step, values),
      () => mia.click('Erase my data'),
    ]));
    expect(sent).toMatchObject({ type: 'next' });
    const after = await findEnrollment(env.database.db, round.id, miaId, 'mentee');
    expect(after?.status).toBe('withdrawn');
    expect(after?.answers ?? null).toBeNull();
    expect((await getPerson(env.database.db, miaId))?.erasedAt).not.toBeNull();
  });

  it.runIf(kind === 'postgres')('a first step of a new round sent as the retention purge anonymises its person: the purge waits for it and keeps her', async () => {
    env = await createMemoryPlatform(kind);
    const { round, program } = await openRound(env);
    const mia = env.person('Mia');
    await mia.type('/mentor find');
    const miaId = await mia.id();
    const step = mia.openForm!.ref;
    const values = surveyValues(mia.openForm!, menteeAnswers);
    // She took part in an earlier round of the program, long completed and purged since; she was
    // waiting on the waitlist then, and left it: the purge's daily run would anonymise her now.
    const long = new Date(env.clock.now().getTime() - 400 * 86_400_000);
    const earlier = await env.database.db.insertInto('rounds').values({ workspace_id: round.workspaceId, program_id: program.id, name: 'Earlier', state: 'completed', opened_at: long, published_at: long, completed_at: long, purged_at: long })
      .returning('id').executeTakeFirstOrThrow();
    await env.database.db.insertInto('enrollments').values({ workspace_id: round.workspaceId, round_id: earlier.id, person_id: miaId, role: 'mentee', status: 'submitted', answers: JSON.stringify({}), consent_at: long, submitted_at: long, updated_at: long }).execute();
    // Her first step writes its draft and waits for the workspace (its reference to it is checked;
    // the test holds it); the purge, started meanwhile, finds her without a live round (the draft
    // is not committed) and waits for her step, then finds her in the new round.
    const [sent] = valuesOf(await raceAtRow<unknown>(env.database, 'workspaces', round.workspaceId, [
      () => env.core.submit(mia.actor, step, values),
      () => env.core.runJob('retention.purge', {}),
    ]));
    expect(sent).toMatchObject({ type: 'next' });
    expect((await getPerson(env.database.db, miaId))?.erasedAt).toBeNull();
    expect((await findEnrollment(env.database.db, round.id, miaId, 'mentee'))?.status).toBe('started');
  });

  it('the last step sent as the survey deadline closes the round: the answers count in the closing, shortlist included', async () => {
    env = await createMemoryPlatform(kind);
    const deadline = new Date(env.clock.now().getTime() + 86_400_000);
    const { round } = await openRound(env, { deadline, settings: { matching: 'choice', shortlistSize: 3, rankingDays: 4 } });
    const omar = env.person('Omar');
    await omar.type('/mentor help');
    await enroll(env, round, omar, 'mentor');
    const mia = env.person('Mia');
    await mia.type('/mentor find');
    while (mia.openForm && !mia.openForm.title.includes('(4/4)')) await mia.submit(surveyValues(mia.openForm, menteeAnswers));
    const draft = await findEnrollment(env.database.db, round.id, await mia.id(), 'mentee');
    // Mia's click a millisecond before the deadline; the deadline job in a process whose clock is a millisecond ahead.
    env.clock.advance(86_400_000 - 1);
    const values = surveyValues(mia.openForm!, menteeAnswers);
    const deadlineJob = () => startedAhead(env.clock, 1, () => env.core.runJob('survey.deadline', { roundId: round.id }));
    // Mia's answers are written (her enrolment's row held) while the job closes the round.
    valuesOf(await raceAtRow<unknown>(env.database, 'enrollments', draft!.id, [() => mia.submit(values), deadlineJob]));
    expect(mia.lastReply()).toContain('Thank you, your answers are saved.');
    expect((await findEnrollment(env.database.db, round.id, await mia.id(), 'mentee'))?.status).toBe('submitted');
    expect((await getRound(env.database.db, round.id))?.state).toBe('closed');
    await env.runDueJobs();
    expect(mia.text()).toContain('@Omar');
    const offer = `shortlist.offer:${round.id}:${await mia.id()}`;
    expect(env.messenger.delivered.filter((d) => d.key === offer)).toHaveLength(1);
  });
});
