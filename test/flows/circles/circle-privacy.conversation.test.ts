// The curious lead and circles (docs/privacy.md): the circles card's figures about answers come
// from released periods only (a month that is over, a closed pulse), each over enough people, so
// reading the report before and after one more answer, a member's erasure or the circle ending
// gives nothing away; and erasure leaves no circle seat, check-in or pulse answer linked to the
// person. Through the bot on both databases.
import { afterEach, describe, expect, it } from 'vitest';
import { endCirclesOfRound, listCircles } from '../../../src/db/repositories/circle.repository.ts';
import { addProgramLead } from '../../../src/db/repositories/lead.repository.ts';
import { ensurePulse } from '../../../src/db/repositories/pulse.repository.ts';
import { databaseKinds } from '../../support/databases.ts';
import { enroll, openRound } from '../../support/employee-fixtures.ts';
import { createMemoryPlatform, type MemoryPlatform, type TestPerson } from '../../support/memory-platform.ts';
import { tablesHolding } from '../../support/person-id-scan.ts';
import { loadReportPage } from '../../support/report-page-fetch.ts';

const DAY = 86_400_000;
const ANSWER_LINES = /^.*(Check-ins where the circle had met|Usefulness of the circle|Satisfaction with the circle|Progress thanks to the circle).*$/gmu;

