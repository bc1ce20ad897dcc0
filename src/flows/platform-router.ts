// One process may serve Slack and Teams at once; the core sees a single Messenger and Directory
// and this router sends each call to the platform of the workspace concerned.
import type { Platform } from '../domain/model.ts';
import type { Db } from '../db/repositories/db.ts';
import { getWorkspace } from '../db/repositories/workspace.repository.ts';
import type { Directory } from '../ports/directory.ts';
import type { LookupOutcome, Messenger, SendOutcome } from '../ports/messenger.ts';
import type { CoreLogger, CoreMetrics } from './context.ts';

type Adapters<T> = Partial<Record<Platform, T>>;

const notConfigured = (platform: string): SendOutcome =>
  ({ ok: false, reason: 'unreachable', detail: `no ${platform} credentials are configured in this process` });

const PLATFORM_NAMES: Record<string, string> = { slack: 'Slack', teams: 'Teams' };
const CREDENTIALS_HINT: Record<string, string> = {
  slack: 'set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN), or Slack OAuth',
  teams: 'set MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD',
};

export interface RouterOptions {
  readonly logger?: CoreLogger;
  readonly metrics?: CoreMetrics;
}

function sendLabel(outcome: SendOutcome): string {
  if (outcome.ok) return 'sent';
  if (outcome.reason === 'retry') return outcome.retryAfterMs !== undefined ? 'rate_limited' : 'retry';
  return outcome.reason;
}

export function routeMessenger(db: Db, messengers: Adapters<Messenger>, options: RouterOptions = {}): Messenger {
  // A workspace's platform never changes: read once per process (unknown ids are asked again).
  const platforms = new Map<string, Platform>();
  const platformOf = async (workspaceId: string): Promise<Platform | undefined> => {
    const cached = platforms.get(workspaceId);
    if (cached) return cached;
    const platform = (await getWorkspace(db, workspaceId))?.platform;
    if (platform) platforms.set(workspaceId, platform);
    return platform;
  };
  const warned = new Set<string>();
  const counted = (platform: string, outcome: SendOutcome): SendOutcome => {
    options.metrics?.sendOutcome(platform, sendLabel(outcome));
    if (!outcome.ok && outcome.reason === 'retry' && outcome.retryAfterMs !== undefined) options.metrics?.rateLimitedBy(platform);
    return outcome;
  };
  return {
    async send(workspaceId, to, content, sendOptions) {
      const platform = await platformOf(workspaceId);
      const messenger = platform && messengers[platform];
      return messenger ? counted(platform, await messenger.send(workspaceId, to, content, sendOptions)) : notConfigured(platform ?? 'unknown');
    },
    async findSent(workspaceId, to, key) {
      const platform = await platformOf(workspaceId);
      const find = platform ? messengers[platform]?.findSent : undefined;
      if (!find) return { status: 'unsupported' };
      const looked: LookupOutcome = await find.call(messengers[platform!], workspaceId, to, key);
      if (looked.status === 'failed' && looked.retryAfterMs !== undefined) options.metrics?.rateLimitedBy(platform!);
      return looked;
    },
    async findCopies(workspaceId, channelId, key) {
      const platform = await platformOf(workspaceId);
      const messenger = platform ? messengers[platform] : undefined;
      if (messenger?.findCopies) return messenger.findCopies(workspaceId, channelId, key);
      // A platform that cannot list a conversation's messages by key has nothing to audit; one not
      // configured in this process (it may come back) is asked again later.
      return messenger ? { status: 'found', copies: [] } : { status: 'failed', detail: `no ${platform ?? 'unknown'} credentials are configured in this process` };
    },
    async unavailable(workspaceId) {
      const platform = await platformOf(workspaceId);
      if (!platform || messengers[platform]) return undefined;
      const name = PLATFORM_NAMES[platform] ?? platform;
      const detail = `held: no ${name} credentials are configured in this process`;
      options.metrics?.sendOutcome(platform, 'held_no_credentials');
      // One line per platform and process, however many messages wait.
      if (!warned.has(platform)) {
        warned.add(platform);
        options.logger?.warn({ platform }, `messages to ${name} workspaces are held, not sent and not failed, until this process runs with ${name} credentials (${CREDENTIALS_HINT[platform] ?? 'see the README'}); they go out after the restart`);
      }
      return detail;
    },
    async copiesPerMember(workspaceId) {
      const platform = await platformOf(workspaceId);
      const messenger = platform ? messengers[platform] : undefined;
      return (await messenger?.copiesPerMember?.(workspaceId)) ?? false;
    },
    async update(workspaceId, message, content) {
      const platform = await platformOf(workspaceId);
      const messenger = platform && messengers[platform];
      return messenger ? messenger.update(workspaceId, message, content) : notConfigured(platform ?? 'unknown');
    },
    async openSpace(workspaceId, request) {
      // A circle's conversation, on the workspace's platform; one without conversations of its
      // own for a group sends to each member; one not configured in this process is asked again later.
      const platform = await platformOf(workspaceId);
      const messenger = platform ? messengers[platform] : undefined;
      if (messenger?.openSpace) return messenger.openSpace(workspaceId, request);
      return messenger
        ? { status: 'unsupported', detail: `${platform} opens no conversation for a group here` }
        : { status: 'failed', detail: `no ${platform ?? 'unknown'} credentials are configured in this process` };
    },
    async removeFromSpace(workspaceId, spaceId, platformUserId) {
      const platform = await platformOf(workspaceId);
      const messenger = platform ? messengers[platform] : undefined;
      if (messenger?.removeFromSpace) return messenger.removeFromSpace(workspaceId, spaceId, platformUserId);
      return messenger
        ? { status: 'refused', detail: `${platform} cannot take anyone out of a group's conversation here` }
        : { status: 'failed', detail: `no ${platform ?? 'unknown'} credentials are configured in this process` };
    },
    async remove(workspaceId, message) {
      const platform = await platformOf(workspaceId);
      const remove = platform ? messengers[platform]?.remove : undefined;
      if (remove) return remove.call(messengers[platform!], workspaceId, message);
      // Not configured in this process (it may come back): asked again later; a platform without removal never.
      return platform && messengers[platform]
        ? { status: 'failed', detail: `${platform} messages cannot be removed`, permanent: true }
        : { status: 'failed', detail: `no ${platform ?? 'unknown'} credentials are configured in this process` };
    },
  };
}

/**
 * Directories are asked with the workspace's platform (the core always knows it), so routing
 * needs no database look-up: the core asks from inside its transaction, and on the embedded
 * database (one connection) a query here would wait for that very transaction.
 */
export function routeDirectory(directories: Adapters<Directory>): Directory {
  const configured = Object.values(directories).filter((d): d is Directory => d !== undefined);
  const candidates = (platform: Platform | undefined): Directory[] => {
    const chosen = platform ? directories[platform] : undefined;
    return chosen ? [chosen] : platform ? [] : configured;
  };
  return {
    async profile(externalId, platformUserId, platform) {
      for (const directory of candidates(platform)) {
        const profile = await directory.profile(externalId, platformUserId, platform);
        if (profile) return profile;
      }
      return undefined;
    },
    async members(externalId, audience, platform, within) {
      for (const directory of candidates(platform)) {
        const members = await directory.members(externalId, audience, platform, within);
        if (members.length > 0) return members;
      }
      return [];
    },
  };
}
