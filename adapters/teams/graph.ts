// Microsoft Graph, for two things this bot may ask it, each switched on by its own setting:
// - people of the organisation by name (`GET /v1.0/users` with `$search`) and one person's basic
//   profile (`GET /v1.0/users/{id}`), both covered by the application permission
//   User.ReadBasic.All (TEAMS_GRAPH_PEOPLE_SEARCH=true);
// - a group chat per mentoring circle (TEAMS_CIRCLE_GROUP_CHATS=true): `POST /v1.0/chats`
//   (Chat.Create), the bot's app installed in it (`POST /v1.0/chats/{id}/installedApps`,
//   TeamsAppInstallation.ReadWriteSelfForChat.All), and, after an attempt whose answer was lost,
//   the chats of one member (`GET /v1.0/users/{id}/chats`, Chat.ReadBasic.All, optional). The app token comes from the tenant's sign-in authority with the
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
/** Chat calls: a 429 (or, where safe, a 5xx) is tried again this many times, after Retry-After. */
const CHAT_RETRIES = 3;
/**
 * The longest Retry-After waited inside one call; a longer one goes back to the job. Kept short so
 * that an attempt at making a circle's chat ends well within the minute for which a next attempt
 * leaves it alone (circle-chats.ts): 3 waits and 4 requests of at most 5 s each.
 */
const MAX_WAIT_MS = 10_000;
/** Pages of a member's chats read at most while looking for a circle's chat (50 chats a page). */
const MAX_CHAT_PAGES = 20;

type Fetch = typeof fetch;

/** What one Graph request gave: its status, its JSON body, and the delay Graph asked for. */
interface GraphAnswer { readonly status: number; readonly body: unknown; readonly retryAfterMs: number | undefined }

const chatAnswer = z.object({ id: z.string().min(1).max(500), chatType: z.string().optional(), topic: z.string().nullable().optional() });
const chatsPage = z.object({ value: z.array(chatAnswer).max(1000), '@odata.nextLink': z.string().optional() });
/** A chat's members (GET /chats/{id}/members): the membership id and, for people, their Entra object id. */
const membersAnswer = z.object({ value: z.array(z.object({ id: z.string().min(1).max(1000), userId: z.string().max(200).nullable().optional() })).max(1000) });
const errorAnswer = z.object({ error: z.object({ code: z.string().max(200).optional(), message: z.string().max(2000).optional() }) });

/** Graph's error code and message, for the logs. */
function errorOf(answer: GraphAnswer): string {
  const parsed = errorAnswer.safeParse(answer.body);
  return `${answer.status}${parsed.success && parsed.data.error.code ? ` ${parsed.data.error.code}` : ''}`;
}

export type CreateChatOutcome =
  | { readonly kind: 'created'; readonly id: string }
  /** Graph answered and made nothing (a 4xx): `status` says why (403: a permission is missing). */
  | { readonly kind: 'refused'; readonly status: number; readonly detail: string }
  /** Still throttled after the retries: nothing made; try again after `retryAfterMs`. */
  | { readonly kind: 'throttled'; readonly retryAfterMs: number; readonly detail: string }
  /** No app token (the sign-in authority did not answer): nothing asked of Graph; try again later. */
  | { readonly kind: 'failed'; readonly detail: string }
  /** No answer, a server error, or an answer without the chat's id: a chat may have been made. */
  | { readonly kind: 'unclear'; readonly detail: string };

export type ChatStepOutcome =
  | { readonly kind: 'done' }
  | { readonly kind: 'refused'; readonly status: number; readonly detail: string }
  | { readonly kind: 'failed'; readonly detail: string; readonly retryAfterMs?: number };

export type RemoveMemberOutcome =
  | { readonly kind: 'removed' }
  /** Not (or no longer) a member, or the chat is gone: nothing to do. */
  | { readonly kind: 'absent' }
  | { readonly kind: 'refused'; readonly status: number; readonly detail: string }
  | { readonly kind: 'failed'; readonly detail: string; readonly retryAfterMs?: number };

