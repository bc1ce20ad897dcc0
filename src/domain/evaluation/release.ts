// The release of a closed period (a pulse whose window has closed, a UTC calendar month that is
// over): its figures are computed once, with the privacy rules and the minimum group size of that
// moment, and what comes out is all that is ever stored and shown for it. Pure: counts, sums and
// texts in, a release out. A release holds aggregates only: no person, pair or answer id, no
// time finer than the period, comments shuffled.
import { z } from 'zod';
import { groupEndReason, END_REASON_GROUPS, type EndReasonGroup } from './end-reasons.ts';
import { figure, rateFigure, releasableComments, suppressCells, WITHHELD, type Figure } from './privacy.ts';

export interface Sums {
  readonly n: number; readonly satisfaction: number; readonly relationship: number; readonly progress: number; readonly recommend: number;
  readonly promoters: number; readonly passives: number; readonly detractors: number;
}

export const ZERO_SUMS: Sums = { n: 0, satisfaction: 0, relationship: 0, progress: 0, recommend: 0, promoters: 0, passives: 0, detractors: 0 };

export const addSums = (a: Sums, b: Sums): Sums => ({
  n: a.n + b.n, satisfaction: a.satisfaction + b.satisfaction, relationship: a.relationship + b.relationship, progress: a.progress + b.progress,
  recommend: a.recommend + b.recommend, promoters: a.promoters + b.promoters, passives: a.passives + b.passives, detractors: a.detractors + b.detractors,
});

/** One pulse's answers of one role, as the database sums them. */
export interface PulseRoleCell extends Sums { readonly role: 'mentee' | 'mentor' }

export interface PulseMeta { readonly pulseId: string; readonly roundId: string; readonly kind: 'periodic' | 'final'; readonly period: number; readonly opensAt: Date }

export interface PulseRelease extends PulseMeta {
  readonly minGroupSize: number;
  /** The whole pulse's sums, or null when it was answered by too few (then it is in no total either). */
  readonly total: Sums | null;
  /** Each role's sums, or null when withheld (too few, or complementary to a withheld role). */
  readonly byRole: { readonly mentee: Sums | null; readonly mentor: Sums | null };
  /** Comments in a random order, only for a pulse whose figures are shown. */
  readonly comments: readonly string[];
}

export function releasePulse(meta: PulseMeta, cells: readonly PulseRoleCell[], comments: readonly string[], minGroupSize: number, random: () => number): PulseRelease {
  const roles = { mentee: ZERO_SUMS, mentor: ZERO_SUMS };
  for (const c of cells) roles[c.role] = addSums(roles[c.role], c);
  const total = addSums(roles.mentee, roles.mentor);
  const shown = total.n >= minGroupSize && total.n > 0;
  // Within a pulse the two roles partition the pulse's figure.
  const split = suppressCells([{ key: 'mentee', n: roles.mentee.n }, { key: 'mentor', n: roles.mentor.n }], minGroupSize);
  const role = (key: 'mentee' | 'mentor'): Sums | null =>
    shown && !split.withheld.has(key) && roles[key].n >= minGroupSize ? roles[key] : null;
  return {
    ...meta, minGroupSize, total: shown ? total : null, byRole: { mentee: role('mentee'), mentor: role('mentor') },
    comments: shown ? releasableComments(comments, total.n, minGroupSize, random) : [],
  };
}

/** One month's check-in tallies: how many were asked, answered, met, and by how many people. */
export interface CheckinMonthCounts { readonly asked: number; readonly answered: number; readonly met: number; readonly people: number; readonly answeringPeople: number }
export interface GoalCounts { readonly goals: number; readonly done: number; readonly pairs: number }

export interface EndReasonRelease { readonly shown: ReadonlyArray<{ group: EndReasonGroup; count: number }>; readonly withheld: number }

