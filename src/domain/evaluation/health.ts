// A program's health from its aggregates, with the privacy rules applied (privacy.ts). Pure:
// counts and sums in, figures out. Figures about answers (check-ins, pulses, goals, reasons) obey
// the minimum group size; answers count only once their period is over (a closed pulse, a past
// month), so a lead reading the report before and after one person answers learns nothing.
// Pair states, which leads see pair by pair anyway (the CSV of pairs), are plain counts.
import { groupEndReason, type EndReasonGroup } from './end-reasons.ts';
import { averageFigure, figure, rateFigure, suppressCells, WITHHELD, type Figure } from './privacy.ts';
import { promoterScore } from './promoter.ts';
import { trendOf, type Trend } from './trend.ts';

export interface HealthInput {
  readonly minGroupSize: number;
  readonly now: Date;
  readonly participants: { invited: number; mentees: number; mentors: number; waitlisted: number };
  readonly pairs: {
    proposed: number; menteesProposed: number; pending: number; acceptedOnce: number; declined: number; expired: number;
    active: number; paused: number; ended: number; endedEarly: number; hoursToAcceptSum: number; firstMeetingDue: number; firstMeetingInTime: number;
  };
  readonly endReasons: ReadonlyArray<string | null>;
  readonly checkinMonths: ReadonlyArray<{ month: Date; asked: number; answered: number; met: number; people: number; answeringPeople: number }>;
  readonly pulseCells: ReadonlyArray<{
    pulseId: string; roundId: string; kind: 'periodic' | 'final'; period: number; opensAt: Date; closesAt: Date; role: 'mentee' | 'mentor';
    n: number; satisfaction: number; relationship: number; progress: number; recommend: number; promoters: number; passives: number; detractors: number;
  }>;
  readonly goals: { goals: number; done: number; pairs: number };
  readonly undelivered: number;
  readonly risk: { months: ReadonlyArray<{ month: Date; raised: number; handled: number }>; open: number };
}

export interface PulseFigures { satisfaction: Figure; relationship: Figure; progress: Figure; recommend: Figure; promoterScore: Figure }
export interface PulsePoint {
  readonly pulseId: string; readonly roundId: string; readonly kind: 'periodic' | 'final'; readonly period: number; readonly opensAt: Date;
  readonly answers: Figure; readonly overall: PulseFigures; readonly byRole: Readonly<Record<'mentee' | 'mentor', PulseFigures>>;
}
export interface CheckinPoint { readonly month: Date; readonly responseRate: Figure; readonly metRate: Figure }

export interface ProgramHealth {
  readonly minGroupSize: number;
  readonly participants: HealthInput['participants'];
  readonly matchRate: number | undefined;
  readonly proposals: { pending: number; accepted: number; declined: number; expired: number; total: number };
  readonly acceptanceRate: number | undefined;
  readonly hoursToAccept: Figure;
  readonly firstMeetingsWithin21Days: Figure;
  readonly pairs: { active: number; paused: number; ended: number; endedEarly: number };
  readonly endReasons: { readonly shown: ReadonlyArray<{ group: EndReasonGroup; count: number }>; readonly withheld: number };
  readonly checkins: {
    asked: number; answered: number; responseRate: Figure; metRate: Figure; months: readonly CheckinPoint[];
    /** The month under way (its first day, UTC) when it has check-ins: they count once it is over. */
    monthUnderWay: Date | undefined;
  };
  readonly pulses: { points: readonly PulsePoint[]; overall: PulseFigures; answers: Figure; trend: Partial<Record<'satisfaction' | 'relationship' | 'progress', Trend>> };
  readonly goalCompletion: Figure;
  readonly undelivered: number;
  readonly risk: HealthInput['risk'];
}

type Sums = { n: number; satisfaction: number; relationship: number; progress: number; recommend: number; promoters: number; passives: number; detractors: number };
const ZERO: Sums = { n: 0, satisfaction: 0, relationship: 0, progress: 0, recommend: 0, promoters: 0, passives: 0, detractors: 0 };
const add = (a: Sums, b: Sums): Sums => ({
  n: a.n + b.n, satisfaction: a.satisfaction + b.satisfaction, relationship: a.relationship + b.relationship, progress: a.progress + b.progress, recommend: a.recommend + b.recommend,
  promoters: a.promoters + b.promoters, passives: a.passives + b.passives, detractors: a.detractors + b.detractors,
});
const HIDDEN: PulseFigures = { satisfaction: WITHHELD, relationship: WITHHELD, progress: WITHHELD, recommend: WITHHELD, promoterScore: WITHHELD };

function pulseFigures(s: Sums, min: number, withheld: boolean): PulseFigures {
  if (withheld || s.n < min || s.n === 0) return HIDDEN;
  return {
    satisfaction: averageFigure(s.satisfaction, s.n, min), relationship: averageFigure(s.relationship, s.n, min),
    progress: averageFigure(s.progress, s.n, min), recommend: averageFigure(s.recommend, s.n, min), promoterScore: figure(promoterScore(s) ?? 0, s.n),
  };
}

