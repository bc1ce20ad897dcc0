// What Teams tells a personal-chat bot about people: only what their own activities carry (name,
// locale, time zone), which the core reads from each request. Looking up anyone else needs
// Microsoft Graph permissions this bot does not ask for, so unknown people stay unknown until
// they install the app, and audiences (channel or team rosters) are empty in personal scope.
import type { Directory } from '../../src/ports/directory.ts';

export function createTeamsDirectory(): Directory {
  return {
    profile: async () => undefined,
    members: async () => [],
  };
}
