// What Teams tells the bot about people: what their own activities carry (name, locale, time
// zone), which the core reads from each request, and the rosters of the teams the bot is
// installed in (team-rosters.ts), read when a lead invites a team to a round; a person met in a
// roster is known by the name and e-mail the roster gave, kept here for the request that read it.
// With Graph people search set up (TEAMS_GRAPH_PEOPLE_SEARCH=true, User.ReadBasic.All granted), a
// person picked from the directory whom the bot has not met yet is looked up there (name and
// address), so they can be avoided or named as manager before they ever talk to the bot.
import type { CloudAdapter } from 'botbuilder';
import type { Db } from '../../src/db/repositories/db.ts';
import type { Directory, PlatformProfile } from '../../src/ports/directory.ts';
import { profileOf, type GraphClient } from './graph.ts';
import { findTeam, readRoster } from './team-rosters.ts';

interface DirectoryLogger { warn(obj: object, msg?: string): void }

export interface TeamsDirectoryDeps {
  readonly db: Db;
  readonly adapter: CloudAdapter;
  readonly appId: string;
  readonly logger: DirectoryLogger;
  readonly graph?: GraphClient;
}

/** Roster profiles kept after a roster is read (the request that read it resolves them at once). */
const PROFILE_TTL_MS = 10 * 60_000;
const MAX_PROFILES = 20_000;

export function createTeamsDirectory(deps: TeamsDirectoryDeps): Directory {
  const seen = new Map<string, { profile: PlatformProfile; until: number }>();
  const key = (tenant: string, id: string) => `${tenant}\u0000${id}`;
  const { graph } = deps;

  return {
    async profile(tenant, platformUserId) {
      const entry = seen.get(key(tenant, platformUserId));
      if (entry && entry.until >= Date.now()) return entry.profile;
      // Graph answers for the bot's own tenant only.
      if (!graph || tenant !== graph.tenantId) return undefined;
      try {
        const user = await graph.user(platformUserId);
        return user && profileOf(user);
      } catch (err) {
        // Not "unknown": the turn fails and may be tried again once Graph answers.
        deps.logger.warn({ platform: 'teams', err: (err as Error).message }, 'graph profile look-up failed');
        throw err;
      }
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
