// The audit log of one program for its leads: entries about the program itself, its rounds and
// its pairs, newest first, with the actor's display name (null for the bot's own actions).
import { sql } from 'kysely';
import type { Db } from './db.ts';

export interface ProgramAuditEntry { id: number; at: Date; action: string; actorName: string | null; targetType: string | null }

export async function listProgramAudit(db: Db, workspaceId: string, programId: string, limit = 30): Promise<ProgramAuditEntry[]> {
  const { rows } = await sql<{ id: string | number; at: Date; action: string; actor_name: string | null; target_type: string | null }>`
    select a.id, a.at, a.action, p.display_name as actor_name, a.target_type
    from audit_log a left join people p on p.id = a.actor_id
    where a.workspace_id = ${workspaceId} and (
      a.target_id = ${programId}
      or a.target_id in (select r.id::text from rounds r where r.program_id = ${programId})
      or a.target_id in (select m.id::text from matches m where m.program_id = ${programId}))
    order by a.id desc limit ${Math.min(Math.max(limit, 1), 200)}`.execute(db);
  return rows.map((r) => ({ id: Number(r.id), at: new Date(r.at), action: r.action, actorName: r.actor_name, targetType: r.target_type }));
}
