import type { Selectable } from 'kysely';
import type { Circle, CircleMember } from '../../domain/circles/circle.ts';
import type { CirclesTable } from '../schema.ts';
import type { Db } from './db.ts';

const toCircle = (row: Selectable<CirclesTable>): Circle => ({
  id: row.id, workspaceId: row.workspace_id, programId: row.program_id, roundId: row.round_id, topic: row.topic,
  seats: row.seats, mentorId: row.mentor_id, coMentorId: row.co_mentor_id, state: row.state, spaceId: row.space_id,
  spaceName: row.space_name, openedBy: row.opened_by, createdAt: row.created_at, startedAt: row.started_at,
});

export interface NewCircle {
  workspaceId: string; programId: string; roundId: string; topic: string; seats: number;
  mentorId: string; coMentorId: string | null; openedBy: string;
}

/** Creates the circle, or gives back the one this mentor already has on this topic in the round. */
export async function createCircle(db: Db, c: NewCircle): Promise<{ circle: Circle; created: boolean }> {
  const row = await db.insertInto('circles').values({
    workspace_id: c.workspaceId, program_id: c.programId, round_id: c.roundId, topic: c.topic, seats: c.seats,
    mentor_id: c.mentorId, co_mentor_id: c.coMentorId, opened_by: c.openedBy,
  }).onConflict((oc) => oc.columns(['round_id', 'topic', 'mentor_id']).doNothing()).returningAll().executeTakeFirst();
  if (row) return { circle: toCircle(row), created: true };
  const existing = await db.selectFrom('circles').selectAll()
    .where('round_id', '=', c.roundId).where('topic', '=', c.topic).where('mentor_id', '=', c.mentorId).executeTakeFirstOrThrow();
  return { circle: toCircle(existing), created: false };
}

export async function getCircle(db: Db, id: string): Promise<Circle | undefined> {
  const row = await db.selectFrom('circles').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toCircle(row);
}

/**
 * The round's circles, oldest first. `share`: each is held as read until the transaction ends (an
 * erasure ending one at the same moment waits, or is waited for and read); taken in this order,
 * the order an erasure locks its circles in (person-data.repository.ts), so neither waits for the other twice.
 */
export async function listCircles(db: Db, roundId: string, lock?: 'share'): Promise<Circle[]> {
  const query = db.selectFrom('circles').selectAll().where('round_id', '=', roundId).orderBy('created_at').orderBy('id');
  return (await (lock ? query.forShare() : query).execute()).map(toCircle);
}

/** Circles a person leads or sits in that have started (running or ended: a late click is told it ended). */
export async function startedCirclesOf(db: Db, personId: string): Promise<Circle[]> {
  const rows = await db.selectFrom('circles').selectAll('circles').where('state', 'in', ['active', 'ended'])
    .where((eb) => eb.or([
      eb('mentor_id', '=', personId), eb('co_mentor_id', '=', personId),
      eb.exists(eb.selectFrom('circle_members').select('circle_members.person_id')
        .whereRef('circle_members.circle_id', '=', 'circles.id').where('circle_members.person_id', '=', personId)),
    ])).orderBy('created_at').execute();
  return rows.map(toCircle);
}

export async function listMembers(db: Db, circleId: string): Promise<CircleMember[]> {
  const rows = await db.selectFrom('circle_members').selectAll().where('circle_id', '=', circleId).orderBy('joined_at').orderBy('person_id').execute();
  return rows.map((r) => ({ circleId: r.circle_id, personId: r.person_id, score: r.score, joinedAt: r.joined_at }));
}

/** Mentees seated in any circle of the round. */
export async function seatedInRound(db: Db, roundId: string): Promise<string[]> {
  return (await db.selectFrom('circle_members').select('person_id').where('round_id', '=', roundId).execute()).map((r) => r.person_id);
}

/**
 * Seats a mentee; false when they already sit in a circle of this round, or have erased their
 * data. Their row is read under a key-share lock: an erasure at this moment (which locks the
 * person's row before taking them out of their circles) is waited for and read, or waits for the
 * seat and takes it away.
 */
export async function seatMember(db: Db, circle: Circle, personId: string, score: number, at: Date): Promise<boolean> {
  const row = await db.insertInto('circle_members')
    .columns(['circle_id', 'round_id', 'person_id', 'score', 'joined_at'])
    .expression((eb) => eb.selectFrom('people')
      .select((s) => [s.val(circle.id).as('circle_id'), s.val(circle.roundId).as('round_id'), 'people.id', s.val(score).as('score'), s.val(at).as('joined_at')])
      .where('people.id', '=', personId).where('people.erased_at', 'is', null).forKeyShare())
    .onConflict((oc) => oc.doNothing()).returning('person_id').executeTakeFirst();
  return row !== undefined;
}

/** Forming → active. */
export async function startCircle(db: Db, id: string, at: Date): Promise<boolean> {
  const r = await db.updateTable('circles').set({ state: 'active', started_at: at }).where('id', '=', id).where('state', '=', 'forming').executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

/** The round is over: its circles end (no more check-ins; `admin circles` says so). */
export async function endCirclesOfRound(db: Db, roundId: string): Promise<void> {
  await db.updateTable('circles').set({ state: 'ended' }).where('round_id', '=', roundId).where('state', '<>', 'ended').execute();
}

/** Records the circle's conversation; false when one is recorded already (the first one stays). */
export async function recordSpace(db: Db, id: string, spaceId: string, spaceName: string): Promise<boolean> {
  const r = await db.updateTable('circles').set({ space_id: spaceId, space_name: spaceName }).where('id', '=', id).where('space_id', 'is', null).executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

export async function recordCircleCheckin(db: Db, a: { circleId: string; personId: string; period: number; met: 'yes' | 'not_yet'; usefulness: number | null; at: Date }): Promise<boolean> {
  const row = await db.insertInto('circle_checkins').values({
    circle_id: a.circleId, person_id: a.personId, period: a.period, met: a.met, usefulness: a.usefulness, answered_at: a.at,
  }).onConflict((oc) => oc.doNothing()).returning('period').executeTakeFirst();
  return row !== undefined;
}
