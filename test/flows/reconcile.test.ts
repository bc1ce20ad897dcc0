// Reconciliation rebuilds every schedule from the database: after the queue store lost
// everything, the jobs come back with the same keys, and running it twice changes nothing.
import { afterEach, describe, expect, it } from 'vitest';
import { claimDelivery } from '../../src/db/repositories/delivery.repository.ts';
import { insertProposedPair, transitionPair } from '../../src/db/repositories/pair.repository.ts';
import { transitionRound } from '../../src/db/repositories/round.repository.ts';
import { databaseKinds } from '../support/databases.ts';
import { programWithRound, sampleSettings, workspaceWithPeople } from '../support/fixtures.ts';
import { createMemoryPlatform, type MemoryPlatform } from '../support/memory-platform.ts';

describe.each(databaseKinds)('reconciliation on %s', (kind) => {
  let env: MemoryPlatform;
  afterEach(async () => { await env?.dispose(); });

  it('puts back every job the data calls for, with the same keys', async () => {
    // Deliveries are stamped by the database clock, so this test's clock is the real one.
    env = await createMemoryPlatform(kind, { start: new Date() });
    const db = env.database.db;
    const now = env.clock.now();
    const { workspace, people: [lead, ana, ben, carl, dora] } = await workspaceWithPeople(db, ['lead', 'ana', 'ben', 'carl', 'dora']);
    const { program, round } = await programWithRound(db, workspace, lead!, sampleSettings({ checkinCadence: 'PT1H', proposalTimeoutHours: 12 }));
    await transitionRound(db, round.id, ['draft'], 'published', { opened_at: now, published_at: now, ends_at: new Date(now.getTime() + 180 * 86_400_000) });
    const base = { workspaceId: workspace.id, programId: program.id, roundId: round.id, score: 70, reasons: [] };
    const active = await insertProposedPair(db, { ...base, menteeId: ana!.id, mentorId: ben!.id }, now, new Date(now.getTime() + 3_600_000));
    await transitionPair(db, active.id, { from: ['proposed'], to: 'active', patch: { accepted_at: now, activated_at: now }, actorId: null, at: now });
    const proposed = await insertProposedPair(db, { ...base, menteeId: carl!.id, mentorId: dora!.id }, now, new Date(now.getTime() + 3_600_000));
    await claimDelivery(db, { workspaceId: workspace.id, idempotencyKey: `proposal:${proposed.id}:${carl!.id}`, kind: 'proposal', personId: carl!.id, matchId: proposed.id, payload: { matchId: proposed.id } });

    await env.core.runJob('reconcile', {});
    const keys = () => [...env.scheduler.jobs.keys()].sort();
    const first = keys();
    expect(first).toContain(`proposal.expire:${proposed.id}`);
    expect(first).toContain(`deliver:proposal:${proposed.id}:${carl!.id}`);
    expect(first).toContain(`proposal.window:${round.id}`);
    expect(first).toContain(`pair.first_meeting_nudge:${active.id}`);
    // The active pair had no check-in planned: one per member now.
    const prompts = env.scheduler.pending('checkin.prompt');
    expect(prompts).toHaveLength(2);
    const checkins = await db.selectFrom('checkins').selectAll().where('match_id', '=', active.id).execute();
    expect(checkins.map((c) => c.status)).toEqual(['scheduled', 'scheduled']);

    // The store forgets everything; the next run restores exactly the same jobs, and plans nothing twice.
    env.scheduler.jobs.clear();
    await env.core.runJob('reconcile', {});
    expect(keys()).toEqual(first);
    expect(await db.selectFrom('checkins').select('id').where('match_id', '=', active.id).execute()).toHaveLength(2);
  });
});
