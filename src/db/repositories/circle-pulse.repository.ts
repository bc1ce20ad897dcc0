// Pulse answers about circles: one per pulse, circle and person, written once.
import type { Db } from './db.ts';

export async function hasAnsweredCirclePulse(db: Db, pulseId: string, circleId: string, personId: string): Promise<boolean> {
  const row = await db.selectFrom('circle_pulse_answers').select('person_id')
    .where('pulse_id', '=', pulseId).where('circle_id', '=', circleId).where('person_id', '=', personId).executeTakeFirst();
  return row !== undefined;
}

/** False when this person already answered this pulse for this circle (nothing changes then). */
export async function saveCirclePulseAnswer(db: Db, a: { pulseId: string; circleId: string; personId: string; satisfaction: number; progress: number; at: Date }): Promise<boolean> {
  const row = await db.insertInto('circle_pulse_answers').values({
    pulse_id: a.pulseId, circle_id: a.circleId, person_id: a.personId, satisfaction: a.satisfaction, progress: a.progress, answered_at: a.at,
  }).onConflict((oc) => oc.doNothing()).returning('person_id').executeTakeFirst();
  return row !== undefined;
}
