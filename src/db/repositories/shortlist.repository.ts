// Shortlists of a round (docs/programs.md, "Shortlist choice"): the mentors offered to each mentee
// and the mentee's ranking. A ranking is only ever read by the matcher (as a bonus) and counted
// for leads; no one but the mentee sees it.
import type { Selectable } from 'kysely';
import type { MatchReason } from '../../domain/matching/match-reason.ts';
import type { ShortlistsTable } from '../schema.ts';
import type { Db } from './db.ts';

export interface Shortlist {
  roundId: string;
  menteeId: string;
  /** Offered mentors, best fit first. */
  mentorIds: string[];
  /** Why each offered mentor fits, by mentor id (rendered leniently: an unknown reason is skipped). */
  reasons: Record<string, MatchReason[]>;
  /** The mentee's ranking, first choice first; null until they answer. */
  ranking: string[] | null;
  rankedAt: Date | null;
}

const ids = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

function reasonsOf(v: unknown): Record<string, MatchReason[]> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return {};
  return Object.fromEntries(Object.entries(v).map(([id, list]) => [id, Array.isArray(list)
    ? list.filter((r): r is MatchReason => typeof r === 'object' && r !== null && typeof (r as { code?: unknown }).code === 'string') : []]));
}

const toShortlist = (row: Selectable<ShortlistsTable>): Shortlist => ({
  roundId: row.round_id, menteeId: row.mentee_id, mentorIds: ids(row.mentor_ids), reasons: reasonsOf(row.reasons),
  ranking: row.ranking === null ? null : ids(row.ranking), rankedAt: row.ranked_at,
});

/** Stores the round's shortlists; a mentee who already has one keeps it (the start is replayable). */
export async function saveShortlists(db: Db, roundId: string,
  lists: readonly { menteeId: string; mentorIds: readonly string[]; reasons: Readonly<Record<string, readonly MatchReason[]>> }[]): Promise<void> {
  if (lists.length === 0) return;
  await db.insertInto('shortlists')
    .values(lists.map((l) => ({ round_id: roundId, mentee_id: l.menteeId, mentor_ids: JSON.stringify(l.mentorIds), reasons: JSON.stringify(l.reasons) })))
    .onConflict((oc) => oc.columns(['round_id', 'mentee_id']).doNothing()).execute();
}

export async function getShortlist(db: Db, roundId: string, menteeId: string): Promise<Shortlist | undefined> {
  const row = await db.selectFrom('shortlists').selectAll().where('round_id', '=', roundId).where('mentee_id', '=', menteeId).executeTakeFirst();
  return row && toShortlist(row);
}

export async function listShortlists(db: Db, roundId: string): Promise<Shortlist[]> {
  const rows = await db.selectFrom('shortlists').selectAll().where('round_id', '=', roundId).orderBy('mentee_id').execute();
  return rows.map(toShortlist);
}

/** Records a ranking while the round's ranking is still open (checked in the same statement). */
export async function saveRanking(db: Db, roundId: string, menteeId: string, ranking: readonly string[], at: Date): Promise<boolean> {
  const result = await db.updateTable('shortlists').set({ ranking: JSON.stringify(ranking), ranked_at: at })
    .where('round_id', '=', roundId).where('mentee_id', '=', menteeId)
    .where(({ exists, selectFrom }) => exists(selectFrom('rounds').select('rounds.id').whereRef('rounds.id', '=', 'shortlists.round_id')
      .where('rounds.state', '=', 'closed').where('rounds.ranking_closed_at', 'is', null).where('rounds.ranking_deadline', '>', at)))
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Opens the ranking of a closed round until `deadline`, once (compare-and-set). */
export async function openRanking(db: Db, roundId: string, deadline: Date): Promise<boolean> {
  const result = await db.updateTable('rounds').set({ ranking_deadline: deadline, updated_at: new Date() })
    .where('id', '=', roundId).where('state', '=', 'closed').where('ranking_deadline', 'is', null).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Ends the ranking (deadline or a lead); false when it had already ended. */
export async function closeRanking(db: Db, roundId: string, at: Date): Promise<boolean> {
  const result = await db.updateTable('rounds').set({ ranking_closed_at: at, updated_at: new Date() })
    .where('id', '=', roundId).where('state', '=', 'closed').where('ranking_deadline', 'is not', null).where('ranking_closed_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

