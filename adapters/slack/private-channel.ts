// A circle's private channel: conversations.create (is_private) under a name made from the
// circle's id, then conversations.invite with its members. Opening again never makes a second
// channel: when the name is taken, the bot's own private channel of that name (the one an
// earlier attempt created before its answer or its record was lost) is taken instead; only a
// name someone else holds moves on to a suffixed name (`-2`, `-3`…).
import type { SpaceOutcome, SpaceRequest } from '../../src/ports/messenger.ts';
import { classifySlackError } from './slack-errors.ts';
import type { WebClient } from './slack-clients.ts';

/** Slack: lower case letters, digits, hyphens and underscores, at most 80 characters. */
const MAX_NAME = 80;
const MAX_SUFFIX = 9;
/** Slack lists at most this many per page; the bot is in few private channels. */
const PAGE = 200;

export function channelName(wanted: string): string {
  const clean = wanted.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/gu, '')
    .replace(/[^a-z0-9_-]+/gu, '-').replace(/-+/gu, '-').replace(/^-|-$/gu, '');
  return (clean || 'circle').slice(0, MAX_NAME - `-${MAX_SUFFIX}`.length);
}

/** The bot's private channel of this name, if it is in one (conversations.list shows only those). */
async function ownPrivateChannel(client: WebClient, name: string): Promise<string | undefined> {
  let cursor: string | undefined;
  do {
    const page = await client.conversations.list({ types: 'private_channel', exclude_archived: true, limit: PAGE, ...(cursor ? { cursor } : {}) });
    const found = page.channels?.find((c) => c.name === name && c.id);
    if (found) return found.id;
    cursor = page.response_metadata?.next_cursor || undefined;
  } while (cursor);
  return undefined;
}

function failure(err: unknown, step: string): SpaceOutcome {
  const e = classifySlackError(err);
  if (e.kind === 'rate_limited') return { status: 'failed', detail: `${step}: ${e.detail}`, retryAfterMs: e.retryAfterMs };
  if (e.kind === 'transient') return { status: 'failed', detail: `${step}: ${e.detail}` };
  // Missing scope (an installation from before circles), a workspace that forbids private
  // channels (restricted_action), a revoked token: the circle's messages go to each member instead.
  return { status: 'unsupported', detail: `${step}: ${e.detail}` };
}

interface InviteError { readonly user?: string; readonly error?: string }

const platformCode = (err: unknown): string | undefined => (err as { data?: { error?: string } })?.data?.error;

export async function openPrivateChannel(client: WebClient, request: SpaceRequest, userIds: ReadonlyMap<string, string>): Promise<SpaceOutcome> {
  const base = channelName(request.name);
  let channel: { id: string; name: string; created: boolean } | undefined;
  for (let n = 1; n <= MAX_SUFFIX && !channel; n++) {
    const name = n === 1 ? base : `${base}-${n}`;
    try {
      const created = await client.conversations.create({ name, is_private: true });
      if (!created.channel?.id) return { status: 'failed', detail: 'conversations.create gave no channel' };
      channel = { id: created.channel.id, name: created.channel.name ?? name, created: true };
    } catch (err) {
      if (platformCode(err) !== 'name_taken') return failure(err, 'conversations.create');
      try {
        const own = await ownPrivateChannel(client, name);
        if (own) channel = { id: own, name, created: false };
      } catch (listErr) {
        return failure(listErr, 'conversations.list');
      }
    }
  }
  if (!channel) return { status: 'unsupported', detail: `conversations.create: name_taken up to ${base}-${MAX_SUFFIX}` };
  if (channel.created) {
    // The purpose says what the channel is for; a failure here does not keep the circle from meeting.
    await client.conversations.setPurpose({ channel: channel.id, purpose: request.title.slice(0, 250) }).catch(() => undefined);
  }
  const ids = request.people.map((p) => p.id);
  const members = ids.flatMap((id) => { const u = userIds.get(id); return u ? [[id, u] as const] : []; });
  const left = ids.filter((id) => !userIds.has(id));
  if (members.length > 0) {
    let errors: readonly InviteError[];
    try {
      // force: the valid ones are invited even when some cannot be (deactivated, guests).
      const invited = await client.conversations.invite({ channel: channel.id, users: members.map(([, u]) => u).join(','), force: true });
      errors = (invited as { errors?: InviteError[] }).errors ?? [];
    } catch (err) {
      const data = (err as { data?: { error?: string; errors?: InviteError[] } })?.data;
      // Nobody could be invited: every one is in already (a retry after the invite went
      // through) or refused one by one (listed in `errors`). Anything else is the call failing.
      if (!data?.errors?.length && data?.error !== 'already_in_channel') return failure(err, 'conversations.invite');
      errors = data.errors ?? [];
    }
    const refused = new Set(errors.filter((e) => e.error !== 'already_in_channel' && e.user).map((e) => e.user!));
    for (const [id, u] of members) if (refused.has(u)) left.push(id);
  }
  return { status: 'opened', spaceId: channel.id, name: channel.name, left };
}