export interface MonthRelease {
  /** First day of the month, UTC. */
  readonly month: Date;
  readonly minGroupSize: number;
  /** Null when nobody was asked a check-in that month. Counts are kept only for a shown rate. */
  readonly checkins: null | {
    readonly responseRate: Figure; readonly metRate: Figure;
    readonly asked: number | null; readonly answered: number | null; readonly met: number | null;
  };
  /** Groups of the reasons of pairs ended early that month (complementary suppression). */
  readonly endReasons: EndReasonRelease;
  /** Goals done among the goals set by the end of the month (as they stood at release). */
  readonly goalCompletion: Figure;
}

export function releaseEndReasons(reasons: ReadonlyArray<string | null>, minGroupSize: number): EndReasonRelease {
  const counts = new Map<EndReasonGroup, number>();
  for (const r of reasons) counts.set(groupEndReason(r), (counts.get(groupEndReason(r)) ?? 0) + 1);
  const cells = [...counts.entries()].map(([key, n]) => ({ key, n }));
  // The number of pairs ended early is shown next to the groups.
  const s = suppressCells(cells, minGroupSize);
  // Withheld groups are not even named: naming the only hidden group would tell its reason.
  return {
    shown: cells.filter((c) => !s.withheld.has(c.key)).sort((a, b) => b.n - a.n || a.key.localeCompare(b.key)).map((c) => ({ group: c.key, count: c.n })),
    withheld: cells.filter((c) => s.withheld.has(c.key)).reduce((n, c) => n + c.n, 0),
  };
}

export function releaseMonth(input: {
  month: Date; checkins: CheckinMonthCounts | undefined; endReasons: ReadonlyArray<string | null>; goals: GoalCounts;
}, minGroupSize: number): MonthRelease {
  const c = input.checkins;
  let checkins: MonthRelease['checkins'] = null;
  if (c && c.asked > 0) {
    const responseRate = rateFigure(c.answered, c.asked, c.people, minGroupSize);
    const metRate = c.people >= minGroupSize ? rateFigure(c.met, c.answered, c.answeringPeople, minGroupSize) : WITHHELD;
    checkins = {
      responseRate, metRate,
      asked: responseRate.shown ? c.asked : null, answered: responseRate.shown ? c.answered : null, met: metRate.shown ? c.met : null,
    };
  }
  return {
    month: input.month, minGroupSize, checkins, endReasons: releaseEndReasons(input.endReasons, minGroupSize),
    goalCompletion: rateFigure(input.goals.done, input.goals.goals, input.goals.pairs, minGroupSize),
  };
}

// Stored form (report_releases.figures): checked when read back, so a row that does not fit is
// an error, never a figure shown by accident.
const figureSchema = z.union([
  z.object({ shown: z.literal(true), value: z.number(), n: z.number() }).strict(),
  z.object({ shown: z.literal(false) }).strict(),
]).transform((f): Figure => (f.shown ? figure(f.value, f.n) : WITHHELD));
const count = z.number().int().min(0);
const sumsSchema = z.object({
  n: count, satisfaction: count, relationship: count, progress: count, recommend: count, promoters: count, passives: count, detractors: count,
}).strict();
const date = z.iso.datetime().transform((s) => new Date(s));

export const pulseReleaseSchema = z.object({
  pulseId: z.string(), roundId: z.string(), kind: z.enum(['periodic', 'final']), period: count, opensAt: date, minGroupSize: count,
  total: sumsSchema.nullable(), byRole: z.object({ mentee: sumsSchema.nullable(), mentor: sumsSchema.nullable() }).strict(),
  comments: z.array(z.string()),
}).strict();

export const monthReleaseSchema = z.object({
  month: date, minGroupSize: count,
  checkins: z.object({
    responseRate: figureSchema, metRate: figureSchema, asked: count.nullable(), answered: count.nullable(), met: count.nullable(),
  }).strict().nullable(),
  endReasons: z.object({ shown: z.array(z.object({ group: z.enum(END_REASON_GROUPS), count })), withheld: count }).strict(),
  goalCompletion: figureSchema,
}).strict();

/** The JSON stored for a release: dates as ISO strings, withheld figures without a value. */
export const storedRelease = (release: PulseRelease | MonthRelease): Record<string, unknown> => JSON.parse(JSON.stringify(release)) as Record<string, unknown>;
