// A small program written straight to the database, with every figure of its report computed by
// hand in health.test.ts. "now" is 2027-06-15 12:00 UTC.
import { programSettingsSchema } from '../../src/domain/program-settings.ts';
import type { Db } from '../../src/db/repositories/db.ts';
import { json } from '../../src/db/repositories/db.ts';

export const NOW = new Date('2027-06-15T12:00:00Z');
const at = (iso: string) => new Date(iso);
const HOUR = 3_600_000, DAY = 24 * HOUR;

export interface Seeded { workspaceId: string; programId: string; roundId: string; mentees: string[]; mentors: string[]; pairs: string[]; pulses: string[] }

type Rating = [number, number, number, number];

/** `workspace` is the workspace's external id: 'T_ACME' puts the program where the memory platform's people are. */
export async function seedProgram(db: Db, minGroupSize = 5, workspace = 'T_EVAL'): Promise<Seeded> {
  const ws = await db.insertInto('workspaces').values({ platform: 'memory', external_id: workspace, name: 'Eval' }).returning('id').executeTakeFirstOrThrow();
  const settings = programSettingsSchema.parse({ topics: [{ key: 'leadership', label: { en: 'Leadership', fr: 'Leadership' } }], minGroupSize });
  const program = await db.insertInto('programs').values({
    workspace_id: ws.id, name: 'Eval program', settings: json(settings), checkin_cadence: settings.checkinCadence, session_minutes: settings.sessionMinutes,
    duration_days: settings.durationDays, default_capacity: settings.defaultCapacity, min_group_size: settings.minGroupSize, retention_days: settings.retentionDays, updated_at: NOW,
  }).returning('id').executeTakeFirstOrThrow();
  const round = await db.insertInto('rounds').values({
    workspace_id: ws.id, program_id: program.id, name: 'Round 1', state: 'running', opened_at: at('2027-02-01T00:00:00Z'), published_at: at('2027-03-01T00:00:00Z'), updated_at: NOW,
  }).returning('id').executeTakeFirstOrThrow();
  const person = async (name: string) => (await db.insertInto('people').values({ workspace_id: ws.id, platform_user_id: `U_${name}`, display_name: name, updated_at: NOW })
    .returning('id').executeTakeFirstOrThrow()).id;
  const mentees: string[] = [], mentors: string[] = [];
  for (let i = 0; i < 8; i++) mentees.push(await person(`Mentee${i}`));
  for (let i = 0; i < 6; i++) mentors.push(await person(`Mentor${i}`));
  // 10 people invited: the 8 mentees and 2 of the mentors.
  await db.insertInto('round_invitations').values([...mentees, mentors[0]!, mentors[1]!].map((person_id) => ({ round_id: round.id, person_id }))).execute();
  await db.insertInto('enrollments').values([...mentees.map((id) => ({ role: 'mentee', id })), ...mentors.map((id) => ({ role: 'mentor', id }))].map((e) => ({
    workspace_id: ws.id, round_id: round.id, person_id: e.id, role: e.role as 'mentee' | 'mentor', status: 'submitted' as const, answers: json({}),
    capacity: e.role === 'mentor' ? 2 : null, consent_at: NOW, submitted_at: NOW, updated_at: NOW,
  }))).execute();

  const proposedAt = at('2027-03-01T00:00:00Z');
  const pairs: string[] = [];
  // p0..p5 accepted after 24, 48 … 144 hours; p0..p3 met within 21 days, p4 after 30, p5 never.
  const states = ['active', 'active', 'active', 'active', 'paused', 'ended'] as const;
  for (let i = 0; i < 6; i++) {
    const acceptedAt = new Date(proposedAt.getTime() + (i + 1) * 24 * HOUR);
    const row = await db.insertInto('matches').values({
      workspace_id: ws.id, program_id: program.id, round_id: round.id, mentee_id: mentees[i]!, mentor_id: mentors[i]!, state: states[i]!, score: 70 + i, reasons: json([]),
      proposed_at: proposedAt, accepted_at: acceptedAt, activated_at: acceptedAt,
      first_meeting_at: i < 4 ? new Date(acceptedAt.getTime() + 10 * DAY) : i === 4 ? new Date(acceptedAt.getTime() + 30 * DAY) : null,
      paused_until: states[i] === 'paused' ? at('2027-07-01T00:00:00Z') : null,
      ended_at: states[i] === 'ended' ? at('2027-05-20T00:00:00Z') : null, ended_by: states[i] === 'ended' ? mentees[i]! : null,
      end_reason: states[i] === 'ended' ? 'Not enough time with my new workload' : null, updated_at: NOW,
    }).returning('id').executeTakeFirstOrThrow();
    pairs.push(row.id);
  }
  for (const [i, state] of [[6, 'declined'], [7, 'expired']] as const) {
    const row = await db.insertInto('matches').values({
      workspace_id: ws.id, program_id: program.id, round_id: round.id, mentee_id: mentees[i]!, mentor_id: mentors[i - 6]!, state, score: 50, reasons: json([]),
      proposed_at: proposedAt, decline_reason: state === 'declined' ? 'private reason' : null, updated_at: NOW,
    }).returning('id').executeTakeFirstOrThrow();
    pairs.push(row.id);
  }

  // Check-ins. April: the 6 members of p0..p2, 5 answered (3 met), 1 missed. May: the 4 members
  // of p3, p4, all answered and met. June (month under way): 2 answered.
  const checkin = (pair: number, personId: string, period: number, due: string, status: 'answered' | 'missed', met: 'yes' | 'not_yet' | null) => ({
    match_id: pairs[pair]!, person_id: personId, period, due_at: at(due), status, prompted_at: at(due),
    answered_at: status === 'answered' ? at(due) : null, met: status === 'answered' ? met : null, usefulness: status === 'answered' ? 4 : null,
    private_note: status === 'answered' ? 'secret note' : null,
  });
  await db.insertInto('checkins').values([
    checkin(0, mentees[0]!, 1, '2027-04-05T10:00:00Z', 'answered', 'yes'), checkin(0, mentors[0]!, 1, '2027-04-05T10:00:00Z', 'answered', 'yes'),
    checkin(1, mentees[1]!, 1, '2027-04-06T10:00:00Z', 'answered', 'yes'), checkin(1, mentors[1]!, 1, '2027-04-06T10:00:00Z', 'answered', 'not_yet'),
    checkin(2, mentees[2]!, 1, '2027-04-07T10:00:00Z', 'answered', 'not_yet'), checkin(2, mentors[2]!, 1, '2027-04-07T10:00:00Z', 'missed', null),
    checkin(3, mentees[3]!, 1, '2027-05-05T10:00:00Z', 'answered', 'yes'), checkin(3, mentors[3]!, 1, '2027-05-05T10:00:00Z', 'answered', 'yes'),
    checkin(4, mentees[4]!, 1, '2027-05-06T10:00:00Z', 'answered', 'yes'), checkin(4, mentors[4]!, 1, '2027-05-06T10:00:00Z', 'answered', 'yes'),
    checkin(0, mentees[0]!, 2, '2027-06-05T10:00:00Z', 'answered', 'yes'), checkin(0, mentors[0]!, 2, '2027-06-05T10:00:00Z', 'answered', 'yes'),
  ]).execute();

  const pulse = async (period: number, opens: string, closes: string) => (await db.insertInto('pulses').values({
    round_id: round.id, kind: 'periodic', period, opens_at: at(opens), closes_at: at(closes),
  }).returning('id').executeTakeFirstOrThrow()).id;
  const pulses = [
    await pulse(1, '2027-04-01T00:00:00Z', '2027-04-15T00:00:00Z'),
    await pulse(2, '2027-05-01T00:00:00Z', '2027-05-15T00:00:00Z'),
    await pulse(3, '2027-06-10T00:00:00Z', '2027-06-24T00:00:00Z'),
  ];
  const answers = (pulseId: string, rows: Array<[string, 'mentee' | 'mentor', Rating, string | null]>) => db.insertInto('pulse_answers').values(rows.map(([personId, role, r, comment]) => ({
    pulse_id: pulseId, person_id: personId, match_id: null, role, satisfaction: r[0], relationship: r[1], progress: r[2], recommend: r[3], comment, answered_at: NOW,
  }))).execute();
  // Pulse 1: 4 mentees + 2 mentors. Pulse 2: 5 mentees + 1 mentor. Pulse 3 (still open): 2.
  await answers(pulses[0]!, [
    [mentees[0]!, 'mentee', [4, 4, 3, 9], 'Great pairing'], [mentees[1]!, 'mentee', [5, 4, 4, 10], null], [mentees[2]!, 'mentee', [3, 4, 3, 6], 'Hard to find time'],
    [mentees[3]!, 'mentee', [4, 5, 4, 8], null], [mentors[0]!, 'mentor', [5, 4, 4, 9], null], [mentors[1]!, 'mentor', [4, 3, 4, 7], null],
  ]);
  await answers(pulses[1]!, [
    ...[0, 1, 2, 3, 4].map((i) => [mentees[i]!, 'mentee', [3, 4, 5, 10], null] as [string, 'mentee', Rating, null]),
    [mentors[0]!, 'mentor', [3, 4, 5, 2], 'Too slow'],
  ]);
  await answers(pulses[2]!, [[mentees[0]!, 'mentee', [1, 1, 1, 0], null], [mentors[0]!, 'mentor', [1, 1, 1, 0], null]]);

  await db.insertInto('goals').values(pairs.slice(0, 6).map((match_id, i) => ({
    match_id, title: `Goal ${i}`, measure: 'measure', target_date: '2027-09-01', progress: i < 3 ? 100 : 40, status: i < 3 ? 'done' as const : 'open' as const, updated_at: NOW,
  }))).execute();
  await db.insertInto('deliveries').values([
    { workspace_id: ws.id, idempotency_key: `d1:${workspace}`, kind: 'checkin', person_id: mentees[0]!, match_id: pairs[0]!, status: 'undeliverable', updated_at: NOW },
    { workspace_id: ws.id, idempotency_key: `d2:${workspace}`, kind: 'checkin', person_id: mentors[0]!, match_id: pairs[0]!, status: 'undeliverable', updated_at: NOW },
    { workspace_id: ws.id, idempotency_key: `d3:${workspace}`, kind: 'checkin', person_id: mentees[1]!, match_id: pairs[1]!, status: 'sent', sent_at: NOW, updated_at: NOW },
  ]).execute();
  await db.insertInto('risk_alerts').values([
    { match_id: pairs[5]!, rule: 'no_first_meeting', detected_at: at('2027-04-10T06:00:00Z'), shared_at: at('2027-04-10T06:00:00Z'), handled_at: at('2027-04-11T06:00:00Z'), action: 'handled' },
    { match_id: pairs[4]!, rule: 'missed_checkins', detected_at: at('2027-05-10T06:00:00Z'), shared_at: at('2027-05-10T06:00:00Z') },
    // Private offers to a member, open and declined: no lead figure counts them.
    { match_id: pairs[3]!, rule: 'low_pulse', person_id: mentees[3]!, detected_at: at('2027-05-12T06:00:00Z') },
    { match_id: pairs[2]!, rule: 'low_pulse', person_id: mentors[2]!, detected_at: at('2027-05-12T06:00:00Z'), handled_at: at('2027-05-13T06:00:00Z'), handled_by: mentors[2]!, action: 'declined' },
  ]).execute();
  return { workspaceId: ws.id, programId: program.id, roundId: round.id, mentees, mentors, pairs, pulses };
}
