// The embedded default (no DATABASE_URL, no REDIS_URL: PGlite and the queue in it) started with
// 5,000 check-in prompts due works through them while staying responsive: /healthz answers within
// a second throughout, and every prompt reaches Slack exactly once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { startApp, type App } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { createLogger } from '../src/log.ts';
import { FakeSlackServer } from '../bench/lib/fake-slack-server.ts';
import { countOutcome, seedCheckinFanout } from '../bench/lib/fanout-seed.ts';

const PAIRS = 2_500; // two prompts per pair

describe('the embedded default with a backlog of due prompts', () => {
  let app: App | undefined;
  let fake: FakeSlackServer | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await app?.stop();
    await fake?.stop();
    if (dir) for (const path of [dir, `${dir}.secret-key`]) rmSync(path, { recursive: true, force: true });
  });

  it('delivers 5,000 prompts due at start exactly once while /healthz answers within a second', async () => {
    dir = mkdtempSync(join(tmpdir(), 'mentor-backlog-'));
    const seeding = await openDatabase({ dataDir: dir });
    await migrateToLatest(seeding.db);
    const seed = await seedCheckinFanout(seeding.db, PAIRS);
    await seeding.close();
    expect(seed.channels).toHaveLength(5_000);
    fake = await new FakeSlackServer().start();
    const config = {
      ...loadConfig({ DATA_DIR: dir, SLACK_BOT_TOKEN: 'xoxb-backlog', SLACK_SIGNING_SECRET: 'backlog-signing-secret-0123456789', SLACK_API_URL: fake.apiUrl, DELIVERY_RATE_SLACK: '1000', WORKER_CONCURRENCY: '20' }),
      port: 0,
    };
    app = await startApp(config, createLogger('silent'));
    const lag = monitorEventLoopDelay({ resolution: 10 });
    lag.enable();

    const answers: number[] = [];
    const failures: string[] = [];
    const poll = setInterval(() => {
      const sent = performance.now();
      fetch(`http://127.0.0.1:${app!.port}/healthz`, { signal: AbortSignal.timeout(5_000) }).then(
        (res) => { answers.push(performance.now() - sent); if (res.status !== 200) failures.push(`status ${res.status}`); },
        (err: unknown) => { failures.push(String(err)); },
      );
    }, 100);
    const deadline = Date.now() + 15 * 60_000;
    try {
      while (countOutcome(fake.stats.perChannel, seed.channels).delivered < seed.channels.length && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 500));
      }
      await new Promise((r) => setTimeout(r, 2_000)); // a late duplicate would show now
    } finally {
      clearInterval(poll);
      lag.disable();
    }
    const outcome = countOutcome(fake.stats.perChannel, seed.channels);
    const slowest = Math.max(...answers);
    process.stdout.write(`[backlog] ${answers.length} /healthz answers, slowest ${Math.round(slowest)} ms; event loop max lag ${Math.round(lag.max / 1e6)} ms, p99 ${Math.round(lag.percentile(99) / 1e6)} ms\n`);
    expect(outcome).toEqual({ delivered: 5_000, duplicates: 0, lost: 0 });
    expect(failures).toEqual([]);
    expect(answers.length).toBeGreaterThan(50);
    expect(slowest).toBeLessThan(1_000);
    // Database work gives the loop a turn every 20 ms: the bound is on the p99. The longest
    // single stall is held to the /healthz promise (within a second): on a quiet host it is about
    // 110 ms, but with other work on the same cores it reached 301 and 363 ms in two runs, with the
    // p99 at 31 to 39 ms (a timed bound tighter than the promise only measured the host's load).
    expect(lag.percentile(99) / 1e6).toBeLessThan(100);
    expect(lag.max / 1e6).toBeLessThan(1_000);
  }, 20 * 60_000);
});
