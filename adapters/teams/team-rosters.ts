// Teams teams the bot is installed in, and their rosters: what lets a lead invite "the members of
// the Engineering team" to a round on Teams, as a channel or user group does on Slack. A team is
// remembered when the app is added to it (its conversation reference, from which the bot may ask
// Teams for the members) and forgotten when it is removed. The roster is read page by page
// (TeamsInfo.getPagedTeamMembers, continuationToken) through the bot's own connector client.
import { TeamsInfo, type CloudAdapter, type ConversationReference, type TurnContext } from 'botbuilder';
import type { Db } from '../../src/db/repositories/db.ts';
import { referenceOf } from './conversation-refs.ts';

/** Members asked per page (Teams serves 50 to 500). */
export const ROSTER_PAGE_SIZE = 100;
/** Pages read at most, so a runaway continuation cannot keep a lead's request forever. */
const MAX_PAGES = 100;

export interface TeamRef { readonly teamId: string; readonly name: string | null; readonly reference: Partial<ConversationReference> }

/** The team an activity comes from (a team-scoped install or conversation update), if any. */
export function teamOf(activity: { channelData?: unknown }): { id: string; name: string | null } | undefined {
  const team = (activity.channelData as { team?: { id?: unknown; name?: unknown } } | undefined)?.team;
  return typeof team?.id === 'string' && team.id.length > 0 && team.id.length <= 500
    ? { id: team.id, name: typeof team.name === 'string' ? team.name.slice(0, 256) : null }
    : undefined;
}

export async function rememberTeam(db: Db, workspaceId: string, context: TurnContext): Promise<void> {
  const team = teamOf(context.activity);
  if (!team) return;
  // The team's own conversation (its General channel) is where roster calls are addressed.
  const reference = { ...referenceOf(context.activity), conversation: { ...context.activity.conversation, id: team.id } };
  await db.insertInto('teams_teams').values({ workspace_id: workspaceId, team_id: team.id, name: team.name, reference: JSON.stringify(reference), updated_at: new Date() })
    .onConflict((oc) => oc.columns(['workspace_id', 'team_id']).doUpdateSet((eb) => ({
      name: eb.fn.coalesce(eb.ref('excluded.name'), eb.ref('teams_teams.name')), reference: eb.ref('excluded.reference'), updated_at: eb.ref('excluded.updated_at'),
    })))
    .execute();
}

export async function forgetTeam(db: Db, workspaceId: string, teamId: string): Promise<void> {
  await db.deleteFrom('teams_teams').where('workspace_id', '=', workspaceId).where('team_id', '=', teamId).execute();
}

/**
 * The team a lead means by `audience`: its name (any case), its id (`19:…@thread…`), or a Teams
 * link to it (*Get link to team*), among the teams of this tenant the bot is installed in.
 */
export async function findTeam(db: Db, tenantId: string, audience: string): Promise<TeamRef | undefined> {
  const wanted = audience.trim();
  const fromLink = /\/l\/team\/([^/?#]+)/.exec(wanted)?.[1];
  let teamId = wanted;
  if (fromLink) {
    try { teamId = decodeURIComponent(fromLink); } catch { return undefined; }
  }
  const rows = await db.selectFrom('teams_teams').innerJoin('workspaces', 'workspaces.id', 'teams_teams.workspace_id')
    .select(['teams_teams.team_id', 'teams_teams.name', 'teams_teams.reference'])
    .where('workspaces.platform', '=', 'teams').where('workspaces.external_id', '=', tenantId)
    .where((eb) => eb.or([eb('teams_teams.team_id', '=', teamId), eb(eb.fn('lower', ['teams_teams.name']), '=', wanted.toLowerCase())]))
    .orderBy('teams_teams.updated_at', 'desc').execute();
  const row = rows.find((r) => r.team_id === teamId) ?? (rows.length === 1 ? rows[0] : undefined);
  return row && { teamId: row.team_id, name: row.name, reference: row.reference as Partial<ConversationReference> };
}

/** A member of a team's roster, as Teams gives it. */
export interface RosterMember { readonly aadObjectId: string; readonly name: string; readonly email: string | null }

/** Every member of the team, read a page at a time until Teams gives no continuation token. */
export async function readRoster(adapter: CloudAdapter, appId: string, team: TeamRef): Promise<RosterMember[]> {
  const members: RosterMember[] = [];
  await adapter.continueConversationAsync(appId, team.reference, async (context) => {
    let token: string | undefined;
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const result = await TeamsInfo.getPagedTeamMembers(context, team.teamId, ROSTER_PAGE_SIZE, token);
      for (const m of result.members ?? []) {
        const raw = m as { aadObjectId?: unknown; objectId?: unknown; name?: unknown; email?: unknown };
        const id = typeof raw.aadObjectId === 'string' ? raw.aadObjectId : typeof raw.objectId === 'string' ? raw.objectId : undefined;
        if (!id) continue;
        members.push({ aadObjectId: id, name: typeof raw.name === 'string' && raw.name ? raw.name : id, email: typeof raw.email === 'string' ? raw.email : null });
      }
      token = result.continuationToken || undefined;
      if (!token) return;
    }
  });
  return members;
}

/**
 * Opens the personal chat with someone who never installed the app but is a member of a team the
 * app was added to (Teams lets a bot write first to the members of its teams): the bot asks the
 * team for the member (by Entra object id), then creates the one-to-one conversation. Undefined
 * when no team of the workspace has them.
 */
export async function openChatThroughTeam(db: Db, adapter: CloudAdapter, appId: string, target: { workspaceId: string; tenantId: string; aadObjectId: string }): Promise<Partial<ConversationReference> | undefined> {
  const teams = await db.selectFrom('teams_teams').select(['team_id', 'reference']).where('workspace_id', '=', target.workspaceId)
    .orderBy('updated_at', 'desc').execute();
  for (const team of teams) {
    const reference = team.reference as Partial<ConversationReference>;
    if (!reference.serviceUrl) continue;
    let memberId: string | undefined;
    try {
      await adapter.continueConversationAsync(appId, reference, async (context) => {
        memberId = (await TeamsInfo.getTeamMember(context, team.team_id, target.aadObjectId))?.id;
      });
    } catch {
      continue; // not a member of this team (404), or the app left it
    }
    if (!memberId) continue;
    let conversationId: string | undefined;
    // No audience: the connector's default (the Bot Framework's), as for every other call.
    await adapter.createConversationAsync(appId, 'msteams', reference.serviceUrl, undefined as unknown as string, {
      isGroup: false, bot: reference.bot ?? { id: `28:${appId}`, name: '' }, members: [{ id: memberId, name: '' }],
      tenantId: target.tenantId, channelData: { tenant: { id: target.tenantId } },
    } as never, async (context) => { conversationId = context.activity.conversation?.id; });
    if (!conversationId) return undefined;
    return {
      channelId: 'msteams', serviceUrl: reference.serviceUrl, bot: reference.bot,
      conversation: { id: conversationId, conversationType: 'personal', tenantId: target.tenantId, isGroup: false, name: '' },
      user: { id: memberId, name: '', aadObjectId: target.aadObjectId },
    } as Partial<ConversationReference>;
  }
  return undefined;
}
