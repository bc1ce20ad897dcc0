// GET /report: the program report with charts, for the lead a signed link was made for (see
// flows/report-link.ts). A missing, tampered, expired or foreign link gets 403 and reads nothing.
// The page is self-contained HTML with server-drawn SVG: no script, no external resource.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Db } from '../db/repositories/db.ts';
import { getPerson } from '../db/repositories/person.repository.ts';
import { localeOf } from '../flows/actor.ts';
import { checkReportLink, REPORT_PATH } from '../flows/report-link.ts';
import { loadProgramHealth } from '../flows/report-summary.ts';
import type { Clock } from '../ports/clock.ts';
import { formatDateTime } from '../ui/i18n/format.ts';
import { translator } from '../ui/i18n/t.ts';
import { renderReportHtml } from './report-page-html.ts';
import type { HttpServer } from './server.ts';

const HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  // Nothing may load from anywhere: styles and SVG are inline.
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
};

function send(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { ...HEADERS, 'content-length': Buffer.byteLength(html) });
  res.end(html);
}

export function reportPageHandler(deps: { db: Db; clock: Clock }) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const now = deps.clock.now();
    const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
    const access = await checkReportLink(deps.db, query, now);
    if (!access.ok) {
      const t = translator('en');
      send(res, 403, `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>403</title></head><body><p id="refused">${t('page.refused')}</p><p lang="fr">${translator('fr')('page.refused')}</p></body></html>`);
      return;
    }
    const lead = await getPerson(deps.db, access.personId);
    const locale = lead ? localeOf(lead) : 'en';
    const health = await loadProgramHealth(deps.db, access.program, now);
    const t = translator(locale);
    send(res, 200, renderReportHtml({ t, locale, program: access.program, health, generatedAt: formatDateTime(locale, now, lead?.timezone ?? 'UTC') }));
  };
}

/** Mounts the page on the product's HTTP server. */
export function mountReportPage(http: HttpServer, deps: { db: Db; clock: Clock }): void {
  http.route('GET', REPORT_PATH, reportPageHandler(deps));
}
