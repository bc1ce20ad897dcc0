// Program leads. A lead acts on the programs listed here for them, nothing else; workspace
// administrators are not stored (they come from the configuration).
import { sql } from 'kysely';
import type { Db } from './db.ts';

export async function addProgramLead(db: Db, programId: string, personId: string, grantedBy: string | null): Promise<boolean> {
  const result = await db.insertInto('program_leads').values({ program_id: programId, person_id: personId, granted_by: grantedBy })
    .onConflict((oc) => oc.doNothing()).executeTakeFirst();
  return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
}

export async function removeProgramLead(db: Db, programId: string, personId: string): Promise<boolean> {
  const result = await db.deleteFrom('program_leads').where('program_id', '=', programId).where('person_id', '=', personId).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export async function isProgramLead(db: Db, programId: string, personId: string): Promise<boolean> {
  const row = await db.selectFrom('program_leads').select('person_id')
    .where('program_id', '=', programId).where('person_id', '=', personId).executeTakeFirst();
  return row !== undefined;
}

/** The programs of a workspace the person leads. */
export async function listLedPrograms(db: Db, workspaceId: string, personId: string): Promise<string[]> {
  const rows = await db.selectFrom('program_leads').innerJoin('programs', 'programs.id', 'program_leads.program_id')
    .select('program_leads.program_id').where('programs.workspace_id', '=', workspaceId).where('program_leads.person_id', '=', personId).execute();
  return rows.map((r) => r.program_id);
}

export async function setProgramLeads(db: Db, programId: string, personIds: readonly string[], grantedBy: string | null = null): Promise<void> {
  await db.deleteFrom('program_leads').where('program_id', '=', programId).execute();
  if (personIds.length > 0) {
    await db.insertInto('program_leads').values(personIds.map((person_id) => ({ program_id: programId, person_id, granted_by: grantedBy }))).execute();
  }
}

export async function listProgramLeads(db: Db, programId: string): Promise<string[]> {
  const rows = await db.selectFrom('program_leads').select('person_id').where('program_id', '=', programId).execute();
  return rows.map((r) => r.person_id).sort();
}

/**
 * Whether the person manages (is the recorded manager of) someone taking part in the program:
 * enrolled in one of its rounds (not withdrawn) or a member of one of its pairs.
 */
export async function managesParticipantOf(db: Db, programId: string, managerId: string): Promise<boolean> {
  const { rows } = await sql<{ found: number }>`
    select 1 as found from people p
    where p.manager_id = ${managerId} and (
      exists (select 1 from enrollments e join rounds r on r.id = e.round_id
              where e.person_id = p.id and r.program_id = ${programId} and e.status <> 'withdrawn')
      or exists (select 1 from matches m where m.program_id = ${programId} and (m.mentee_id = p.id or m.mentor_id = p.id)))
    limit 1`.execute(db);
  return rows.length > 0;
}
