// Two lead actions at the same moment, through the bot on both databases: two leads (or one
// lead's double click, or a platform's retry) running the same step of a round concurrently.
// Each step has one effect, the second request gets a clear answer, and nothing is doubled.
import { afterEach, describe, expect, it } from 'vitest';
import { listCircles, listMembers } from '../../src/db/repositories/circle.repository.ts';
import { listAudit } from '../../src/db/repositories/audit.repository.ts';
import { addProgramLead, listProgramLeads, setProgramLeads } from '../../src/db/repositories/lead.repository.ts';
import { listPairs } from '../../src/db/repositories/pair.repository.ts';
import { listPrograms } from '../../src/db/repositories/program.repository.ts';
import { listRounds, transitionRound } from '../../src/db/repositories/round.repository.ts';
import { databaseKinds } from '../support/databases.ts';
import { enroll, openRound } from '../support/employee-fixtures.ts';
import { createMemoryPlatform, type MemoryPlatform, type TestPerson } from '../support/memory-platform.ts';
import { raceAtRow, valuesOf } from '../support/row-race.ts';
import { createProgramByForm, workspaceOf } from './lead-fixtures.ts';

const UNEXPECTED = 'something went wrong';

describe.each(databaseKinds)('two lead actions at once on %s', { timeout: 60_000 }, (kind) => {
  let env: MemoryPlatform;
  afterEach(async () => { await env?.dispose(); });

  /** Lea and Cam lead; Omar and Nora mentor; Mia, Ana and Ben are mentees; the survey is closed. */
  async function setup() {
    env = await createMemoryPlatform(kind);
    const { program, round } = await openRound(env);
    const [lea, cam, omar, nora, mia, ana, ben] = ['Lea', 'Cam', 'Omar', 'Nora', 'Mia', 'Ana', 'Ben'].map((n) => env.person(n));
    for (const p of [lea!, cam!, omar!, nora!, mia!, ana!, ben!]) await p.type('/mentor help');
    for (const p of [lea!, cam!]) await addProgramLead(env.database.db, program.id, await p.id(), null);
    for (const m of [omar!, nora!]) await enroll(env, round, m, 'mentor', 2);
    for (const m of [mia!, ana!, ben!]) await enroll(env, round, m, 'mentee');
    const closed = (await transitionRound(env.database.db, round.id, ['open'], 'closed', { closed_at: env.clock.now() }))!;
    return { program, round: closed, lea: lea!, cam: cam!, mentors: [omar!, nora!], mentees: [mia!, ana!, ben!] };
  }

  /** Each mentee's open pairs of the round: exactly one each when the matching ran once. */
  async function pairsPerMentee(roundId: string, mentees: readonly TestPerson[]): Promise<number[]> {
    const pairs = await listPairs(env.database.db, roundId, ['draft', 'proposed']);
    return Promise.all(mentees.map(async (m) => { const id = await m.id(); return pairs.filter((p) => p.menteeId === id).length; }));
  }

  it('runs two previews at once as one after the other: one set of draft pairs, both leads see it', async () => {
    const { round, lea, cam, mentees } = await setup();
    await Promise.all([lea.type('/mentor admin match'), cam.type('/mentor admin match')]);
    for (const lead of [lea, cam]) {
      expect(lead.lastReply()).not.toContain(UNEXPECTED);
      expect(lead.lastReply()).toContain('Matching preview: Leadership 2027');
    }
    expect(await pairsPerMentee(round.id, mentees)).toEqual([1, 1, 1]);
  });

  it('publishes once when two leads publish at once: one proposal per pair, one message each', async () => {
    const { round, lea, cam, mentors, mentees } = await setup();
    await lea.type('/mentor admin match');
    await Promise.all([lea.type('/mentor admin publish'), cam.type('/mentor admin publish')]);
    const replies = [lea, cam].map((p) => p.text());
    expect(replies.filter((t) => t.includes('Published: 3 proposals sent'))).toHaveLength(1);
    expect(replies.filter((t) => t.includes('That was already recorded') || t.includes('Not possible: this round is published'))).toHaveLength(1);
    expect(await listPairs(env.database.db, round.id, ['proposed'])).toHaveLength(3);
    await env.runDueJobs();
    for (const p of mentees) expect(env.messenger.to(await p.id()).filter((d) => d.key?.startsWith('proposal:')), p.name).toHaveLength(1);
    const toMentors = await Promise.all(mentors.map(async (p) => env.messenger.to(await p.id()).filter((d) => d.key?.startsWith('proposal:')).length));
    expect(toMentors.reduce((a, b) => a + b, 0)).toBe(3);
  });

  it('never leaves a published round with a second set of pairs when a preview and the publication cross', async () => {
    const { round, lea, cam, mentees } = await setup();
    await lea.type('/mentor admin match');
    await Promise.all([lea.type('/mentor admin publish'), cam.type('/mentor admin match')]);
    expect(lea.lastReply()).not.toContain(UNEXPECTED);
    // The preview came first (and was published) or after (and is refused as it would be later).
    expect(cam.lastReply()).toMatch(/Matching preview: Leadership 2027|Not possible: this round is published/u);
    expect(lea.text()).toContain('Published: 3 proposals sent');
    expect(await listPairs(env.database.db, round.id, ['draft'])).toEqual([]);
    expect(await pairsPerMentee(round.id, mentees)).toEqual([1, 1, 1]);
  });

  it('fills the circles once when two leads fill them at once: one seat per mentee, one start, one introduction', async () => {
    const { round, lea, cam, mentees } = await setup();
    await lea.type('/mentor admin circle leadership @{U_OMAR} 3');
    await Promise.all([lea.type('/mentor admin circles fill'), cam.type('/mentor admin circles fill')]);
    for (const lead of [lea, cam]) expect(lead.lastReply()).not.toContain(UNEXPECTED);
    const [circle] = await listCircles(env.database.db, round.id);
    expect(circle!.state).toBe('active');
    const seated = (await listMembers(env.database.db, circle!.id)).map((m) => m.personId).sort();
    expect(seated).toEqual((await Promise.all(mentees.map((m) => m.id()))).sort());
    expect([lea, cam].map((p) => p.lastReply()).filter((t) => t.includes('3 mentees seated. 1 circle started.'))).toHaveLength(1);
    await env.runDueJobs();
    expect(env.messenger.opened.size).toBe(1);
    expect(env.messenger.delivered.filter((d) => d.key === `circle.intro:${circle!.id}`)).toHaveLength(1);
  });

  it('never pins past a mentor’s places when two leads pin a mentee each to the mentor’s last place at once', async () => {
    const { round, lea, cam, mentors: [omar], mentees: [mia] } = await setup();
    // Omar takes two mentees: Mia is pinned to him, one place is left.
    await lea.type('/mentor admin pin @{U_MIA} @{U_OMAR}');
    expect(lea.lastReply()).toContain('pinned.');
    // Each lead has checked the pin against the pins so far before the other's is written.
    valuesOf(await raceAtRow<unknown>(env.database, 'rounds', round.id, [
      () => lea.type('/mentor admin pin @{U_ANA} @{U_OMAR}'), () => cam.type('/mentor admin pin @{U_BEN} @{U_OMAR}'),
    ]));
    const replies = [lea.lastReply(), cam.lastReply()];
    expect(replies.filter((t) => t.includes('pinned.'))).toHaveLength(1);
    expect(replies.filter((t) => t.includes('not pinned: this pair cannot be formed'))).toHaveLength(1);
    const pins = await env.database.db.selectFrom('match_rules').select('mentee_id').where('round_id', '=', round.id).where('kind', '=', 'pin').execute();
    expect(pins).toHaveLength(2);
    // Every pin a lead was told of holds in the preview.
    await lea.type('/mentor admin match');
    expect(lea.lastReply()).not.toContain('not applied');
    const omarId = await omar!.id();
    const toOmar = (await listPairs(env.database.db, round.id, ['draft'])).filter((p) => p.mentorId === omarId).map((p) => p.menteeId).sort();
    expect(toOmar).toEqual(pins.map((p) => p.mentee_id).sort());
    expect(toOmar).toContain(await mia!.id());
  });

  it.each(['fill', 'pin'] as const)('never pins a mentee a circle fill seats at the same moment (%s first): seated and the pin refused, or pinned and left to the matching', async (first) => {
    const { round, lea, cam, mentees: [mia] } = await setup();
    await lea.type('/mentor admin circle leadership @{U_NORA} 3');
    const miaId = await mia!.id();
    // The first has read (the pins so far, or Mia's place) and not yet written Mia's row when the other runs.
    const fill = () => lea.type('/mentor admin circles fill');
    const pin = () => cam.type('/mentor admin pin @{U_MIA} @{U_OMAR}');
    valuesOf(await raceAtRow<unknown>(env.database, 'people', miaId, first === 'fill' ? [fill, pin] : [pin, fill]));
    expect(lea.lastReply()).not.toContain(UNEXPECTED);
    const [circle] = await listCircles(env.database.db, round.id);
    const seated = (await listMembers(env.database.db, circle!.id)).map((m) => m.personId);
    const pinned = (await env.database.db.selectFrom('match_rules').select('mentee_id').where('round_id', '=', round.id).execute()).map((r) => r.mentee_id);
    if (first === 'fill') {
      expect(cam.lastReply()).toContain('not pinned: this pair cannot be formed');
      expect(pinned).toEqual([]);
      expect(seated).toContain(miaId);
    } else {
      expect(cam.lastReply()).toContain('pinned.');
      expect(pinned).toEqual([miaId]);
      expect(seated).not.toContain(miaId);
    }
  });

  it.each(['fill', 'erasure'] as const)('seats no mentee in a circle its only leader ends by erasing her data as a lead fills it (%s first)', async (first) => {
    const { round, lea, mentors: [, nora], mentees } = await setup();
    await lea.type('/mentor admin circle leadership @{U_NORA} 3');
    const [circle] = await listCircles(env.database.db, round.id);
    await nora!.type('/mentor delete');
    // The first has read the circle forming and not yet written it when the other runs.
    const fill = () => lea.type('/mentor admin circles fill');
    const erasure = () => nora!.click('Erase my data');
    valuesOf(await raceAtRow<unknown>(env.database, 'circles', circle!.id, first === 'fill' ? [fill, erasure] : [erasure, fill]));
    expect(lea.lastReply()).not.toContain(UNEXPECTED);
    expect(nora!.lastReply()).not.toContain(UNEXPECTED);
    await env.runDueJobs();
    const [ended] = await listCircles(env.database.db, round.id);
    const seated = (await listMembers(env.database.db, circle!.id)).map((m) => m.personId).sort();
    expect(ended!.state).toBe('ended');
    const notices = env.messenger.delivered.filter((d) => d.key === `circle.leader_left:${circle!.id}`);
    if (first === 'fill') {
      // Seated and started, then ended by the erasure: its members are told their leader left.
      expect(seated).toEqual((await Promise.all(mentees.map((m) => m.id()))).sort());
      expect(ended!.startedAt).not.toBeNull();
      expect(notices).toHaveLength(1);
    } else {
      // Ended before the fill read it: nobody seated, the mentees stay for one-to-one matching.
      expect(seated).toEqual([]);
      expect(notices).toHaveLength(0);
    }
  });

  // The fill seats Mia, Ana, then Ben (their order of enrolment), each held at the seat of `held`.
  it.each([
    { erases: 2, held: 0, when: 'erased before the fill seats them' },
    { erases: 0, held: 2, when: 'seated by the fill before the erasure reads their seats' },
  ])('seats no mentee who erases their data as a lead fills the circles ($when)', async ({ erases, held }) => {
    const { round, lea, mentees } = await setup();
    await lea.type('/mentor admin circle leadership @{U_NORA} 3');
    const leaving = mentees[erases]!;
    const leavingId = await leaving.id();
    await leaving.type('/mentor delete');
    // The fill has read everyone taking part when the erasure runs.
    valuesOf(await raceAtRow<unknown>(env.database, 'people', await mentees[held]!.id(), [
      () => lea.type('/mentor admin circles fill'), () => leaving.click('Erase my data'),
    ]));
    expect(lea.lastReply()).not.toContain(UNEXPECTED);
    expect(leaving.lastReply()).toContain('Your data is erased');
    const [circle] = await listCircles(env.database.db, round.id);
    const seated = (await listMembers(env.database.db, circle!.id)).map((m) => m.personId);
    expect(seated).not.toContain(leavingId);
    expect(seated).toHaveLength(2);
  });
});