describe.each(databaseKinds)('circle figures a lead reads over time on %s', { timeout: 120_000 }, (kind) => {
  let env: MemoryPlatform;
  afterEach(async () => { await env?.dispose(); });

  async function setup(coMentor = false, spaces = true) {
    env = await createMemoryPlatform(kind, { start: new Date('2027-03-01T08:00:00Z') });
    env.messenger.spaces = spaces;
    const { program, round } = await openRound(env, { settings: { checkinCadence: 'P1W' } });
    const lea = env.person('Lea');
    const [omar, ana, ben, carl, dan, eve] = ['Omar', 'Ana', 'Ben', 'Carl', 'Dan', 'Eve'].map((n) => env.person(n)) as TestPerson[];
    for (const p of [lea, omar!, ana!, ben!, carl!, dan!, eve!]) await p.type('/mentor help');
    await addProgramLead(env.database.db, program.id, await lea.id(), null);
    await enroll(env, round, omar!, 'mentor');
    const nora = env.person('Nora');
    if (coMentor) {
      await nora.type('/mentor help');
      await enroll(env, round, nora, 'mentor');
    }
    const mentees = [ana!, ben!, carl!, dan!, eve!];
    for (const m of mentees) await enroll(env, round, m, 'mentee');
    await lea.type(`/mentor admin circle leadership @{U_OMAR}${coMentor ? ' @{U_NORA}' : ''} 5`);
    await lea.type('/mentor admin circles fill');
    await env.runDueJobs();
    const [circle] = await listCircles(env.database.db, round.id);
    expect(circle!.state).toBe('active');
    await env.database.db.updateTable('rounds').set({ state: 'running', published_at: env.clock.now() }).where('id', '=', round.id).execute();
    return { program, round, lea, omar: omar!, nora, mentees, circle: circle! };
  }

  /** The lead's circles card, read now. */
  async function circlesCard(lea: TestPerson): Promise<string> {
    await lea.type('/mentor admin report');
    const text = lea.text();
    const card = text.slice(text.lastIndexOf('== Circles =='));
    const end = card.indexOf('\n== ', 1);
    return end < 0 ? card : card.slice(0, end);
  }
  const answerLines = (card: string): string => (card.match(ANSWER_LINES) ?? []).join('\n');

  async function answerCheckin(p: TestPerson, met: 'yes' | 'not_yet', usefulness: number): Promise<void> {
    await p.click('Answer');
    expect(p.openForm?.id).toBeDefined();
    await p.submit({ met, usefulness });
  }

  async function pulse(round: { id: string }, period: number, answers: ReadonlyArray<[TestPerson, number, number]>): Promise<void> {
    const p = await ensurePulse(env.database.db, { roundId: round.id, kind: 'periodic', period, opensAt: env.clock.now(), closesAt: new Date(env.clock.now().getTime() + 5 * DAY) });
    await env.core.runJob('pulse.open', { pulseId: p.id });
    await env.runDueJobs();
    for (const [who, satisfaction, progress] of answers) {
      await who.click('Answer');
      await who.submit({ satisfaction, progress });
    }
  }

  it('one more answer, a member erased, the circle ending: no reading tells anyone’s answer', async () => {
    const { program, round, lea, omar, mentees } = await setup();
    const [ana, ben, carl, dan, eve] = mentees as [TestPerson, TestPerson, TestPerson, TestPerson, TestPerson];
    // March: the first check-in, answered by the five mentees; a pulse answered by all six.
    await env.advance(7 * DAY + 4 * 3_600_000);
    const ratings: Array<[TestPerson, 'yes' | 'not_yet', number]> = [[ana, 'yes', 5], [ben, 'yes', 4], [carl, 'yes', 4], [dan, 'not_yet', 3], [eve, 'yes', 4]];
    for (const [p, met, u] of ratings) await answerCheckin(p, met, u);
    await pulse(round, 1, [[omar, 4, 4], [ana, 5, 4], [ben, 4, 3], [carl, 4, 4], [dan, 3, 3], [eve, 4, 4]]);
    // Nothing is shown while March is under way and the pulse is open.
    expect(answerLines(await circlesCard(lea))).not.toMatch(/\d\s?%|\/ 5/u);

    // April: both March and the pulse are released, over enough people.
    await env.advance(24 * DAY);
    // The daily job releases March and the pulse even when nobody reads a report.
    await env.core.runJob('report.release', {});
    const kinds = await env.database.db.selectFrom('report_releases').select(['period_kind', 'period_key']).where('period_kind', 'in', ['circle_month', 'circle_pulse']).execute();
    expect(kinds.map((k) => k.period_kind).sort()).toEqual(['circle_month', 'circle_pulse']);
    const april = await circlesCard(lea);
    expect(april).toMatch(/Check-ins where the circle had met: 80\s?%/u);
    expect(april).toMatch(/Usefulness of the circle: 4(\.0)? \/ 5/u);
    expect(april).toMatch(/Satisfaction with the circle \(closed pulses\): 4(\.0)? \/ 5/u);
    const released = answerLines(april);
    // The report page's circles section shows the same released figures.
    const page = await loadReportPage(env.database.db, env.clock, program.id, await lea.id());
    expect(page).toMatch(/<section id="circles"><h2>Circles<\/h2>.*Check-ins where the circle had met<\/th><td>80\s?%/su);

    // One more answer in April (Ana says the circle did not meet, and rates it 1), and a second
    // pulse answered by Ana alone: read before, right after and once both have closed, the
    // figures do not move (a month or a pulse of one person is withheld and left out of totals).
    await ana.click('Answer');
    await ana.submit({ met: 'not_yet', usefulness: 1 });
    expect(answerLines(await circlesCard(lea))).toBe(released);
    await pulse(round, 2, [[ana, 1, 1]]);
    expect(answerLines(await circlesCard(lea))).toBe(released);
    await env.advance(31 * DAY);
    expect(answerLines(await circlesCard(lea))).toBe(released);

    // Ben erases his data: his seat, check-ins and pulse answers are gone or unlinked, and what
    // was released reads the same.
    await ben.type('/mentor delete');
    await ben.click('Erase my data');
    await env.runDueJobs();
    expect(answerLines(await circlesCard(lea))).toBe(released);
    expect(await tablesHolding(env.database.db, ben.personId()!, /^circle/u)).toEqual([]);

    // The round completes and the circle ends: the counts say so, the figures do not move.
    await endCirclesOfRound(env.database.db, round.id);
    const ended = await circlesCard(lea);
    expect(ended).toContain('Circles: 0 running, 1 ended');
    expect(answerLines(ended)).toBe(released);
    // A month later still (May, June released with nothing new): the same.
    await env.advance(31 * DAY);
    expect(answerLines(await circlesCard(lea))).toBe(released);
    // The releases hold no person: no id of anyone in the circle in any stored figure.
    const stored = JSON.stringify(await env.database.db.selectFrom('report_releases').select('figures').where('period_kind', 'in', ['circle_month', 'circle_pulse']).execute());
    for (const p of [omar, ...mentees]) expect(stored).not.toContain(p.personId()!);
  });

  it('erasing the only leader of a circle ends it and unlinks them', async () => {
    const { round, lea, omar, mentees, circle } = await setup();
    // Omar answers the first check-in; then he erases his data.
    await env.advance(7 * DAY + 4 * 3_600_000);
    await omar.click('Answer');
    await omar.submit({ met: 'yes' });
    await answerCheckin(mentees[0]!, 'yes', 4);
    await omar.type('/mentor delete');
    await omar.click('Erase my data');
    await env.runDueJobs();
    // No co-mentor: the circle ends; its row, like an ended pair's, points to the anonymised person.
    const [after] = await listCircles(env.database.db, round.id);
    expect(after).toMatchObject({ id: circle.id, state: 'ended', coMentorId: null });
    expect(await tablesHolding(env.database.db, omar.personId()!, /^circle/u)).toEqual(['circles.mentor_id']);
    // The mentee's own answer stays theirs.
    expect(await env.database.db.selectFrom('circle_checkins').select('person_id').execute()).toEqual([{ person_id: mentees[0]!.personId() }]);
    await lea.type('/mentor admin circles');
    expect(lea.lastReply()).toMatch(/ended/u);
  });

  it('the people left in a circle that ends with its leader’s erasure get the pairs’ neutral notice, once, in the circle’s conversation', async () => {
    const { lea, omar, mentees, circle } = await setup();
    const [ana, ben] = mentees as [TestPerson, TestPerson];
    // Ana reads French: the notice is written in each reader's language.
    await env.database.db.updateTable('people').set({ locale_override: 'fr' }).where('id', '=', ana.personId()!).execute();
    // Ben erased his data earlier: he is no longer in the circle and is not told.
    await ben.type('/mentor delete');
    await ben.click('Erase my data');
    const checkinsBefore = env.messenger.delivered.filter((d) => d.key?.startsWith('circle.checkin:')).length;
    await omar.type('/mentor delete');
    // The platform fails the first post for now: it is tried again later, and sent once.
    env.messenger.faults.failSends = 1;
    await omar.click('Erase my data');
    await env.runDueJobs();
    await env.advance(10 * 60_000);
    // Running the deliveries again sends nothing more: one notice.
    await env.runDueJobs();
    const notices = env.messenger.delivered.filter((d) => d.key === `circle.leader_left:${circle.id}`);
    expect(notices).toHaveLength(1);
    const left = mentees.filter((m) => m !== ben).map((m) => m.personId()!);
    expect(notices[0]!.to).toMatchObject({ kind: 'space', spaceId: circle.spaceId });
    expect([...(notices[0]!.to as { personIds: readonly string[] }).personIds].sort()).toEqual(left.sort());
    expect(await env.database.db.selectFrom('deliveries').select(['status', 'attempts']).where('idempotency_key', '=', `circle.leader_left:${circle.id}`).execute()).toEqual([{ status: 'sent', attempts: 2 }]);
    // The same words as a pair's partner notice ("has left the program"), in English and French;
    // nothing speaks of data or of an erasure.
    const text = ana.text();
    expect(text).toContain('The mentor of the “Leadership” circle has left the program, so the circle has ended. Thank you for your time together.');
    expect(text).toContain('Le mentor du cercle «\u00a0Leadership\u00a0» a quitté le programme\u00a0: le cercle est donc terminé.');
    const notice = text.slice(text.indexOf('The mentor of the'));
    expect(notice).not.toMatch(/eras|delet|data|effac|supprim|donnée/iu);
    expect(lea.text()).not.toContain('has left the program');
    // The circle's conversation gets nothing more: no check-in once it has ended.
    await env.advance(14 * 86_400_000);
    expect(env.messenger.delivered.filter((d) => d.key?.startsWith('circle.checkin:')).length).toBe(checkinsBefore);
  });

  it('no notice when the circle goes on with its co-mentor', async () => {
    const { omar, circle } = await setup(true);
    await omar.type('/mentor delete');
    await omar.click('Erase my data');
    await env.runDueJobs();
    expect(env.messenger.delivered.filter((d) => d.key === `circle.leader_left:${circle.id}`)).toHaveLength(0);
  });

  it('a co-mentor who already leads a circle on the topic does not take it over: the circle ends and they are told too', async () => {
    const { lea, omar, nora, mentees, circle } = await setup(true);
    await lea.type('/mentor admin circle leadership @{U_NORA} 5');
    await omar.type('/mentor delete');
    await omar.click('Erase my data');
    await env.runDueJobs();
    const notices = env.messenger.delivered.filter((d) => d.key === `circle.leader_left:${circle.id}`);
    expect(notices).toHaveLength(1);
    expect([...(notices[0]!.to as { personIds: readonly string[] }).personIds].sort()).toEqual([nora, ...mentees].map((p) => p.personId()!).sort());
    expect(nora.text()).toContain('The mentor of the “Leadership” circle has left the program');
  });

  it('members of a circle without a conversation get the notice as a group message', async () => {
    const { omar, mentees, circle } = await setup(false, false);
    expect(circle.spaceId).toBeNull();
    await omar.type('/mentor delete');
    await omar.click('Erase my data');
    await env.runDueJobs();
    const notices = env.messenger.delivered.filter((d) => d.key === `circle.leader_left:${circle.id}`);
    expect(notices.map((d) => d.to.kind)).toEqual(['group']);
    expect([...(notices[0]!.to as { personIds: readonly string[] }).personIds].sort()).toEqual(mentees.map((m) => m.personId()!).sort());
    for (const m of mentees) expect(m.text()).toContain('The mentor of the “Leadership” circle has left the program');
  });

  it('erasing a circle’s leader with a co-mentor hands the circle to the co-mentor', async () => {
    const { round, omar, nora, circle } = await setup(true);
    await omar.type('/mentor delete');
    await omar.click('Erase my data');
    await env.runDueJobs();
    const [after] = await listCircles(env.database.db, round.id);
    expect(after).toMatchObject({ id: circle.id, state: 'active', mentorId: nora.personId(), coMentorId: null });
    expect(await tablesHolding(env.database.db, omar.personId()!, /^circle/u)).toEqual([]);
  });
});
