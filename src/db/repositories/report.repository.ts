// Set-based aggregates for program reports: one query per group of figures, whatever the size
// of the program. Only counts and sums leave these queries, never an individual answer (the
// privacy rules of domain/evaluation are applied on top, when a period is released). Months are
// UTC calendar months.
import { sql } from 'kysely';
import type { Db } from './db.ts';

/**
 * Program-wide on purpose: a report on one round or a date range, read next to the program-wide
 * one, would give the rest back by subtraction (see flows/evaluation/report-summary.ts).
 */
export interface ReportScope {
  readonly programId: string;
}

const monthStart = (ym: unknown): Date => new Date(`${String(ym)}-01T00:00:00Z`);
const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

export interface ParticipantCounts { invited: number; mentees: number; mentors: number; waitlisted: number }

export async function countParticipants(db: Db, s: ReportScope): Promise<ParticipantCounts> {
  const { rows } = await sql<{ invited: number; mentees: number; mentors: number; waitlisted: number }>`
    select
      (select count(distinct ri.person_id)::int from round_invitations ri join rounds r on r.id = ri.round_id
        where r.program_id = ${s.programId}) as invited,
      (select count(distinct e.person_id)::int from enrollments e join rounds r on r.id = e.round_id
        where r.program_id = ${s.programId} and e.status = 'submitted' and coalesce(e.approval, 'approved') = 'approved' and e.role = 'mentee') as mentees,
      (select count(distinct e.person_id)::int from enrollments e join rounds r on r.id = e.round_id
        where r.program_id = ${s.programId} and e.status = 'submitted' and coalesce(e.approval, 'approved') = 'approved' and e.role = 'mentor') as mentors,
      (select count(*)::int from waitlist w where w.program_id = ${s.programId}) as waitlisted`.execute(db);
  const r = rows[0];
  return { invited: num(r?.invited), mentees: num(r?.mentees), mentors: num(r?.mentors), waitlisted: num(r?.waitlisted) };
}

export interface PairCounts {
  proposed: number; menteesProposed: number; pending: number; acceptedOnce: number; declined: number; expired: number;
  active: number; paused: number; ended: number; endedEarly: number;
  /** Hours from proposal to acceptance, summed over accepted pairs. */
  hoursToAcceptSum: number;
  /** Accepted pairs whose 21 days are over, and those of them that met within the 21 days. */
  firstMeetingDue: number; firstMeetingInTime: number;
}

export async function countPairs(db: Db, s: ReportScope, now: Date): Promise<PairCounts> {
  const due = new Date(now.getTime() - 21 * 86_400_000);
  const { rows } = await sql<Record<keyof PairCounts, unknown>>`
    select count(*)::int as "proposed",
      count(distinct m.mentee_id)::int as "menteesProposed",
      count(*) filter (where m.state = 'proposed')::int as "pending",
      count(m.accepted_at)::int as "acceptedOnce",
      count(*) filter (where m.state = 'declined')::int as "declined",
      count(*) filter (where m.state = 'expired')::int as "expired",
      count(*) filter (where m.state = 'active')::int as "active",
      count(*) filter (where m.state = 'paused')::int as "paused",
      count(*) filter (where m.state = 'ended')::int as "ended",
      count(*) filter (where m.state = 'ended' and m.ended_by is not null)::int as "endedEarly",
      coalesce(sum(extract(epoch from (m.accepted_at - m.proposed_at)) / 3600.0), 0)::float8 as "hoursToAcceptSum",
      count(*) filter (where m.accepted_at <= ${due})::int as "firstMeetingDue",
      count(*) filter (where m.accepted_at <= ${due} and m.first_meeting_at is not null
        and m.first_meeting_at <= m.accepted_at + interval '21 days')::int as "firstMeetingInTime"
    from matches m
    where m.program_id = ${s.programId} and m.state <> 'draft'`.execute(db);
  const r = rows[0] ?? {};
  return Object.fromEntries(Object.entries(r).map(([k, v]) => [k, num(v)])) as unknown as PairCounts;
}

