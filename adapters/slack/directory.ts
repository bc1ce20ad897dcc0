// The core's Directory on Slack: profiles from users.info (with the locale) and audiences from
// conversations.members / usergroups.users.list. Profiles are cached for a while, so a burst of
// requests from one person, or a round invitation to a big channel, asks Slack once per person.
import type { Directory, PlatformProfile } from '../../src/ports/directory.ts';
import { cleanText } from '../../src/ui/clean-text.ts';
import type { SlackClients } from './slack-clients.ts';

const PROFILE_TTL_MS = 15 * 60_000;
const MAX_CACHED = 20_000;
const PAGE = 200;
const MAX_PAGES = 500;

interface SlackUser {
  id?: string; name?: string; real_name?: string; deleted?: boolean; is_bot?: boolean; tz?: string; locale?: string;
  profile?: { display_name?: string; real_name?: string; email?: string };
}

export function profileOf(user: SlackUser): PlatformProfile | undefined {
  if (!user.id) return undefined;
  const name = (text: string | undefined): string | undefined => (text === undefined ? undefined : cleanText(text).trim() || undefined);
  const displayName = name(user.profile?.display_name) ?? name(user.profile?.real_name) ?? name(user.real_name) ?? name(user.name) ?? user.id;
  return {
    platformUserId: user.id, displayName, locale: user.locale ?? null, timezone: user.tz ?? null,
    email: user.profile?.email ?? null, isBot: Boolean(user.is_bot) || user.id === 'USLACKBOT', deactivated: Boolean(user.deleted),
  };
}

export type Audience =
  | { readonly kind: 'channel' | 'usergroup'; readonly id: string }
  | { readonly kind: 'channel_name' | 'usergroup_handle'; readonly name: string };

/**
 * A channel (`C…`, `<#C…|name>`, or `#name` as typed in a form) or a user group (`S…`,
 * `<!subteam^S…|@handle>`, or `@handle`).
 */
export function parseAudience(audience: string): Audience | undefined {
  const text = audience.trim();
  const channel = /^<#([CG][A-Z0-9]+)(?:\|[^>]*)?>$/.exec(text)?.[1] ?? /^([CG][A-Z0-9]{2,})$/.exec(text)?.[1];
  if (channel) return { kind: 'channel', id: channel };
  const group = /^<!subteam\^(S[A-Z0-9]+)(?:\|[^>]*)?>$/.exec(text)?.[1] ?? /^(S[A-Z0-9]{2,})$/.exec(text)?.[1];
  if (group) return { kind: 'usergroup', id: group };
  const name = /^#([a-z0-9][a-z0-9._-]{0,79})$/.exec(text.toLowerCase())?.[1];
  if (name) return { kind: 'channel_name', name };
  const handle = /^@([a-z0-9][a-z0-9._-]{0,79})$/.exec(text.toLowerCase())?.[1];
  return handle ? { kind: 'usergroup_handle', name: handle } : undefined;
}

type Client = Awaited<ReturnType<SlackClients['forTeam']>>;

export class SlackDirectory implements Directory {
  readonly #clients: SlackClients;
  readonly #cache = new Map<string, { profile: PlatformProfile | undefined; until: number }>();
  readonly #now: () => number;

  constructor(clients: SlackClients, now: () => number = Date.now) {
    this.#clients = clients;
    this.#now = now;
  }

  async profile(teamId: string, userId: string): Promise<PlatformProfile | undefined> {
    const key = `${teamId}:${userId}`;
    const cached = this.#cache.get(key);
    if (cached && cached.until > this.#now()) return cached.profile;
    const client = await this.#clients.forTeam(teamId);
    let profile: PlatformProfile | undefined;
    try {
      const res = await client.users.info({ user: userId, include_locale: true });
      profile = profileOf((res.user ?? {}) as SlackUser);
    } catch (err) {
      if ((err as { data?: { error?: string } }).data?.error !== 'user_not_found') throw err;
    }
    if (this.#cache.size >= MAX_CACHED) this.#cache.delete(this.#cache.keys().next().value as string);
    this.#cache.set(key, { profile, until: this.#now() + PROFILE_TTL_MS });
    return profile;
  }

  /**
   * Members as Slack user ids. Bots already known from the cache are left out; any other bot is
   * refused by the core when it looks the user up (resolvePlatformUser), so a big channel does not
   * cost one users.info call per member here.
   */
  async members(teamId: string, audience: string): Promise<readonly string[]> {
    const parsed = parseAudience(audience);
    if (!parsed) return [];
    const client = await this.#clients.forTeam(teamId);
    const target = 'id' in parsed ? parsed : await this.#resolve(client, parsed);
    if (!target) return [];
    const ids: string[] = [];
    if (target.kind === 'usergroup') {
      const res = await client.usergroups.users.list({ usergroup: target.id });
      ids.push(...(res.users ?? []));
    } else {
      let cursor: string | undefined;
      for (let page = 0; page < MAX_PAGES; page += 1) {
        const res = await client.conversations.members({ channel: target.id, limit: PAGE, ...(cursor ? { cursor } : {}) });
        ids.push(...(res.members ?? []));
        cursor = res.response_metadata?.next_cursor || undefined;
        if (!cursor) break;
      }
    }
    return [...new Set(ids)].filter((id) => !this.#cache.get(`${teamId}:${id}`)?.profile?.isBot && id !== 'USLACKBOT');
  }

  /** A channel typed by name or a user group by handle, looked up among the workspace's own. */
  async #resolve(client: Client, target: Extract<Audience, { name: string }>): Promise<{ kind: 'channel' | 'usergroup'; id: string } | undefined> {
    if (target.kind === 'usergroup_handle') {
      const res = await client.usergroups.list({});
      const group = (res.usergroups ?? []).find((g) => g.handle?.toLowerCase() === target.name);
      return group?.id ? { kind: 'usergroup', id: group.id } : undefined;
    }
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const res = await client.conversations.list({ types: 'public_channel,private_channel', exclude_archived: true, limit: PAGE, ...(cursor ? { cursor } : {}) });
      const channel = (res.channels ?? []).find((c) => c.name?.toLowerCase() === target.name);
      if (channel?.id) return { kind: 'channel', id: channel.id };
      cursor = res.response_metadata?.next_cursor || undefined;
      if (!cursor) return undefined;
    }
    return undefined;
  }
}
