// A program's health from its released periods (release.ts) and its live headcounts. Pure.
// Figures about answers (check-ins, pulses, goals, end reasons) come only from releases: each
// closed period was computed once, with the minimum group size of its release, and never moves
// afterwards, so a lead reading the report before and after any event learns nothing from it.
// Totals are sums of shown released periods only. Pair states and headcounts, which leads see
// row by row anyway (the CSV of pairs), are live plain counts.
import type { EndReasonGroup } from './end-reasons.ts';
import { averageFigure, figure, rateFigure, WITHHELD, type Figure } from './privacy.ts';
import { promoterScore } from './promoter.ts';
import { addSums, ZERO_SUMS, type MonthRelease, type PulseRelease, type Sums } from './release.ts';
import { trendOf, type Trend } from './trend.ts';

export interface HealthInput {
  readonly minGroupSize: number;
  readonly now: Date;
  readonly participants: { invited: number; mentees: number; mentors: number; waitlisted: number };
  readonly pairs: {
    proposed: number; menteesProposed: number; pending: number; acceptedOnce: number; declined: number; expired: number;
    active: number; paused: number; ended: number; endedEarly: number; hoursToAcceptSum: number; firstMeetingDue: number; firstMeetingInTime: number;
  };
  /** Every released period of the program. */
  readonly releases: { readonly pulses: readonly PulseRelease[]; readonly months: readonly MonthRelease[] };
  /** Whether the month under way has check-ins (none of its counts: they would move with each answer). */
  readonly checkinsUnderWay: boolean;
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
  readonly endReasons: {
    readonly shown: ReadonlyArray<{ group: EndReasonGroup; count: number }>; readonly withheld: number;
    /** Per released month with pairs ended early, as released. */
    readonly months: ReadonlyArray<{ month: Date; shown: ReadonlyArray<{ group: EndReasonGroup; count: number }>; withheld: number }>;
  };
  readonly checkins: {
    asked: number; answered: number; responseRate: Figure; metRate: Figure; months: readonly CheckinPoint[];
    /** The month under way (its first day, UTC) when it has check-ins: they count once it is over. */
    monthUnderWay: Date | undefined;
  };
  readonly pulses: {
    points: readonly PulsePoint[]; overall: PulseFigures; answers: Figure; trend: Partial<Record<'satisfaction' | 'relationship' | 'progress', Trend>>;
    /** Comments of the released pulses, newest pulse first, each pulse's in its release's random order. */
    comments: readonly string[];
  };
  /** Goal completion as released with the last month that is over. */
  readonly goalCompletion: Figure;
  readonly undelivered: number;
  readonly risk: HealthInput['risk'];
}

const HIDDEN: PulseFigures = { satisfaction: WITHHELD, relationship: WITHHELD, progress: WITHHELD, recommend: WITHHELD, promoterScore: WITHHELD };

function pulseFigures(s: Sums | null, min: number): PulseFigures {
  if (!s || s.n === 0) return HIDDEN;
  return {
    satisfaction: averageFigure(s.satisfaction, s.n, min), relationship: averageFigure(s.relationship, s.n, min),
    progress: averageFigure(s.progress, s.n, min), recommend: averageFigure(s.recommend, s.n, min), promoterScore: figure(promoterScore(s) ?? 0, s.n),
  };
}

const byTime = <T>(at: (x: T) => Date) => (a: T, b: T): number => at(a).getTime() - at(b).getTime();

