// Microsoft Graph, for the one thing this bot may ask it: people of the organisation by name
// (`GET /v1.0/users` with `$search`) and one person's basic profile (`GET /v1.0/users/{id}`),
// both covered by the application permission User.ReadBasic.All. Used only when
// TEAMS_GRAPH_PEOPLE_SEARCH=true. The app token comes from the tenant's sign-in authority with the
// bot's own app id and secret (client credentials), as botbuilder gets its Bot Connector token,
// and is kept until shortly before it expires. Every answer is validated before use.
import { z } from 'zod';
import type { PlatformProfile } from '../../src/ports/directory.ts';

export interface GraphSettings {
  /** Graph's base URL, e.g. https://graph.microsoft.com (national clouds have their own). */
  readonly url: string;
  /** The sign-in authority, e.g. https://login.microsoftonline.com. */
  readonly loginUrl: string;
  readonly tenantId: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

export interface GraphUser {
  readonly id: string;
  readonly displayName: string;
  readonly mail: string | null;
}

export class GraphError extends Error {
  readonly status: number | undefined;
  constructor(message: string, status?: number) {
    super(message);
    this.status = status;
  }
}

const tokenAnswer = z.object({ access_token: z.string().min(1), expires_in: z.coerce.number().int().positive() });
const userAnswer = z.object({
  id: z.string().min(1).max(200),
  displayName: z.string().max(500).nullable(),
  mail: z.string().max(500).nullable().optional(),
  userPrincipalName: z.string().max(500).nullable().optional(),
});
const usersAnswer = z.object({ value: z.array(userAnswer).max(1000) });

/** What a search needs and User.ReadBasic.All may read. */
const SELECT = 'id,displayName,mail,userPrincipalName';
/** A token is renewed this long before it expires. */
const RENEW_BEFORE_MS = 5 * 60_000;
const TIMEOUT_MS = 5_000;

type Fetch = typeof fetch;

export class GraphClient {
  readonly #settings: GraphSettings;
  readonly #fetch: Fetch;
  readonly #now: () => number;
  #token: { value: string; renewAt: number } | undefined;

  constructor(settings: GraphSettings, options: { fetch?: Fetch; now?: () => number } = {}) {
    this.#settings = settings;
    this.#fetch = options.fetch ?? fetch;
    this.#now = options.now ?? Date.now;
  }

  /** The one tenant whose directory this client reads (the bot's own). */
  get tenantId(): string { return this.#settings.tenantId; }

  async #accessToken(): Promise<string> {
    if (this.#token && this.#now() < this.#token.renewAt) return this.#token.value;
    const { loginUrl, tenantId, clientId, clientSecret, url } = this.#settings;
    const response = await this.#fetch(`${loginUrl}/${encodeURIComponent(tenantId)}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: clientId, client_secret: clientSecret, grant_type: 'client_credentials', scope: `${url}/.default` }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (!response.ok) throw new GraphError(`graph token refused (${response.status})`, response.status);
    const parsed = tokenAnswer.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success) throw new GraphError('graph token answer not understood');
    this.#token = { value: parsed.data.access_token, renewAt: this.#now() + parsed.data.expires_in * 1000 - RENEW_BEFORE_MS };
    return parsed.data.access_token;
  }

  async #get(path: string, params: Record<string, string>, headers: Record<string, string> = {}): Promise<{ status: number; body: unknown }> {
    const token = await this.#accessToken();
    const query = new URLSearchParams(params).toString();
    const response = await this.#fetch(`${this.#settings.url}/v1.0${path}${query ? `?${query}` : ''}`, {
      headers: { authorization: `Bearer ${token}`, accept: 'application/json', ...headers },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (response.status === 401) this.#token = undefined;
    const body: unknown = await response.json().catch(() => undefined);
    return { status: response.status, body };
  }

  /**
   * People whose name or address starts with words of the text, as Graph's directory search does
   * (`$search` needs the `ConsistencyLevel: eventual` header). At most `top` of them.
   */
  async searchUsers(text: string, top: number): Promise<GraphUser[]> {
    // Inside a $search clause, double quotes and backslashes would end or escape the term.
    const term = text.replace(/["\\]/g, ' ').trim();
    if (!term) return [];
    const { status, body } = await this.#get('/users', {
      $search: `"displayName:${term}" OR "mail:${term}"`,
      $select: SELECT,
      $top: String(Math.min(Math.max(top, 1), 50)),
    }, { ConsistencyLevel: 'eventual' });
    if (status !== 200) throw new GraphError(`graph user search answered ${status}`, status);
    const parsed = usersAnswer.safeParse(body);
    if (!parsed.success) throw new GraphError('graph user search answer not understood');
    return parsed.data.value.map(toUser);
  }

  /** One person's basic profile, or undefined when the directory has nobody with that id. */
  async user(id: string): Promise<GraphUser | undefined> {
    const { status, body } = await this.#get(`/users/${encodeURIComponent(id)}`, { $select: SELECT });
    if (status === 404) return undefined;
    if (status !== 200) throw new GraphError(`graph user answered ${status}`, status);
    const parsed = userAnswer.safeParse(body);
    if (!parsed.success) throw new GraphError('graph user answer not understood');
    return toUser(parsed.data);
  }
}

function toUser(u: z.infer<typeof userAnswer>): GraphUser {
  return { id: u.id, displayName: u.displayName?.trim() || u.mail || u.userPrincipalName || u.id, mail: u.mail ?? null };
}

export function profileOf(user: GraphUser): PlatformProfile {
  return { platformUserId: user.id, displayName: user.displayName, email: user.mail };
}
