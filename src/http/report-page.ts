// GET /report: the program report with charts, for the lead a link was made for (see
// flows/evaluation/report-link.ts). `?code=…` spends the link's one-time code, sets the session cookie and
// moves on to `?program=…` (no token in that address); `?program=…` needs the cookie. A missing,
// spent, expired or foreign code or session, or a person who no longer leads the program, gets
// 403 and reads nothing. The page is self-contained HTML with server-drawn SVG: no script, no
// external resource.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { recordAudit } from '../db/repositories/audit.repository.ts';
import { inTransaction, type Db } from '../db/repositories/db.ts';
import { getPerson } from '../db/repositories/person.repository.ts';
import { localeOf } from '../flows/actor.ts';
import {
  checkReportSession, exchangeReportCode, REPORT_PATH, REPORT_SESSION_TTL_HOURS, reportCookieName, reportPageUrl,
} from '../flows/evaluation/report-link.ts';
import { loadProgramHealth } from '../flows/evaluation/report-summary.ts';
import { circleFacts, loadCircleFigures } from '../flows/circles/circle-report.ts';
import { flashFacts, loadFlashFigures } from '../flows/evaluation/flash-report.ts';
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

export interface ReportPageDeps {
  readonly db: Db;
  readonly clock: Clock;
  /** The server's public address; an https one makes the session cookie Secure. */
  readonly publicUrl?: string;
}

function send(res: ServerResponse, status: number, html: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...HEADERS, ...extra, 'content-length': Buffer.byteLength(html) });
  res.end(html);
}

function refuse(res: ServerResponse): void {
  const t = translator('en');
  send(res, 403, `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>403</title></head><body><p id="refused">${t('page.refused')}</p><p lang="fr">${translator('fr')('page.refused')}</p></body></html>`);
}

/**
 * Moves on to the token-free address. A page of our own does it, not a 30x: a navigation that
 * started on another site (the chat) and is redirected would not carry a SameSite=Strict cookie,
 * while one started by this page does.
 */
function moveOn(res: ServerResponse, programId: string, cookie: string): void {
  const target = reportPageUrl(programId).replaceAll('&', '&amp;');
  const t = translator('en');
  send(res, 200, `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=${target}"><title>${t('page.opening')}</title></head><body><p><a id="open" href="${target}">${t('page.opening')}</a></p></body></html>`,
    { 'set-cookie': cookie });
}

export function reportPageHandler(deps: ReportPageDeps) {
  const secure = deps.publicUrl?.startsWith('https:') ?? false;
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const now = deps.clock.now();
    const query = new URL(req.url ?? '/', 'http://localhost').searchParams;

    if (query.has('code')) {
      const code = query.get('code');
      const exchanged = await inTransaction(deps.db, async (trx) => {
        const result = await exchangeReportCode(trx, code, now);
        if (result.ok) {
          const { program, personId } = result.session;
          await recordAudit(trx, { workspaceId: program.workspaceId, actorId: personId, action: 'report.page_open', targetType: 'program', targetId: program.id, at: now });
        }
        return result;
      });
      if (exchanged.ok) {
        const { token, program } = exchanged.session;
        const cookie = [
          `${reportCookieName(program.id)}=${token}`, `Path=${REPORT_PATH}`, `Max-Age=${REPORT_SESSION_TTL_HOURS * 3600}`,
          'HttpOnly', 'SameSite=Strict', ...(secure ? ['Secure'] : []),
        ].join('; ');
        moveOn(res, program.id, cookie);
        return;
      }
      refuse(res);
      return;
    }

    const access = await checkReportSession(deps.db, query.get('program'), req.headers.cookie, now);
    if (!access.ok) {
      refuse(res);
      return;
    }
    const lead = await getPerson(deps.db, access.personId);
    const locale = lead ? localeOf(lead) : 'en';
    const health = await loadProgramHealth(deps.db, access.program, now);
    const t = translator(locale);
    const circles = await loadCircleFigures(deps.db, access.program, now);
    const flash = await loadFlashFigures(deps.db, access.program.workspaceId, now);
    send(res, 200, renderReportHtml({
      t, locale, program: access.program, health, generatedAt: formatDateTime(locale, now, lead?.timezone ?? 'UTC'),
      ...(circles ? { circles: circleFacts({ t, locale }, access.program, circles) } : {}),
      ...(flash ? { flash: flashFacts({ t, locale }, flash) } : {}),
    }));
  };
}

/** Mounts the page on the product's HTTP server. */
export function mountReportPage(http: HttpServer, deps: ReportPageDeps): void {
  http.route('GET', REPORT_PATH, reportPageHandler(deps));
}
