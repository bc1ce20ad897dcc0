// The daily retention purge (docs/privacy.md, "Retention"), on both databases: a completed round
// whose retention period is over is purged once. Later runs neither rewrite its rows nor log its
// purge again; a round whose period ends later is purged on its own day; two runs at once
// purge and log it once.
import { afterEach, describe, expect, it } from 'vitest';
import { addProgramLead, removeProgramLead } from '../../src/db/repositories/lead.repository.ts';
import { removeFromWaitlist } from '../../src/db/repositories/waitlist.repository.ts';
import { createMemoryPlatform, type MemoryPlatform } from '../support/memory-platform.ts';
import { databaseKinds } from '../support/databases.ts';
import { NOW, seedProgram, type Seeded } from '../evaluation/seed.ts';

const DAY = 86_400_000;

describe.each(databaseKinds)('the retention purge on %s', (kind) => {
  let env: MemoryPlatform | undefined;
  afterEach(async () => { await env?.dispose(); env = undefined; });

  /** Two programs' rounds, completed 40 days ago; the first program keeps 30 days, the second 60. */
  async function completedRounds(): Promise<[Seeded, Seeded]> {
    env = await createMemoryPlatform(kind, { start: NOW });
    const db = env.database.db;
    const rounds = [await seedProgram(db, 5, 'T_ONE'), await seedProgram(db, 5, 'T_TWO')] as [Seeded, Seeded];
    for (const [k, s] of rounds.entries()) {
      await db.updateTable('rounds').set({ state: 'completed', completed_at: new Date(NOW.getTime() - 40 * DAY) }).where('id', '=', s.roundId).execute();
      await db.updateTable('programs').set({ retention_days: k === 0 ? 30 : 60 }).where('id', '=', s.programId).execute();
    }
    return rounds;
  }

  const purges = () => env!.database.db.selectFrom('audit_log').select(['target_id', 'details']).where('action', '=', 'retention.purge').orderBy('id').execute();
  const pairTimes = (s: Seeded) => env!.database.db.selectFrom('matches').select(['id', 'updated_at']).where('round_id', '=', s.roundId).orderBy('id').execute();
  const purgedAt = async (s: Seeded) => (await env!.database.db.selectFrom('rounds').select('purged_at').where('id', '=', s.roundId).executeTakeFirstOrThrow()).purged_at;

  it('purges an expired round once: a later run neither rewrites it nor logs it again, and the next round is purged on its own day', { timeout: 120_000 }, async () => {
    const [one, two] = await completedRounds();
    await env!.core.runJob('retention.purge', {});
    expect((await purges()).map((p) => p.target_id)).toEqual([one.roundId]);
    expect(await purgedAt(one)).toEqual(NOW);
    expect(await purgedAt(two)).toBeNull();
    const first = await pairTimes(one);
    expect(first.every((p) => p.updated_at.getTime() === NOW.getTime())).toBe(true);

    // The next day: nothing more for the first round (its rows keep the time of the purge).
    env!.clock.advance(DAY);
    await env!.core.runJob('retention.purge', {});
    expect((await purges()).map((p) => p.target_id)).toEqual([one.roundId]);
    expect(await pairTimes(one)).toEqual(first);

    // 21 days later the second program's 60 days are over: its round alone is purged.
    env!.clock.advance(20 * DAY);
    await env!.core.runJob('retention.purge', {});
    expect((await purges()).map((p) => p.target_id)).toEqual([one.roundId, two.roundId]);
    expect(await purgedAt(two)).toEqual(new Date(NOW.getTime() + 21 * DAY));
    expect(await pairTimes(one)).toEqual(first);
  });

  it('anonymises the people of the expired round with what links them to their account, but not a mentee waiting on the waitlist', { timeout: 120_000 }, async () => {
    const [one, two] = await completedRounds();
    const db = env!.database.db;
    const [gone, waiting] = one.mentees as [string, string];
    const kept = two.mentees[0]!;
    const later = new Date(NOW.getTime() + DAY);
    // The two seeded workspaces reuse user ids; a Teams user id names one person everywhere.
    await db.updateTable('people').set({ platform_user_id: 'U_KEPT' }).where('id', '=', kept).execute();
    for (const personId of [gone, waiting, kept]) {
      const person = await db.selectFrom('people').select(['workspace_id', 'platform_user_id']).where('id', '=', personId).executeTakeFirstOrThrow();
      await db.insertInto('conversation_refs').values({ person_id: personId, workspace_id: person.workspace_id, reference: JSON.stringify({ user: { name: 'Real Name' } }), updated_at: NOW }).execute();
      await db.insertInto('report_codes').values({ code_hash: `code-${personId}`, program_id: one.programId, person_id: personId, expires_at: later, used_at: null }).execute();
      await db.insertInto('report_sessions').values({ session_hash: `session-${personId}`, program_id: one.programId, person_id: personId, created_at: NOW, expires_at: later }).execute();
      // A form kept for them by an adapter, and the replies a failed turn owes them (no workspace).
      await db.insertInto('adapter_state').values({ kind: 'form', key: `form-${personId}`, workspace_id: person.workspace_id, user_id: person.platform_user_id, value: JSON.stringify({ typed: 'my words' }), expires_at: later }).execute();
      await db.insertInto('adapter_state').values({ kind: 'journal', key: `turn-${personId}`, workspace_id: null, user_id: person.platform_user_id, value: JSON.stringify({ replies: [] }), expires_at: later }).execute();
    }
    await db.insertInto('waitlist').values({ program_id: one.programId, person_id: waiting, role: 'mentee', reason: 'unmatched' }).execute();

    await env!.core.runJob('retention.purge', {});
    const person = (id: string) => db.selectFrom('people').select(['display_name', 'erased_at', 'platform_user_id']).where('id', '=', id).executeTakeFirstOrThrow();
    const traces = async (id: string) => [
      ...(await db.selectFrom('conversation_refs').select('person_id').where('person_id', '=', id).execute()).map(() => 'conversation'),
      ...(await db.selectFrom('report_codes').select('person_id').where('person_id', '=', id).execute()).map(() => 'report code'),
      ...(await db.selectFrom('report_sessions').select('person_id').where('person_id', '=', id).execute()).map(() => 'report session'),
      ...(await db.selectFrom('adapter_state').select('kind').where('key', 'like', `%-${id}`).execute()).map((r) => r.kind),
    ].sort();
    expect((await person(gone)).display_name).toBe('Former participant');
    expect(await traces(gone)).toEqual([]);
    // Waiting for the program's next round: still reachable, nothing of theirs removed.
    expect((await person(waiting)).erased_at).toBeNull();
    expect(await traces(waiting)).toEqual(['conversation', 'form', 'journal', 'report code', 'report session']);
    // The other program's round is not expired yet.
    expect((await person(kept)).erased_at).toBeNull();
    expect(await traces(kept)).toEqual(['conversation', 'form', 'journal', 'report code', 'report session']);
  });

  it('anonymises later whoever its round’s purge passed over (waiting on the waitlist, or a lead) once they no longer are, and nobody who joined a new round', { timeout: 120_000 }, async () => {
    const [one] = await completedRounds();
    const db = env!.database.db;
    const [waiting, leading, rejoined] = one.mentees as [string, string, string];
    for (const personId of [waiting, rejoined]) {
      await db.insertInto('waitlist').values({ program_id: one.programId, person_id: personId, role: 'mentee', reason: 'unmatched' }).execute();
    }
    await addProgramLead(db, one.programId, leading, null);
    const person = (id: string) => db.selectFrom('people').select(['display_name', 'erased_at']).where('id', '=', id).executeTakeFirstOrThrow();
    const conversations = (id: string) => db.selectFrom('conversation_refs').select('person_id').where('person_id', '=', id).execute();
    const { workspace_id: workspaceId } = await db.selectFrom('people').select('workspace_id').where('id', '=', waiting).executeTakeFirstOrThrow();
    await db.insertInto('conversation_refs').values({ person_id: waiting, workspace_id: workspaceId, reference: JSON.stringify({ user: { name: 'Real Name' } }), updated_at: NOW }).execute();

    await env!.core.runJob('retention.purge', {});
    for (const id of [waiting, leading, rejoined]) expect((await person(id)).erased_at).toBeNull();

    // The next day: one left the waitlist, one no longer leads, one left it for the program's next round.
    await removeFromWaitlist(db, one.programId, waiting);
    await removeProgramLead(db, one.programId, leading);
    await removeFromWaitlist(db, one.programId, rejoined);
    const next = await db.insertInto('rounds').values({ workspace_id: workspaceId, program_id: one.programId, name: 'Next', state: 'draft' }).returning('id').executeTakeFirstOrThrow();
    await db.insertInto('enrollments').values({ workspace_id: workspaceId, round_id: next.id, person_id: rejoined, role: 'mentee', status: 'started', answers: JSON.stringify({}), updated_at: NOW }).execute();
    env!.clock.advance(DAY);
    await env!.core.runJob('retention.purge', {});
    expect((await person(waiting)).display_name).toBe('Former participant');
    expect(await conversations(waiting)).toEqual([]);
    expect((await person(leading)).display_name).toBe('Former participant');
    expect((await person(rejoined)).erased_at).toBeNull();
    // Logged once for the workspace, with how many, naming nobody; a later run finds nobody more.
    const logged = async () => (await purges()).filter((p) => p.target_id === workspaceId).map((p) => p.details);
    expect(await logged()).toEqual([{ people: 2 }]);
    env!.clock.advance(DAY);
    await env!.core.runJob('retention.purge', {});
    expect(await logged()).toEqual([{ people: 2 }]);
  });

  it('run twice at once (two workers), purges and logs each expired round once', { timeout: 120_000 }, async () => {
    const [one] = await completedRounds();
    const runs = await Promise.allSettled([0, 1].map(() => env!.core.runJob('retention.purge', {})));
    expect(runs.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    expect((await purges()).map((p) => p.target_id)).toEqual([one.roundId]);

    // The next day two runs again, with two people its purge passed over who no longer wait:
    // each is anonymised once, and the workspace's entry is logged once.
    const db = env!.database.db;
    const passedOver = one.mentees.slice(0, 2);
    for (const personId of passedOver) {
      await db.updateTable('people').set({ erased_at: null, display_name: 'Back' }).where('id', '=', personId).execute();
    }
    env!.clock.advance(DAY);
    const again = await Promise.allSettled([0, 1].map(() => env!.core.runJob('retention.purge', {})));
    expect(again.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    const names = await db.selectFrom('people').select('display_name').where('id', 'in', passedOver).execute();
    expect(names.map((n) => n.display_name)).toEqual(['Former participant', 'Former participant']);
    expect((await purges()).filter((p) => p.target_id !== one.roundId).map((p) => p.details)).toEqual([{ people: 2 }]);
  });
});
