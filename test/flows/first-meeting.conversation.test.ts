import { afterEach, describe, expect, it } from 'vitest';
import { databaseKinds } from '../support/databases.ts';
import { activePair, openRound } from '../support/employee-fixtures.ts';
import { createMemoryPlatform, type MemoryPlatform } from '../support/memory-platform.ts';

const DAY = 86_400_000;

describe.each(databaseKinds)('first-meeting nudge on %s', (kind) => {
  let env: MemoryPlatform;
  afterEach(async () => { await env?.dispose(); });

  async function setup(cadence: string) {
    env = await createMemoryPlatform(kind, { start: new Date('2027-03-01T08:00:00Z') });
    const { round } = await openRound(env, { state: 'running', settings: { checkinCadence: cadence } });
    const mia = env.person('Mia');
    const omar = env.person('Omar');
    await mia.type('/mentor help');
    await omar.type('/mentor help');
    await activePair(env, round, mia, omar);
    return { mia, omar };
  }

  const nudges = () => env.messenger.delivered.filter((d) => d.to.kind === 'group' && JSON.stringify(d.content).includes('friendly nudge'));

  it('nudges both members once, in one group message, when no first meeting is reported', async () => {
    const { mia, omar } = await setup('P2W');
    await env.advance(6 * DAY);
    expect(nudges()).toHaveLength(1);
    expect(mia.text()).toContain('have you had your first meeting yet');
    expect(omar.text()).toContain('have you had your first meeting yet');
  });

  it('stays quiet once a check-in said they met (demo cadence: the nudge comes two periods in)', async () => {
    const { mia } = await setup('PT1M');
    await env.advance(61_000);
    await mia.click('Answer');
    await mia.submit({ met: 'yes' });
    await env.advance(70_000);
    expect(env.scheduler.pending('pair.first_meeting_nudge')).toEqual([]);
    expect(nudges()).toHaveLength(0);
  });

  it('nudges on a demo cadence when nobody met', async () => {
    await setup('PT1M');
    await env.advance(121_000);
    expect(nudges()).toHaveLength(1);
  });
});
