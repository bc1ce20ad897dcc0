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
  const platformOf = async (workspaceId: string) => (await getWorkspace(db, workspaceId))?.platform;
  return {
    async send(workspaceId, to, content, options) {
      const platform = await platformOf(workspaceId);
      const messenger = platform && messengers[platform];
      return messenger ? messenger.send(workspaceId, to, content, options) : notConfigured(platform ?? 'unknown');
    },
    async findSent(workspaceId, to, key) {
      const platform = await platformOf(workspaceId);
      return platform ? messengers[platform]?.findSent?.(workspaceId, to, key) : undefined;
    },
    async update(workspaceId, message, content) {
      const platform = await platformOf(workspaceId);
      const messenger = platform && messengers[platform];
      return messenger ? messenger.update(workspaceId, message, content) : notConfigured(platform ?? 'unknown');
    },
  };
}

/** Directories are asked by workspace external id; the workspace row tells its platform once known. */
export function routeDirectory(db: Db, directories: Adapters<Directory>): Directory {
  const configured = Object.values(directories).filter((d): d is Directory => d !== undefined);
  const candidates = async (externalId: string): Promise<Directory[]> => {
    // The core asks inside its transaction; on the embedded database (one connection) a query on
    // `db` here would wait for that very transaction. With one platform there is nothing to route.
    if (configured.length <= 1) return configured;
    const rows = await db.selectFrom('workspaces').select('platform').where('external_id', '=', externalId).execute();
    const known = rows.map((r) => directories[r.platform]).filter((d): d is Directory => d !== undefined);
    return known.length > 0 ? known : configured;
  };
  return {
    async profile(externalId, platformUserId) {
      for (const directory of await candidates(externalId)) {
        const profile = await directory.profile(externalId, platformUserId);
        if (profile) return profile;
      }
      return undefined;
    },
    async members(externalId, audience) {
      for (const directory of await candidates(externalId)) {
        const members = await directory.members(externalId, audience);
        if (members.length > 0) return members;
      }
      return [];
    },
  };
}
