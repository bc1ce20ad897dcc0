// Bolt's installation store on the installations table: one row per workspace, created by the
// OAuth flow (/slack/install → /slack/oauth_redirect). The bot token lives in `data` only, which
// the repository stores encrypted with MENTOR_SECRET_KEY.
import type { Installation, InstallationQuery, InstallationStore } from '@slack/bolt';
import type { Db } from '../../src/db/repositories/db.ts';
import { deleteInstallation, findInstallation, saveInstallation } from '../../src/db/repositories/installation.repository.ts';
import { findWorkspace, upsertWorkspace } from '../../src/db/repositories/workspace.repository.ts';

/** Org-wide (Enterprise Grid) installs are keyed by the enterprise id, others by the team id. */
const externalIdOf = (q: { isEnterpriseInstall?: boolean; enterpriseId?: string; teamId?: string }): string | undefined =>
  (q.isEnterpriseInstall ? q.enterpriseId : q.teamId) ?? undefined;

export function databaseInstallationStore(db: Db): InstallationStore {
  return {
    async storeInstallation(installation: Installation) {
      const externalId = installation.isEnterpriseInstall ? installation.enterprise?.id : installation.team?.id;
      if (!externalId) throw new Error('slack.install_without_team: the installation names no team or enterprise');
      const name = installation.isEnterpriseInstall ? installation.enterprise?.name : installation.team?.name;
      const workspace = await upsertWorkspace(db, { platform: 'slack', externalId, name: name ?? null });
      await saveInstallation(db, {
        workspaceId: workspace.id, enterpriseId: installation.enterprise?.id ?? null, botUserId: installation.bot?.userId ?? null,
        installerPlatformUserId: installation.user.id, data: installation as unknown as Record<string, unknown>,
      });
    },
    async fetchInstallation(query: InstallationQuery<boolean>) {
      const externalId = externalIdOf(query);
      const workspace = externalId ? await findWorkspace(db, 'slack', externalId) : undefined;
      const row = workspace && await findInstallation(db, workspace.id);
      if (!row) throw new Error(`slack.not_installed: no installation for ${externalId ?? 'an unnamed team'}`);
      return row.data as unknown as Installation;
    },
    async deleteInstallation(query: InstallationQuery<boolean>) {
      const externalId = externalIdOf(query);
      const workspace = externalId ? await findWorkspace(db, 'slack', externalId) : undefined;
      if (workspace) await deleteInstallation(db, workspace.id);
    },
  };
}
