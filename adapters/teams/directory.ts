// What Teams tells the bot about people: what their own activities carry (name, locale, time
// zone), which the core reads from each request, and the rosters of the teams the bot is
// installed in (team-rosters.ts), read when a lead invites a team to a round. Looking up anyone
// else needs Microsoft Graph permissions; a person met in a roster is known by the name and
// e-mail the roster gave, kept here for the request that read it.
import type { CloudAdapter } from 'botbuilder';
import type { Db } from '../../src/db/repositories/db.ts';
import type { Directory, PlatformProfile } from '../../src/ports/directory.ts';
import { findTeam, readRoster } from './team-rosters.ts';

interface DirectoryLogger { warn(obj: object, msg?: string): void }

export interface TeamsDirectoryDeps {
  readonly db: Db;
  readonly adapter: CloudAdapter;
  readonly appId: string;
  readonly logger: DirectoryLogger;
}

/** Roster profiles kept after a roster is read (the request that read it resolves them at once). */
const PROFILE_TTL_MS = 10 * 60_000;
const MAX_PROFILES = 20_000;

export function createTeamsDirectory(deps: TeamsDirectoryDeps): Directory {
  const seen = new Map<string, { profile: PlatformProfile; until: number }>();
  const key = (tenant: string, id: string) => `${tenant}\u0000${id}`;

  return {
    async profile(tenant, platformUserId) {
      const entry = seen.get(key(tenant, platformUserId));
      if (!entry || entry.until < Date.now()) return undefined;
      return entry.profile;
    },

    async members(tenant, audience, _platform, within) {
      const team = await findTeam(within ?? deps.db, tenant, audience);
      if (!team) return [];
      let roster;
      try {
        roster = await readRoster(deps.adapter, deps.appId, team);
      } catch (err) {
        // A team the bot was removed from (403/404) or a passing failure: nobody is invited.
        deps.logger.warn({ team: team.teamId, err: (err as Error).message }, 'teams roster could not be read');
        return [];
      }
      const until = Date.now() + PROFILE_TTL_MS;
      for (const m of roster) {
        seen.delete(key(tenant, m.aadObjectId));
        seen.set(key(tenant, m.aadObjectId), { profile: { platformUserId: m.aadObjectId, displayName: m.name, email: m.email }, until });
      }
      while (seen.size > MAX_PROFILES) seen.delete(seen.keys().next().value!);
      return [...new Set(roster.map((m) => m.aadObjectId))];
    },
  };
}
