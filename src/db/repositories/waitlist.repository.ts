import type { Db } from './db.ts';

export type WaitlistReason = 'no_open_round' | 'unmatched' | 'rematch';

export async function addToWaitlist(db: Db, input: { programId: string; personId: string; role: 'mentee' | 'mentor'; reason: WaitlistReason }): Promise<void> {
  await db.insertInto('waitlist').values({ program_id: input.programId, person_id: input.personId, role: input.role, reason: input.reason })
    .onConflict((oc) => oc.columns(['program_id', 'person_id', 'role']).doUpdateSet({ reason: input.reason })).execute();
}

export async function listWaitlist(db: Db, programId: string): Promise<Array<{ personId: string; role: 'mentee' | 'mentor'; reason: WaitlistReason; since: Date }>> {
  const rows = await db.selectFrom('waitlist').selectAll().where('program_id', '=', programId).orderBy('created_at').execute();
  return rows.map((r) => ({ personId: r.person_id, role: r.role, reason: r.reason, since: r.created_at }));
}

export async function removeFromWaitlist(db: Db, programId: string, personId: string): Promise<void> {
  await db.deleteFrom('waitlist').where('program_id', '=', programId).where('person_id', '=', personId).execute();
}
