// The teams:package options, validated: the bot's app id (nothing else of the bot's credentials:
// the package names the bot, it never signs in as it), the version, and the public host given
// as a host name or as a URL.
import { z } from 'zod';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HOST = /^(?:\*\.)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?::\d{1,5})?$/i;

export const appIdSchema = z.string({ error: 'MICROSOFT_APP_ID is not set: it is the Azure bot registration\'s "Microsoft App ID" (see docs/teams.md).' })
  .trim()
  .min(1, 'MICROSOFT_APP_ID is not set: it is the Azure bot registration\'s "Microsoft App ID" (see docs/teams.md).')
  .regex(GUID, 'MICROSOFT_APP_ID is not a GUID; copy the Microsoft App ID from the Azure bot\'s Configuration page.');

export const versionSchema = z.string().regex(/^\d+\.\d+\.\d+$/, '--version must look like 1.0.0 (raise it for every new upload)');

/** Where the app's links point and which host its cards may open. */
export interface PublicSite {
  /** For validDomains: the host (and port, if any), never a scheme or a path. */
  readonly host: string;
  /** The base of the developer links, ending with a slash: `https://host/` or `https://host/path/`. */
  readonly base: string;
}

/**
 * `--domain` as a host (`mentor.acme.com`) or a URL (`https://mentor.acme.com/mentor`): either way
 * the host goes to validDomains and the links are https under it (Teams accepts no other).
 */
export function parseSite(value: string): { ok: true; site: PublicSite } | { ok: false; error: string } {
  const text = value.trim();
  const refused = { ok: false as const, error: `--domain "${value}" is neither a host name (mentor.acme.com) nor an https URL (https://mentor.acme.com/)` };
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    const [host, ...rest] = text.split('/');
    if (!host || !HOST.test(host) || rest.some((part) => part.includes('?') || part.includes('#'))) return refused;
    const path = rest.filter(Boolean).join('/');
    return { ok: true, site: { host: host.toLowerCase(), base: `https://${host.toLowerCase()}/${path ? `${path}/` : ''}` } };
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return refused;
  }
  if (url.protocol !== 'https:') return { ok: false, error: `--domain "${value}": Teams opens only https links; give the https URL or just the host name` };
  if (url.username || url.password || url.search || url.hash || !HOST.test(url.host)) return refused;
  const path = url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`;
  return { ok: true, site: { host: url.host, base: `https://${url.host}${path}` } };
}
