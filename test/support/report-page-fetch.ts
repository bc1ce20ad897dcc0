// The report page as its lead loads it: a fresh link from the report card, its one-time code
// exchanged for the session cookie, then the page itself, through the real HTTP handler.
import type { Db } from '../../src/db/repositories/db.ts';
import { createReportLink } from '../../src/flows/evaluation/report-link.ts';
import { mountReportPage } from '../../src/http/report-page.ts';
import { createHttpServer } from '../../src/http/server.ts';
import { createLogger } from '../../src/log.ts';
import { createMetrics } from '../../src/metrics.ts';
import type { Clock } from '../../src/ports/clock.ts';

export async function loadReportPage(db: Db, clock: Clock, programId: string, leadId: string): Promise<string> {
  const http = createHttpServer({ logger: createLogger('silent'), metrics: createMetrics(), readiness: {} });
  mountReportPage(http, { db, clock });
  try {
    const base = `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}`;
    const link = await createReportLink(db, { baseUrl: base, programId, personId: leadId, now: clock.now() });
    const [cookie] = (await fetch(link.url)).headers.get('set-cookie')!.split(';');
    const page = await fetch(`${base}/report?program=${programId}`, { headers: { cookie: cookie! } });
    if (page.status !== 200) throw new Error(`report page: ${page.status}`);
    return await page.text();
  } finally {
    await http.close();
  }
}