describe.each(databaseKinds)('a lead and a deadline at once on %s', { timeout: 60_000 }, (kind) => {
  let env: MemoryPlatform;
  afterEach(async () => { await env?.dispose(); });

  it('closes the survey once when the lead closes it as its deadline passes: one ranking, one shortlist each', async () => {
    env = await createMemoryPlatform(kind);
    const { program, round } = await openRound(env, { settings: { matching: 'choice', shortlistSize: 2, rankingDays: 4 } });
    const [lea, omar, nora, mia, ana] = ['Lea', 'Omar', 'Nora', 'Mia', 'Ana'].map((n) => env.person(n));
    for (const p of [lea!, omar!, nora!, mia!, ana!]) await p.type('/mentor help');
    await addProgramLead(env.database.db, program.id, await lea!.id(), null);
    for (const m of [omar!, nora!]) await enroll(env, round, m, 'mentor', 2);
    for (const m of [mia!, ana!]) await enroll(env, round, m, 'mentee');
    env.clock.set(round.surveyDeadline!);
    await Promise.all([lea!.type('/mentor admin round close'), env.core.runJob('survey.deadline', { roundId: round.id })]);
    // The lead closed it, or is told it is closed already (and the deadline's notice says so).
    expect(lea!.text()).toMatch(/Shortlists went to 2 mentees|Not possible: this round is closed|That was already recorded/u);
    const audit = (await listAudit(env.database.db, round.workspaceId, { limit: 100 })).map((a) => a.action);
    expect(audit.filter((a) => a === 'shortlist.open')).toHaveLength(1);
    expect(audit.filter((a) => a === 'round.close').length).toBeLessThanOrEqual(1);
    await env.runDueJobs();
    for (const m of [mia!, ana!]) expect(env.messenger.to(await m.id()).filter((d) => d.key?.startsWith('shortlist.offer:'))).toHaveLength(1);
    expect(env.scheduler.pending('shortlist.deadline')).toHaveLength(1);
  });
});

