import type { Selectable, Updateable } from 'kysely';
import type { MatchReason, Pair, PairEvent, PairState } from '../../domain/model.ts';
import type { MatchesTable } from '../schema.ts';
import type { Db } from './db.ts';
import { holdTransactionLock, inTransaction, json } from './db.ts';

export const toPair = (row: Selectable<MatchesTable>): Pair => ({
  id: row.id, workspaceId: row.workspace_id, programId: row.program_id, roundId: row.round_id,
  menteeId: row.mentee_id, mentorId: row.mentor_id, state: row.state, source: row.source, score: row.score,
  reasons: row.reasons as MatchReason[], proposedAt: row.proposed_at, expiresAt: row.expires_at,
  menteeAcceptedAt: row.mentee_accepted_at, mentorAcceptedAt: row.mentor_accepted_at, acceptedAt: row.accepted_at,
  activatedAt: row.activated_at, firstMeetingAt: row.first_meeting_at, pausedUntil: row.paused_until,
  declinedBy: row.declined_by, declineReason: row.decline_reason, endedAt: row.ended_at, endedBy: row.ended_by,
  endReason: row.end_reason, createdAt: row.created_at, updatedAt: row.updated_at,
});

export interface NewPair {
  workspaceId: string; programId: string; roundId: string; menteeId: string; mentorId: string;
  score: number; reasons: MatchReason[]; source?: Pair['source'];
}

