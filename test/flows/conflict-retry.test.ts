// A request whose transaction PostgreSQL cancels for a conflict with another (a deadlock, a
// serialization failure) runs again from the start, unless it already called something outside
// the database (flows/bot.ts, run): the person is not told "something went wrong" because two
// requests met. Tested with a real deadlock between two requests on PostgreSQL, and with the
// deadlock's own error raised by a trigger on both databases.
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { TRANSACTION_ATTEMPTS } from '../../src/flows/bot.ts';
import type { Db } from '../../src/db/repositories/db.ts';
import { reply, type Effect } from '../../src/flows/effects.ts';
import { allFlows } from '../../src/flows/index.ts';
import type { FlowModule } from '../../src/flows/registry.ts';
import { message } from '../../src/ui/model.ts';
import { richText } from '../../src/ui/rich-text.ts';
import { databaseKinds } from '../support/databases.ts';
import { createMemoryPlatform, type MemoryPlatform, type TestPerson } from '../support/memory-platform.ts';
import { raceAtRow, valuesOf } from '../support/row-race.ts';

/** How many times each action's work began. */
const began = new Map<string, number>();
const count = (kind: string) => { began.set(kind, (began.get(kind) ?? 0) + 1); };

const text = (body: string): Effect => reply(message(richText(body)));
const rename = (db: Db, id: string, name: string) =>
  db.updateTable('people').set({ display_name: name }).where('id', '=', id).execute();

/**
 * Two actions that lock two people in opposite orders (`subjects`: the two person ids, and for the
 * first the workspace it waits for in between); one that calls a platform's conversations before
 * it writes.
 */
const conflicts: FlowModule = {
  actions: {
    'test.first': {
      oneShot: false,
      async handle(ctx, ref) {
        count('test.first');
        const [one, two, workspaceId] = ref.subjects as [string, string, string];
        await rename(ctx.db, one, 'First was here');
        await sql`select 1 from workspaces where id = ${workspaceId} for update`.execute(ctx.db);
        await rename(ctx.db, two, 'First was here');
        return [text('first done')];
      },
    },
    'test.second': {
      oneShot: false,
      async handle(ctx, ref) {
        count('test.second');
        const [one, two] = ref.subjects as [string, string];
        await rename(ctx.db, two, 'Second was here');
        await rename(ctx.db, one, 'Second was here');
        return [text('second done')];
      },
    },
    'test.write': {
      oneShot: true,
      async handle(ctx, ref) {
        count('test.write');
        if (ref.subjects[0] === 'outside') {
          await ctx.deps.messenger?.openSpace?.(ctx.workspace.id, { name: 'circle-test', title: 'Test', people: [] });
        }
        await rename(ctx.db, ctx.person.id, 'Written');
        return [text('written')];
      },
    },
  },
};

/** The next update of `people` fails once with the SQLSTATE of a deadlock; later ones go through. */
async function deadlockOnNextUpdate(env: MemoryPlatform): Promise<void> {
  const db = env.database.db;
  await sql`create sequence conflict_seq`.execute(db);
  await sql`create function conflict() returns trigger language plpgsql as $$
    begin
      if nextval('conflict_seq') = 1 then raise exception 'deadlock detected (test)' using errcode = 'deadlock_detected'; end if;
      return new;
    end $$`.execute(db);
  await sql`create trigger conflict before update on people for each row execute function conflict()`.execute(db);
}

const repliesOf = (effects: readonly unknown[]) => JSON.stringify(effects);

