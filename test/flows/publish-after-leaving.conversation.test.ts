// Someone leaves a round between the lead's preview and the publication: their previewed pair is
// not proposed, a mentee whose mentor left is matched again with the places left, and the lead
// is told. Through the bot, on both databases; the erasure at the same moment on PostgreSQL.
import { afterEach, describe, expect, it } from 'vitest';
import { seatedInRound } from '../../src/db/repositories/circle.repository.ts';
import { addProgramLead } from '../../src/db/repositories/lead.repository.ts';
import { listPairs } from '../../src/db/repositories/pair.repository.ts';
import { transitionRound } from '../../src/db/repositories/round.repository.ts';
import type { Pair } from '../../src/domain/model.ts';
import { databaseKinds } from '../support/databases.ts';
import { enroll, openRound } from '../support/employee-fixtures.ts';
import { createMemoryPlatform, type MemoryPlatform, type TestPerson } from '../support/memory-platform.ts';
import { raceAtRow, valuesOf } from '../support/row-race.ts';

const LIVE = ['proposed', 'accepted', 'active', 'paused'] as const;

describe.each(databaseKinds)('publishing after someone left on %s', { timeout: 60_000 }, (kind) => {
  let env: MemoryPlatform;
  afterEach(async () => { await env?.dispose(); });

  /**
   * Lea leads; Omar and Nora mentor two mentees each; Mia and Ana are mentees; the lead has seen
   * the preview. `mentor` and `mentee` are the first previewed pair's.
   */
  async function previewed() {
    env = await createMemoryPlatform(kind);
    const { program, round } = await openRound(env);
    const people = ['Lea', 'Omar', 'Nora', 'Mia', 'Ana'].map((n) => env.person(n));
    const [lea, omar, nora, mia, ana] = people as [TestPerson, TestPerson, TestPerson, TestPerson, TestPerson];
    for (const p of people) await p.type('/mentor help');
    await addProgramLead(env.database.db, program.id, await lea.id(), null);
    for (const m of [omar, nora]) await enroll(env, round, m, 'mentor', 2);
    for (const m of [mia, ana]) await enroll(env, round, m, 'mentee');
    await transitionRound(env.database.db, round.id, ['open'], 'closed', { closed_at: env.clock.now() });
    await lea.type('/mentor admin match');
    expect(lea.lastReply()).toContain('Matching preview');
    const drafts = await listPairs(env.database.db, round.id, ['draft']);
    expect(drafts).toHaveLength(2);
    const byId = new Map<string, TestPerson>();
    for (const p of people) byId.set(await p.id(), p);
    const [first] = drafts as [Pair, Pair];
    return { round, lea, drafts, mentee: byId.get(first.menteeId)!, mentor: byId.get(first.mentorId)!, byId };
  }

  async function erase(person: TestPerson): Promise<void> {
    await person.type('/mentor delete');
    await person.click('Erase my data');
  }

  async function livePairs(roundId: string): Promise<Pair[]> {
    return listPairs(env.database.db, roundId, [...LIVE]);
  }

  const proposalsTo = async (person: TestPerson) => env.messenger.to(await person.id()).filter((d) => d.key?.startsWith('proposal:'));

  it('does not propose to a mentor who erased their data since the preview, and matches their mentees again', async () => {
    const { round, lea, drafts, mentor, byId } = await previewed();
    const orphans = drafts.filter((d) => d.mentorId === drafts[0]!.mentorId);
    await erase(mentor);
    await lea.type('/mentor admin publish');
    expect(lea.text()).toContain('Published: 2 proposals sent, 0 mentees on the waitlist.');
    expect(lea.text()).toContain(orphans.length === 1 ? '1 pair of the preview was not proposed' : '2 pairs of the preview were not proposed');
    const live = await livePairs(round.id);
    expect(live.map((p) => p.mentorId)).not.toContain(await mentor.id());
    expect(live.map((p) => p.menteeId).sort()).toEqual(drafts.map((d) => d.menteeId).sort());
    expect(await listPairs(env.database.db, round.id, ['draft'])).toEqual([]);
    await env.runDueJobs();
    expect(await proposalsTo(mentor)).toEqual([]);
    for (const orphan of orphans) expect(await proposalsTo(byId.get(orphan.menteeId)!)).toHaveLength(1);
  });

  it('does not propose a mentee who erased their data since the preview to her mentor', async () => {
    const { round, lea, drafts, mentee, mentor } = await previewed();
    await erase(mentee);
    await lea.type('/mentor admin publish');
    expect(lea.text()).toContain('Published: 1 proposal sent, 0 mentees on the waitlist.');
    expect(lea.text()).toContain('1 pair of the preview was not proposed');
    const live = await livePairs(round.id);
    expect(live.map((p) => p.menteeId)).toEqual([drafts[1]!.menteeId]);
    await env.runDueJobs();
    expect(await proposalsTo(mentee)).toEqual([]);
    // Her mentor hears only of the other mentee, if the preview gave them both.
    expect((await proposalsTo(mentor)).length).toBe(drafts[1]!.mentorId === drafts[0]!.mentorId ? 1 : 0);
  });

  it('does not propose a pair to a mentee seated in a circle since the preview', async () => {
    const { round, lea, drafts } = await previewed();
    await lea.type('/mentor admin circle leadership @{U_OMAR} 3');
    await lea.type('/mentor admin circles fill');
    const seated = await seatedInRound(env.database.db, round.id);
    expect(seated.length).toBeGreaterThan(0);
    await lea.type('/mentor admin publish');
    const dropped = drafts.filter((d) => seated.includes(d.menteeId)).length;
    expect(lea.text()).toContain(dropped === 1 ? '1 pair of the preview was not proposed' : '2 pairs of the preview were not proposed');
    const live = await livePairs(round.id);
    for (const id of seated) expect(live.map((p) => p.menteeId)).not.toContain(id);
  });

  it.runIf(kind === 'postgres')('a mentor erasing their data as the lead publishes: no live pair with them either way', async () => {
    for (const erasureFirst of [false, true]) {
      const { round, lea, drafts, mentor } = await previewed();
      await mentor.type('/mentor delete');
      const publish = () => lea.type('/mentor admin publish');
      const confirm = () => mentor.click('Erase my data');
      // The mentor's previewed pair held: the publication has read who takes part and waits to
      // propose it while the erasure runs (or the erasure runs first).
      valuesOf(await raceAtRow<unknown>(env.database, 'matches', drafts[0]!.id, erasureFirst ? [confirm, publish] : [publish, confirm]));
      expect(lea.text()).toContain('Published:');
      await env.runDueJobs();
      const live = await livePairs(round.id);
      expect(live.map((p) => p.mentorId), `erasure first: ${erasureFirst}`).not.toContain(await mentor.id());
      expect(live.map((p) => p.menteeId).sort(), `erasure first: ${erasureFirst}`).toEqual(drafts.map((d) => d.menteeId).sort());
      await env.dispose();
    }
  });
});
