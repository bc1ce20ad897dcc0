import { sql, type Selectable } from 'kysely';
import type { Checkin, CheckinStatus, MetAnswer, Pair, Person, Program } from '../../domain/model.ts';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { toPair } from './pair.repository.ts';
import { personFromJson } from './person.repository.ts';
import { toProgram } from './program.repository.ts';
import type { CheckinsTable } from '../schema.ts';
import type { Db } from './db.ts';
import { json } from './db.ts';

const toCheckin = (row: Selectable<CheckinsTable>): Checkin => ({
  id: row.id, matchId: row.match_id, personId: row.person_id, period: row.period, dueAt: row.due_at, status: row.status,
  promptedAt: row.prompted_at, answeredAt: row.answered_at, met: row.met, usefulness: row.usefulness,
  goalProgress: row.goal_progress, privateNote: row.private_note, nextSteps: row.next_steps, adviceApplied: row.advice_applied,
});

/** Creates the check-in of one member for one period; scheduling it twice keeps the first. */
export async function scheduleCheckin(db: Db, input: { matchId: string; personId: string; period: number; dueAt: Date }): Promise<Checkin> {
  return (await scheduleCheckinOnce(db, input)).checkin;
}

/** As scheduleCheckin, saying whether this call created the row (the existing one is read only then). */
export async function scheduleCheckinOnce(db: Db, input: { matchId: string; personId: string; period: number; dueAt: Date }): Promise<{ checkin: Checkin; created: boolean }> {
  const inserted = await db.insertInto('checkins').values({ match_id: input.matchId, person_id: input.personId, period: input.period, due_at: input.dueAt })
    .onConflict((oc) => oc.columns(['match_id', 'period', 'person_id']).doNothing()).returningAll().executeTakeFirst();
  if (inserted) return { checkin: toCheckin(inserted), created: true };
  const row = await db.selectFrom('checkins').selectAll().where('match_id', '=', input.matchId)
    .where('period', '=', input.period).where('person_id', '=', input.personId).executeTakeFirstOrThrow();
  return { checkin: toCheckin(row), created: false };
}

/**
 * A scheduled check-in falls due, in one statement: it becomes `prompted` while its pair is
 * active, `cancelled` otherwise (paused, ended). Gives the check-in as it now is and its pair;
 * undefined when it was not scheduled.
 */
export async function promptDueCheckin(db: Db, id: string, at: Date): Promise<{ checkin: Pick<Checkin, 'id' | 'matchId' | 'personId' | 'dueAt' | 'status'>; pair: Pair } | undefined> {
  const row = await db.updateTable('checkins').from('matches').set({
    status: sql<CheckinStatus>`case when matches.state = 'active' then 'prompted' else 'cancelled' end`,
    prompted_at: sql<Date | null>`case when matches.state = 'active' then ${at}::timestamptz else checkins.prompted_at end`,
  }).whereRef('matches.id', '=', 'checkins.match_id').where('checkins.id', '=', id).where('checkins.status', '=', 'scheduled')
    .returningAll('matches')
    .returning(['checkins.person_id as checkin_person_id', 'checkins.due_at as checkin_due_at', 'checkins.status as checkin_status'])
    .executeTakeFirst();
  if (!row) return undefined;
  const { checkin_person_id: personId, checkin_due_at: dueAt, checkin_status: status, ...match } = row;
  return { checkin: { id, matchId: match.id, personId, dueAt, status }, pair: toPair(match) };
}

/** What planning a pair's next check-ins needs: its program, its round's end, both members with their check-ins. */
export interface PlanContext {
  program: Program;
  roundEndsAt: Date | null;
  members: Array<{ person: Person; checkins: Array<Pick<Checkin, 'period' | 'status'>> }>;
}

/** The pair's PlanContext in one query; undefined when its program or round is gone. */
export async function getPlanContext(db: Db, pair: Pick<Pair, 'id' | 'programId' | 'roundId' | 'menteeId' | 'mentorId'>): Promise<PlanContext | undefined> {
  const row = await db.selectFrom('programs').innerJoin('rounds', (join) => join.on('rounds.id', '=', pair.roundId))
    .selectAll('programs').select('rounds.ends_at as round_ends_at')
    .select((eb) => jsonArrayFrom(eb.selectFrom('people').selectAll('people')
      .select((inner) => jsonArrayFrom(inner.selectFrom('checkins').select(['checkins.period', 'checkins.status'])
        .whereRef('checkins.person_id', '=', 'people.id').where('checkins.match_id', '=', pair.id)).as('member_checkins'))
      .where('people.id', 'in', [pair.menteeId, pair.mentorId])).as('members'))
    .where('programs.id', '=', pair.programId).executeTakeFirst();
  if (!row) return undefined;
  const { round_ends_at: roundEndsAt, members, ...program } = row;
  return {
    program: toProgram(program), roundEndsAt,
    members: members.map(({ member_checkins: checkins, ...person }) => ({ person: personFromJson(person), checkins })),
  };
}

