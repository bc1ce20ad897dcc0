import type { Selectable } from 'kysely';
import type { Pulse, PulseAnswer, Role } from '../../domain/model.ts';
import type { PulseAnswersTable, PulsesTable } from '../schema.ts';
import type { Db } from './db.ts';

const toPulse = (row: Selectable<PulsesTable>): Pulse =>
  ({ id: row.id, roundId: row.round_id, kind: row.kind, period: row.period, opensAt: row.opens_at, closesAt: row.closes_at });

const toAnswer = (row: Selectable<PulseAnswersTable>): PulseAnswer => ({
  id: row.id, pulseId: row.pulse_id, personId: row.person_id, matchId: row.match_id, role: row.role,
  satisfaction: row.satisfaction, relationship: row.relationship, progress: row.progress, recommend: row.recommend,
  comment: row.comment, answeredAt: row.answered_at,
});

/** The pulse of a round for a period, created once however often it is asked for. */
export async function ensurePulse(db: Db, input: { roundId: string; kind: Pulse['kind']; period: number; opensAt: Date; closesAt: Date }): Promise<Pulse> {
  await db.insertInto('pulses').values({ round_id: input.roundId, kind: input.kind, period: input.period, opens_at: input.opensAt, closes_at: input.closesAt })
    .onConflict((oc) => oc.columns(['round_id', 'kind', 'period']).doNothing()).execute();
  const row = await db.selectFrom('pulses').selectAll().where('round_id', '=', input.roundId)
    .where('kind', '=', input.kind).where('period', '=', input.period).executeTakeFirstOrThrow();
  return toPulse(row);
}

/**
 * `share` (an answer being written): the pulse's release waits until the transaction ends, and a
 * release under way is waited for (see lockPulsesForRelease).
 */
export async function getPulse(db: Db, id: string, lock?: 'share'): Promise<Pulse | undefined> {
  const query = db.selectFrom('pulses').selectAll().where('id', '=', id);
  const row = await (lock ? query.forShare() : query).executeTakeFirst();
  return row && toPulse(row);
}

/**
 * Locks these pulses for their release until the transaction ends: answers being written to them
 * (read under a share lock) are waited for, and answers that come later wait, then find the
 * pulse released. So an answer is in its pulse's release or refused, never thanked and left out.
 * For no key update: that is enough to exclude the share lock, and a pulse is never deleted or
 * re-keyed by its release.
 */
export async function lockPulsesForRelease(db: Db, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.selectFrom('pulses').select('id').where('id', 'in', [...ids]).orderBy('id').forNoKeyUpdate().execute();
}

export async function listPulses(db: Db, roundId: string): Promise<Pulse[]> {
  return (await db.selectFrom('pulses').selectAll().where('round_id', '=', roundId).orderBy('opens_at').execute()).map(toPulse);
}

export interface NewPulseAnswer {
  pulseId: string; personId: string; matchId: string | null; role: Role; satisfaction: number; relationship: number;
  progress: number; recommend: number; comment: string | null; at: Date;
}

/** Stores one person's answer to a pulse; a second answer is refused (returns undefined). */
export async function savePulseAnswer(db: Db, answer: NewPulseAnswer): Promise<PulseAnswer | undefined> {
  const row = await db.insertInto('pulse_answers').values({
    pulse_id: answer.pulseId, person_id: answer.personId, match_id: answer.matchId, role: answer.role,
    satisfaction: answer.satisfaction, relationship: answer.relationship, progress: answer.progress,
    recommend: answer.recommend, comment: answer.comment, answered_at: answer.at,
  }).onConflict((oc) => oc.columns(['pulse_id', 'person_id']).doNothing()).returningAll().executeTakeFirst();
  return row && toAnswer(row);
}

/**
 * Individual answers: for the aggregation code in the core only. Never hand these to a lead or a
 * partner (SPEC §7); reports go through the minimum-group-size rules.
 */
export async function listPulseAnswersForAggregation(db: Db, pulseId: string): Promise<PulseAnswer[]> {
  return (await db.selectFrom('pulse_answers').selectAll().where('pulse_id', '=', pulseId).orderBy('id').execute()).map(toAnswer);
}

export async function hasAnsweredPulse(db: Db, pulseId: string, personId: string): Promise<boolean> {
  const row = await db.selectFrom('pulse_answers').select('id').where('pulse_id', '=', pulseId).where('person_id', '=', personId).executeTakeFirst();
  return row !== undefined;
}
