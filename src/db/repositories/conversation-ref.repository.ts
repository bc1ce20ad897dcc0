import { sql } from 'kysely';
import { inTransaction, json, type Db } from './db.ts';
import { holdOffErasure } from './person-data.repository.ts';

/**
 * Teams: the conversation reference needed to message a person proactively (it holds their name
 * and ids). Written only when new or changed, under the lock that holds off their erasure: one
 * confirmed at this moment deletes it, or is waited for and nothing is saved (false: they are
 * erased by then).
 */
export async function saveConversationRef(db: Db, workspaceId: string, personId: string, reference: Record<string, unknown>): Promise<boolean> {
  return inTransaction(db, async (trx) => {
    if (!(await holdOffErasure(trx, personId))) return false;
    const values = { workspace_id: workspaceId, reference: json(reference), updated_at: new Date() };
    await trx.insertInto('conversation_refs').values({ person_id: personId, ...values })
      .onConflict((oc) => oc.column('person_id').doUpdateSet(values)).execute();
    return true;
  });
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
