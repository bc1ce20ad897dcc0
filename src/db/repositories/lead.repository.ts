import type { Db } from './db.ts';

export async function addLead(db: Db, workspaceId: string, personId: string, grantedBy: string | null): Promise<boolean> {
  const result = await db.insertInto('leads').values({ workspace_id: workspaceId, person_id: personId, granted_by: grantedBy })
    .onConflict((oc) => oc.doNothing()).executeTakeFirst();
  return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
}

export async function removeLead(db: Db, workspaceId: string, personId: string): Promise<boolean> {
  const result = await db.deleteFrom('leads').where('workspace_id', '=', workspaceId).where('person_id', '=', personId).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export async function isLead(db: Db, workspaceId: string, personId: string): Promise<boolean> {
  const row = await db.selectFrom('leads').select('person_id')
    .where('workspace_id', '=', workspaceId).where('person_id', '=', personId).executeTakeFirst();
  return row !== undefined;
}

export async function listLeads(db: Db, workspaceId: string): Promise<string[]> {
  const rows = await db.selectFrom('leads').select('person_id').where('workspace_id', '=', workspaceId).orderBy('granted_at').execute();
  return rows.map((r) => r.person_id);
}

export async function setProgramLeads(db: Db, programId: string, personIds: readonly string[]): Promise<void> {
  await db.deleteFrom('program_leads').where('program_id', '=', programId).execute();
  if (personIds.length > 0) {
    await db.insertInto('program_leads').values(personIds.map((person_id) => ({ program_id: programId, person_id }))).execute();
  }
}

export async function listProgramLeads(db: Db, programId: string): Promise<string[]> {
  const rows = await db.selectFrom('program_leads').select('person_id').where('program_id', '=', programId).execute();
  return rows.map((r) => r.person_id).sort();
}
