// The report page in headless Chromium (Debian's chromium driven by playwright-core): it renders
// with its charts and no request leaves the machine; a tampered, expired, foreign or revoked
// link is refused.
import { chromium, type Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addLead, removeLead } from '../../src/db/repositories/lead.repository.ts';
import { createReportLink } from '../../src/flows/report-link.ts';
import { mountReportPage } from '../../src/http/report-page.ts';
import { createHttpServer, type HttpServer } from '../../src/http/server.ts';
import { createLogger } from '../../src/log.ts';
import { createMetrics } from '../../src/metrics.ts';
import { ManualClock } from '../support/memory-platform.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/databases.ts';
import { NOW, seedProgram } from '../evaluation/seed.ts';

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

describe.each(databaseKinds)('report page on %s', (kind) => {
  let browser: Browser;
  let database: TestDatabase | undefined;
  let http: HttpServer | undefined;
  beforeAll(async () => { browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: FLAGS }); });
  afterAll(async () => { await browser?.close(); });
  afterEach(async () => { await http?.close(); await database?.dispose(); http = undefined; database = undefined; });

  async function serve() {
    database = await createTestDatabase(kind);
    const seeded = await seedProgram(database.db);
    const lead = seeded.mentors[5]!;
    await addLead(database.db, seeded.workspaceId, lead, null);
    const clock = new ManualClock(NOW);
    http = createHttpServer({ logger: createLogger('silent'), metrics: createMetrics(), readiness: {} });
    mountReportPage(http, { db: database.db, clock });
    const port = await http.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${port}`;
    const link = await createReportLink(database.db, { baseUrl: base, programId: seeded.programId, personId: lead, now: NOW });
    return { seeded, lead, clock, base, link, db: database.db };
  }

  async function open(url: string) {
    const page = await browser.newPage();
    const outside: string[] = [];
    page.on('request', (r) => { if (!r.url().startsWith('http://127.0.0.1:')) outside.push(r.url()); });
    const response = await page.goto(url);
    return { page, status: response?.status(), outside };
  }

  it('renders the figures and four charts from the server alone', async () => {
    const { link } = await serve();
    const { page, status, outside } = await open(link.url);
    expect(status).toBe(200);
    expect(await page.title()).toBe('Program report: Eval program');
    expect(await page.locator('svg.chart').count()).toBe(4);
    for (const id of ['funnel', 'pulse-trends', 'checkin-response', 'at-risk']) expect(await page.locator(`#${id} svg`).count(), id).toBe(1);
    expect(await page.locator('#pulse-trends svg polyline').count()).toBe(3);
    expect(await page.locator('#figures').innerText()).toContain('Promoter score');
    expect(await page.locator('body').innerText()).not.toContain('Great pairing');
    expect(outside).toEqual([]);
    await page.close();
  });

  it('refuses a tampered, expired, foreign or revoked link', async () => {
    const { link, clock, seeded, lead, db } = await serve();
    const url = new URL(link.url);
    const token = url.searchParams.get('t')!;
    const tampered = new URL(url);
    tampered.searchParams.set('t', `${token.slice(0, 20)}${token[20] === 'A' ? 'B' : 'A'}${token.slice(21)}`);
    const foreign = new URL(url);
    foreign.searchParams.set('lead', seeded.mentees[0]!);
    const bare = new URL(url);
    bare.searchParams.delete('t');
    for (const bad of [tampered.href, foreign.href, bare.href]) {
      const { page, status } = await open(bad);
      expect(status, bad).toBe(403);
      expect(await page.locator('#refused').innerText()).toContain('not valid or has expired');
      await page.close();
    }
    clock.set(new Date(NOW.getTime() + 24 * 3_600_000 + 1));
    expect((await open(link.url)).status).toBe(403);
    clock.set(NOW);
    expect((await open(link.url)).status).toBe(200);
    await removeLead(db, seeded.workspaceId, lead);
    expect((await open(link.url)).status).toBe(403);
  });
});
