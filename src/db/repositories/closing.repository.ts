// The closing of a pair: one row per pair and member, made when the member is asked and answered
// once (migration closings). Wins and what was learnt are read only for their author; the word
// for the partner only for the partner; leads only get counts (closingCounts).
import { sql, type Selectable } from 'kysely';
import type { ClosingsTable } from '../schema.ts';
import type { Db } from './db.ts';

export interface Closing {
  readonly id: string;
  readonly matchId: string;
  readonly personId: string;
  readonly askedAt: Date;
  readonly closesAt: Date;
  readonly answeredAt: Date | null;
  readonly wins: string | null;
  readonly learnt: string | null;
  readonly partnerWord: string | null;
}

const toClosing = (r: Selectable<ClosingsTable>): Closing => ({
  id: r.id, matchId: r.match_id, personId: r.person_id, askedAt: r.asked_at, closesAt: r.closes_at, answeredAt: r.answered_at,
  wins: r.wins, learnt: r.learnt, partnerWord: r.partner_word,
});

/** The member's closing of the pair, made at the first ask; `created` is false when it existed. */
export async function openClosingOnce(db: Db, input: { matchId: string; personId: string; at: Date; closesAt: Date }): Promise<{ closing: Closing; created: boolean }> {
  const inserted = await db.insertInto('closings')
    .values({ match_id: input.matchId, person_id: input.personId, asked_at: input.at, closes_at: input.closesAt })
    .onConflict((oc) => oc.columns(['match_id', 'person_id']).doNothing()).returningAll().executeTakeFirst();
  if (inserted) return { closing: toClosing(inserted), created: true };
  const existing = await db.selectFrom('closings').selectAll().where('match_id', '=', input.matchId).where('person_id', '=', input.personId).executeTakeFirstOrThrow();
  return { closing: toClosing(existing), created: false };
}

export async function getClosing(db: Db, id: string): Promise<Closing | undefined> {
  const row = await db.selectFrom('closings').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toClosing(row);
}

export async function closingsOfPerson(db: Db, personId: string): Promise<Closing[]> {
  const rows = await db.selectFrom('closings').selectAll().where('person_id', '=', personId).orderBy('asked_at').execute();
  return rows.map(toClosing);
}

/** Both members' closings of one pair (the caller shows each reader only what is theirs to see). */
export async function closingsOfPair(db: Db, matchId: string): Promise<Closing[]> {
  const rows = await db.selectFrom('closings').selectAll().where('match_id', '=', matchId).execute();
  return rows.map(toClosing);
}

/**
 * Records the answer once, inside the window: the same row answered twice, or a late answer,
 * changes nothing and returns undefined (the caller reads the row again to say which).
 */
export async function answerClosing(db: Db, id: string, answer: { wins: string; learnt: string | null; partnerWord: string | null }, at: Date): Promise<Closing | undefined> {
  const row = await db.updateTable('closings').set({ wins: answer.wins, learnt: answer.learnt, partner_word: answer.partnerWord, answered_at: at })
    .where('id', '=', id).where('answered_at', 'is', null).where('closes_at', '>', at).returningAll().executeTakeFirst();
  return row && toClosing(row);
}

export interface RoundClosingCounts {
  readonly roundId: string;
  readonly windowEnds: Date;
  /** Pairs of the round whose members were asked. */
  readonly pairs: number;
  readonly asked: number;
  readonly answered: number;
}

/**
 * Per completed round of the program: how many members were asked and how many answered, and
 * when the last window of the round ends. Counts only: no text leaves this query.
 */
export async function closingCounts(db: Db, programId: string): Promise<RoundClosingCounts[]> {
  const { rows } = await sql<{ round_id: string; window_ends: Date; pairs: number; asked: number; answered: number }>`
    select m.round_id, max(c.closes_at) as window_ends, count(distinct c.match_id)::int as pairs,
      count(*)::int as asked, count(c.answered_at)::int as answered
    from closings c join matches m on m.id = c.match_id join rounds r on r.id = m.round_id
    where m.program_id = ${programId} and r.state = 'completed'
    group by m.round_id order by min(c.asked_at)`.execute(db);
  return rows.map((r) => ({ roundId: r.round_id, windowEnds: new Date(r.window_ends), pairs: Number(r.pairs), asked: Number(r.asked), answered: Number(r.answered) }));
}