/** Deletes one pair of a preview (a draft), never a proposed or later pair. */
export async function deleteDraftPair(db: Db, id: string): Promise<boolean> {
  const result = await db.deleteFrom('matches').where('id', '=', id).where('state', '=', 'draft').executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Replaces the round's preview (draft pairs) with a new one, in one transaction. */
export async function replaceDraftPairs(db: Db, roundId: string, pairs: readonly NewPair[]): Promise<Pair[]> {
  return inTransaction(db, async (trx) => {
    await trx.deleteFrom('matches').where('round_id', '=', roundId).where('state', '=', 'draft').execute();
    if (pairs.length === 0) return [];
    const rows = await trx.insertInto('matches').values(pairs.map((p) => ({
      workspace_id: p.workspaceId, program_id: p.programId, round_id: p.roundId, mentee_id: p.menteeId,
      mentor_id: p.mentorId, score: p.score, reasons: json(p.reasons), source: p.source ?? 'round', updated_at: new Date(),
    }))).returningAll().execute();
    return rows.map(toPair);
  });
}

/**
 * Holds the round's rematches for the rest of the transaction: one rematch of the round at a time
 * reads the mentors' places and proposes. Two proposals expiring together (a publication's all do)
 * would otherwise both read a mentor's last place as free. A transaction-level advisory lock, not
 * the round's row: the end of a round locks its row and then its pairs, a rematch the other way.
 */
export async function holdRematches(db: Db, roundId: string): Promise<void> {
  await holdTransactionLock(db, `rematch:${roundId}`);
}

/**
 * Holds the rematches of every round a person takes part in (an enrollment or a pair there), in
 * round id order, so that two transactions holding several never wait for each other in a circle.
 * An erasure takes them once it has withdrawn the person's proposals (a rematch locks the pair
 * that ended, then its round's rematches: the same order), then reads their proposals again: a
 * rematch at the same moment has either committed its proposal to them, which the erasure then
 * withdraws, or reads them only once erased.
 */
export async function holdRematchesOfPerson(db: Db, personId: string): Promise<void> {
  const rounds = await db.selectFrom('enrollments').select('round_id').where('person_id', '=', personId)
    .union(db.selectFrom('matches').select('round_id').where((eb) => eb.or([eb('mentee_id', '=', personId), eb('mentor_id', '=', personId)])))
    .execute();
  for (const roundId of [...new Set(rounds.map((r) => r.round_id))].sort()) await holdRematches(db, roundId);
}

/** A single proposed pair (incremental rematch), written with its first history event. */
export async function insertProposedPair(db: Db, pair: NewPair, proposedAt: Date, expiresAt: Date): Promise<Pair> {
  return inTransaction(db, async (trx) => {
    const row = await trx.insertInto('matches').values({
      workspace_id: pair.workspaceId, program_id: pair.programId, round_id: pair.roundId, mentee_id: pair.menteeId,
      mentor_id: pair.mentorId, score: pair.score, reasons: json(pair.reasons), source: pair.source ?? 'rematch',
      state: 'proposed', proposed_at: proposedAt, expires_at: expiresAt, updated_at: proposedAt,
    }).returningAll().executeTakeFirstOrThrow();
    await trx.insertInto('match_events').values({ match_id: row.id, from_state: null, to_state: 'proposed', at: proposedAt }).execute();
    return toPair(row);
  });
}

export async function getPair(db: Db, id: string): Promise<Pair | undefined> {
  const row = await db.selectFrom('matches').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toPair(row);
}

export async function listPairs(db: Db, roundId: string, states?: readonly PairState[]): Promise<Pair[]> {
  let query = db.selectFrom('matches').selectAll().where('round_id', '=', roundId);
  if (states) query = states.length ? query.where('state', 'in', [...states]) : query.where((eb) => eb.val(false));
  return (await query.orderBy('score', 'desc').orderBy('id').execute()).map(toPair);
}

/** Pairs a person belongs to, as mentee or mentor. */
export async function listPairsOfPerson(db: Db, personId: string, states?: readonly PairState[]): Promise<Pair[]> {
  let query = db.selectFrom('matches').selectAll()
    .where((eb) => eb.or([eb('mentee_id', '=', personId), eb('mentor_id', '=', personId)]));
  if (states) query = states.length ? query.where('state', 'in', [...states]) : query.where((eb) => eb.val(false));
  return (await query.orderBy('created_at').execute()).map(toPair);
}

/** Every (mentee, mentor) pair the program has ever proposed: never to be repeated. */
export async function pastPairsOfProgram(db: Db, programId: string): Promise<Array<{ menteeId: string; mentorId: string }>> {
  const rows = await db.selectFrom('matches').select(['mentee_id', 'mentor_id'])
    .where('program_id', '=', programId).where('state', '<>', 'draft').execute();
  return rows.map((r) => ({ menteeId: r.mentee_id, mentorId: r.mentor_id }));
}

export type PairPatch = Pick<Updateable<MatchesTable>, 'proposed_at' | 'expires_at' | 'mentee_accepted_at' | 'mentor_accepted_at' |
  'accepted_at' | 'activated_at' | 'first_meeting_at' | 'paused_until' | 'declined_by' | 'decline_reason' | 'ended_at' |
  'ended_by' | 'end_reason'>;

/**
 * Moves a pair to `to` only if it is still in one of `from` (compare-and-set), and records the
 * event in its history in the same transaction. Returns undefined when the pair had moved on.
 * The row is locked `for no key update`, as the update itself would: two changes of a pair run
 * one after the other, while rows pointing to the pair (a goal, a check-in, a message) are still
 * written meanwhile. `for update` would wait for those writers' key-share locks, so two requests
 * that each wrote such a row and then changed the pair would wait for each other (a deadlock).
 */
export async function transitionPair(db: Db, id: string, change: {
  from: readonly PairState[]; to: PairState; patch?: PairPatch; actorId: string | null; at: Date;
}): Promise<Pair | undefined> {
  return inTransaction(db, async (trx) => {
    const before = await trx.selectFrom('matches').select('state').where('id', '=', id).forNoKeyUpdate().executeTakeFirst();
    if (!before || !change.from.includes(before.state)) return undefined;
    const row = await trx.updateTable('matches').set({ ...change.patch, state: change.to, updated_at: change.at })
      .where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    if (before.state !== change.to) {
      await trx.insertInto('match_events').values({ match_id: id, from_state: before.state, to_state: change.to, actor_id: change.actorId, at: change.at }).execute();
    }
    return toPair(row);
  });
}

/** Updates fields of a pair without a state change (e.g. one side's acceptance), if still in `states`. */
export async function patchPair(db: Db, id: string, states: readonly PairState[], patch: PairPatch, at: Date): Promise<Pair | undefined> {
  const row = await db.updateTable('matches').set({ ...patch, updated_at: at })
    .where('id', '=', id).where('state', 'in', [...states]).returningAll().executeTakeFirst();
  return row && toPair(row);
}

export async function listPairEvents(db: Db, matchId: string): Promise<PairEvent[]> {
  const rows = await db.selectFrom('match_events').selectAll().where('match_id', '=', matchId).orderBy('at').orderBy('id').execute();
  return rows.map((r) => ({ matchId: r.match_id, fromState: r.from_state, toState: r.to_state, actorId: r.actor_id, at: r.at }));
}
