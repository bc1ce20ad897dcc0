import { afterEach, describe, expect, it } from 'vitest';
import { addProgramLead } from '../../../src/db/repositories/lead.repository.ts';
import { getPair, listPairs } from '../../../src/db/repositories/pair.repository.ts';
import type { FileContent } from '../../../src/ui/model.ts';
import { databaseKinds } from '../../support/databases.ts';
import { activePair, enroll, openRound, snapshot } from '../../support/employee-fixtures.ts';
import { createMemoryPlatform, type MemoryPlatform, type TestPerson } from '../../support/memory-platform.ts';

const DAY = 86_400_000;
const everything = (p: TestPerson): string => JSON.stringify([...p.seen, ...p.inbox()]);
const chemistryCards = (p: TestPerson) => p.inbox().filter((c) => c.kind === 'card' && /^(After your first meeting|Après votre première rencontre)$/u.test(c.header.title));

// Generous: the embedded database's first start is slow on a busy machine.
describe.each(databaseKinds)('the chemistry check on %s', { timeout: 90_000 }, (kind) => {
  let env: MemoryPlatform;
  afterEach(async () => { await env?.dispose(); });

  /** Mia (mentee, French), Omar (mentor) and a second mentor, Nora, with room; Lea leads the program. */
  async function setup() {
    env = await createMemoryPlatform(kind, { start: new Date('2027-03-01T08:00:00Z') });
    const { program, round } = await openRound(env, { state: 'running', settings: { checkinCadence: 'P1W' } });
    const mia = env.person('Mia', { locale: 'fr-FR' });
    const omar = env.person('Omar');
    const nora = env.person('Nora');
    const lea = env.person('Lea');
    for (const p of [mia, omar, nora, lea]) await p.type('/mentor help');
    await addProgramLead(env.database.db, program.id, await lea.id(), null);
    await enroll(env, round, mia, 'mentee');
    await enroll(env, round, omar, 'mentor');
    await enroll(env, round, nora, 'mentor');
    const pair = await activePair(env, round, mia, omar);
    return { mia, omar, nora, lea, pair, round };
  }

  async function firstMeetingReported(mia: TestPerson) {
    await env.advance(7 * DAY + 2 * 3_600_000);
    await mia.click('Répondre');
    await mia.submit({ met: 'yes', usefulness: 4 });
    await env.runDueJobs();
  }

  it('asks both privately once the first meeting is reported; "continue" from both keeps the pair', async () => {
    const { mia, omar, pair } = await setup();
    await firstMeetingReported(mia);
    expect(chemistryCards(mia)).toHaveLength(1);
    expect(chemistryCards(omar)).toHaveLength(1);
    expect(JSON.stringify(chemistryCards(omar))).toContain('Your answer is private');
    await omar.click('Continue');
    expect(omar.lastReply()).toContain('Only you see this answer');
    await mia.click('Continuer');
    expect((await getPair(env.database.db, pair.id))?.state).toBe('active');
    // A second press: one-shot, nothing changes.
    const before = await snapshot(env);
    await omar.click('Continue');
    expect(omar.lastReply()).toContain('already recorded');
    expect(await snapshot(env)).toBe(before);
    // Asking again (the nudge job, a retry) sends nothing more.
    await env.core.runJob('pair.first_meeting_nudge', { matchId: pair.id });
    await env.runDueJobs();
    expect(chemistryCards(omar)).toHaveLength(1);
    expect(everything(mia)).not.toContain('Noted: you continue');
  });

  it('"not the right fit" from either side ends the pair, tells both the same neutral thing and offers the mentee a rematch; no reason anywhere', async () => {
    const { mia, omar, nora, lea, pair, round } = await setup();
    await firstMeetingReported(mia);
    await omar.click('Not the right fit');
    expect(omar.lastReply()).toContain('nobody is told who answered');
    await env.runDueJobs();
    expect((await getPair(env.database.db, pair.id))?.state).toBe('ended');
    expect(mia.text()).toContain('Après la première rencontre, votre binôme avec Omar s’arrête ici');
    expect(omar.text()).toContain('After the first meeting, your pairing with Mia ends here');
    expect(mia.text()).not.toContain('Not the right fit');
    expect(mia.text()).not.toMatch(/Omar (a|has) (mis fin|ended)/u);
    // The mentee's rematch: a new mentor is proposed.
    await mia.click('autre mentor');
    const live = await listPairs(env.database.db, round.id, ['proposed']);
    expect(live.map((p) => [p.menteeId, p.mentorId])).toEqual([[pair.menteeId, await nora.id()]]);

    // A late answer from Mia after the end changes nothing.
    const before = await snapshot(env);
    await mia.click('Continuer');
    expect(mia.lastReply()).toContain('déjà pris fin');
    expect(await snapshot(env)).toBe(before);

    // The lead sees the pair ended, never who answered what.
    await lea.type('/mentor admin report');
    await lea.click('Pairs (CSV)');
    const csv = lea.seen.find((c): c is FileContent => c.kind === 'file')!;
    expect(csv.content).toContain('ended');
    expect(everything(lea)).not.toMatch(/not_fit|chemistry|right fit/iu);
  });

  it('the deadline without a first meeting asks too; export shows only my own answer', async () => {
    const { mia, omar, pair } = await setup();
    await env.core.runJob('pair.first_meeting_nudge', { matchId: pair.id });
    await env.runDueJobs();
    expect(chemistryCards(mia)).toHaveLength(1);
    await omar.click('Continue');
    const [effect] = await mia.type('/mentor exporter');
    const data = JSON.parse((effect as { content: FileContent }).content.content);
    expect(data.matches[0]).toMatchObject({ mentee_chemistry: null, mentor_chemistry: null });
    const [mine] = await omar.type('/mentor export');
    expect(JSON.parse((mine as { content: FileContent }).content.content).matches[0]).toMatchObject({ mentor_chemistry: 'continue' });
  });
});
