import type { Db } from './db.ts';
import { json } from './db.ts';
import { open, seal, secretKeyring, type SecretKeyring } from '../../secrets/secret-box.ts';

export interface Installation {
  workspaceId: string; enterpriseId: string | null; botUserId: string | null;
  installerPlatformUserId: string | null; data: Record<string, unknown>;
}

// The whole platform installation (Slack's OAuth result: bot token, user token, refresh token…)
// is stored sealed, as `{ "sealed": "mk1…" }`, bound to its workspace.
export const installationContext = (workspaceId: string): string => `installations:${workspaceId}`;

export function sealInstallationData(keyring: SecretKeyring, workspaceId: string, data: Record<string, unknown>): { sealed: string } {
  return { sealed: seal(keyring, JSON.stringify(data), installationContext(workspaceId)) };
}

export function openInstallationData(keyring: SecretKeyring, workspaceId: string, stored: Record<string, unknown>): Record<string, unknown> {
  const sealed = typeof stored.sealed === 'string' ? stored.sealed : '';
  return JSON.parse(open(keyring, sealed, installationContext(workspaceId)).toString('utf8')) as Record<string, unknown>;
}

/** Stores a platform installation (e.g. Slack OAuth result, bot token included) for a workspace. */
export async function saveInstallation(db: Db, input: Installation): Promise<void> {
  const values = {
    workspace_id: input.workspaceId, enterprise_id: input.enterpriseId, bot_user_id: input.botUserId,
    installer_platform_user_id: input.installerPlatformUserId,
    data: json(sealInstallationData(secretKeyring(), input.workspaceId, input.data)), updated_at: new Date(),
  };
  await db.insertInto('installations').values(values)
    .onConflict((oc) => oc.column('workspace_id').doUpdateSet(values)).execute();
}

export async function findInstallation(db: Db, workspaceId: string): Promise<Installation | undefined> {
  const row = await db.selectFrom('installations').selectAll().where('workspace_id', '=', workspaceId).executeTakeFirst();
  return row && {
    workspaceId: row.workspace_id, enterpriseId: row.enterprise_id, botUserId: row.bot_user_id,
    installerPlatformUserId: row.installer_platform_user_id, data: openInstallationData(secretKeyring(), row.workspace_id, row.data),
  };
}

export async function deleteInstallation(db: Db, workspaceId: string): Promise<boolean> {
  const result = await db.deleteFrom('installations').where('workspace_id', '=', workspaceId).executeTakeFirst();
  return result.numDeletedRows > 0n;
}
