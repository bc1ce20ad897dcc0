// What Teams tells a personal-chat bot about people: only what their own activities carry (name,
// locale, time zone), which the core reads from each request. With Graph people search set up
// (TEAMS_GRAPH_PEOPLE_SEARCH=true, User.ReadBasic.All granted), a person picked from the
// directory whom the bot has not met yet is looked up there (name and address), so they can be
// avoided or named as manager before they ever talk to the bot. Audiences (channel or team
// rosters) are empty in personal scope.
import type { Directory } from '../../src/ports/directory.ts';
import { profileOf, type GraphClient } from './graph.ts';

interface DirectoryLogger { warn(obj: object, msg?: string): void }

export function createTeamsDirectory(graph?: GraphClient, logger?: DirectoryLogger): Directory {
  return {
    profile: async (tenantId, platformUserId) => {
      // Graph answers for the bot's own tenant only.
      if (!graph || tenantId !== graph.tenantId) return undefined;
      try {
        const user = await graph.user(platformUserId);
        return user && profileOf(user);
      } catch (err) {
        // Not "unknown": the turn fails and may be tried again once Graph answers.
        logger?.warn({ platform: 'teams', err: (err as Error).message }, 'graph profile look-up failed');
        throw err;
      }
    },
    members: async () => [],
  };
}
