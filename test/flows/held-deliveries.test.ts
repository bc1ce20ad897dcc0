// A process started without credentials for a workspace's platform holds that workspace's
// messages (no attempt used, nothing marked undelivered) and says so in one warning, however many
// wait; once a process has the credentials they go out. Counted in /metrics as held.
import { afterEach, describe, expect, it } from 'vitest';
import { claimDelivery } from '../../src/db/repositories/delivery.repository.ts';
import { createBotCore, HELD_WITHOUT_CREDENTIALS_MS, RetryLaterError } from '../../src/flows/bot.ts';
import { routeMessenger } from '../../src/flows/platform-router.ts';
import type { FlowModule } from '../../src/flows/registry.ts';
import { createMetrics } from '../../src/metrics.ts';
import { message } from '../../src/ui/model.ts';
import { richText } from '../../src/ui/rich-text.ts';
import { databaseKinds } from '../support/databases.ts';
import { workspaceWithPeople } from '../support/fixtures.ts';
import { createMemoryPlatform, type MemoryPlatform } from '../support/memory-platform.ts';

const hello: FlowModule = { compose: { hello: async (_ctx, _d, [person]) => message(richText(`Hello ${person!.displayName}`)) } };

describe.each(databaseKinds)('deliveries without platform credentials on %s', (kind) => {
  let env: MemoryPlatform;
  afterEach(async () => { await env?.dispose(); });

  it('are held with one warning, use no attempt, fail nothing, and go out once the platform is configured', async () => {
    env = await createMemoryPlatform(kind, { flows: [hello], start: new Date() });
    const db = env.database.db;
    const { workspace, people } = await workspaceWithPeople(db, ['ana', 'ben', 'cleo']); // a Slack workspace
    for (const p of people) await claimDelivery(db, { workspaceId: workspace.id, idempotencyKey: `hello:${p.id}`, kind: 'hello', personId: p.id, matchId: null, payload: { recipients: p.id } });
    const warnings: string[] = [];
    const logger = { info: () => undefined, error: () => undefined, warn: (_o: object, msg?: string) => { warnings.push(msg ?? ''); } };
    const metrics = createMetrics();
    const deps = { db, clock: env.clock, scheduler: env.scheduler, directory: env.directory, signer: env.signer, admins: [], logger, metrics };
    // This process has Teams credentials only.
    const withoutSlack = createBotCore({ ...deps, messenger: routeMessenger(db, { teams: env.messenger }, { logger, metrics }) }, [hello]);
    for (let round = 0; round < 2; round++) {
      for (const p of people) {
        const held = await withoutSlack.deliver(`hello:${p.id}`).then(() => undefined, (e: unknown) => e);
        expect(held).toBeInstanceOf(RetryLaterError);
        expect((held as RetryLaterError).message).toBe('held: no Slack credentials are configured in this process');
        expect((held as RetryLaterError).retryAfterMs).toBe(HELD_WITHOUT_CREDENTIALS_MS);
      }
    }
    expect(warnings).toEqual([expect.stringMatching(/^messages to Slack workspaces are held, not sent and not failed, until this process runs with Slack credentials \(set SLACK_BOT_TOKEN/)]);
    const rows = await db.selectFrom('deliveries').select(['status', 'attempts']).where('workspace_id', '=', workspace.id).execute();
    expect(rows).toEqual(people.map(() => ({ status: 'pending', attempts: 0 })));
    expect(await db.selectFrom('deliveries').select('id').where('status', '=', 'undeliverable').execute()).toEqual([]);
    expect(env.messenger.delivered).toHaveLength(0);
    expect(await metrics.registry.getSingleMetricAsString('mentor_deliveries_total')).toContain('mentor_deliveries_total{platform="slack",outcome="held_no_credentials",service="mentor-bot"} 6');

    // Restarted with Slack credentials: each goes out once.
    const withSlack = createBotCore({ ...deps, messenger: routeMessenger(db, { slack: env.messenger }, { logger, metrics }) }, [hello]);
    for (const p of people) expect(await withSlack.deliver(`hello:${p.id}`)).toBe('sent');
    expect(env.messenger.delivered).toHaveLength(3);
    expect(await metrics.registry.getSingleMetricAsString('mentor_deliveries_total')).toContain('mentor_deliveries_total{platform="slack",outcome="sent",service="mentor-bot"} 3');
    expect(warnings).toHaveLength(1);
  });
});
