// The daily 'retention.purge' job also purges dedup rows once they can no longer stop anything:
// request keys after a day (Slack and Teams retry within minutes), used action refs only once the
// ref itself has expired, so a replayed button is refused before and after the purge alike.
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { purgeProcessedRequests } from '../../src/db/repositories/request-dedup.repository.ts';
import { createActionRefSigner, type ActionRefSigner } from '../../src/domain/action-ref.ts';
import { createBotCore, type BotCore } from '../../src/flows/bot.ts';
import { REF_CLOCK_MARGIN_MS, REQUEST_KEYS_KEPT_MS } from '../../src/flows/privacy/dedup-purge.ts';
import { allFlows } from '../../src/flows/index.ts';
import type { FlowModule } from '../../src/flows/registry.ts';
import type { Actor } from '../../src/flows/actor.ts';
import { MAX_LIFETIME_MS } from '../../src/secrets/signing-keys.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/databases.ts';
import { ManualClock, MemoryDirectory, MemoryMessenger, MemoryScheduler } from '../support/memory-platform.ts';

const HOUR = 3_600_000, DAY = 24 * HOUR;
const quiet = { info: () => {}, warn: () => {}, error: () => {} };

describe.each(databaseKinds)('purge of dedup rows on %s', (kind) => {
  let database: TestDatabase;
  let clock: ManualClock;
  let core: BotCore;
  let signer: ActionRefSigner;
  let acted: number;
  const actor: Actor = { platform: 'memory', workspaceExternalId: 'T_ACME', workspaceName: 'Acme', platformUserId: 'U_ANN' };
  // A one-shot button, like accept/decline/confirm-delete: it must act once, however often it is clicked.
  const onceFlow: FlowModule = { actions: { 'test.once': { oneShot: true, handle: async () => { acted += 1; return []; } } } };

  beforeEach(async () => {
    database = await createTestDatabase(kind);
    clock = new ManualClock(new Date('2027-06-01T09:00:00Z'));
    const directory = new MemoryDirectory();
    directory.profiles.set('U_ANN', { platformUserId: 'U_ANN', displayName: 'Ann', locale: 'en-US', timezone: 'Europe/Paris', email: 'ann@example.com' });
    signer = createActionRefSigner({ current: randomBytes(32) });
    core = createBotCore({
      db: database.db, clock, scheduler: new MemoryScheduler(clock), directory, signer, messenger: new MemoryMessenger(), admins: [], logger: quiet,
    }, [...allFlows, onceFlow]);
    acted = 0;
  });
  afterEach(async () => { await database?.dispose(); });
  const db = () => database.db;
  const ago = (ms: number) => new Date(clock.now().getTime() - ms);
  const purge = () => core.runJob('retention.purge', {});

  it('keeps a used button\'s nonce while the button is valid: a replay is refused before and after the purge', async () => {
    await core.command(actor, { text: 'help' });
    const { id: personId } = await db().selectFrom('people').select('id').where('platform_user_id', '=', 'U_ANN').executeTakeFirstOrThrow();
    const ref = signer.sign({ kind: 'test.once', subjects: [], personId, expiresAt: new Date(clock.now().getTime() + 10 * DAY) });
    await core.action(actor, ref);
    await core.action(actor, ref);
    expect(acted).toBe(1);

    clock.advance(9 * DAY);
    await purge();
    await core.action(actor, ref);
    expect(acted).toBe(1);
    expect(await db().selectFrom('used_action_refs').select('nonce').execute()).toHaveLength(1);

    // Within the clock margin after expiry the nonce is still kept; past it, the ref is refused as expired.
    clock.advance(DAY + REF_CLOCK_MARGIN_MS - 60_000);
    await purge();
    expect(await db().selectFrom('used_action_refs').select('nonce').execute()).toHaveLength(1);
    clock.advance(120_000);
    await purge();
    expect(await db().selectFrom('used_action_refs').select('nonce').execute()).toEqual([]);
    await core.action(actor, ref);
    expect(acted).toBe(1);
  });

  it('purges request keys older than a day and used refs past their expiry, and keeps the rest', async () => {
    await db().insertInto('processed_requests').values([
      { key: 'slack:old', workspace_id: null, at: ago(REQUEST_KEYS_KEPT_MS + 60_000) },
      { key: 'teams:old', workspace_id: null, at: ago(3 * DAY) },
      { key: 'slack:recent', workspace_id: null, at: ago(REQUEST_KEYS_KEPT_MS - 60_000) },
      { key: 'teams:now', workspace_id: null, at: clock.now() },
    ]).execute();
    await db().insertInto('used_action_refs').values([
      { nonce: 'expired', person_id: null, used_at: ago(5 * DAY), expires_at: ago(REF_CLOCK_MARGIN_MS + 60_000) },
      { nonce: 'just-expired', person_id: null, used_at: ago(5 * DAY), expires_at: ago(REF_CLOCK_MARGIN_MS - 60_000) },
      { nonce: 'valid', person_id: null, used_at: ago(60 * DAY), expires_at: new Date(clock.now().getTime() + 30 * DAY) },
      // Used before expiries were recorded: kept for the longest lifetime a ref can have.
      { nonce: 'legacy-old', person_id: null, used_at: ago(MAX_LIFETIME_MS['action-ref-key'] + REF_CLOCK_MARGIN_MS + 60_000), expires_at: null },
      { nonce: 'legacy-recent', person_id: null, used_at: ago(MAX_LIFETIME_MS['action-ref-key'] - DAY), expires_at: null },
    ]).execute();
    await purge();
    expect((await db().selectFrom('processed_requests').select('key').orderBy('key').execute()).map((r) => r.key)).toEqual(['slack:recent', 'teams:now']);
    expect((await db().selectFrom('used_action_refs').select('nonce').orderBy('nonce').execute()).map((r) => r.nonce)).toEqual(['just-expired', 'legacy-recent', 'valid']);
  });

  it('deletes in bounded batches until nothing old is left', async () => {
    await db().insertInto('processed_requests').values(Array.from({ length: 7 }, (_, i) => ({ key: `k${i}`, workspace_id: null, at: ago(2 * DAY) }))).execute();
    await db().insertInto('processed_requests').values({ key: 'fresh', workspace_id: null, at: clock.now() }).execute();
    expect(await purgeProcessedRequests(db(), ago(DAY), 3)).toBe(7);
    expect(await db().selectFrom('processed_requests').select('key').execute()).toEqual([{ key: 'fresh' }]);
  });
});
