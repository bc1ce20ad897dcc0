// /metrics after real work: a process listening on HOST, with check-in prompts due (delivered
// through the queues to a stand-in Slack that answers some sends 429) and a Slack command sent
// twice (the repeat recognised and not acted on). The scrape shows the queue depths per state, job
// durations by job name, deliveries by platform and outcome, the 429s, and the repeated request.
import { readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startApp, type App } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/connect.ts';
import { createLogger } from '../src/log.ts';
import { createMetrics } from '../src/metrics.ts';
import { registerJobMetrics } from '../jobs/metrics.ts';
import { cohortSchema, cohortToMatchInput } from '../src/domain/matching/cohort-schema.ts';
import { timedMatch } from '../src/flows/matching/timed-match.ts';
import { FakeSlackServer } from '../bench/lib/fake-slack-server.ts';
import { countOutcome, FANOUT_TEAM, seedCheckinFanout } from '../bench/lib/fanout-seed.ts';
import { newTriggerId, signedRequest, slashCommandBody } from './support/slack-requests.ts';
import { migratedDataDir } from './support/data-dirs.ts';

const SECRET = 'metrics-signing-secret-0123456789';
const value = (text: string, metric: string, labels: Record<string, string>): number => {
  const line = text.split('\n').find((l) => l.startsWith(`${metric}{`) && Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : Number.NaN;
};

describe('operations of one process', () => {
  let app: App | undefined;
  let dir: string | undefined;
  let fake: FakeSlackServer | undefined;
  afterEach(async () => {
    await app?.stop();
    await fake?.stop();
    if (dir) for (const path of [dir, `${dir}.secret-key`]) rmSync(path, { recursive: true, force: true });
    app = undefined;
  });

  it('listens on HOST only, and /metrics tells the queues, jobs, deliveries, 429s and repeated requests after real work', async () => {
    dir = await migratedDataDir('mentor-metrics-');
    const seeding = await openDatabase({ dataDir: dir });
    const seed = await seedCheckinFanout(seeding.db, 6);
    await seeding.close();
    fake = await new FakeSlackServer({ ratePerSecond: 2 }).start(); // 12 prompts at once: some answered 429
    app = await startApp({
      ...loadConfig({ DATA_DIR: dir, HOST: '127.0.0.1', SLACK_BOT_TOKEN: 'xoxb-metrics', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.apiUrl, DELIVERY_RATE_SLACK: '1000' }),
      port: 0,
    }, createLogger('silent'));
    expect((app.http!.server.address() as AddressInfo).address).toBe('127.0.0.1');
    const base = `http://127.0.0.1:${app.port}`;

    const body = slashCommandBody({ id: FANOUT_TEAM, domain: 'fanout' }, { id: 'UE000000', name: 'Mentee 0', teamId: FANOUT_TEAM }, 'help', `${fake.url}/respond`, newTriggerId());
    for (let i = 0; i < 2; i++) {
      const request = signedRequest(SECRET, body, 'application/x-www-form-urlencoded');
      const res = await fetch(`${base}/slack/events`, { method: 'POST', headers: request.headers, body: request.body });
      await res.text();
      expect(res.status).toBe(200);
    }
    const deadline = Date.now() + 120_000;
    while (countOutcome(fake.stats.perChannel, seed.channels).delivered < seed.channels.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    expect(countOutcome(fake.stats.perChannel, seed.channels)).toEqual({ delivered: seed.channels.length, duplicates: 0, lost: 0 });
    expect(fake.stats.rateLimited).toBeGreaterThan(0);

    // The fake counts a message when it is posted; the delivery job is counted when it completes,
    // just after: scrape until the last ones are in.
    const scrapeMetrics = async () => {
      const scrape = await fetch(`${base}/metrics`);
      expect(scrape.status).toBe(200);
      return scrape.text();
    };
    const completedDeliveries = (t: string) => value(t, 'mentor_job_duration_seconds_count', { queue: 'mentor-deliveries', name: 'deliver', outcome: 'completed' });
    let text = await scrapeMetrics();
    while (completedDeliveries(text) < seed.channels.length && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      text = await scrapeMetrics();
    }
    for (const queue of ['mentor-work', 'mentor-deliveries']) {
      for (const state of ['waiting', 'active', 'delayed', 'failed']) expect(value(text, 'mentor_queue_jobs', { queue, state }), `${queue} ${state}`).toBeGreaterThanOrEqual(0);
    }
    expect(value(text, 'mentor_job_duration_seconds_count', { queue: 'mentor-work', name: 'checkin.prompt', outcome: 'completed' })).toBeGreaterThan(0);
    expect(value(text, 'mentor_job_duration_seconds_count', { queue: 'mentor-deliveries', name: 'deliver', outcome: 'completed' })).toBeGreaterThanOrEqual(seed.channels.length);
    expect(value(text, 'mentor_job_duration_seconds_count', { queue: 'mentor-deliveries', name: 'deliver', outcome: 'put_back' })).toBeGreaterThan(0);
    expect(value(text, 'mentor_deliveries_total', { platform: 'slack', outcome: 'sent' })).toBe(seed.channels.length);
    expect(value(text, 'mentor_deliveries_total', { platform: 'slack', outcome: 'rate_limited' })).toBe(fake.stats.rateLimited);
    expect(value(text, 'mentor_platform_rate_limited_total', { platform: 'slack' })).toBe(fake.stats.rateLimited);
    expect(value(text, 'mentor_request_dedup_hits_total', { platform: 'slack', kind: 'cmd' })).toBe(1);
    expect(text).toContain('# TYPE mentor_deliveries_undelivered_total counter');
    expect(text).toContain('# TYPE mentor_match_duration_seconds histogram');
  }, 240_000);

  it('the Grafana dashboard and the alert examples in docs/ use only metrics the process exports', async () => {
    const metrics = createMetrics();
    registerJobMetrics(metrics.registry, new Map());
    const exported = new Set((await metrics.registry.getMetricsAsJSON()).map((m) => m.name));
    for (const file of ['docs/grafana/mentor-bot.json', 'docs/grafana/alerts.yml']) {
      const used = new Set([...readFileSync(join(import.meta.dirname, '..', file), 'utf8').matchAll(/\bmentor_[a-z0-9_]+/g)].map(([name]) => name.replace(/_(bucket|count|sum)$/, '')));
      expect(used.size, file).toBeGreaterThan(3);
      for (const name of used) if (name !== 'mentor_bot') expect(exported, `${file}: ${name}`).toContain(name);
    }
  });

  it('times each matching run: mentor_match_duration_seconds by purpose', async () => {
    const metrics = createMetrics();
    const input = cohortToMatchInput(cohortSchema.parse(JSON.parse(readFileSync(join(import.meta.dirname, '..', 'examples/cohort.json'), 'utf8'))));
    const result = await timedMatch({ deps: { metrics } as never }, 'preview', input);
    expect(result.pairs.length).toBeGreaterThan(0);
    await timedMatch({ deps: { metrics } as never }, 'rematch', input);
    const text = await metrics.registry.metrics();
    expect(value(text, 'mentor_match_duration_seconds_count', { purpose: 'preview' })).toBe(1);
    expect(value(text, 'mentor_match_duration_seconds_count', { purpose: 'rematch' })).toBe(1);
    expect(value(text, 'mentor_match_duration_seconds_sum', { purpose: 'preview' })).toBeGreaterThan(0);
  });
});
