// Incremental rematch after an expired proposal: the mentee gets the next best mentor with room,
// never the same one again; when no mentor is left, the waitlist and an honest notice.
import { afterEach, describe, expect, it } from 'vitest';
import { getPair, insertProposedPair, listPairs, listPairsOfPerson } from '../../src/db/repositories/pair.repository.ts';
import { getPerson } from '../../src/db/repositories/person.repository.ts';
import { createProgram, listPrograms } from '../../src/db/repositories/program.repository.ts';
import { createRound, listInvitations, listRounds, transitionRound } from '../../src/db/repositories/round.repository.ts';
import { listWaitlist } from '../../src/db/repositories/waitlist.repository.ts';
import { databaseKinds } from '../support/databases.ts';
import { sampleSettings } from '../support/fixtures.ts';
import { raceAtRow, valuesOf } from '../support/row-race.ts';
import { createMemoryPlatform, type MemoryPlatform } from '../support/memory-platform.ts';
import { createProgramByForm, enroll, known, menteeAnswers, mentorAnswers, workspaceOf } from './lead-fixtures.ts';

const HOUR = 3_600_000;

describe.each(databaseKinds)('rematch on %s', (kind) => {
  let env: MemoryPlatform;
  afterEach(async () => { await env?.dispose(); });

  async function publishedRound() {
    const db = env.database.db;
    const workspace = await workspaceOf(env);
    const program = await createProgram(db, { workspaceId: workspace.id, name: 'Leadership', settings: sampleSettings({ proposalTimeoutHours: 48 }), createdBy: null });
    const round = await createRound(db, { workspaceId: workspace.id, programId: program.id, name: '1', createdBy: null });
    const now = env.clock.now();
    await transitionRound(db, round.id, ['draft'], 'open', { opened_at: now });
    await transitionRound(db, round.id, ['open'], 'closed', { closed_at: now });
    await transitionRound(db, round.id, ['closed'], 'matched', { matched_at: now });
    await transitionRound(db, round.id, ['matched'], 'published', { published_at: now });
    return { program, round };
  }

  it('proposes the next mentor after an expiry, then waitlists the mentee when none is left', async () => {
    env = await createMemoryPlatform(kind);
    const { program, round } = await publishedRound();
    const mia = env.person('Mia'), max = env.person('Max'), nora = env.person('Nora', { locale: 'fr-FR' });
    const miaP = await known(env, mia), maxP = await known(env, max), noraP = await known(env, nora, 'fr-FR');
    await enroll(env, round.id, miaP, 'mentee', menteeAnswers({ languages: ['en', 'fr'] }));
    await enroll(env, round.id, maxP, 'mentor', mentorAnswers());
    await enroll(env, round.id, noraP, 'mentor', mentorAnswers({ languages: ['fr', 'en'], yearsExperience: 14, expertise: [{ topic: 'leadership', level: 3, years: 6 }] }));

    const first = await insertProposedPair(env.database.db, {
      workspaceId: round.workspaceId, programId: program.id, roundId: round.id, menteeId: miaP.id, mentorId: maxP.id, score: 80, reasons: [], source: 'round',
    }, env.clock.now(), new Date(env.clock.now().getTime() + 48 * HOUR));

    env.clock.advance(49 * HOUR);
    await env.core.runJob('proposal.expire', { matchId: first.id });
    await env.runDueJobs();

    expect((await getPair(env.database.db, first.id))?.state).toBe('expired');
    const live = await listPairs(env.database.db, round.id, ['proposed']);
    expect(live).toHaveLength(1);
    expect(live[0]).toMatchObject({ menteeId: miaP.id, mentorId: noraP.id, source: 'rematch' });
    expect(mia.text()).toContain('expired before both of you answered');
    expect(mia.text()).toContain('You have a proposed mentor');
    expect(mia.text()).toContain('@Nora');
    // Nora's years in that topic, not her career's.
    expect(mia.text()).toContain('Expert in Leadership, your priority no. 1, with 6 years of experience in it');
    expect(max.text()).toContain('it is withdrawn');
    expect(nora.text()).toContain('Un mentoré vous est proposé');
    expect(nora.text()).toContain('Expertise en Leadership');
    expect(env.scheduler.pending('proposal.expire').map((j) => j.key)).toContain(`proposal.expire:${live[0]!.id}`);

    env.clock.advance(49 * HOUR);
    await env.core.runJob('proposal.expire', { matchId: live[0]!.id });
    await env.runDueJobs();
    expect(await listPairs(env.database.db, round.id, ['proposed'])).toHaveLength(0);
    expect(await listWaitlist(env.database.db, program.id)).toMatchObject([{ personId: miaP.id, role: 'mentee', reason: 'rematch' }]);
    expect(mia.inbox().length).toBeGreaterThan(0);
    expect(mia.text()).toContain('I could not find you a mentor in Leadership');
    expect(mia.text()).toContain('No mentor of this round fits your constraints');

    // Running the same expiry again changes nothing and sends nothing more.
    const sent = env.messenger.delivered.length;
    await env.core.runJob('proposal.expire', { matchId: live[0]!.id });
    await env.runDueJobs();
    expect(env.messenger.delivered.length).toBe(sent);
  });

  it('never gives a mentor more mentees than places when two proposals expire at the same moment', async () => {
    // All the proposals of a publication expire together, and the workers run their jobs side by
    // side: Mia's and Ana's rematches both find Pat, whose one place only one of them can have.
    env = await createMemoryPlatform(kind);
    const { program, round } = await publishedRound();
    const [mia, ana, omar, nora, pat] = await Promise.all(['Mia', 'Ana', 'Omar', 'Nora', 'Pat'].map((n) => known(env, env.person(n))));
    for (const m of [mia!, ana!]) await enroll(env, round.id, m, 'mentee', menteeAnswers());
    // Omar and Nora speak none of the mentees' languages: after their proposals, nobody is fit but Pat.
    for (const m of [omar!, nora!]) await enroll(env, round.id, m, 'mentor', mentorAnswers({ languages: ['de'] }));
    await enroll(env, round.id, pat!, 'mentor', mentorAnswers({ capacity: 1 }));
    const expiring = [];
    for (const [mentee, mentor] of [[mia!, omar!], [ana!, nora!]] as const) {
      expiring.push(await insertProposedPair(env.database.db, {
        workspaceId: round.workspaceId, programId: program.id, roundId: round.id, menteeId: mentee.id, mentorId: mentor.id, score: 80, reasons: [], source: 'round',
      }, env.clock.now(), new Date(env.clock.now().getTime() + 48 * HOUR)));
    }
    env.clock.advance(49 * HOUR);
    await Promise.all(expiring.map((p) => env.core.runJob('proposal.expire', { matchId: p.id })));
    const proposed = await listPairs(env.database.db, round.id, ['proposed']);
    expect(proposed.map((p) => p.mentorId)).toEqual([pat!.id]);
    expect((await listWaitlist(env.database.db, program.id)).map((w) => w.personId)).toEqual([[mia!, ana!].find((m) => m.id !== proposed[0]!.menteeId)!.id]);
  });

  // Nora, the one mentor left for Mia, erases her data while Mia's proposal expires. Held at
  // Nora's row (the proposal written by the rematch points to her), in both orders: the rematch
  // had chosen her before the erasure committed, and the erasure had read her pairs before the
  // rematch's proposal was committed, so it was left pointing to an erased person.
  it.each(['erasure', 'expiry'] as const)('never proposes a mentor erased at the same moment (%s first)', async (first) => {
    env = await createMemoryPlatform(kind);
    const { program, round } = await publishedRound();
    const mia = env.person('Mia'), max = env.person('Max'), nora = env.person('Nora');
    const [miaP, maxP, noraP] = [await known(env, mia), await known(env, max), await known(env, nora)];
    await enroll(env, round.id, miaP, 'mentee', menteeAnswers());
    for (const m of [maxP, noraP]) await enroll(env, round.id, m, 'mentor', mentorAnswers());
    const expiring = await insertProposedPair(env.database.db, {
      workspaceId: round.workspaceId, programId: program.id, roundId: round.id, menteeId: miaP.id, mentorId: maxP.id, score: 80, reasons: [], source: 'round',
    }, env.clock.now(), new Date(env.clock.now().getTime() + 48 * HOUR));
    env.clock.advance(49 * HOUR);
    await nora.type('/mentor delete');
    const erasure = () => nora.click('Erase my data');
    const expiry = () => env.core.runJob('proposal.expire', { matchId: expiring.id });
    valuesOf(await raceAtRow<unknown>(env.database, 'people', noraP.id, first === 'erasure' ? [erasure, expiry] : [expiry, erasure]));
    await env.runDueJobs();

    expect((await getPair(env.database.db, expiring.id))?.state).toBe('expired');
    const noraPairs = await listPairsOfPerson(env.database.db, noraP.id);
    expect((await getPerson(env.database.db, noraP.id))?.erasedAt).not.toBeNull();
    expect(noraPairs.filter((p) => p.state === 'proposed' || p.state === 'accepted')).toEqual([]);
    expect(await listPairs(env.database.db, round.id, ['proposed'])).toEqual([]);
    expect((await listWaitlist(env.database.db, program.id)).map((w) => w.personId)).toEqual([miaP.id]);
  });

  // Max, proposed to Mia and to Ana, erases his data as Ana's proposal expires. Held at Nora's
  // row (the rematch proposes her): the erasure had withdrawn Mia's proposal and held the round's
  // rematches, then waited for Ana's proposal, which the expiry held while it waited for those
  // rematches (a deadlock on PostgreSQL). Both end; Max is proposed to nobody.
  it.each(['erasure', 'expiry'] as const)('a mentor erasing with two proposals, one expiring at the same moment: no deadlock (%s first)', async (first) => {
    env = await createMemoryPlatform(kind);
    const { program, round } = await publishedRound();
    const max = env.person('Max');
    const [miaP, anaP, maxP, noraP] = [await known(env, env.person('Mia')), await known(env, env.person('Ana')), await known(env, max), await known(env, env.person('Nora'))];
    for (const m of [miaP, anaP]) await enroll(env, round.id, m, 'mentee', menteeAnswers());
    for (const m of [maxP, noraP]) await enroll(env, round.id, m, 'mentor', mentorAnswers({ capacity: 2 }));
    const proposals: Array<Awaited<ReturnType<typeof insertProposedPair>>> = [];
    for (const [mentee, hours] of [[miaP, 96], [anaP, 48]] as const) {
      proposals.push(await insertProposedPair(env.database.db, {
        workspaceId: round.workspaceId, programId: program.id, roundId: round.id, menteeId: mentee.id, mentorId: maxP.id, score: 80, reasons: [], source: 'round',
      }, env.clock.now(), new Date(env.clock.now().getTime() + hours * HOUR)));
    }
    env.clock.advance(49 * HOUR);
    await max.type('/mentor delete');
    const erasure = () => max.click('Erase my data');
    const expiry = () => env.core.runJob('proposal.expire', { matchId: proposals[1]!.id });
    valuesOf(await raceAtRow<unknown>(env.database, 'people', noraP.id, first === 'erasure' ? [erasure, expiry] : [expiry, erasure]));
    await env.runDueJobs();

    expect((await getPerson(env.database.db, maxP.id))?.erasedAt).not.toBeNull();
    expect((await listPairsOfPerson(env.database.db, maxP.id)).filter((p) => p.state === 'proposed')).toEqual([]);
    expect((await listPairs(env.database.db, round.id, ['proposed'])).map((p) => p.mentorId)).toEqual([noraP.id, noraP.id]);
  });
  /**
   * Lea's program (made by its form) with round 1 published: Mia proposed to Max, its only mentor.
   * Pat waits for the next round (he asked for a mentor outside a round).
   */
  async function leasPublishedRound() {
    env = await createMemoryPlatform(kind, { leads: ['U_LEA'] });
    const db = env.database.db;
    const [lea, mia, max, pat] = [env.person('Lea'), env.person('Mia'), env.person('Max'), env.person('Pat')];
    await createProgramByForm(lea);
    const workspace = await workspaceOf(env);
    const [program] = await listPrograms(db, workspace.id);
    const round = await createRound(db, { workspaceId: workspace.id, programId: program!.id, name: '1', createdBy: null });
    const now = env.clock.now();
    await transitionRound(db, round.id, ['draft'], 'open', { opened_at: now });
    await transitionRound(db, round.id, ['open'], 'closed', { closed_at: now });
    await transitionRound(db, round.id, ['closed'], 'matched', { matched_at: now });
    await transitionRound(db, round.id, ['matched'], 'published', { published_at: now });
    const miaP = await known(env, mia), maxP = await known(env, max);
    await enroll(env, round.id, miaP, 'mentee', menteeAnswers());
    await enroll(env, round.id, maxP, 'mentor', mentorAnswers());
    await pat.type('/mentor find');
    const proposal = await insertProposedPair(db, {
      workspaceId: round.workspaceId, programId: program!.id, roundId: round.id, menteeId: miaP.id, mentorId: maxP.id, score: 80, reasons: [], source: 'round',
    }, now, new Date(now.getTime() + 48 * HOUR));
    env.clock.advance(49 * HOUR);
    const invitationsOf = async (person: typeof mia) => {
      await env.runDueJobs();
      return env.messenger.to(await person.id()).filter((d) => d.key?.startsWith('round.invite:')).length;
    };
    const secondRound = async () => (await listRounds(db, program!.id)).find((r) => r.name === '2')!;
    return { lea, mia, pat, miaP, program: program!, proposal, invitationsOf, secondRound };
  }

  it('a mentee left without a mentor while the program’s next round takes answers is waitlisted and invited to it', async () => {
    const { lea, mia, miaP, program, proposal, invitationsOf, secondRound } = await leasPublishedRound();
    await lea.type('/mentor admin round open');
    expect(lea.text()).toContain('The round of Leadership 2027 is open');
    await env.core.runJob('proposal.expire', { matchId: proposal.id });
    expect(await listWaitlist(env.database.db, program.id)).toMatchObject([{ role: 'mentee', reason: 'no_open_round' }, { personId: miaP.id, reason: 'rematch' }]);
    expect(await invitationsOf(mia)).toBe(1);
    expect(mia.text()).toContain('I could not find you a mentor in Leadership 2027');
    expect(await listInvitations(env.database.db, (await secondRound()).id)).toContain(miaP.id);
    // The same expiry again: no second invitation.
    await env.core.runJob('proposal.expire', { matchId: proposal.id });
    expect(await invitationsOf(mia)).toBe(1);
  });

  // The rematch putting Mia on the waitlist as Lea opens the next round: Mia is invited to it
  // either way. Held at Mia's row as the rematch writes her waitlist place, or at Pat's as the
  // opening invites the waitlist (after reading it).
  it.each(['rematch', 'opening'] as const)('a mentee waitlisted by a rematch as the lead opens the next round (%s first) is invited to it', async (first) => {
    const { lea, mia, pat, proposal, invitationsOf } = await leasPublishedRound();
    const rematch = () => env.core.runJob('proposal.expire', { matchId: proposal.id });
    const opening = () => lea.type('/mentor admin round open');
    const held = await (first === 'rematch' ? mia : pat).id();
    valuesOf(await raceAtRow<unknown>(env.database, 'people', held, first === 'rematch' ? [rematch, opening] : [opening, rematch]));
    expect(lea.text()).toContain('The round of Leadership 2027 is open');
    expect(await invitationsOf(mia)).toBe(1);
    expect(await invitationsOf(pat)).toBe(1);
    expect(mia.text()).toContain('I could not find you a mentor in Leadership 2027');
  });
});
