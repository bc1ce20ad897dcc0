// The meetings of pairs and of flash sessions (see migrations/2026-12-08T11-00_meetings.ts,
// 2026-12-09T16-00_flash-meetings.ts and flows/pair/find-time.flow.ts).
import { sql, type Selectable } from 'kysely';
import { nextOccurrence, type CalendarSource, type Meeting } from '../../domain/scheduling/meeting.ts';
import type { Interval } from '../../domain/scheduling/slots.ts';
import type { MeetingsTable } from '../schema.ts';
import type { Db } from './db.ts';

const toMeeting = (row: Selectable<MeetingsTable>): Meeting => ({
  id: row.id, workspaceId: row.workspace_id, matchId: row.match_id, flashSessionId: row.flash_session_id, state: row.state,
  slots: row.slots.map((s) => ({ start: new Date(s.start), end: new Date(s.end) })), picks: row.picks, recurring: row.recurring,
  startsAt: row.starts_at, endsAt: row.ends_at, timeZone: row.time_zone, rrule: row.rrule,
  slotSource: row.slot_source, provider: row.provider, externalIds: row.external_ids, joinUrl: row.join_url,
  icsUid: row.ics_uid, icsSequence: row.ics_sequence, fallback: row.fallback,
  requestedBy: row.requested_by, chosenBy: row.chosen_by, createdAt: row.created_at, bookedAt: row.booked_at,
});

/** What a meeting belongs to: a pair, or a flash session. */
export type MeetingSubject = { readonly matchId: string } | { readonly flashSessionId: string };

const subjectColumn = (subject: MeetingSubject) => ('matchId' in subject
  ? { column: 'match_id' as const, id: subject.matchId } : { column: 'flash_session_id' as const, id: subject.flashSessionId });

export interface NewMeeting {
  workspaceId: string; subject: MeetingSubject; slots: readonly Interval[]; recurring: boolean; timeZone: string;
  slotSource: CalendarSource; fallback: string | null; requestedBy: string; icsUid: string; at: Date;
}

/**
 * A new search for the pair, replacing a search still waiting for picks. Undefined while a
 * booking is under way (its calendar call must finish first), and when another search made an
 * open meeting since this one looked (two runs of the search at once: the first one's stands).
 */
export async function createMeeting(db: Db, input: NewMeeting): Promise<Meeting | undefined> {
  const { column, id } = subjectColumn(input.subject);
  const open = await db.selectFrom('meetings').select(['id', 'state']).where(column, '=', id)
    .where('state', 'in', ['offered', 'booking']).forNoKeyUpdate().executeTakeFirst();
  if (open?.state === 'booking') return undefined;
  if (open) await db.updateTable('meetings').set({ state: 'superseded', updated_at: input.at }).where('id', '=', open.id).execute();
  const row = await db.insertInto('meetings').values({
    workspace_id: input.workspaceId, [column]: id, slots: JSON.stringify(input.slots.map((s) => ({ start: s.start.toISOString(), end: s.end.toISOString() }))),
    recurring: input.recurring, time_zone: input.timeZone, slot_source: input.slotSource, fallback: input.fallback,
    requested_by: input.requestedBy, ics_uid: input.icsUid, created_at: input.at, updated_at: input.at,
  }).onConflict((oc) => oc.column(column).where(sql<boolean>`state in ('offered', 'booking')`).doNothing()).returningAll().executeTakeFirst();
  return row && toMeeting(row);
}

/**
 * One meeting; `lock` holds its row until the transaction ends (two clicks at once queue up), for
 * no key update: it is only updated afterwards.
 */
export async function getMeeting(db: Db, id: string, lock = false): Promise<Meeting | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  const query = db.selectFrom('meetings').selectAll().where('id', '=', id);
  const row = await (lock ? query.forNoKeyUpdate() : query).executeTakeFirst();
  return row && toMeeting(row);
}

export async function openMeetingOf(db: Db, subject: MeetingSubject): Promise<Meeting | undefined> {
  const { column, id } = subjectColumn(subject);
  const row = await db.selectFrom('meetings').selectAll().where(column, '=', id).where('state', 'in', ['offered', 'booking']).executeTakeFirst();
  return row && toMeeting(row);
}

/** A flash session's booked meeting, the latest agreed (a new booking replaces the earlier one). */
export async function bookedFlashMeeting(db: Db, flashSessionId: string): Promise<Meeting | undefined> {
  const row = await db.selectFrom('meetings').selectAll().where('flash_session_id', '=', flashSessionId).where('state', '=', 'booked')
    .orderBy('booked_at', 'desc').executeTakeFirst();
  return row && toMeeting(row);
}

/**
 * A flash session booked again: its earlier booked meetings no longer hold anyone's time and wait
 * for their calendar event (or .ics invitation) to be withdrawn ('cancel_pending'). Their ids.
 */
export async function cancelEarlierFlashMeetings(db: Db, flashSessionId: string, keepId: string, at: Date): Promise<string[]> {
  const rows = await db.updateTable('meetings').set({ state: 'cancel_pending', updated_at: at })
    .where('flash_session_id', '=', flashSessionId).where('state', '=', 'booked').where('id', '<>', keepId).returning('id').execute();
  return rows.map((r) => r.id);
}

/**
 * The withdrawal is done: the meeting is 'cancelled', and its .ics SEQUENCE is the one the
 * cancellation carried. False when it was no longer waiting (done by an earlier run).
 */
