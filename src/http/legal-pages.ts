// GET /privacy and GET /terms: the pages the Teams app package links to by default
// (`https://<domain>/privacy`, `/terms`). The privacy page says what the bot's `privacy` command
// says, from the same catalog entries; both are in the reader's language (Accept-Language, en or
// fr), static, and load nothing from the network.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Locale } from '../ui/i18n/catalog.ts';
import { translator, type Translate } from '../ui/i18n/t.ts';
import { escapeHtml } from './report-page-charts.ts';
import type { HttpServer } from './server.ts';

/** The first of en and fr the browser asks for, by its q-values; English otherwise. */
export function pageLocale(acceptLanguage: string | undefined): Locale {
  const asked = (acceptLanguage ?? '').split(',').map((part, i) => {
    const [tag = '', ...params] = part.trim().split(';');
    const q = Number(params.find((p) => p.trim().startsWith('q='))?.trim().slice(2) ?? '1');
    return { lang: tag.trim().toLowerCase().split('-')[0], q: Number.isFinite(q) ? q : 0, i };
  }).filter((a) => a.q > 0).sort((a, b) => b.q - a.q || a.i - b.i);
  return asked.find((a) => a.lang === 'en' || a.lang === 'fr')?.lang as Locale | undefined ?? 'en';
}

function page(locale: Locale, title: string, paragraphs: readonly string[], list: readonly string[] = []): string {
  const p = (text: string) => `<p>${escapeHtml(text)}</p>`;
  return `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:720px;margin:2rem auto;padding:0 1rem;color:#111;line-height:1.5}h1{font-size:1.4rem}</style></head>
<body><h1>${escapeHtml(title)}</h1>
${paragraphs.slice(0, 1).map(p).join('')}
${list.length ? `<ul>${list.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>` : ''}
${paragraphs.slice(1).map(p).join('')}
</body></html>`;
}

export function privacyPage(t: Translate, locale: Locale): string {
  return page(locale, t('legal.privacy.title'), [t('privacy.intro'), t('legal.privacy.rights')],
    [t('privacy.stored'), t('privacy.partner_sees'), t('privacy.leads_see'), t('privacy.never'), t('privacy.retention')]);
}

export function termsPage(t: Translate, locale: Locale): string {
  return page(locale, t('legal.terms.title'), [t('legal.terms.body'), t('legal.terms.conduct'), t('legal.terms.privacy_link')]);
}

function serve(render: (t: Translate, locale: Locale) => string) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const locale = pageLocale(req.headers['accept-language']);
    const body = render(translator(locale), locale);
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8', 'content-language': locale, vary: 'Accept-Language',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'", 'cache-control': 'public, max-age=3600',
      'content-length': Buffer.byteLength(body),
    });
    res.end(body);
  };
}

export function mountLegalPages(http: HttpServer): void {
  http.route('GET', '/privacy', serve(privacyPage));
  http.route('GET', '/terms', serve(termsPage));
}