export type FindChatOutcome =
  | { readonly kind: 'found'; readonly id: string }
  | { readonly kind: 'absent' }
  | { readonly kind: 'refused'; readonly status: number; readonly detail: string }
  | { readonly kind: 'failed'; readonly detail: string; readonly retryAfterMs?: number };

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function retryAfterOf(response: Response): number | undefined {
  const header = response.headers.get('retry-after');
  if (header === null) return undefined;
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

export class GraphClient {
  readonly #settings: GraphSettings;
  readonly #fetch: Fetch;
  readonly #now: () => number;
  readonly #sleep: (ms: number) => Promise<void>;
  #token: { value: string; renewAt: number } | undefined;

  constructor(settings: GraphSettings, options: { fetch?: Fetch; now?: () => number; sleep?: (ms: number) => Promise<void> } = {}) {
    this.#settings = settings;
    this.#fetch = options.fetch ?? fetch;
    this.#now = options.now ?? Date.now;
    this.#sleep = options.sleep ?? sleepFor;
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

  /** One request with the app token; a request that got no answer throws. */
  async #call(method: 'GET' | 'POST' | 'DELETE', url: string, body?: unknown): Promise<GraphAnswer> {
    const token = await this.#accessToken();
    const response = await this.#fetch(url, {
      method,
      headers: { authorization: `Bearer ${token}`, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (response.status === 401) this.#token = undefined;
    const text = await response.text().catch(() => '');
    let parsed: unknown;
    try { parsed = text ? JSON.parse(text) : undefined; } catch { parsed = undefined; }
    return { status: response.status, body: parsed, retryAfterMs: retryAfterOf(response) };
  }

  /**
   * The request, tried again after Graph's Retry-After while it answers 429 (the request was
   * not carried out) and, when `serverErrors`, 5xx (only for requests that may safely run twice).
   */
  async #retrying(method: 'GET' | 'POST' | 'DELETE', url: string, body: unknown, serverErrors: boolean): Promise<GraphAnswer> {
    for (let attempt = 0; ; attempt += 1) {
      const answer = await this.#call(method, url, body);
      const again = answer.status === 429 || (serverErrors && answer.status >= 500);
      const wait = answer.retryAfterMs ?? 1000 * 2 ** attempt;
      if (!again || attempt >= CHAT_RETRIES || wait > MAX_WAIT_MS) return answer;
      await this.#sleep(wait);
    }
  }

  #v1(path: string): string { return `${this.#settings.url}/v1.0${path}`; }

  /**
   * Makes a group chat with these people (Entra object ids) as its members, under this topic.
   * Not idempotent on Graph's side: a 5xx or a lost answer is `unclear` (a chat may exist), and
   * is not tried again here; only 429s are (Graph made nothing).
   */
  async createGroupChat(topic: string, memberIds: readonly string[]): Promise<CreateChatOutcome> {
    const body = {
      chatType: 'group',
      topic,
      members: memberIds.map((id) => ({
        '@odata.type': '#microsoft.graph.aadUserConversationMember',
        roles: ['owner'],
        'user@odata.bind': `${this.#v1(`/users('${encodeURIComponent(id)}')`)}`,
      })),
    };
    try {
      await this.#accessToken();
    } catch (err) {
      // Nothing was asked of Graph yet: a refused secret is for good, anything else passes.
      const status = err instanceof GraphError ? err.status : undefined;
      const detail = `create chat: ${(err as Error)?.message ?? String(err)}`;
      return status !== undefined && status < 500 ? { kind: 'refused', status, detail } : { kind: 'failed', detail };
    }
    let answer: GraphAnswer;
    try {
      answer = await this.#retrying('POST', this.#v1('/chats'), body, false);
    } catch (err) {
      return { kind: 'unclear', detail: `create chat: no answer (${(err as Error)?.message ?? String(err)})` };
    }
    if (answer.status === 201 || answer.status === 200) {
      const chat = chatAnswer.safeParse(answer.body);
      return chat.success ? { kind: 'created', id: chat.data.id } : { kind: 'unclear', detail: 'create chat: answer not understood' };
    }
    if (answer.status === 429) return { kind: 'throttled', retryAfterMs: answer.retryAfterMs ?? 60_000, detail: `create chat: ${errorOf(answer)}` };
    if (answer.status >= 500) return { kind: 'unclear', detail: `create chat: ${errorOf(answer)}` };
    return { kind: 'refused', status: answer.status, detail: `create chat: ${errorOf(answer)}` };
  }

  /**
   * Installs the app (its id in the Teams app catalog) in the chat, so that its bot may post
   * there. 409: it is there already (an earlier attempt installed it).
   */
  async installAppInChat(chatId: string, catalogAppId: string): Promise<ChatStepOutcome> {
    const body = { 'teamsApp@odata.bind': this.#v1(`/appCatalogs/teamsApps/${encodeURIComponent(catalogAppId)}`) };
    return this.#step(() => this.#retrying('POST', this.#v1(`/chats/${encodeURIComponent(chatId)}/installedApps`), body, true), 'install app', [200, 201, 204, 409]);
  }

  async #step(run: () => Promise<GraphAnswer>, what: string, ok: readonly number[]): Promise<ChatStepOutcome> {
    let answer: GraphAnswer;
    try {
      answer = await run();
    } catch (err) {
      if (err instanceof GraphError && err.status !== undefined && err.status < 500) return { kind: 'refused', status: err.status, detail: err.message };
      return { kind: 'failed', detail: `${what}: no answer (${(err as Error)?.message ?? String(err)})` };
    }
    if (ok.includes(answer.status)) return { kind: 'done' };
    if (answer.status === 429 || answer.status >= 500) {
      return { kind: 'failed', detail: `${what}: ${errorOf(answer)}`, ...(answer.retryAfterMs !== undefined ? { retryAfterMs: answer.retryAfterMs } : {}) };
    }
    return { kind: 'refused', status: answer.status, detail: `${what}: ${errorOf(answer)}` };
  }

  /**
   * The group chat with exactly this topic among the chats of one of its members (read 50 at a
   * time, following Graph's next links within this Graph only, up to MAX_CHAT_PAGES pages).
   */
  async findGroupChat(memberId: string, topic: string): Promise<FindChatOutcome> {
    let url: string | undefined = `${this.#v1(`/users/${encodeURIComponent(memberId)}/chats`)}?${new URLSearchParams({ $top: '50' }).toString()}`;
    try {
      for (let page = 0; url && page < MAX_CHAT_PAGES; page += 1) {
        const answer = await this.#retrying('GET', url, undefined, true);
        if (answer.status === 429 || answer.status >= 500) {
          return { kind: 'failed', detail: `list chats: ${errorOf(answer)}`, ...(answer.retryAfterMs !== undefined ? { retryAfterMs: answer.retryAfterMs } : {}) };
        }
        if (answer.status !== 200) return { kind: 'refused', status: answer.status, detail: `list chats: ${errorOf(answer)}` };
        const parsed = chatsPage.safeParse(answer.body);
        if (!parsed.success) return { kind: 'failed', detail: 'list chats: answer not understood' };
        const found = parsed.data.value.find((c) => c.chatType === 'group' && c.topic === topic);
        if (found) return { kind: 'found', id: found.id };
        const next = parsed.data['@odata.nextLink'];
        url = next && next.startsWith(`${this.#settings.url}/v1.0/`) ? next : undefined;
      }
    } catch (err) {
      if (err instanceof GraphError && err.status !== undefined && err.status < 500) return { kind: 'refused', status: err.status, detail: err.message };
      return { kind: 'failed', detail: `list chats: no answer (${(err as Error)?.message ?? String(err)})` };
    }
    return { kind: 'absent' };
  }

  /**
   * Removes a person (Entra object id) from a group chat: the chat's members are listed
   * (`GET /chats/{id}/members`, ChatMember.Read.All) to find their membership id, which is then
   * deleted (`DELETE /chats/{id}/members/{membership id}`, ChatMember.ReadWrite.All; 204). Both
   * may run twice, so 429s and 5xx are tried again; a 404 means the chat or the membership is gone.
   */
  async removeChatMember(chatId: string, userId: string): Promise<RemoveMemberOutcome> {
    const members = this.#v1(`/chats/${encodeURIComponent(chatId)}/members`);
    const failedOf = (what: string, answer: GraphAnswer): RemoveMemberOutcome => (answer.status === 429 || answer.status >= 500
      ? { kind: 'failed', detail: `${what}: ${errorOf(answer)}`, ...(answer.retryAfterMs !== undefined ? { retryAfterMs: answer.retryAfterMs } : {}) }
      : { kind: 'refused', status: answer.status, detail: `${what}: ${errorOf(answer)}` });
    try {
      const listed = await this.#retrying('GET', members, undefined, true);
      if (listed.status === 404) return { kind: 'absent' };
      if (listed.status !== 200) return failedOf('list chat members', listed);
      const parsed = membersAnswer.safeParse(listed.body);
      if (!parsed.success) return { kind: 'failed', detail: 'list chat members: answer not understood' };
      const membership = parsed.data.value.find((m) => m.userId === userId);
      if (!membership) return { kind: 'absent' };
      const removed = await this.#retrying('DELETE', `${members}/${encodeURIComponent(membership.id)}`, undefined, true);
      if (removed.status === 204 || removed.status === 200) return { kind: 'removed' };
      if (removed.status === 404) return { kind: 'absent' };
      return failedOf('remove chat member', removed);
    } catch (err) {
      if (err instanceof GraphError && err.status !== undefined && err.status < 500) return { kind: 'refused', status: err.status, detail: err.message };
      return { kind: 'failed', detail: `remove chat member: no answer (${(err as Error)?.message ?? String(err)})` };
    }
  }
}

function toUser(u: z.infer<typeof userAnswer>): GraphUser {
  return { id: u.id, displayName: u.displayName?.trim() || u.mail || u.userPrincipalName || u.id, mail: u.mail ?? null };
}

export function profileOf(user: GraphUser): PlatformProfile {
  return { platformUserId: user.id, displayName: user.displayName, email: user.mail };
}