/** A check-in with a few of its fields and its pair, in one query (composing its prompt). */
export async function getCheckinWithPair(db: Db, id: string): Promise<{ checkin: Pick<Checkin, 'id' | 'personId' | 'status'>; pair: Pair } | undefined> {
  const row = await db.selectFrom('checkins').innerJoin('matches', 'matches.id', 'checkins.match_id').selectAll('matches')
    .select(['checkins.person_id as checkin_person_id', 'checkins.status as checkin_status'])
    .where('checkins.id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const { checkin_person_id: personId, checkin_status: status, ...match } = row;
  return { checkin: { id, personId, status }, pair: toPair(match) };
}

export async function getCheckin(db: Db, id: string): Promise<Checkin | undefined> {
  const row = await db.selectFrom('checkins').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toCheckin(row);
}

export async function listCheckins(db: Db, matchId: string): Promise<Checkin[]> {
  return (await db.selectFrom('checkins').selectAll().where('match_id', '=', matchId).orderBy('period').orderBy('person_id').execute()).map(toCheckin);
}

/** The person's check-in waiting for an answer, most recent first. */
export async function findOpenCheckin(db: Db, personId: string, matchId?: string): Promise<Checkin | undefined> {
  let query = db.selectFrom('checkins').selectAll().where('person_id', '=', personId).where('status', 'in', ['prompted', 'missed']);
  if (matchId) query = query.where('match_id', '=', matchId);
  const row = await query.orderBy('due_at', 'desc').executeTakeFirst();
  return row && toCheckin(row);
}

export async function setCheckinStatus(db: Db, id: string, from: readonly CheckinStatus[], to: CheckinStatus, at: Date): Promise<boolean> {
  const result = await db.updateTable('checkins').set({ status: to, ...(to === 'prompted' ? { prompted_at: at } : {}) })
    .where('id', '=', id).where('status', 'in', [...from]).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export interface CheckinAnswer {
  met: MetAnswer; usefulness: number | null; goalProgress: Record<string, number>; privateNote: string | null;
  /** Shared with the partner; absent means none. */
  nextSteps?: string | null; adviceApplied?: string | null;
}

/** Records an answer once; a second answer to the same check-in changes nothing and returns undefined. */
export async function answerCheckin(db: Db, id: string, answer: CheckinAnswer, at: Date): Promise<Checkin | undefined> {
  const row = await db.updateTable('checkins').set({
    status: 'answered', answered_at: at, met: answer.met, usefulness: answer.usefulness,
    goal_progress: json(answer.goalProgress), private_note: answer.privateNote,
    next_steps: answer.nextSteps ?? null, advice_applied: answer.adviceApplied ?? null,
  }).where('id', '=', id).where('status', 'in', ['scheduled', 'prompted', 'missed']).returningAll().executeTakeFirst();
  return row && toCheckin(row);
}

/** One member's shared lines of one check-in: what they agreed to do next, and the advice they applied. */
export interface SharedNote {
  personId: string; period: number; answeredAt: Date; nextSteps: string | null; adviceApplied: string | null;
}

/**
 * The pair's latest shared lines: those of the most recent period in which either member wrote
 * some, one entry per member who did, mentee's and mentor's in answer order. Never the private note.
 */
export async function latestSharedNotes(db: Db, matchId: string): Promise<SharedNote[]> {
  const rows = await db.selectFrom('checkins').select(['person_id', 'period', 'answered_at', 'next_steps', 'advice_applied'])
    .where('match_id', '=', matchId).where('status', '=', 'answered')
    .where((eb) => eb.or([eb('next_steps', 'is not', null), eb('advice_applied', 'is not', null)]))
    .orderBy('period', 'desc').orderBy('answered_at').execute();
  const latest = rows[0]?.period;
  return rows.filter((r) => r.period === latest && r.answered_at).map((r) => ({
    personId: r.person_id, period: r.period, answeredAt: r.answered_at!, nextSteps: r.next_steps, adviceApplied: r.advice_applied,
  }));
}

/** Every line the pair shared at its check-ins (next steps, advice applied), oldest first. Never a private note. */
export async function allSharedNotes(db: Db, matchId: string): Promise<SharedNote[]> {
  const rows = await db.selectFrom('checkins').select(['person_id', 'period', 'answered_at', 'next_steps', 'advice_applied'])
    .where('match_id', '=', matchId).where('status', '=', 'answered').where('answered_at', 'is not', null)
    .where((eb) => eb.or([eb('next_steps', 'is not', null), eb('advice_applied', 'is not', null)]))
    .orderBy('answered_at').execute();
  return rows.map((r) => ({ personId: r.person_id, period: r.period, answeredAt: r.answered_at!, nextSteps: r.next_steps, adviceApplied: r.advice_applied }));
}
