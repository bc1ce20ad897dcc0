import { holdTransactionLock, type Db } from './db.ts';

export type MatchRuleKind = 'pin' | 'forbid';
export interface MatchRule { roundId: string; menteeId: string; mentorId: string; kind: MatchRuleKind; createdBy: string | null }

/**
 * Until the transaction ends, the round's pins are this transaction's to read and set: a pin is
 * checked against the pins and seats so far and written, or the mentees are seated in circles
 * (who must not be pinned), one at a time per round.
 */
export async function holdRoundPins(db: Db, roundId: string): Promise<void> {
  await holdTransactionLock(db, `match_pins:${roundId}`);
}

/** A lead's pin (forced pair) or forbid for a round; setting one replaces the other. */
export async function setMatchRule(db: Db, rule: MatchRule): Promise<void> {
  await db.insertInto('match_rules').values({
    round_id: rule.roundId, mentee_id: rule.menteeId, mentor_id: rule.mentorId, kind: rule.kind, created_by: rule.createdBy,
  }).onConflict((oc) => oc.columns(['round_id', 'mentee_id', 'mentor_id']).doUpdateSet({ kind: rule.kind, created_by: rule.createdBy })).execute();
}

export async function removeMatchRule(db: Db, roundId: string, menteeId: string, mentorId: string): Promise<boolean> {
  const result = await db.deleteFrom('match_rules').where('round_id', '=', roundId)
    .where('mentee_id', '=', menteeId).where('mentor_id', '=', mentorId).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export async function listMatchRules(db: Db, roundId: string): Promise<MatchRule[]> {
  const rows = await db.selectFrom('match_rules').selectAll().where('round_id', '=', roundId).orderBy('created_at').execute();
  return rows.map((r) => ({ roundId: r.round_id, menteeId: r.mentee_id, mentorId: r.mentor_id, kind: r.kind, createdBy: r.created_by }));
}