/** The private reasons of pairs ended early, with the UTC month they ended in, for grouping inside the core only. */
export async function listEndReasonsByMonth(db: Db, s: ReportScope): Promise<Array<{ month: Date; reason: string | null }>> {
  const { rows } = await sql<{ month: string; end_reason: string | null }>`
    select to_char(m.ended_at at time zone 'UTC', 'YYYY-MM') as month, m.end_reason from matches m
    where m.program_id = ${s.programId} and m.state = 'ended' and m.ended_by is not null and m.ended_at is not null`.execute(db);
  return rows.map((r) => ({ month: monthStart(r.month), reason: r.end_reason }));
}

export interface CheckinMonth { month: Date; asked: number; answered: number; met: number; people: number; answeringPeople: number }

/**
 * Per UTC month of the program's check-ins: asked, answered, met, and how many people were asked
 * and answered. Read from the tallies the database keeps per person and month (migration
 * checkin-tallies), so a refresh reads one row per person and month, not every check-in.
 */
export async function checkinsByMonth(db: Db, s: ReportScope): Promise<CheckinMonth[]> {
  const { rows } = await sql<Record<keyof CheckinMonth, unknown>>`
    select to_char(t.month::timestamp, 'YYYY-MM') as "month", sum(t.asked)::int as "asked", sum(t.answered)::int as "answered",
      sum(t.met)::int as "met", count(*) filter (where t.asked > 0)::int as "people", count(*) filter (where t.answered > 0)::int as "answeringPeople"
    from checkin_tallies t
    where t.program_id = ${s.programId}
    group by t.month having sum(t.asked) > 0 order by t.month`.execute(db);
  return rows.map((r) => ({
    month: monthStart(r.month),
    asked: num(r.asked), answered: num(r.answered), met: num(r.met), people: num(r.people), answeringPeople: num(r.answeringPeople),
  }));
}

export interface PulseCell {
  pulseId: string; roundId: string; kind: 'periodic' | 'final'; period: number; opensAt: Date; closesAt: Date;
  role: 'mentee' | 'mentor'; n: number; satisfaction: number; relationship: number; progress: number; recommend: number;
  promoters: number; passives: number; detractors: number;
}

/** Per pulse and role, for the given pulses: how many answered and the sums of their ratings. */
export async function pulseCells(db: Db, s: ReportScope, pulseIds: readonly string[]): Promise<PulseCell[]> {
  if (pulseIds.length === 0) return [];
  const { rows } = await sql<Record<keyof PulseCell, unknown>>`
    select p.id as "pulseId", p.round_id as "roundId", p.kind, p.period, p.opens_at as "opensAt", p.closes_at as "closesAt",
      a.role, count(*)::int as n, sum(a.satisfaction)::int as satisfaction, sum(a.relationship)::int as relationship,
      sum(a.progress)::int as progress, sum(a.recommend)::int as recommend,
      count(*) filter (where a.recommend >= 9)::int as promoters,
      count(*) filter (where a.recommend between 7 and 8)::int as passives,
      count(*) filter (where a.recommend <= 6)::int as detractors
    from pulses p join rounds r on r.id = p.round_id join pulse_answers a on a.pulse_id = p.id
    where r.program_id = ${s.programId} and p.id in (${sql.join(pulseIds.map((id) => sql`${id}::uuid`))})
    group by p.id, a.role order by p.opens_at, p.id, a.role`.execute(db);
  return rows.map((r) => ({
    pulseId: String(r.pulseId), roundId: String(r.roundId), kind: r.kind as PulseCell['kind'], period: num(r.period),
    opensAt: new Date(r.opensAt as Date), closesAt: new Date(r.closesAt as Date), role: r.role as PulseCell['role'],
    n: num(r.n), satisfaction: num(r.satisfaction), relationship: num(r.relationship), progress: num(r.progress), recommend: num(r.recommend),
    promoters: num(r.promoters), passives: num(r.passives), detractors: num(r.detractors),
  }));
}

export interface ClosedPulse { pulseId: string; roundId: string; kind: 'periodic' | 'final'; period: number; opensAt: Date }

