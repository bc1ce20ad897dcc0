import type { Db } from '../db/repositories/db.ts';
import type { Platform } from '../domain/model.ts';

// What the core needs to know about platform users it has not met yet: their profile, and the
// members of a channel or user group a lead invites to a round. Adapters implement it (Slack
// users.info / conversations.members / usergroups.users.list; Teams: the paged roster of a team
// the bot is installed in).

export interface PlatformProfile {
  readonly platformUserId: string;
  readonly displayName: string;
  readonly locale?: string | null;
  readonly timezone?: string | null;
  readonly email?: string | null;
  readonly isBot?: boolean;
  readonly deactivated?: boolean;
}

export interface Directory {
  /**
   * A user's profile, or undefined when the platform does not know them. The core says which
   * platform the workspace is on, so a process serving several can route without a look-up.
   */
  profile(workspaceExternalId: string, platformUserId: string, platform?: Platform): Promise<PlatformProfile | undefined>;
  /**
   * Members of a channel / user group / team, as platform user ids (bots excluded). `within` is
   * the caller's transaction, for an adapter that keeps what it needs in the database (Teams: the
   * teams the bot is installed in); on the embedded database a query outside it would wait for it.
   */
  members(workspaceExternalId: string, audience: string, platform?: Platform, within?: Db): Promise<readonly string[]>;
}
