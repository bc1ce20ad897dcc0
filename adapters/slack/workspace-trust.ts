// Which workspace a single-workspace install (SLACK_BOT_TOKEN, no OAuth) serves. A request that
// Slack signed can still name any team id; acting on it would create that workspace and treat it
// as ours, so requests for any other team are refused. The installed team is what `auth.test`
// says of the bot token, asked once (again after a failure); Bolt's authorization uses the same
// answer instead of an auth.test of its own. OAuth installs need no such check:
// Bolt finds no installation for a team that never installed the app, and nothing runs.
import type { TeamClaim } from './payload-schemas.ts';

export interface InstalledTeam {
  readonly teamId: string | undefined;
  readonly enterpriseId: string | undefined;
  /** An org-wide install on Enterprise Grid: every workspace of the enterprise is ours. */
  readonly enterpriseInstall: boolean;
  /** The bot's own ids, so Bolt can tell the bot's events from people's. */
  readonly botId: string | undefined;
  readonly botUserId: string | undefined;
}

export type TrustVerdict = 'trusted' | 'foreign' | 'unknown';

export class WorkspaceTrust {
  readonly #lookup: () => Promise<InstalledTeam>;
  #installed: Promise<InstalledTeam> | undefined;

  constructor(lookup: () => Promise<InstalledTeam>) {
    this.#lookup = lookup;
  }

  /** The installed team, looked up once; a failed lookup is retried by the next caller. */
  installed(): Promise<InstalledTeam> {
    this.#installed ??= this.#lookup().catch((err: unknown) => { this.#installed = undefined; throw err; });
    return this.#installed;
  }

  /** 'unknown' when the installed team can not be learned right now (Slack unreachable). */
  async check(claim: TeamClaim): Promise<TrustVerdict> {
    let installed: InstalledTeam;
    try {
      installed = await this.installed();
    } catch {
      return 'unknown';
    }
    return isInstalledTeam(installed, claim) ? 'trusted' : 'foreign';
  }
}

/**
 * The claim is read as the listeners read it (teamOf: `team.id`, else `user.team_id`), so the
 * workspace that would be created or acted for is the one compared.
 */
export function isInstalledTeam(installed: InstalledTeam, claim: TeamClaim): boolean {
  if (installed.enterpriseInstall && installed.enterpriseId) {
    return claim.enterpriseId === installed.enterpriseId || claim.teamId === installed.enterpriseId;
  }
  return claim.teamId !== undefined && claim.teamId === installed.teamId;
}

interface AuthTestClient {
  auth: { test(): Promise<{ team_id?: string; enterprise_id?: string; is_enterprise_install?: boolean; bot_id?: string; user_id?: string }> };
}

/** The installed team of a bot token, from Slack's `auth.test`. */
export function authTestLookup(client: AuthTestClient): () => Promise<InstalledTeam> {
  return async () => {
    const answer = await client.auth.test();
    if (!answer.team_id && !answer.enterprise_id) throw new Error('slack.auth_test_without_team: auth.test named no team for the bot token');
    return {
      teamId: answer.team_id || undefined, enterpriseId: answer.enterprise_id || undefined, enterpriseInstall: Boolean(answer.is_enterprise_install),
      botId: answer.bot_id || undefined, botUserId: answer.user_id || undefined,
    };
  };
}
