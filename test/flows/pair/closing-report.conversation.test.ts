// What a lead reads of the closing conversations: counts per round, shown once the round is over
// and every closing window in it too, withheld whole below the minimum group size; totals add the
// shown rounds only, so the withheld round cannot be recovered by subtraction.
import { afterEach, describe, expect, it } from 'vitest';
import { addProgramLead } from '../../../src/db/repositories/lead.repository.ts';
import { createRound } from '../../../src/db/repositories/round.repository.ts';
import type { Round } from '../../../src/domain/model.ts';
import { databaseKinds } from '../../support/databases.ts';
import { activePair, openRound } from '../../support/employee-fixtures.ts';
import { openForAnswers, runRound } from '../../support/fixtures.ts';
import { createMemoryPlatform, type MemoryPlatform } from '../../support/memory-platform.ts';

const DAY = 86_400_000;

describe.each(databaseKinds)('the closing counts a lead sees on %s', { timeout: 120_000 }, (kind) => {
  let env: MemoryPlatform;
  afterEach(async () => { await env?.dispose(); });

  /** Three pairs in a round of the program, the round ended; the members named in `answering` write their wins. */
  async function closedRound(round: Round, names: readonly string[], answering: number): Promise<void> {
    const people = names.map((n) => env.person(n));
    for (const p of people) await p.type('/mentor help');
    for (let i = 0; i < people.length; i += 2) await activePair(env, round, people[i]!, people[i + 1]!);
    await env.database.db.updateTable('rounds').set({ ends_at: env.clock.now() }).where('id', '=', round.id).execute();
    await env.core.runJob('round.complete', { roundId: round.id });
    await env.runDueJobs();
    for (const p of people.slice(0, answering)) {
      await p.click('Write my wins');
      await p.submit({ wins: `WIN-OF-${p.name}` });
    }
  }

  it('shows a round where everyone answered, withholds one with too few non-answers, and adds the shown ones only', async () => {
    env = await createMemoryPlatform(kind, { start: new Date('2027-03-01T08:00:00Z') });
    const lea = env.person('Lea');
    await lea.type('/mentor help');
    const { program, round } = await openRound(env, { state: 'running' });
    await closedRound(round, ['A1', 'B1', 'C1', 'D1', 'E1', 'F1'], 6);
    await addProgramLead(env.database.db, program.id, await lea.id(), null);
    const line = async () => {
      await lea.type('/mentor admin report');
      return lea.lastReply().split('\n').find((l) => l.includes('Closing conversations')) ?? '';
    };
    expect(await line()).toContain('counted once the closing window is over');
    await env.advance(31 * DAY);
    expect(await line()).toContain('6 of 6 members answered, over 3 closed pairs');

    // A second round of the same program.
    const draft = await createRound(env.database.db, { workspaceId: program.workspaceId, programId: program.id, name: 'Autumn', createdBy: null });
    await closedRound(await runRound(env, await openForAnswers(env, draft)), ['A2', 'B2', 'C2', 'D2', 'E2', 'F2'], 5);
    expect(await line()).toContain('6 of 6 members answered, over 3 closed pairs');
    await env.advance(31 * DAY);
    // Five answered, one did not: the one is too few, so both counts of the round are withheld.
    const after = await line();
    expect(after).toContain('6 of 6 members answered, over 3 closed pairs');
    expect(after).toContain('1 round not shown: fewer than 5 answers or non-answers');
    expect(after).not.toMatch(/\b11\b|\b12\b/u);
    expect(JSON.stringify(lea.seen)).not.toContain('WIN-OF-');
  });
});
