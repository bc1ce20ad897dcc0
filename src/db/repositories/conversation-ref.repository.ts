import { sql } from 'kysely';
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

/**
 * The person whose stored conversation reference has this channel account id (Teams mentions
 * name people by their Bot Framework id, "29:…", not by the directory id we key people on).
 */
export async function findPersonByConversationUser(db: Db, workspaceId: string, channelUserId: string): Promise<{ id: string; platformUserId: string } | undefined> {
  const row = await db.selectFrom('conversation_refs').innerJoin('people', 'people.id', 'conversation_refs.person_id')
    .select(['people.id', 'people.platform_user_id'])
    .where('conversation_refs.workspace_id', '=', workspaceId)
    .where(sql<string>`conversation_refs.reference -> 'user' ->> 'id'`, '=', channelUserId)
    .executeTakeFirst();
  return row && { id: row.id, platformUserId: row.platform_user_id };
}
