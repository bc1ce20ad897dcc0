// Releases of a program's circle figures, on the same discipline as the pairs' (release.ts): each
// calendar month (UTC) that is over and each pulse that is closed is computed once, with the
// minimum group size of that moment, and stored; reports read these releases only. Pure.
//
// - A month holds the circle check-ins answered in it, over every circle of the program: how many
//   answered, how many said the circle had met, and the usefulness ratings. The met share needs
//   answers from at least the minimum group size of different people, the usefulness average
//   ratings from that many; otherwise that figure is withheld and left out of every total.
// - A pulse holds the ratings of the circles' people for that pulse, over every circle of the
//   program, shown only when at least the minimum group size of different people answered.
//
// A release holds aggregates only: no person, circle or answer id, no time finer than the period.
import { z } from 'zod';

/** One month's circle check-in answers, as the database counts them. */
export interface CircleMonthCounts {
  readonly answers: number; readonly met: number; readonly people: number;
  readonly rated: number; readonly usefulnessSum: number; readonly ratedPeople: number;
}

export interface CircleMonthRelease {
  /** First day of the month, UTC. */
  readonly month: Date;
  readonly minGroupSize: number;
  /** Answers and "met" among them, or null when too few people answered (or nobody). */
  readonly met: { readonly answers: number; readonly met: number } | null;
  /** Usefulness ratings (count and sum), or null when too few people rated (or nobody). */
  readonly usefulness: { readonly n: number; readonly sum: number } | null;
}

export function releaseCircleMonth(month: Date, c: CircleMonthCounts | undefined, minGroupSize: number): CircleMonthRelease {
  const enough = (people: number, n: number): boolean => n > 0 && people >= minGroupSize;
  return {
    month, minGroupSize,
    met: c && enough(c.people, c.answers) ? { answers: c.answers, met: c.met } : null,
    usefulness: c && enough(c.ratedPeople, c.rated) ? { n: c.rated, sum: c.usefulnessSum } : null,
  };
}

/** One closed pulse's answers about circles, as the database sums them. */
export interface CirclePulseCounts { readonly n: number; readonly people: number; readonly satisfaction: number; readonly progress: number }

export interface CirclePulseRelease {
  readonly pulseId: string;
  readonly minGroupSize: number;
  /** The pulse's sums over every circle, or null when answered by too few people (then it is in no total either). */
  readonly sums: { readonly n: number; readonly satisfaction: number; readonly progress: number } | null;
}

export function releaseCirclePulse(pulseId: string, c: CirclePulseCounts | undefined, minGroupSize: number): CirclePulseRelease {
  const shown = !!c && c.n > 0 && c.people >= minGroupSize;
  return { pulseId, minGroupSize, sums: shown ? { n: c.n, satisfaction: c.satisfaction, progress: c.progress } : null };
}

// Stored form (report_releases.figures, kinds circle_month and circle_pulse): checked when read
// back, so a row that does not fit is an error, never a figure shown by accident.
const count = z.number().int().min(0);
const date = z.iso.datetime().transform((s) => new Date(s));

export const circleMonthReleaseSchema = z.object({
  month: date, minGroupSize: count,
  met: z.object({ answers: count, met: count }).strict().nullable(),
  usefulness: z.object({ n: count, sum: count }).strict().nullable(),
}).strict();

export const circlePulseReleaseSchema = z.object({
  pulseId: z.string(), minGroupSize: count,
  sums: z.object({ n: count, satisfaction: count, progress: count }).strict().nullable(),
}).strict();

/** The figures of the circles card: totals over the shown released periods only. */
export interface CircleTotals {
  readonly met: { readonly answers: number; readonly met: number } | null;
  readonly usefulness: { readonly n: number; readonly sum: number } | null;
  readonly pulses: { readonly n: number; readonly satisfaction: number; readonly progress: number } | null;
}

export function circleTotals(months: readonly CircleMonthRelease[], pulses: readonly CirclePulseRelease[]): CircleTotals {
  const met = months.flatMap((m) => (m.met ? [m.met] : []));
  const useful = months.flatMap((m) => (m.usefulness ? [m.usefulness] : []));
  const sums = pulses.flatMap((p) => (p.sums ? [p.sums] : []));
  return {
    met: met.length ? { answers: met.reduce((s, m) => s + m.answers, 0), met: met.reduce((s, m) => s + m.met, 0) } : null,
    usefulness: useful.length ? { n: useful.reduce((s, u) => s + u.n, 0), sum: useful.reduce((s, u) => s + u.sum, 0) } : null,
    pulses: sums.length
      ? { n: sums.reduce((s, p) => s + p.n, 0), satisfaction: sums.reduce((s, p) => s + p.satisfaction, 0), progress: sums.reduce((s, p) => s + p.progress, 0) }
      : null,
  };
}
