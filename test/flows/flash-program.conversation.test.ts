// A program made from the flash template (docs/programs.md#flash-sessions, docs/flash.md): no
// matching rounds (every round command says so), a standing enrolment round whose mentor survey
// opts the mentor in with the template's monthly limit (still theirs to change in their profile),
// mentees sent to `ask`, and `ask` offering the program's topics and served by its mentors.
// Through the core, as in Slack or Teams, on both databases.
import { afterEach, describe, expect, it } from 'vitest';
import { listPrograms } from '../../src/db/repositories/program.repository.ts';
import { getProfile } from '../../src/db/repositories/profile.repository.ts';
import type { Form } from '../../src/ui/form.ts';
import type { Card } from '../../src/ui/model.ts';
import { databaseKinds } from '../support/databases.ts';
import { completeSurvey, mentorAnswers, openRound, surveyValues } from '../support/employee-fixtures.ts';
import { raceAtRow, valuesOf } from '../support/row-race.ts';
import { listAudit } from '../../src/db/repositories/audit.repository.ts';
import { createMemoryPlatform, type MemoryPlatform, type TestPerson } from '../support/memory-platform.ts';
import { workspaceOf } from './lead-fixtures.ts';

function asFilled(form: Form | undefined): Record<string, unknown> {
  if (!form) throw new Error('no form is open');
  return Object.fromEntries(form.fields.flatMap((f) => ('initial' in f && f.initial !== undefined ? [[f.id, f.initial]] : [])));
}

