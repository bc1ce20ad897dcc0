// A pulse answer sent at the very moment the pulse closes, while another process releases the
// pulse's figures for the report (its clock a millisecond ahead): the answer is in the release,
// or refused as closed, never thanked and then left out of the figures.
import { afterEach, describe, expect, it } from 'vitest';
import { ensurePulse } from '../../src/db/repositories/pulse.repository.ts';
import { listReleases } from '../../src/db/repositories/report-release.repository.ts';
import { databaseKinds } from '../support/databases.ts';
import { activePair, openRound } from '../support/employee-fixtures.ts';
import { createMemoryPlatform, type MemoryPlatform } from '../support/memory-platform.ts';
import { raceAtRow, startedAhead, valuesOf } from '../support/row-race.ts';

const DAY = 86_400_000;
const ANSWER = { satisfaction: 4, relationship: 5, progress: 4, recommend: 9 };

describe.each(databaseKinds)('a pulse answer as the pulse closes on %s', (kind) => {
  let env: MemoryPlatform;
  afterEach(async () => { await env?.dispose(); });

  /** Mia and Omar's active pair, a pulse of their round open for 7 days, and Mia's pulse form open. */
  async function pulseOpenToMia() {
    env = await createMemoryPlatform(kind, { start: new Date('2027-03-03T09:00:00Z') });
    const { program, round } = await openRound(env, { state: 'running' });
    const mia = env.person('Mia');
    const omar = env.person('Omar');
    await mia.type('/mentor help');
    await omar.type('/mentor help');
    await activePair(env, round, mia, omar);
    const pulse = await ensurePulse(env.database.db, { roundId: round.id, kind: 'periodic', period: 1, opensAt: env.clock.now(), closesAt: new Date(env.clock.now().getTime() + 7 * DAY) });
    await env.core.runJob('pulse.open', { pulseId: pulse.id });
    await env.runDueJobs();
    await mia.click('Answer');
    expect(mia.openForm?.id).toBe('pulse');
    return { program, pulse, mia };
  }

  it('the answer sent a millisecond before the close, the release a millisecond after: the release counts it', async () => {
    const { program, pulse, mia } = await pulseOpenToMia();
    // Four mentees answered already (people since erased: their answers stay, without a name).
    await env.database.db.insertInto('pulse_answers').values(Array.from({ length: 4 }, () => ({ pulse_id: pulse.id, role: 'mentee', ...ANSWER }))).execute();

    env.clock.advance(7 * DAY - 1);
    const release = () => startedAhead(env.clock, 1, () => env.core.runJob('report.release', {}));
    // Mia's answer is written (the pulse's row held) while the release reads the pulse's answers.
    valuesOf(await raceAtRow<unknown>(env.database, 'pulses', pulse.id, [() => mia.submit(ANSWER), release]));
    expect(mia.lastReply()).toContain('counted anonymously');
    const [released] = (await listReleases(env.database.db, program.id)).pulses;
    expect(released?.total?.n).toBe(5);
    expect(released?.byRole.mentee?.n).toBe(5);
  });

  it('the answer sent after the release, by a clock still before the close: refused as closed, not thanked', async () => {
    const { program, mia } = await pulseOpenToMia();
    env.clock.advance(7 * DAY);
    await env.core.runJob('report.release', {});
    env.clock.advance(-1);
    await mia.submit(ANSWER);
    expect(mia.lastReply()).toContain('closed');
    expect(await env.database.db.selectFrom('pulse_answers').select('id').execute()).toEqual([]);
    expect((await listReleases(env.database.db, program.id)).pulses).toHaveLength(1);
  });
});
