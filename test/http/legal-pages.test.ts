// /privacy and /terms, the pages the Teams package links to by default: served by the bot in the
// reader's language, from the same text as the `privacy` command, loading nothing from elsewhere.
import { afterEach, describe, expect, it } from 'vitest';
import { mountLegalPages, pageLocale } from '../../src/http/legal-pages.ts';
import { createHttpServer, type HttpServer } from '../../src/http/server.ts';
import { createLogger } from '../../src/log.ts';
import { createMetrics } from '../../src/metrics.ts';
import { t } from '../../src/ui/i18n/t.ts';

let http: HttpServer | undefined;
afterEach(async () => { await http?.close(); http = undefined; });

async function serve(): Promise<string> {
  http = createHttpServer({ logger: createLogger('silent'), metrics: createMetrics(), readiness: {} });
  mountLegalPages(http);
  return `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}`;
}
const decode = (html: string) => html.replace(/&#39;/g, '\'').replace(/&quot;/g, '"').replace(/&amp;/g, '&');

describe('privacy and terms pages', () => {
  it('serve the privacy command\'s text and the terms, in English by default and in French when asked', async () => {
    const base = await serve();
    const privacy = await fetch(`${base}/privacy`);
    expect(privacy.status).toBe(200);
    expect(privacy.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(privacy.headers.get('content-security-policy')).toContain("default-src 'none'");
    const en = decode(await privacy.text());
    for (const key of ['privacy.intro', 'privacy.stored', 'privacy.partner_sees', 'privacy.leads_see', 'privacy.never', 'privacy.retention', 'legal.privacy.rights'] as const) {
      expect(en).toContain(t('en', key));
    }
    const fr = await fetch(`${base}/privacy`, { headers: { 'accept-language': 'fr-CA,fr;q=0.9,en;q=0.5' } });
    expect(fr.headers.get('content-language')).toBe('fr');
    expect(decode(await fr.text())).toContain(t('fr', 'privacy.never'));
    const terms = decode(await (await fetch(`${base}/terms`, { headers: { 'accept-language': 'de, en;q=0.3' } })).text());
    expect(terms).toContain(`<title>${t('en', 'legal.terms.title')}</title>`);
    expect(terms).toContain(t('en', 'legal.terms.body'));
    expect(terms).not.toMatch(/<script|src=|href=/);
    expect((await fetch(`${base}/privacy`, { method: 'POST' })).status).toBe(405);
  });

  it('pick the language by the browser\'s preferences', () => {
    expect(pageLocale(undefined)).toBe('en');
    expect(pageLocale('fr')).toBe('fr');
    expect(pageLocale('de-DE, fr;q=0.8, en;q=0.9')).toBe('en');
    expect(pageLocale('en;q=0, fr-BE')).toBe('fr');
    expect(pageLocale('es')).toBe('en');
  });
});