export async function markCancelled(db: Db, id: string, at: Date): Promise<boolean> {
  const result = await db.updateTable('meetings').set((eb) => ({ state: 'cancelled', ics_sequence: eb('ics_sequence', '+', 1), updated_at: at }))
    .where('id', '=', id).where('state', '=', 'cancel_pending').executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function recordPicks(db: Db, id: string, picks: Record<string, number>, at: Date): Promise<void> {
  await db.updateTable('meetings').set({ picks: JSON.stringify(picks), updated_at: at }).where('id', '=', id).execute();
}

/** Both chose `slot`: the meeting waits for its calendar booking. */
export async function markBooking(db: Db, id: string, input: { slot: Interval; picks: Record<string, number>; chosenBy: string; rrule: string | null; at: Date }): Promise<void> {
  await db.updateTable('meetings').set({
    state: 'booking', picks: JSON.stringify(input.picks), starts_at: input.slot.start, ends_at: input.slot.end, chosen_by: input.chosenBy,
    rrule: input.rrule, updated_at: input.at,
  }).where('id', '=', id).execute();
}

export async function markBooked(db: Db, id: string, input: { provider: CalendarSource; externalIds: Record<string, string>; joinUrl: string | null; fallback: string | null; at: Date }): Promise<void> {
  await db.updateTable('meetings').set({
    state: 'booked', provider: input.provider, external_ids: JSON.stringify(input.externalIds), join_url: input.joinUrl, fallback: input.fallback,
    booked_at: input.at, updated_at: input.at,
  }).where('id', '=', id).where('state', '=', 'booking').execute();
}

export async function setMeetingState(db: Db, id: string, state: Meeting['state'], at: Date): Promise<void> {
  await db.updateTable('meetings').set({ state, updated_at: at }).where('id', '=', id).execute();
}

/**
 * Booked or booking meetings of any pair or flash session these people are in, overlapping
 * [from, to): their busy times.
 */
export async function meetingsOfPeople(db: Db, personIds: readonly string[], from: Date, to: Date): Promise<Interval[]> {
  if (personIds.length === 0) return [];
  const rows = await db.selectFrom('meetings').leftJoin('matches', 'matches.id', 'meetings.match_id')
    .leftJoin('flash_sessions', 'flash_sessions.id', 'meetings.flash_session_id')
    .select(['meetings.starts_at', 'meetings.ends_at', 'meetings.time_zone', 'meetings.rrule'])
    .where('meetings.state', 'in', ['booked', 'booking'])
    .where((eb) => eb.or([
      eb('matches.mentee_id', 'in', personIds), eb('matches.mentor_id', 'in', personIds),
      eb('flash_sessions.asker_id', 'in', personIds), eb('flash_sessions.mentor_id', 'in', personIds),
    ]))
    .where('meetings.starts_at', '<', to)
    .execute();
  const out: Interval[] = [];
  for (const row of rows) {
    let next = nextOccurrence({ startsAt: row.starts_at, endsAt: row.ends_at, timeZone: row.time_zone, rrule: row.rrule }, new Date(from.getTime() - 1 - 86_400_000));
    for (let guard = 0; next && next.start < to && guard < 100; guard += 1) {
      if (next.end > from) out.push(next);
      next = nextOccurrence({ startsAt: row.starts_at, endsAt: row.ends_at, timeZone: row.time_zone, rrule: row.rrule }, next.start);
    }
  }
  return out;
}

/**
 * The pair's next booked meeting after `now` (the next occurrence of a series), for the reminder
 * and preparation sent the day before. Undefined when nothing is booked ahead.
 */
export async function nextMeetingOf(db: Db, matchId: string, now: Date): Promise<(Interval & { meeting: Meeting }) | undefined> {
  const rows = await db.selectFrom('meetings').selectAll().where('match_id', '=', matchId).where('state', '=', 'booked')
    .where((eb) => eb.or([eb('starts_at', '>', now), eb('rrule', 'is not', null)])).orderBy('starts_at').execute();
  let best: (Interval & { meeting: Meeting }) | undefined;
  for (const row of rows) {
    const meeting = toMeeting(row);
    const next = nextOccurrence(meeting, now);
    if (next && (!best || next.start < best.start)) best = { ...next, meeting };
  }
  return best;
}

/** Meetings of these pairs, for a person's data export. */
export async function meetingsOfPairs(db: Db, matchIds: readonly string[]): Promise<unknown[]> {
  if (matchIds.length === 0) return [];
  return db.selectFrom('meetings').selectAll().where('match_id', 'in', matchIds).orderBy('created_at').execute();
}

/** Meetings of the flash sessions this person asked for or gave, for their data export. */
export async function meetingsOfFlashSessions(db: Db, personId: string): Promise<unknown[]> {
  return db.selectFrom('meetings').selectAll().where('flash_session_id', 'in', db.selectFrom('flash_sessions').select('id')
    .where((eb) => eb.or([eb('asker_id', '=', personId), eb('mentor_id', '=', personId)]))).orderBy('created_at').execute();
}

/** Erasure: the meetings of their pairs and of their flash sessions go (times, calendar ids and picks are about both people). */
export async function deleteMeetingsOfPerson(db: Db, personId: string): Promise<void> {
  await db.deleteFrom('meetings').where('match_id', 'in', db.selectFrom('matches').select('id')
    .where((eb) => eb.or([eb('mentee_id', '=', personId), eb('mentor_id', '=', personId)]))).execute();
  await db.deleteFrom('meetings').where('flash_session_id', 'in', db.selectFrom('flash_sessions').select('id')
    .where((eb) => eb.or([eb('asker_id', '=', personId), eb('mentor_id', '=', personId)]))).execute();
}