describe.each(databaseKinds)('a flash program on %s', (kind) => {
  let env: MemoryPlatform;
  afterEach(async () => { await env?.dispose(); });

  async function createFlashProgram(lea: TestPerson): Promise<void> {
    await lea.type('/mentor admin program create flash');
    expect(lea.openForm?.id).toBe('program.identity');
    for (let step = 1; step <= 4; step += 1) {
      const outcome = await lea.submit(asFilled(lea.openForm));
      expect(outcome.type, JSON.stringify(outcome)).toBe(step < 4 ? 'next' : 'done');
    }
  }

  it('has no matching rounds, opts its mentors in with its monthly limit, sends mentees to ask, and serves ask from its topics', async () => {
    env = await createMemoryPlatform(kind, { leads: ['U_LEA'] });
    const lea = env.person('Lea');
    await createFlashProgram(lea);
    expect(lea.text()).toContain('It is a flash program: it has no matching rounds.');
    expect(lea.text()).toContain('take up to 3 flash sessions a month');
    const [program] = await listPrograms(env.database.db, (await workspaceOf(env)).id);
    expect(program!.settings).toMatchObject({ format: 'flash', flashMonthlyCap: 3, sessionMinutes: 30 });
    // Its one round is the standing enrolment, open with no deadline.
    const rounds = await env.database.db.selectFrom('rounds').selectAll().where('program_id', '=', program!.id).execute();
    expect(rounds.map((r) => [r.state, r.survey_deadline])).toEqual([['open', null]]);
    expect(env.scheduler.pending('survey.deadline')).toEqual([]);

    // The round commands that make no sense say so, and change nothing.
    for (const command of ['admin round open', 'admin round close', 'admin round status', 'admin match', 'admin publish', 'admin circles fill']) {
      await lea.type(`/mentor ${command}`);
      expect(lea.lastReply(), command).toContain('“Flash mentoring” is a flash program: it has no matching rounds to open, close, match or publish.');
    }
    expect((await env.database.db.selectFrom('rounds').select('state').execute()).map((r) => r.state)).toEqual(['open']);
    await lea.type('/mentor admin program list');
    expect(lea.text()).toContain('Flash sessions: 0 mentors');
    // Its card offers no round to open.
    expect(lea.seen.filter((c): c is Card => c.kind === 'card' && c.header.title === 'Flash mentoring').at(-1)!.actions.map((a) => a.label)).toEqual(['Edit']);

    // A mentor enrols with the mentor survey: opted in with the program's limit of 3.
    const mo = env.person('Mo');
    await mo.type('/mentor offer');
    await completeSurvey(mo, { ...mentorAnswers(1), expertise3: ['feedback'] });
    expect(mo.text()).toContain('You now take flash sessions from “Flash mentoring”: up to 3 a month.');
    expect(mo.text()).toContain('This program matches nobody');
    expect(mo.text()).not.toContain('When the survey closes');
    expect(await getProfile(env.database.db, await mo.id())).toMatchObject({ flashOptIn: true, flashCap: 3 });
    // Still theirs to change in their profile; answering the survey again leaves their choice alone.
    await mo.type('/mentor profile');
    await mo.submit({ ...asFilled(mo.openForm), flashOptIn: true, flashCap: 1 });
    await mo.type('/mentor offer');
    await completeSurvey(mo, { ...mentorAnswers(1), expertise3: ['feedback'] });
    expect(await getProfile(env.database.db, await mo.id())).toMatchObject({ flashOptIn: true, flashCap: 1 });
    await lea.type('/mentor admin program list');
    expect(lea.text()).toContain('Flash sessions: 1 mentors');

    // A mentee is sent to `ask`, and joins no waitlist.
    const asa = env.person('Asa');
    await asa.type('/mentor find');
    expect(asa.lastReply()).toContain('“Flash mentoring” takes no mentees: ask a mentor for a 30-minute conversation with /mentor ask <topic>.');
    expect(await env.database.db.selectFrom('enrollments').select('role').where('person_id', '=', await asa.id()).execute()).toEqual([]);
    expect(await env.database.db.selectFrom('waitlist').selectAll().execute()).toEqual([]);

    // `ask` offers the program's topics that a mentor covers, and is served by its mentor.
    await asa.type('/mentor ask');
    expect(asa.lastReply()).toContain('Giving hard feedback');
    expect(asa.lastReply()).not.toContain('Running one-to-ones');
    await asa.click('Giving hard feedback');
    await asa.submit({ question: 'How do I tell a peer their work is late?' });
    expect(asa.lastReply()).toContain('I’m asking a mentor for Giving hard feedback');
    await env.runDueJobs();
    expect(mo.text()).toContain('would like a 30-minute conversation with you on Giving hard feedback');
    await mo.click('Accept');
    await env.runDueJobs();
    // The program's note is in the introduction.
    expect(asa.text()).toContain('A word from the program');
    expect(asa.text()).toContain('Thirty minutes, one question');
  });

  it('offers the flash program’s topics alone to ask, while a workspace without one keeps every program’s', async () => {
    env = await createMemoryPlatform(kind, { leads: ['U_LEA'] });
    const { round } = await openRound(env);
    const mo = env.person('Mo');
    await mo.type('/mentor offer');
    await completeSurvey(mo, mentorAnswers(1));
    await env.database.db.updateTable('people').set({ flash_opt_in: true }).where('id', '=', await mo.id()).execute();
    const asa = env.person('Asa');
    await asa.type('/mentor ask');
    // No flash program: the topics of the workspace's programs, as before.
    expect(asa.lastReply()).toContain('Leadership');
    const lea = env.person('Lea');
    await createFlashProgram(lea);
    await asa.type('/mentor ask public speaking');
    // Once there is one, its taxonomy is what ask knows (no flash mentor covers it yet).
    expect(asa.lastReply()).toContain('No mentor takes flash sessions yet');
    // The other program's round is untouched and a mentee's `find` still reaches it.
    await asa.type('/mentor find');
    expect(asa.openForm?.id).toMatch(/^survey\./);
    expect(round.state).toBe('open');
  });

  // The survey's last step sent twice at once (a double click, two devices): both read the
  // enrolment as started before either wrote it (held at its row on PostgreSQL).
  it('opts a mentor in once when the last step is sent twice at once; the second is answered as a moment later', async () => {
    env = await createMemoryPlatform(kind, { leads: ['U_LEA'] });
    await createFlashProgram(env.person('Lea'));
    const mo = env.person('Mo');
    await mo.type('/mentor offer');
    const answers = { ...mentorAnswers(1), expertise3: ['feedback'] };
    while (mo.openForm && !mo.openForm.title.includes('(5/5)')) await mo.submit(surveyValues(mo.openForm, answers));
    const [enrollment] = await env.database.db.selectFrom('enrollments').select('id').where('person_id', '=', await mo.id()).execute();
    const last = { ref: mo.openForm!.ref, values: surveyValues(mo.openForm!, answers) };
    const send = () => env.core.submit(mo.actor, last.ref, last.values);
    const outcomes = valuesOf(await raceAtRow(env.database, 'enrollments', enrollment!.id, [send, send]));
    expect(outcomes.map((o) => o.type)).toEqual(['done', 'errors']);
    const said = JSON.stringify(outcomes);
    expect(said.split('You now take flash sessions').length - 1).toBe(1);
    expect(said).not.toContain('something went wrong');
    const { workspaceId } = (await listPrograms(env.database.db, (await workspaceOf(env)).id))[0]!;
    expect((await listAudit(env.database.db, workspaceId)).filter((a) => a.action === 'flash.opt_in')).toHaveLength(1);
    expect((await env.database.db.selectFrom('enrollments').select(['status', 'answers']).execute()).map((e) => [e.status, '_draft' in (e.answers ?? {})])).toEqual([['submitted', false]]);
  });

  it('opts a mentor in only once their enrolment is approved, when the lead asks for approval', async () => {
    env = await createMemoryPlatform(kind, { leads: ['U_LEA'] });
    const lea = env.person('Lea');
    await createFlashProgram(lea);
    const [program] = await listPrograms(env.database.db, (await workspaceOf(env)).id);
    await env.database.db.updateTable('programs').set({ settings: JSON.stringify({ ...program!.settings, enrolmentApproval: 'lead' }) }).where('id', '=', program!.id).execute();
    const mo = env.person('Mo');
    await mo.type('/mentor offer');
    await completeSurvey(mo, { ...mentorAnswers(1), expertise3: ['feedback'] });
    expect(mo.text()).not.toContain('You now take flash sessions');
    expect(await getProfile(env.database.db, await mo.id())).toMatchObject({ flashOptIn: false });
    await env.runDueJobs();
    await lea.click('Approve');
    expect(await getProfile(env.database.db, await mo.id())).toMatchObject({ flashOptIn: true, flashCap: 3 });
  });
});
