import type { Db } from './db.ts';
import { json } from './db.ts';

/** Teams: the conversation reference needed to message a person proactively. */
export async function saveConversationRef(db: Db, workspaceId: string, personId: string, reference: Record<string, unknown>): Promise<void> {
  const values = { workspace_id: workspaceId, reference: json(reference), updated_at: new Date() };
  await db.insertInto('conversation_refs').values({ person_id: personId, ...values })
    .onConflict((oc) => oc.column('person_id').doUpdateSet(values)).execute();
}

export async function getConversationRef(db: Db, personId: string): Promise<Record<string, unknown> | undefined> {
  const row = await db.selectFrom('conversation_refs').select('reference').where('person_id', '=', personId).executeTakeFirst();
  return row?.reference;
}

export async function deleteConversationRef(db: Db, personId: string): Promise<void> {
  await db.deleteFrom('conversation_refs').where('person_id', '=', personId).execute();
}