describe.each(databaseKinds)('a request cancelled for a conflict with another on %s', (kind) => {
  let env: MemoryPlatform;
  afterEach(async () => { await env?.dispose(); began.clear(); });

  async function people(): Promise<{ ana: TestPerson; ben: TestPerson; anaId: string; benId: string; workspaceId: string }> {
    env = await createMemoryPlatform(kind, { flows: [...allFlows, conflicts] });
    const [ana, ben] = [env.person('Ana'), env.person('Ben')];
    for (const p of [ana, ben]) await p.type('/mentor help');
    const [anaId, benId] = [await ana.id(), await ben.id()];
    const { workspace_id: workspaceId } = await env.database.db.selectFrom('people').select('workspace_id').where('id', '=', anaId).executeTakeFirstOrThrow();
    return { ana, ben, anaId, benId, workspaceId };
  }

  const refFor = (kind: string, personId: string, subjects: string[]) =>
    env.signer.sign({ kind, subjects, personId, expiresAt: new Date(env.clock.now().getTime() + 3_600_000) });

  it.runIf(kind === 'postgres')('two requests that deadlock both succeed: the one PostgreSQL cancels runs again', async () => {
    const { ana, ben, anaId, benId, workspaceId } = await people();
    // Ana's request renames Ana, then waits for the workspace (the test holds it); Ben's renames
    // Ben, then waits for Ana's row. Once the workspace is let go, Ana's wants Ben's row: a deadlock.
    const [first, second] = valuesOf(await raceAtRow<unknown>(env.database, 'workspaces', workspaceId, [
      () => ana.clickRef(refFor('test.first', anaId, [anaId, benId, workspaceId])),
      () => ben.clickRef(refFor('test.second', benId, [anaId, benId])),
    ]));
    expect(repliesOf(first as unknown[])).toContain('first done');
    expect(repliesOf(second as unknown[])).toContain('second done');
    // One of the two began twice: PostgreSQL cancelled it, and it ran again after the other.
    expect((began.get('test.first') ?? 0) + (began.get('test.second') ?? 0)).toBe(3);
    const names = await env.database.db.selectFrom('people').select('display_name').where('id', 'in', [anaId, benId]).execute();
    const winner = began.get('test.first') === 2 ? 'First was here' : 'Second was here';
    expect(names.map((n) => n.display_name)).toEqual([winner, winner]);
  });

  it('a request cancelled by a deadlock runs again and is done once', async () => {
    const { ana, anaId } = await people();
    await deadlockOnNextUpdate(env);
    const ref = refFor('test.write', anaId, ['inside']);
    const effects = await ana.clickRef(ref);
    expect(repliesOf(effects)).toContain('written');
    expect(repliesOf(effects)).not.toContain('went wrong');
    expect(began.get('test.write')).toBe(2);
    const person = await env.database.db.selectFrom('people').select('display_name').where('id', '=', anaId).executeTakeFirstOrThrow();
    expect(person.display_name).toBe('Written');
    // The click is one-shot: the cancelled attempt's use of its reference went with it (the second
    // attempt could use it), and the attempt that committed used it for good.
    expect(repliesOf(await ana.clickRef(ref))).not.toContain('written');
    expect(began.get('test.write')).toBe(2);
  });

  it('a request that called outside the database before its deadlock is not run again: it fails as before, the call made once', async () => {
    const { ana, anaId } = await people();
    await deadlockOnNextUpdate(env);
    const calls = env.messenger.spaceCalls;
    const effects = await ana.clickRef(refFor('test.write', anaId, ['outside']));
    expect(repliesOf(effects)).toContain('went wrong');
    expect(began.get('test.write')).toBe(1);
    expect(env.messenger.spaceCalls).toBe(calls + 1);
  });

  it(`gives up after ${TRANSACTION_ATTEMPTS} attempts`, async () => {
    const { ana, anaId } = await people();
    await deadlockOnNextUpdate(env);
    // Every update of people fails now: the sequence is set back before each.
    await sql`create or replace function conflict() returns trigger language plpgsql as $$
      begin raise exception 'deadlock detected (test)' using errcode = 'deadlock_detected'; end $$`.execute(env.database.db);
    const effects = await ana.clickRef(refFor('test.write', anaId, ['inside']));
    expect(repliesOf(effects)).toContain('went wrong');
    expect(began.get('test.write')).toBe(TRANSACTION_ATTEMPTS);
  });
});
