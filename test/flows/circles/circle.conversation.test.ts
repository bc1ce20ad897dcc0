// A circle from its creation to a check-in in its conversation, through the bot on both
// databases: the lead sets it up on a survey topic with two co-mentors, the matcher seats the
// mentees (never one in a leader's management chain, never beyond the seats), the circle's
// conversation is opened once with everyone in it, the introduction and the check-in are posted
// there, and each member answers on their own.
import { afterEach, describe, expect, it } from 'vitest';
import { importOrgRows } from '../../../src/cli/org-import.ts';
import { listCircles, listMembers } from '../../../src/db/repositories/circle.repository.ts';
import { addProgramLead } from '../../../src/db/repositories/lead.repository.ts';
import { databaseKinds } from '../../support/databases.ts';
import { enroll, openRound, snapshot } from '../../support/employee-fixtures.ts';
import { runRound } from '../../support/fixtures.ts';
import { raceAtRow, valuesOf } from '../../support/row-race.ts';
import { createMemoryPlatform, type MemoryPlatform, type TestPerson } from '../../support/memory-platform.ts';
import { workspaceOf } from '../lead-fixtures.ts';

const WEEK = 7 * 86_400_000;

describe.each(databaseKinds)('a mentoring circle on %s', { timeout: 90_000 }, (kind) => {
  let env: MemoryPlatform;
  afterEach(async () => { await env?.dispose(); });

  /** Lea leads; Omar and Nora mentor; six mentees, one of whom (Carl) reports to Nora. */
  async function setup() {
    env = await createMemoryPlatform(kind, { start: new Date('2027-03-01T08:00:00Z') });
    const { program, round } = await openRound(env, { settings: { checkinCadence: 'P1W' } });
    const lea = env.person('Lea');
    const [omar, nora, mia, ana, ben, carl, dan] = ['Omar', 'Nora', 'Mia', 'Ana', 'Ben', 'Carl', 'Dan'].map((n) => env.person(n, n === 'Mia' ? { locale: 'fr-FR' } : {}));
    const everyone = [lea, omar!, nora!, mia!, ana!, ben!, carl!, dan!];
    for (const p of everyone) await p.type('/mentor help');
    await addProgramLead(env.database.db, program.id, await lea.id(), null);
    for (const m of [omar!, nora!]) await enroll(env, round, m, 'mentor');
    for (const m of [mia!, ana!, ben!, carl!, dan!]) await enroll(env, round, m, 'mentee');
    const row = (line: number, user: string, manager: string) => ({ line, user, manager, department: null, level: null, location: null });
    await importOrgRows(env.database.db, (await workspaceOf(env)).id, [row(2, 'U_CARL', 'U_NORA')]);
    return { program, round, lea, omar: omar!, nora: nora!, mia: mia!, ana: ana!, ben: ben!, carl: carl!, dan: dan! };
  }

  const inbox = (p: TestPerson) => env.messenger.to(p.personId()!);

  it('goes from the lead’s circle to a check-in answered in its conversation', async () => {
    const { round, lea, omar, nora, mia, ana, ben, carl, dan } = await setup();
    await lea.type('/mentor admin circle leadership @{U_OMAR} @{U_NORA} 4');
    expect(lea.lastReply()).toContain('Circle “Leadership” set up in Leadership 2027 (Spring), led by Omar, with 4 seats.');
    // The same command again is the same circle.
    await lea.type('/mentor admin circle Leadership @{U_OMAR} @{U_NORA} 4');
    expect(lea.lastReply()).toContain('Omar already leads a circle on “Leadership” in this round');
    expect(await listCircles(env.database.db, round.id)).toHaveLength(1);

    await lea.type('/mentor admin circles fill');
    const [circle] = await listCircles(env.database.db, round.id);
    const seated = (await listMembers(env.database.db, circle!.id)).map((m) => m.personId);
    // Four seats for five mentees; Carl reports to Nora, a co-mentor: never in her circle.
    expect(seated).toHaveLength(4);
    expect(seated).not.toContain(await carl.id());
    expect(lea.lastReply()).toContain('4 mentees seated. 1 circle started. 1 mentee has no circle they may join or no seat left');
    expect(circle!.state).toBe('active');
    await env.runDueJobs();

    // One conversation, with the two co-mentors and the four mentees, and the introduction in it.
    expect([...env.messenger.opened.values()]).toEqual([{ id: 'S1', members: [await omar.id(), await nora.id(), ...seated] }]);
    const [refreshed] = await listCircles(env.database.db, round.id);
    expect(refreshed).toMatchObject({ spaceId: 'S1', spaceName: `mentoring-circle-leadership-${circle!.id.slice(0, 8)}` });
    const intro = env.messenger.delivered.filter((d) => d.key === `circle.intro:${circle!.id}`);
    expect(intro).toHaveLength(1);
    expect(intro[0]!.to).toMatchObject({ kind: 'space', spaceId: 'S1' });
    // Mia reads French: the introduction is written in both languages.
    expect(mia.text()).toContain('Bienvenue dans le cercle «\u00a0Leadership\u00a0» de Leadership 2027');
    expect(ana.text()).toContain('Welcome to the “Leadership” circle of Leadership 2027! It is led by @Omar and @Nora.');
    expect(carl.text()).not.toContain('circle');

    // A week on, the check-in is posted in the circle's conversation.
    await env.advance(WEEK + 4 * 3_600_000);
    const checkins = env.messenger.delivered.filter((d) => d.key === `circle.checkin:${circle!.id}:1`);
    expect(checkins).toHaveLength(1);
    expect(checkins[0]!.to).toMatchObject({ kind: 'space', spaceId: 'S1' });
    const sitter = [mia, ana, ben, dan].find((p) => seated.includes(p.personId()!))!;
    await sitter.click(sitter === mia ? 'Répondre' : 'Answer');
    await sitter.submit({ met: 'yes', usefulness: 5 });
    expect(sitter.lastReply()).toMatch(/nobody in the circle sees it|personne dans le cercle ne la voit/u);
    await omar.click('Answer');
    await omar.submit({ met: 'yes' });
    expect(omar.lastReply()).toContain('Thank you!');
    // A second answer for the same period changes nothing.
    const before = await snapshot(env);
    await omar.click('Answer');
    await omar.submit({ met: 'not_yet' });
    expect(omar.lastReply()).toContain('already');
    expect(await snapshot(env)).toBe(before);
    const answers = await env.database.db.selectFrom('circle_checkins').select(['person_id', 'met', 'usefulness']).orderBy('answered_at').execute();
    expect(answers).toEqual([{ person_id: sitter.personId(), met: 'yes', usefulness: 5 }, { person_id: await omar.id(), met: 'yes', usefulness: null }]);
    // Someone outside the circle cannot answer with its button.
    const button = checkins[0]!.content.kind === 'card' ? checkins[0]!.content.actions[0]! : undefined;
    await carl.clickRef(button!.kind === 'button' ? button!.ref : '');
    expect(carl.lastReply()).not.toContain('Circle check-in');
    expect(inbox(carl).some((d) => d.key?.includes('circle'))).toBe(false);

    await lea.type('/mentor admin circles');
    expect(lea.lastReply()).toContain(`Leadership, led by Omar and Nora: 4 of 4 seats taken: running in #mentoring-circle-leadership-${circle!.id.slice(0, 8)}`);

    // The report shows circles apart from pairs; two answers from one circle are too few to show.
    await lea.type('/mentor admin report');
    const report = lea.text().slice(lea.text().lastIndexOf('== Circles =='));
    expect(report).toContain('Circles: 1 running, 0 ended');
    expect(report).toMatch(/Mentees in circles: not enough answers/u);
    expect(report).toMatch(/Check-ins where the circle had met: not enough answers/u);
    expect(report).not.toMatch(/100\s?%/u);

    // Their export holds the circle and their own answer, never another member's.
    const [effect] = await sitter.type('/mentor export');
    const data = JSON.parse((effect as { content: { content: string } }).content.content) as { circles: { id: string }[]; circleCheckins: { person_id: string }[] };
    expect(data.circles.map((c) => c.id)).toEqual([circle!.id]);
    expect(data.circleCheckins.map((c) => c.person_id)).toEqual([sitter.personId()]);

    // The round's pairs published afterwards: the seated mentees have their place, so none of
    // them is put on the waitlist (nor told that no mentor fits them).
    await lea.type('/mentor admin round close');
    await lea.type('/mentor admin match');
    await lea.type('/mentor admin publish');
    expect(lea.text()).toContain('Published: ');
    const waiting = await env.database.db.selectFrom('waitlist').select('person_id').execute();
    expect(waiting.filter((w) => seated.includes(w.person_id))).toEqual([]);
  });

  it('opens no second conversation when the first attempt dies before recording it', async () => {
    const { round, lea } = await setup();
    await lea.type('/mentor admin circle leadership @{U_OMAR}');
    env.messenger.spaceFaults.loseSpaceAnswers = 1;
    await lea.type('/mentor admin circles fill');
    // The conversation is made but the answer is lost: the job fails and nothing is recorded.
    await expect(env.runDueJobs()).rejects.toThrow('socket hang up');
    const [circle] = await listCircles(env.database.db, round.id);
    expect(circle!.spaceId).toBeNull();
    expect(env.messenger.delivered.filter((d) => d.key?.startsWith('circle.'))).toHaveLength(0);
    // The retry finds the same conversation by its name.
    await env.core.runJob('circle.start', { circleId: circle!.id });
    await env.runDueJobs();
    expect(env.messenger.opened.size).toBe(1);
    expect(env.messenger.spaceCalls).toBe(2);
    expect((await listCircles(env.database.db, round.id))[0]!.spaceId).toBe('S1');
    // Running the start again (a duplicate job) opens nothing and introduces no one twice.
    await env.core.runJob('circle.start', { circleId: circle!.id });
    await env.runDueJobs();
    expect(env.messenger.spaceCalls).toBe(2);
    expect(env.messenger.delivered.filter((d) => d.key === `circle.intro:${circle!.id}`)).toHaveLength(1);
  });

  it('sends the circle’s messages to its members where the platform has no group conversation', async () => {
    const { round, lea, ana, ben, carl, dan } = await setup();
    env.messenger.spaces = false;
    await lea.type('/mentor admin circle leadership @{U_OMAR} 3');
    await lea.type('/mentor admin circles fill');
    await env.runDueJobs();
    const [circle] = await listCircles(env.database.db, round.id);
    expect(circle!.spaceId).toBeNull();
    const intro = env.messenger.delivered.filter((d) => d.key === `circle.intro:${circle!.id}`);
    expect(intro[0]!.to.kind).toBe('group');
    expect(lea.text()).not.toContain('running in #');
    await env.advance(WEEK + 4 * 3_600_000);
    expect(env.messenger.delivered.filter((d) => d.key === `circle.checkin:${circle!.id}:1`)[0]!.to.kind).toBe('group');
    // The round ends: the circle ends with it and asks nothing more; a late click is told so.
    await runRound(env, round);
    await env.database.db.updateTable('rounds').set({ ends_at: env.clock.now() }).where('id', '=', round.id).execute();
    await env.core.runJob('round.complete', { roundId: round.id });
    expect((await listCircles(env.database.db, round.id))[0]!.state).toBe('ended');
    await env.advance(2 * WEEK);
    expect(env.messenger.delivered.filter((d) => d.key?.startsWith(`circle.checkin:${circle!.id}:`))).toHaveLength(1);
    const seated = (await listMembers(env.database.db, circle!.id)).map((m) => m.personId);
    // Three of the five mentees are seated (which ones depends on ties): at least two read English.
    const member = [ana, ben, carl, dan].find((p) => seated.includes(p.personId()!))!;
    await member.click('Answer');
    expect(member.lastReply()).toContain('This circle has ended');
  });

  // The lead fills the circles as the round completes, held at the circle's row (the fill seats
  // mentees there, the end of the round ends it there): mentees were seated in a circle the round
  // had just ended, never started, and the lead was told they were seated.
  it.each(['fill', 'completion'] as const)('a fill racing the end of the round: seats only in a circle that starts before the round ends (%s first)', async (first) => {
    const { round, lea } = await setup();
    await lea.type('/mentor admin circle leadership @{U_OMAR} 4');
    const [circle] = await listCircles(env.database.db, round.id);
    await env.database.db.updateTable('rounds').set({ state: 'running', closed_at: env.clock.now(), matched_at: env.clock.now(), published_at: env.clock.now(), ends_at: env.clock.now() }).where('id', '=', round.id).execute();
    const fill = () => lea.type('/mentor admin circles fill');
    const complete = () => env.core.runJob('round.complete', { roundId: round.id });
    valuesOf(await raceAtRow<unknown>(env.database, 'circles', circle!.id, first === 'fill' ? [fill, complete] : [complete, fill]));

    const [ended] = await listCircles(env.database.db, round.id);
    const seated = await listMembers(env.database.db, circle!.id);
    expect(ended!.state).toBe('ended');
    if (first === 'fill') {
      expect(seated).toHaveLength(4);
      expect(ended!.startedAt).not.toBeNull();
      expect(lea.lastReply()).toContain('1 circle started');
    } else {
      expect(seated).toEqual([]);
      expect(lea.lastReply()).toContain('is over: open a new round first');
    }
  });

  it('refuses what it cannot do, changing nothing; a mentor opens a circle of their own', async () => {
    const { lea, omar, mia } = await setup();
    const before = await snapshot(env);
    await lea.type('/mentor admin circle knitting @{U_OMAR}');
    expect(lea.lastReply()).toContain('None of the programs you lead has a round under way with the topic “knitting”');
    await lea.type('/mentor admin circle leadership @{U_MIA}');
    expect(lea.lastReply()).toContain('Mia has not answered the mentor survey of Spring');
    await lea.type('/mentor admin circle leadership @{U_OMAR} @{U_OMAR}');
    expect(lea.lastReply()).toContain('two different people');
    await lea.type('/mentor admin circle leadership @{U_OMAR} 9');
    expect(lea.lastReply()).toContain('admin circle <topic> @mentor');
    await mia.type('/mentor admin circle leadership @{U_OMAR}');
    expect(mia.lastReply()).not.toContain('set up');
    await mia.type('/mentor cercle leadership');
    expect(mia.lastReply()).toContain('Répondez d’abord au questionnaire mentor');
    expect(await snapshot(env)).toBe(before);
    expect(await env.database.db.selectFrom('circles').selectAll().execute()).toEqual([]);

    await omar.type('/mentor circle Leadership 3');
    expect(omar.lastReply()).toContain('Circle “Leadership” set up in Leadership 2027 (Spring), led by Omar, with 3 seats.');
    await lea.type('/mentor admin circles');
    expect(lea.lastReply()).toContain('Leadership, led by Omar: 0 of 3 seats taken: forming, starts at 3 mentees');
  });
});
