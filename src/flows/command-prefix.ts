import type { Platform } from '../domain/model.ts';

/** How commands are typed on a platform: "/mentor find" on Slack, "find" to the bot on Teams. */
export function commandPrefixFor(platform: Platform): string {
  return platform === 'teams' ? '' : '/mentor ';
}