/** The program's pulses whose answer window has closed by `now`, oldest first. */
export async function listClosedPulses(db: Db, s: ReportScope, now: Date): Promise<ClosedPulse[]> {
  const rows = await db.selectFrom('pulses').innerJoin('rounds', 'rounds.id', 'pulses.round_id')
    .select(['pulses.id', 'pulses.round_id', 'pulses.kind', 'pulses.period', 'pulses.opens_at'])
    .where('rounds.program_id', '=', s.programId).where('pulses.closes_at', '<=', now).orderBy('pulses.opens_at').orderBy('pulses.id').execute();
  return rows.map((r) => ({ pulseId: r.id, roundId: r.round_id, kind: r.kind, period: r.period, opensAt: r.opens_at }));
}

/** Comments of the given pulses, for the core's release rules only (no names, no ids). */
export async function listPulseComments(db: Db, pulseIds: readonly string[]): Promise<Array<{ pulseId: string; comment: string }>> {
  if (pulseIds.length === 0) return [];
  const rows = await db.selectFrom('pulse_answers').select(['pulse_id', 'comment']).where('pulse_id', 'in', [...pulseIds])
    .where('comment', 'is not', null).where('comment', '<>', '').execute();
  return rows.map((r) => ({ pulseId: r.pulse_id, comment: r.comment ?? '' }));
}

/** The first month (UTC) the program has anything to report on: its first proposed pair or check-in. */
export async function firstReportMonth(db: Db, s: ReportScope): Promise<Date | undefined> {
  const { rows } = await sql<{ month: string | null }>`
    select to_char(least(
      (select min(date_trunc('month', m.proposed_at at time zone 'UTC')) from matches m where m.program_id = ${s.programId} and m.state <> 'draft'),
      (select min(t.month)::timestamp from checkin_tallies t where t.program_id = ${s.programId})), 'YYYY-MM') as month`.execute(db);
  return rows[0]?.month ? monthStart(rows[0].month) : undefined;
}

/** Whether check-ins are asked in the month starting at `from` or later (only whether: their counts stay inside). */
export async function hasCheckinsFrom(db: Db, s: ReportScope, from: Date): Promise<boolean> {
  const row = await db.selectFrom('checkin_tallies').select('month').where('program_id', '=', s.programId)
    .where('month', '>=', from.toISOString().slice(0, 10)).where('asked', '>', 0).limit(1).executeTakeFirst();
  return row !== undefined;
}

export interface GoalCounts { goals: number; done: number; pairs: number }

/** Goals set before `before` (dropped ones aside), those done, and the pairs they belong to. */
export async function countGoals(db: Db, s: ReportScope, before: Date): Promise<GoalCounts> {
  const { rows } = await sql<Record<keyof GoalCounts, unknown>>`
    select count(*)::int as goals, count(*) filter (where g.status = 'done')::int as done, count(distinct g.match_id)::int as pairs
    from goals g join matches m on m.id = g.match_id
    where m.program_id = ${s.programId} and g.status <> 'dropped' and g.created_at < ${before}`.execute(db);
  const r = rows[0];
  return { goals: num(r?.goals), done: num(r?.done), pairs: num(r?.pairs) };
}

export async function countUndelivered(db: Db, s: ReportScope): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from deliveries d join matches m on m.id = d.match_id
    where d.status = 'undeliverable' and m.program_id = ${s.programId}`.execute(db);
  return num(rows[0]?.n);
}

export interface RiskMonth { month: Date; raised: number; handled: number }

/** Alerts leads could see, by the month they could first see them; private offers never count. */
export async function riskAlertsByMonth(db: Db, s: ReportScope): Promise<{ months: RiskMonth[]; open: number }> {
  const { rows } = await sql<Record<keyof RiskMonth, unknown>>`
    select to_char(a.shared_at at time zone 'UTC', 'YYYY-MM') as "month", count(*)::int as raised, count(a.handled_at)::int as handled
    from risk_alerts a join matches m on m.id = a.match_id
    where m.program_id = ${s.programId} and a.shared_at is not null
    group by 1 order by 1`.execute(db);
  // Open: the pairs a lead has to look at (one card per pair, whatever its number of alerts).
  const open = await sql<{ n: number }>`
    select count(distinct a.match_id)::int as n from risk_alerts a join matches m on m.id = a.match_id
    where m.program_id = ${s.programId} and a.handled_at is null and a.shared_at is not null`.execute(db);
  return {
    months: rows.map((r) => ({ month: monthStart(r.month), raised: num(r.raised), handled: num(r.handled) })),
    open: num(open.rows[0]?.n),
  };
}
