// The Actor the core needs, from what a Slack payload says about who acted and where.
import type { Actor } from '../../../src/flows/actor.ts';

export function slackActor(teamId: string, userId: string, teamName?: string): Actor {
  return { platform: 'slack', workspaceExternalId: teamId, platformUserId: userId, ...(teamName ? { workspaceName: teamName } : {}) };
}

/** The team of an interactive payload: `team.id`, or the user's own team on Enterprise Grid. */
export function teamOf(body: { team?: { id?: string } | null; user?: { team_id?: string } }): string | undefined {
  return body.team?.id ?? body.user?.team_id;
}