function pulses(input: HealthInput): ProgramHealth['pulses'] {
  const min = input.minGroupSize;
  // Only closed pulses: their answers can no longer change, so no figure moves by one answer.
  const closed = input.pulseCells.filter((c) => c.closesAt <= input.now);
  const byPulse = new Map<string, { meta: (typeof closed)[number]; roles: Record<'mentee' | 'mentor', Sums> }>();
  for (const c of closed) {
    const entry = byPulse.get(c.pulseId) ?? { meta: c, roles: { mentee: ZERO, mentor: ZERO } };
    entry.roles[c.role] = add(entry.roles[c.role], c);
    byPulse.set(c.pulseId, entry);
  }
  let all = ZERO;
  const points: PulsePoint[] = [...byPulse.values()].map((e) => {
    const total = add(e.roles.mentee, e.roles.mentor);
    // A pulse answered by too few is left out of every total as well, so that no later total
    // can be differenced back into it.
    const hidden = total.n < min;
    if (!hidden) all = add(all, total);
    // Within a pulse the two roles partition the pulse's figure.
    const roles = suppressCells([{ key: 'mentee', n: e.roles.mentee.n }, { key: 'mentor', n: e.roles.mentor.n }], min);
    return {
      pulseId: e.meta.pulseId, roundId: e.meta.roundId, kind: e.meta.kind, period: e.meta.period, opensAt: e.meta.opensAt,
      answers: hidden ? WITHHELD : figure(total.n, total.n),
      overall: pulseFigures(total, min, hidden),
      byRole: {
        mentee: pulseFigures(e.roles.mentee, min, hidden || roles.withheld.has('mentee')),
        mentor: pulseFigures(e.roles.mentor, min, hidden || roles.withheld.has('mentor')),
      },
    };
  });
  const trend: ProgramHealth['pulses']['trend'] = {};
  for (const k of ['satisfaction', 'relationship', 'progress'] as const) {
    const t = trendOf(points.map((p) => p.overall[k]));
    if (t) trend[k] = t.trend;
  }
  return { points, overall: pulseFigures(all, min, false), answers: all.n >= min ? figure(all.n, all.n) : WITHHELD, trend };
}

function checkins(input: HealthInput): ProgramHealth['checkins'] {
  const min = input.minGroupSize;
  const thisMonth = Date.UTC(input.now.getUTCFullYear(), input.now.getUTCMonth(), 1);
  // Months still under way are left out: their figures would move with each answer. Months with
  // too few people are withheld and left out of the totals, which are sums of shown months only.
  const past = input.checkinMonths.filter((m) => m.month.getTime() < thisMonth);
  const months = past.map((m): CheckinPoint => ({
    month: m.month,
    responseRate: rateFigure(m.answered, m.asked, m.people, min),
    metRate: m.people >= min ? rateFigure(m.met, m.answered, m.answeringPeople, min) : WITHHELD,
  }));
  const counted = past.filter((m) => m.people >= min);
  const metCounted = counted.filter((m) => m.answeringPeople >= min);
  const sum = (rows: typeof past, k: 'asked' | 'answered' | 'met') => rows.reduce((s, m) => s + m[k], 0);
  // Whether the month under way has check-ins, none of its figures (they would move with each answer).
  const underWay = input.checkinMonths.some((m) => m.month.getTime() >= thisMonth && m.asked > 0);
  return {
    asked: sum(counted, 'asked'), answered: sum(counted, 'answered'), months,
    monthUnderWay: underWay ? new Date(thisMonth) : undefined,
    responseRate: counted.length ? figure(sum(counted, 'answered') / sum(counted, 'asked'), sum(counted, 'asked')) : WITHHELD,
    metRate: metCounted.length && sum(metCounted, 'answered') > 0 ? figure(sum(metCounted, 'met') / sum(metCounted, 'answered'), sum(metCounted, 'answered')) : WITHHELD,
  };
}

function endReasons(input: HealthInput): ProgramHealth['endReasons'] {
  const counts = new Map<EndReasonGroup, number>();
  for (const r of input.endReasons) counts.set(groupEndReason(r), (counts.get(groupEndReason(r)) ?? 0) + 1);
  const cells = [...counts.entries()].map(([key, n]) => ({ key, n }));
  // The total (pairs ended early) is shown next to the groups.
  const s = suppressCells(cells, input.minGroupSize);
  // Withheld groups are not even named: naming the only hidden group would tell its reason.
  return { shown: cells.filter((c) => !s.withheld.has(c.key)).sort((a, b) => b.n - a.n || a.key.localeCompare(b.key)).map((c) => ({ group: c.key, count: c.n })),
    withheld: cells.filter((c) => s.withheld.has(c.key)).reduce((n, c) => n + c.n, 0) };
}

export function programHealth(input: HealthInput): ProgramHealth {
  const { pairs: p, participants, minGroupSize: min } = input;
  const outcomes = p.acceptedOnce + p.declined + p.expired;
  return {
    minGroupSize: min, participants,
    matchRate: participants.mentees > 0 ? p.menteesProposed / participants.mentees : undefined,
    proposals: { pending: p.pending, accepted: p.acceptedOnce, declined: p.declined, expired: p.expired, total: p.proposed },
    acceptanceRate: outcomes > 0 ? p.acceptedOnce / outcomes : undefined,
    hoursToAccept: averageFigure(p.hoursToAcceptSum, p.acceptedOnce, min),
    firstMeetingsWithin21Days: rateFigure(p.firstMeetingInTime, p.firstMeetingDue, p.firstMeetingDue, min),
    pairs: { active: p.active, paused: p.paused, ended: p.ended, endedEarly: p.endedEarly },
    endReasons: endReasons(input),
    checkins: checkins(input),
    pulses: pulses(input),
    goalCompletion: rateFigure(input.goals.done, input.goals.goals, input.goals.pairs, min),
    undelivered: input.undelivered,
    risk: input.risk,
  };
}
