// The Teams start check: botbuilder asks Microsoft Entra for its Bot Connector token only when it
// first sends, so a wrong secret or an unreachable sign-in authority would show up at the first
// message, hours after a deploy. At start this asks for that token once, in the background, the
// way botbuilder does (client credentials for the Bot Framework scope at the bot's authority):
// - until it is given, /readyz names teams, and the request is made again after 1 s, 2 s, 4 s …
//   at most every minute, with one log line when it first fails and one when it succeeds;
// - a credential Entra refuses (invalid_client, unauthorized_client …) is reported in one error
//   line and not asked again: only a new secret or app id mends that, which means a restart;
// - nothing here can end the process: every failure is caught and logged.
import { z } from 'zod';
import type { TeamsSettings } from './auth.ts';

export const DEFAULT_LOGIN_URL = 'https://login.microsoftonline.com';
/** The scope of Bot Connector tokens (what botbuilder asks for). */
export const BOT_FRAMEWORK_SCOPE = 'https://api.botframework.com/.default';
/** A multi-tenant bot's tokens come from the Bot Framework's own tenant. */
const MULTI_TENANT_AUTHORITY = 'botframework.com';
const TIMEOUT_MS = 10_000;
const MAX_RETRY_MS = 60_000;

/** Entra's OAuth errors that say the credential itself is wrong: asking again cannot help. */
const REFUSALS = new Set(['invalid_client', 'unauthorized_client', 'invalid_request', 'invalid_scope', 'invalid_grant', 'unsupported_grant_type']);

const tokenAnswer = z.object({ access_token: z.string().min(1), token_type: z.string().optional(), expires_in: z.coerce.number().optional() });
const errorAnswer = z.object({ error: z.string().min(1).max(100), error_description: z.string().max(4_000).optional() });

interface CheckLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export class TeamsCredentialRefused extends Error {
  readonly code: string;
  constructor(code: string, description: string | undefined) {
    // Entra's description starts with its AADSTS code and a sentence; the trace ids after are noise.
    super(`teams.credentials_refused: Microsoft Entra refused the bot's credentials (${code}${description ? `: ${description.split(/\r?\n/)[0]!.slice(0, 300)}` : ''})`);
    this.code = code;
  }
}

/** Where the bot's Bot Connector token comes from (the authority botbuilder uses for this app type). */
export function botTokenUrl(settings: Pick<TeamsSettings, 'appType' | 'tenantId'> & { loginUrl?: string | undefined }): string {
  const base = (settings.loginUrl ?? DEFAULT_LOGIN_URL).replace(/\/+$/, '');
  const tenant = settings.appType === 'SingleTenant' && settings.tenantId ? settings.tenantId : MULTI_TENANT_AUTHORITY;
  return `${base}/${encodeURIComponent(tenant)}/oauth2/v2.0/token`;
}

export interface BotTokenCheck {
  /** Resolves once a token was given; rejects at once while it is not (for /readyz), with the refusal when refused. */
  ready(): Promise<void>;
  stop(): void;
}

/**
 * Starts the check for a bot with an app id and secret; a managed identity's token comes from
 * its Azure host instead, and the local mode has no credentials: nothing to check for those.
 */
export function startBotTokenCheck(settings: TeamsSettings & { loginUrl?: string | undefined }, logger: CheckLogger, options: { fetch?: typeof fetch } = {}): BotTokenCheck {
  const { appId, appPassword } = settings;
  if (!appId || !appPassword || settings.appType === 'UserAssignedMSI') return { ready: async () => undefined, stop: () => undefined };
  const doFetch = options.fetch ?? fetch;
  const url = botTokenUrl(settings);
  let state: { kind: 'pending'; detail: string } | { kind: 'ok' } | { kind: 'refused'; error: TeamsCredentialRefused } = { kind: 'pending', detail: 'not asked yet' };
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let failures = 0;

  /** One request for a token: 'ok', a refusal, or the reason to ask again. */
  async function ask(): Promise<{ ok: true } | { refused: TeamsCredentialRefused } | { retry: string }> {
    let response: Response;
    try {
      response = await doFetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: appId!, client_secret: appPassword!, scope: BOT_FRAMEWORK_SCOPE }),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (err) {
      return { retry: `token endpoint unreachable (${err instanceof Error ? err.message : String(err)})` };
    }
    const body: unknown = await response.json().catch(() => undefined);
    if (response.ok) return tokenAnswer.safeParse(body).success ? { ok: true } : { retry: 'token answer not understood' };
    const refusal = errorAnswer.safeParse(body);
    // 400 and 401 with one of Entra's credential errors; a 429 or 5xx is passing, as is anything unknown.
    if ((response.status === 400 || response.status === 401) && refusal.success && REFUSALS.has(refusal.data.error)) {
      return { refused: new TeamsCredentialRefused(refusal.data.error, refusal.data.error_description) };
    }
    return { retry: `token endpoint answered ${response.status}${refusal.success ? ` ${refusal.data.error}` : ''}` };
  }

  async function attempt(): Promise<void> {
    if (stopped) return;
    const outcome = await ask().catch((err: unknown) => ({ retry: err instanceof Error ? err.message : String(err) }));
    if (stopped) return;
    if ('ok' in outcome) {
      state = { kind: 'ok' };
      logger.info({ platform: 'teams', attempts: failures + 1 }, 'teams bot token acquired: the Bot Framework accepts the app id and secret');
      return;
    }
    if ('refused' in outcome) {
      state = { kind: 'refused', error: outcome.refused };
      logger.error({ platform: 'teams', code: outcome.refused.code, err: outcome.refused.message }, 'teams credentials refused: check MICROSOFT_APP_ID, MICROSOFT_APP_PASSWORD and MICROSOFT_APP_TENANT_ID, then restart; not asking again');
      return;
    }
    const inMs = Math.min(MAX_RETRY_MS, 1_000 * 2 ** failures);
    failures += 1;
    state = { kind: 'pending', detail: outcome.retry };
    if (failures === 1) logger.warn({ platform: 'teams', err: outcome.retry, retryInMs: inMs }, 'teams bot token not acquired: not ready for Teams yet, asking again in the background');
    timer = setTimeout(() => { void attempt(); }, inMs);
    timer.unref();
  }
  void attempt();

  return {
    async ready() {
      if (state.kind === 'ok') return;
      if (state.kind === 'refused') throw state.error;
      throw new Error(`teams.token_pending: ${state.detail}`);
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
