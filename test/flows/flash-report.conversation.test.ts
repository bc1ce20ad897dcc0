// Flash sessions in the lead's report (docs/flash.md, docs/privacy.md): counts per month of
// request, released once 30 days after the month ends with the minimum group size, frozen, the
// same for every program of the workspace, in English and French, on the chat card and the report
// page; and the erasure of someone who asked for, gave or was asked for flash sessions leaves no
// flash row linked to them, passing a request that waited for them on. Both databases.
import { afterEach, describe, expect, it } from 'vitest';
import { addProgramLead } from '../../src/db/repositories/lead.repository.ts';
import { createProgram } from '../../src/db/repositories/program.repository.ts';
import { databaseKinds } from '../support/databases.ts';
import { enroll, openRound } from '../support/employee-fixtures.ts';
import { sampleSettings } from '../support/fixtures.ts';
import { createMemoryPlatform, type MemoryPlatform, type TestPerson } from '../support/memory-platform.ts';
import { tablesHolding } from '../support/person-id-scan.ts';
import { loadReportPage } from '../support/report-page-fetch.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe.each(databaseKinds)('flash sessions in the lead’s report on %s', { timeout: 120_000 }, (kind) => {
  let env: MemoryPlatform;
  afterEach(async () => { await env?.dispose(); });

  /** The flash card of the lead's latest report. */
  async function flashCard(lead: TestPerson, title = 'Flash sessions (whole workspace)'): Promise<string> {
    await lead.type('/mentor admin report');
    const text = lead.text();
    const i = text.lastIndexOf(`== ${title} ==`);
    if (i < 0) return '';
    const card = text.slice(i);
    const end = card.indexOf('\n== ', 1);
    return end < 0 ? card : card.slice(0, end);
  }

  it('counts requests per month once released, withholds small groups, and never moves afterwards', async () => {
    env = await createMemoryPlatform(kind, { start: new Date('2027-01-04T08:00:00Z') });
    const { program } = await openRound(env);
    const db = env.database.db;
    const lea = env.person('Lea');
    const lou = env.person('Lou', { locale: 'fr-FR' });
    const askers = ['A1', 'A2', 'A3', 'A4', 'A5', 'A6', 'B1', 'B2'].map((n) => env.person(n));
    const [m1, m2] = [env.person('M1'), env.person('M2')];
    for (const p of [lea, lou, ...askers, m1, m2]) await p.type('/mentor help');
    await addProgramLead(db, program.id, await lea.id(), null);
    // A second program of the same workspace, led by Lou: it reads the same released months.
    const other = await createProgram(db, { workspaceId: program.workspaceId, name: 'Managers 2027', settings: sampleSettings(), createdBy: await lea.id() });
    await addProgramLead(db, other.id, await lou.id(), null);

    // January: six requests by six people, all accepted by two mentors; five askers and both
    // mentors found it useful, one asker did not. February: two requests only.
    const at = (iso: string) => new Date(iso);
    for (const [i, a] of askers.slice(0, 6).entries()) {
      await db.insertInto('flash_sessions').values({
        workspace_id: program.workspaceId, asker_id: await a.id(), topic: 'leadership', question: `Question ${i}`, state: 'accepted',
        mentor_id: await (i < 3 ? m1 : m2).id(), attempt: 1, asked_at: at('2027-01-05T09:00:00Z'), accepted_at: at('2027-01-05T10:00:00Z'),
        asker_useful: i < 5, asker_continue: false, mentor_useful: true, mentor_continue: false,
        created_at: at(`2027-01-${String(5 + i).padStart(2, '0')}T09:00:00Z`), updated_at: at('2027-01-05T09:00:00Z'),
      }).execute();
    }
    for (const a of askers.slice(6)) {
      await db.insertInto('flash_sessions').values({
        workspace_id: program.workspaceId, asker_id: await a.id(), topic: 'leadership', question: 'Q', state: 'unavailable', attempt: 1,
        created_at: at('2027-02-10T09:00:00Z'), updated_at: at('2027-02-10T09:00:00Z'),
      }).execute();
    }

    // February 20: January is over but not settled (30 days): no flash card yet (it does not
    // appear with a live request either, which would tell that someone just asked).
    await env.advance(47 * DAY);
    expect(await flashCard(lea)).toBe('');
    expect(lea.text()).not.toContain('Flash sessions');

    // March 5: January is released; six people asked, so it shows; the one "not useful" is withheld.
    await env.advance(13 * DAY);
    // The daily job releases it even when nobody reads a report; twice changes nothing.
    await env.core.runJob('report.release', {});
    await env.core.runJob('report.release', {});
    expect(await db.selectFrom('flash_releases').select('period_key').execute()).toEqual([{ period_key: '2027-01' }]);
    const march = await flashCard(lea);
    expect(march).toContain('January 2027: requested 6, accepted 6, useful 11, not useful withheld, turned into a pair 0');
    expect(march).toContain('All months shown: requested 6, accepted 6, useful 11, not useful withheld, turned into a pair 0');
    expect(march).not.toContain('February 2027');
    // The other program's lead, in French, reads the same stored month.
    const french = await flashCard(lou, 'Sessions flash (tout l’espace de travail)');
    expect(french).toContain('janvier 2027: demandées 6, acceptées 6, utiles 11, pas vraiment utiles masqué, devenues un binôme 0');
    expect(await db.selectFrom('flash_releases').select('period_key').execute()).toEqual([{ period_key: '2027-01' }]);

    // Later events leave January as released: a late "not useful" answer, a session turned into
    // a pair, and an asker's erasure (their request is deleted).
    const [late] = await db.selectFrom('flash_sessions').select('id').where('asker_id', '=', await askers[1]!.id()).execute();
    await db.updateTable('flash_sessions').set({ asker_useful: false }).where('id', '=', late!.id).execute();
    await askers[0]!.type('/mentor delete');
    await askers[0]!.click('Erase my data');
    await env.runDueJobs();
    expect(await db.selectFrom('flash_sessions').select('id').where('question', '=', 'Question 0').execute()).toEqual([]);
    const lines = (card: string) => card.split('\n').filter((l) => /requested|not enough/u.test(l)).join('\n');
    expect(lines(await flashCard(lea))).toBe(lines(march));

    // April 5: February is released with two people: withheld whole, and out of the totals.
    await env.advance(31 * DAY);
    const april = await flashCard(lea);
    expect(april).toContain('February 2027: not enough answers (shown from 5)');
    expect(april).toContain('All months shown: requested 6, accepted 6, useful 11, not useful withheld, turned into a pair 0');

    // The report page, through its handler and the lead's link, shows the same facts.
    const page = await loadReportPage(db, env.clock, program.id, await lea.id());
    expect(page).toContain('<section id="flash"><h2>Flash sessions</h2>');
    expect(page).toContain('January 2027</th><td>requested 6, accepted 6, useful 11, not useful withheld, turned into a pair 0');
    expect(page).toContain('February 2027</th><td>not enough answers (shown from 5)');
    const stored = JSON.stringify(await db.selectFrom('flash_releases').select('figures').execute());
    for (const who of [...askers, m1, m2]) expect(stored).not.toContain(who.personId()!);
    expect(stored).not.toContain('Question');
  });

  it('erasure leaves no flash row linked to the person and passes a request waiting for them on', async () => {
    env = await createMemoryPlatform(kind);
    const { round } = await openRound(env);
    const db = env.database.db;
    const [asa, bo, mo, xia] = [env.person('Asa'), env.person('Bo'), env.person('Mo'), env.person('Xia')];
    for (const p of [asa, bo, mo, xia]) await p.type('/mentor help');
    for (const p of [mo, xia]) {
      await enroll(env, round, p, 'mentor');
      await db.updateTable('people').set({ flash_opt_in: true, flash_monthly_cap: 5 }).where('id', '=', await p.id()).execute();
    }
    const ask = async (who: TestPerson) => {
      await who.type('/mentor ask leadership');
      await who.submit({ question: `A question from ${who.name}` });
      await env.runDueJobs();
    };
    const askedFor = async (who: TestPerson) => (await db.selectFrom('flash_sessions').select(['mentor_id', 'passed', 'state']).where('asker_id', '=', await who.id()).executeTakeFirstOrThrow());
    // Xia asks and Mo accepts; a week later both answer.
    await ask(xia);
    expect((await askedFor(xia)).mentor_id).toBe(await mo.id());
    await mo.click('Accept');
    await env.advance(7 * DAY + HOUR);
    await xia.click('Useful');
    await mo.click('Useful');
    // Asa asks: Xia (no session given yet) is asked first and declines; Mo is asked.
    await ask(asa);
    expect((await askedFor(asa)).mentor_id).toBe(await xia.id());
    await xia.click('Decline');
    await env.runDueJobs();
    expect(await askedFor(asa)).toMatchObject({ mentor_id: await mo.id(), passed: [await xia.id()] });
    // Bo asks: Xia is asked, and erases her data before answering.
    await ask(bo);
    expect((await askedFor(bo)).mentor_id).toBe(await xia.id());
    await xia.type('/mentor delete');
    await xia.click('Erase my data');
    await env.runDueJobs();

    // Bo's request went on to Mo, as after a decline, and Bo was told without a name.
    expect(await askedFor(bo)).toMatchObject({ mentor_id: await mo.id(), state: 'asking', passed: [] });
    expect(bo.text()).toContain('The mentor I asked for Leadership can’t take it, so I’m asking another one.');
    // Xia's own request is gone, and nothing of the flash tables names her.
    expect(await db.selectFrom('flash_sessions').select('id').where('question', '=', 'A question from Xia').execute()).toEqual([]);
    expect((await askedFor(asa)).passed).toEqual([]);
    expect(await tablesHolding(db, xia.personId()!, /^flash/u)).toEqual([]);
  });
});