function pulses(input: HealthInput): ProgramHealth['pulses'] {
  const released = [...input.releases.pulses].sort(byTime((p) => p.opensAt));
  let all = ZERO_SUMS;
  const points: PulsePoint[] = released.map((p) => {
    // Each release was judged with its own minimum: a later change of the setting does not apply to it.
    if (p.total) all = addSums(all, p.total);
    return {
      pulseId: p.pulseId, roundId: p.roundId, kind: p.kind, period: p.period, opensAt: p.opensAt,
      answers: p.total ? figure(p.total.n, p.total.n) : WITHHELD,
      overall: pulseFigures(p.total, p.minGroupSize),
      byRole: { mentee: pulseFigures(p.byRole.mentee, p.minGroupSize), mentor: pulseFigures(p.byRole.mentor, p.minGroupSize) },
    };
  });
  const trend: ProgramHealth['pulses']['trend'] = {};
  for (const k of ['satisfaction', 'relationship', 'progress'] as const) {
    const t = trendOf(points.map((p) => p.overall[k]));
    if (t) trend[k] = t.trend;
  }
  // Totals add shown pulses only, each at least its own minimum: no total differs from another by one answer.
  return {
    points, overall: pulseFigures(all, 1), answers: all.n > 0 ? figure(all.n, all.n) : WITHHELD, trend,
    comments: [...released].reverse().flatMap((p) => p.comments),
  };
}

function checkins(input: HealthInput): ProgramHealth['checkins'] {
  const thisMonth = Date.UTC(input.now.getUTCFullYear(), input.now.getUTCMonth(), 1);
  const withCheckins = [...input.releases.months].sort(byTime((m) => m.month)).flatMap((m) => (m.checkins ? [{ month: m.month, ...m.checkins }] : []));
  const months = withCheckins.map((m): CheckinPoint => ({ month: m.month, responseRate: m.responseRate, metRate: m.metRate }));
  // Totals are sums of shown months only, so total minus the shown months is always zero.
  let asked = 0, answered = 0, metAnswered = 0, met = 0;
  for (const m of withCheckins) {
    if (m.asked === null || m.answered === null) continue;
    asked += m.asked; answered += m.answered;
    if (m.met !== null) { met += m.met; metAnswered += m.answered; }
  }
  return {
    asked, answered, months,
    monthUnderWay: input.checkinsUnderWay ? new Date(thisMonth) : undefined,
    responseRate: asked > 0 ? figure(answered / asked, asked) : WITHHELD,
    metRate: metAnswered > 0 ? figure(met / metAnswered, metAnswered) : WITHHELD,
  };
}

function endReasons(input: HealthInput): ProgramHealth['endReasons'] {
  const months = [...input.releases.months].sort(byTime((m) => m.month))
    .filter((m) => m.endReasons.shown.length > 0 || m.endReasons.withheld > 0)
    .map((m) => ({ month: m.month, shown: m.endReasons.shown, withheld: m.endReasons.withheld }));
  // Each shown group of a month holds at least that month's minimum, so their sums do too.
  const counts = new Map<EndReasonGroup, number>();
  for (const m of months) for (const e of m.shown) counts.set(e.group, (counts.get(e.group) ?? 0) + e.count);
  return {
    shown: [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([group, count]) => ({ group, count })),
    withheld: months.reduce((n, m) => n + m.withheld, 0), months,
  };
}

export function programHealth(input: HealthInput): ProgramHealth {
  const { pairs: p, participants, minGroupSize: min } = input;
  const outcomes = p.acceptedOnce + p.declined + p.expired;
  const lastMonth = [...input.releases.months].sort(byTime((m) => m.month)).at(-1);
  return {
    minGroupSize: min, participants,
    matchRate: participants.mentees > 0 ? p.menteesProposed / participants.mentees : undefined,
    proposals: { pending: p.pending, accepted: p.acceptedOnce, declined: p.declined, expired: p.expired, total: p.proposed },
    acceptanceRate: outcomes > 0 ? p.acceptedOnce / outcomes : undefined,
    // From dates the CSV of pairs shows pair by pair: live, under the minimum group size.
    hoursToAccept: averageFigure(p.hoursToAcceptSum, p.acceptedOnce, min),
    firstMeetingsWithin21Days: rateFigure(p.firstMeetingInTime, p.firstMeetingDue, p.firstMeetingDue, min),
    pairs: { active: p.active, paused: p.paused, ended: p.ended, endedEarly: p.endedEarly },
    endReasons: endReasons(input),
    checkins: checkins(input),
    pulses: pulses(input),
    goalCompletion: lastMonth?.goalCompletion ?? WITHHELD,
    undelivered: input.undelivered,
    risk: input.risk,
  };
}