describe.each(databaseKinds)('two programs of one name at once on %s', { timeout: 60_000 }, (kind) => {
  let env: MemoryPlatform;
  afterEach(async () => { await env?.dispose(); });

  it('creates one program when two leads name theirs alike at the same moment; the other is told the name is taken', async () => {
    env = await createMemoryPlatform(kind, { leads: ['U_LEA', 'U_CAM'] });
    const [lea, cam] = [env.person('Lea'), env.person('Cam')];
    for (const lead of [lea, cam]) {
      await lead.type('/mentor admin program create');
      await lead.click('Blank program');
    }
    const identity = (name: string) => ({ name, description: 'Grow leaders', topics: 'leadership | Leadership | Leadership', languages: ['en'] });
    const outcomes = await Promise.all([lea.submit(identity('Leadership 2027')), cam.submit(identity('leadership 2027'))]);
    expect(outcomes.map((o) => o.type).sort()).toEqual(['errors', 'next']);
    expect([lea, cam].map((p) => p.lastErrors?.name).filter(Boolean)).toEqual([expect.stringContaining('already')]);
    expect(await listPrograms(env.database.db, (await workspaceOf(env)).id)).toHaveLength(1);
  });
});

describe.each(databaseKinds)('one program edited from two places at once on %s', { timeout: 60_000 }, (kind) => {
  let env: MemoryPlatform;
  afterEach(async () => { await env?.dispose(); });

  it('keeps both leads’ changes when they save different steps of the program form at the same moment', async () => {
    env = await createMemoryPlatform(kind, { leads: ['U_LEA'] });
    const [lea, cam] = [env.person('Lea'), env.person('Cam')];
    await createProgramByForm(lea);
    const identity = { name: 'Leadership 2027', topics: 'leadership | Leadership | Leadership\npublic-speaking | Public speaking | Prise de parole', languages: ['en', 'fr'] };
    await lea.type('/mentor admin leads add @{U_CAM}');
    for (const lead of [lea, cam]) await lead.type('/mentor admin program edit Leadership 2027');
    // Lea is on the rhythm step, Cam on the first: each saves one step, the other's left as it was.
    await lea.submit({ ...identity, description: 'Grow leaders' });
    await Promise.all([
      lea.submit({ checkinCadence: 'p14d', sessionMinutes: '60', durationDays: '120', pulseEvery: 'P1M', proposalTimeoutHours: '48', surveyDays: '10' }),
      cam.submit({ ...identity, description: 'Grow confident leaders' }),
    ]);
    const [program] = await listPrograms(env.database.db, (await workspaceOf(env)).id);
    expect(program).toMatchObject({ description: 'Grow confident leaders', settings: expect.objectContaining({ sessionMinutes: 60, checkinCadence: 'P14D' }) });
    const edits = (await listAudit(env.database.db, program!.workspaceId)).filter((e) => e.action === 'program.edit').map((e) => Object.keys(e.details.changes as object));
    expect(edits).toEqual(expect.arrayContaining([['description'], ['sessionMinutes']]));
  });
});

