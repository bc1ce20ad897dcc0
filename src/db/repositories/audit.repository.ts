import type { AuditEntry } from '../../domain/model.ts';
import type { Db } from './db.ts';
import { json } from './db.ts';

export interface NewAuditEntry {
  workspaceId: string; actorId: string | null; action: string; targetType?: string | null; targetId?: string | null;
  details?: Record<string, unknown>; at?: Date;
}

export async function recordAudit(db: Db, entry: NewAuditEntry): Promise<void> {
  await db.insertInto('audit_log').values({
    workspace_id: entry.workspaceId, actor_id: entry.actorId, action: entry.action, target_type: entry.targetType ?? null,
    target_id: entry.targetId ?? null, details: json(entry.details ?? {}), ...(entry.at ? { at: entry.at } : {}),
  }).execute();
}

/** The audit log of a workspace, newest first, optionally for one target (e.g. a program). */
export async function listAudit(db: Db, workspaceId: string, options: { targetId?: string; limit?: number; before?: number } = {}): Promise<AuditEntry[]> {
  let query = db.selectFrom('audit_log').selectAll().where('workspace_id', '=', workspaceId);
  if (options.targetId) query = query.where('target_id', '=', options.targetId);
  if (options.before) query = query.where('id', '<', options.before);
  const rows = await query.orderBy('id', 'desc').limit(Math.min(options.limit ?? 50, 500)).execute();
  return rows.map((r) => ({
    id: r.id, workspaceId: r.workspace_id, actorId: r.actor_id, action: r.action, targetType: r.target_type,
    targetId: r.target_id, details: r.details, at: r.at,
  }));
}
