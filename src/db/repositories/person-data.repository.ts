// Everything the database holds about one person, for `export` and `delete` (SPEC §8). Kept in
// one place so a new table that references people is added to both at once.
import type { Db } from './db.ts';

/** The person's own rows. Pairs carry the reasons only the person wrote; check-ins are theirs alone. */
export async function collectPersonData(db: Db, personId: string): Promise<Record<string, unknown>> {
  const person = await db.selectFrom('people').selectAll().where('id', '=', personId).executeTakeFirst();
  const matches = await db.selectFrom('matches').selectAll()
    .where((eb) => eb.or([eb('mentee_id', '=', personId), eb('mentor_id', '=', personId)])).execute();
  const matchIds = matches.map((m) => m.id);
  return {
    person,
    programLeads: await db.selectFrom('program_leads').selectAll().where('person_id', '=', personId).execute(),
    enrollments: await db.selectFrom('enrollments').selectAll().where('person_id', '=', personId).execute(),
    waitlist: await db.selectFrom('waitlist').selectAll().where('person_id', '=', personId).execute(),
    roundInvitations: await db.selectFrom('round_invitations').selectAll().where('person_id', '=', personId).execute(),
    // The partner's private reasons are theirs: only reasons this person gave are exported.
    matches: matches.map((m) => ({
      ...m,
      decline_reason: m.declined_by === personId ? m.decline_reason : null,
      end_reason: m.ended_by === personId ? m.end_reason : null,
    })),
    goals: matchIds.length > 0 ? await db.selectFrom('goals').selectAll().where('match_id', 'in', matchIds).execute() : [],
    checkins: await db.selectFrom('checkins').selectAll().where('person_id', '=', personId).execute(),
    pulseAnswers: await db.selectFrom('pulse_answers').selectAll().where('person_id', '=', personId).execute(),
    conversationRefs: await db.selectFrom('conversation_refs').select(['workspace_id', 'updated_at']).where('person_id', '=', personId).execute(),
    deliveries: await db.selectFrom('deliveries').select(['idempotency_key', 'kind', 'status', 'created_at', 'sent_at']).where('person_id', '=', personId).execute(),
  };
}

/**
 * Deletes what is private or personal and not needed for aggregates: private notes, the reasons
 * the person gave, pulse comments, conversation references, roles, waitlist places, unsent
 * messages to them. Counts and ratings stay, attached to the anonymised person row.
 */
export async function erasePersonalTraces(db: Db, personId: string, at: Date): Promise<void> {
  await db.updateTable('checkins').set({ private_note: null }).where('person_id', '=', personId).execute();
  await db.updateTable('matches').set({ decline_reason: null, updated_at: at }).where('declined_by', '=', personId).execute();
  await db.updateTable('matches').set({ end_reason: null, updated_at: at }).where('ended_by', '=', personId).execute();
  await db.updateTable('pulse_answers').set({ comment: null }).where('person_id', '=', personId).execute();
  await db.deleteFrom('conversation_refs').where('person_id', '=', personId).execute();
  await db.deleteFrom('waitlist').where('person_id', '=', personId).execute();
  await db.deleteFrom('program_leads').where('person_id', '=', personId).execute();
  await db.deleteFrom('report_codes').where('person_id', '=', personId).execute();
  await db.deleteFrom('report_sessions').where('person_id', '=', personId).execute();
  await db.deleteFrom('round_invitations').where('person_id', '=', personId).execute();
  await db.updateTable('deliveries').set({ status: 'cancelled', error: 'recipient erased', updated_at: at })
    .where('person_id', '=', personId).where('status', 'in', ['pending', 'failed']).execute();
  await db.updateTable('enrollments').set({ answers: null, updated_at: at }).where('person_id', '=', personId).execute();
}