describe.each(databaseKinds)('two leads removing each other at once on %s', { timeout: 60_000 }, (kind) => {
  let env: MemoryPlatform;
  afterEach(async () => { await env?.dispose(); });

  it('keeps a lead: one removal goes through, the other is refused', async () => {
    env = await createMemoryPlatform(kind);
    const { program } = await openRound(env);
    const [lea, cam] = [env.person('Lea'), env.person('Cam')];
    for (const p of [lea, cam]) await p.type('/mentor help');
    await setProgramLeads(env.database.db, program.id, [await lea.id(), await cam.id()]);
    await Promise.all([lea.type('/mentor admin leads remove @{U_CAM}'), cam.type('/mentor admin leads remove @{U_LEA}')]);
    expect(await listProgramLeads(env.database.db, program.id)).toHaveLength(1);
    const replies = [lea.lastReply(), cam.lastReply()];
    expect(replies.filter((t) => t.includes('is no longer a lead'))).toHaveLength(1);
    expect(replies.filter((t) => t.includes('is no longer a lead') || t.includes(UNEXPECTED))).toHaveLength(1);
  });
});

describe.each(databaseKinds)('a round opened twice at once on %s', { timeout: 60_000 }, (kind) => {
  let env: MemoryPlatform;
  afterEach(async () => { await env?.dispose(); });

  it('opens one round when two leads open one at the same moment; the other is told it is open', async () => {
    env = await createMemoryPlatform(kind, { leads: ['U_LEA'] });
    const [lea, cam] = [env.person('Lea'), env.person('Cam')];
    await createProgramByForm(lea);
    await lea.type('/mentor admin leads add @{U_CAM}');
    await Promise.all([lea.type('/mentor admin round open'), cam.type('/mentor admin round open')]);
    const [program] = await listPrograms(env.database.db, (await workspaceOf(env)).id);
    expect((await listRounds(env.database.db, program!.id)).map((r) => r.state)).toEqual(['open']);
    const replies = [lea.text(), cam.text()];
    expect(replies.filter((t) => t.includes('The round of Leadership 2027 is open'))).toHaveLength(1);
    expect([lea, cam].filter((p) => p.lastReply().includes('Not possible: this round is open'))).toHaveLength(1);
    expect(env.scheduler.pending('survey.deadline')).toHaveLength(1);
  });
});
