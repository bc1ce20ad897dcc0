// One process may serve Slack and Teams at once; the core sees a single Messenger and Directory
// and this router sends each call to the platform of the workspace concerned.
import type { Platform } from '../domain/model.ts';
import type { Db } from '../db/repositories/db.ts';
import { getWorkspace } from '../db/repositories/workspace.repository.ts';
import type { Directory } from '../ports/directory.ts';
import type { Messenger, SendOutcome } from '../ports/messenger.ts';

type Adapters<T> = Partial<Record<Platform, T>>;

const notConfigured = (platform: string): SendOutcome =>
  ({ ok: false, reason: 'unreachable', detail: `no ${platform} credentials are configured in this process` });

export function routeMessenger(db: Db, messengers: Adapters<Messenger>): Messenger {
  // A workspace's platform never changes: read once per process (unknown ids are asked again).
  const platforms = new Map<string, Platform>();
  const platformOf = async (workspaceId: string): Promise<Platform | undefined> => {
    const cached = platforms.get(workspaceId);
    if (cached) return cached;
    const platform = (await getWorkspace(db, workspaceId))?.platform;
    if (platform) platforms.set(workspaceId, platform);
    return platform;
  };
  return {
    async send(workspaceId, to, content, options) {
      const platform = await platformOf(workspaceId);
      const messenger = platform && messengers[platform];
      return messenger ? messenger.send(workspaceId, to, content, options) : notConfigured(platform ?? 'unknown');
    },
    async findSent(workspaceId, to, key) {
      const platform = await platformOf(workspaceId);
      const find = platform ? messengers[platform]?.findSent : undefined;
      return find ? find.call(messengers[platform!], workspaceId, to, key) : { status: 'unsupported' };
    },
    async update(workspaceId, message, content) {
      const platform = await platformOf(workspaceId);
      const messenger = platform && messengers[platform];
      return messenger ? messenger.update(workspaceId, message, content) : notConfigured(platform ?? 'unknown');
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
    async members(externalId, audience, platform) {
      for (const directory of candidates(platform)) {
        const members = await directory.members(externalId, audience, platform);
        if (members.length > 0) return members;
      }
      return [];
    },
  };
}
