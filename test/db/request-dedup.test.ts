// The request ledger behind "at least once until done, then exactly once": claims under a
// lease, done only when finished, released on failure, taken over only once a lease ran out.
import { afterEach, describe, expect, it } from 'vitest';
import {
  claimRequest, completeRequest, releaseRequest, runRequestOnce, type RequestLease,
} from '../../src/db/repositories/request-dedup.repository.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/databases.ts';

const T0 = new Date('2027-03-01T09:00:00Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const LEASE = 30_000;

describe.each(databaseKinds)('request claims on %s', (kind) => {
  let database: TestDatabase;
  afterEach(async () => { await database?.dispose(); });

  const claimed = async (key: string, now: Date): Promise<RequestLease> => {
    const claim = await claimRequest(database.db, key, { now, leaseMs: LEASE });
    if (claim.status !== 'claimed') throw new Error(`expected a claim, got ${claim.status}`);
    return claim.lease;
  };

  it('claims once; a repeat while it runs is in progress, after it is done is done', async () => {
    database = await createTestDatabase(kind);
    const lease = await claimed('k1', T0);
    expect(lease.until).toEqual(at(30));
    expect(await claimRequest(database.db, 'k1', { now: at(29), leaseMs: LEASE })).toEqual({ status: 'in_progress' });
    expect(await completeRequest(database.db, lease, at(1))).toBe(true);
    // Done is done, however long after (no lease left to run out).
    expect(await claimRequest(database.db, 'k1', { now: at(3600), leaseMs: LEASE })).toEqual({ status: 'done' });
    const row = await database.db.selectFrom('processed_requests').selectAll().where('key', '=', 'k1').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ state: 'done', owner: null, lease_until: null });
  });

  it('a released claim is claimed again by the next delivery', async () => {
    database = await createTestDatabase(kind);
    const lease = await claimed('k2', T0);
    await releaseRequest(database.db, lease);
    const again = await claimed('k2', at(1));
    expect(again.owner).not.toBe(lease.owner);
  });

  it('a live lease is never taken over; a lease that ran out is, and its old owner can neither finish nor release it', async () => {
    database = await createTestDatabase(kind);
    const dead = await claimed('k3', T0);
    expect((await claimRequest(database.db, 'k3', { now: at(30), leaseMs: LEASE })).status).toBe('in_progress');
    const next = await claimed('k3', at(31));
    expect(await completeRequest(database.db, dead, at(32))).toBe(false);
    await releaseRequest(database.db, dead);
    expect((await claimRequest(database.db, 'k3', { now: at(33), leaseMs: LEASE })).status).toBe('in_progress');
    expect(await completeRequest(database.db, next, at(34))).toBe(true);
    expect((await claimRequest(database.db, 'k3', { now: at(100), leaseMs: LEASE })).status).toBe('done');
  });

  it('of six deliveries claiming at once, exactly one runs', async () => {
    database = await createTestDatabase(kind);
    const claims = await Promise.all(Array.from({ length: 6 }, () => claimRequest(database.db, 'k4', { now: T0, leaseMs: LEASE })));
    expect(claims.filter((c) => c.status === 'claimed')).toHaveLength(1);
    expect(claims.filter((c) => c.status === 'in_progress')).toHaveLength(5);
  });

  it('a request remembered before leases existed (a row with no state given) counts as done', async () => {
    database = await createTestDatabase(kind);
    await database.db.insertInto('processed_requests').values({ key: 'k5', workspace_id: null }).execute();
    expect(await claimRequest(database.db, 'k5', { now: T0, leaseMs: LEASE })).toEqual({ status: 'done' });
  });

  it('runs a request until a run says done: a run that throws or says retry leaves it to the next delivery', async () => {
    database = await createTestDatabase(kind);
    const options = { leaseMs: LEASE };
    let runs = 0;
    await expect(runRequestOnce(database.db, 'k7', options, async () => { runs += 1; throw new Error('boom'); })).rejects.toThrow('boom');
    expect(await runRequestOnce(database.db, 'k7', options, async () => { runs += 1; return 'retry'; })).toBe('ran');
    expect(await runRequestOnce(database.db, 'k7', options, async () => {
      runs += 1;
      // A duplicate arriving meanwhile neither runs nor steals the lease.
      expect(await runRequestOnce(database.db, 'k7', options, async () => { runs += 100; return 'done'; })).toBe('in_progress');
      return 'done';
    })).toBe('ran');
    expect(await runRequestOnce(database.db, 'k7', options, async () => { runs += 1; return 'done'; })).toBe('done');
    expect(runs).toBe(3);
  });

  it('a run that outlasts its first lease keeps it while it works: a repeat after that time still finds it running', async () => {
    database = await createTestDatabase(kind);
    const leaseMs = 1_500;
    let lost = 0;
    const options = { leaseMs, onLeaseLost: () => { lost += 1; } };
    let repeat: string | undefined;
    expect(await runRequestOnce(database.db, 'k8', options, async () => {
      // Past the first lease (a large matching preview, say), with the process alive and working.
      await new Promise((resolve) => setTimeout(resolve, leaseMs + 600));
      repeat = await runRequestOnce(database.db, 'k8', options, async () => 'done');
      return 'done';
    })).toBe('ran');
    expect(repeat).toBe('in_progress');
    expect(lost).toBe(0);
    expect(await runRequestOnce(database.db, 'k8', options, async () => 'done')).toBe('done');
  });
});
