// Releases of a workspace's flash-session figures (docs/flash.md), on the discipline of the
// program reports (release.ts): each calendar month (UTC) is computed once and stored, and leads
// read only what was stored. A month holds the requests made in it and what became of them at
// release: accepted, the usefulness answers of both sides, and the sessions turned into a pin for
// a program pair. A month is released once it is over and FLASH_SETTLE_DAYS more have passed (time
// for a request to be accepted, held and answered); anything later counts for nothing. Pure.
//
// Privacy: a month whose requests come from fewer different people than the minimum group size is
// withheld whole and left out of every total. Within a shown month each split is a pair of cells
// (accepted or not among the requests; useful or not among the answers; turned into a pair or not
// among the accepted) counted in people and suppressed together when one is too small
// (suppressCells), so that no subtraction gives a small group back.
import { z } from 'zod';
import { suppressCells } from './privacy.ts';

export const FLASH_SETTLE_DAYS = 30;

/** One month's requests, as the database counts them (people: distinct persons behind each count). */
export interface FlashMonthCounts {
  readonly requests: number; readonly askers: number;
  readonly accepted: number; readonly acceptedAskers: number; readonly notAcceptedAskers: number;
  readonly useful: number; readonly usefulPeople: number; readonly notUseful: number; readonly notUsefulPeople: number;
  readonly pairs: number; readonly pairAskers: number; readonly notPairAskers: number;
}

export interface FlashMonthRelease {
  /** First day of the month, UTC. */
  readonly month: Date;
  readonly minGroupSize: number;
  /** Each count, or null when withheld (every one is null when the month is withheld). */
  readonly requests: number | null;
  readonly accepted: number | null;
  readonly useful: number | null;
  readonly notUseful: number | null;
  readonly pairs: number | null;
}

export function releaseFlashMonth(month: Date, c: FlashMonthCounts | undefined, minGroupSize: number): FlashMonthRelease {
  const none = { month, minGroupSize, requests: null, accepted: null, useful: null, notUseful: null, pairs: null };
  if (!c || c.requests === 0) return { ...none, requests: 0 };
  if (c.askers < minGroupSize) return none;
  const split = suppressCells([{ key: 'yes', n: c.acceptedAskers }, { key: 'no', n: c.notAcceptedAskers }], minGroupSize);
  const accepted = split.withheld.has('yes') ? null : c.accepted;
  // The number of answers is not shown, so one withheld side cannot be had by subtraction.
  const answers = suppressCells([{ key: 'yes', n: c.usefulPeople }, { key: 'no', n: c.notUsefulPeople }], minGroupSize, false);
  // Pairs among the accepted: complementary only when the accepted count is shown.
  const pairs = suppressCells([{ key: 'yes', n: c.pairAskers }, { key: 'no', n: c.notPairAskers }], minGroupSize, accepted !== null);
  return {
    month, minGroupSize, requests: c.requests, accepted,
    useful: answers.withheld.has('yes') ? null : c.useful,
    notUseful: answers.withheld.has('no') ? null : c.notUseful,
    pairs: accepted === null || pairs.withheld.has('yes') ? null : c.pairs,
  };
}

const count = z.number().int().min(0);
export const flashMonthReleaseSchema = z.object({
  month: z.iso.datetime().transform((s) => new Date(s)), minGroupSize: count,
  requests: count.nullable(), accepted: count.nullable(), useful: count.nullable(), notUseful: count.nullable(), pairs: count.nullable(),
}).strict();

export type FlashFigure = 'requests' | 'accepted' | 'useful' | 'notUseful' | 'pairs';
export const FLASH_FIGURES: readonly FlashFigure[] = ['requests', 'accepted', 'useful', 'notUseful', 'pairs'];

/** Totals: each figure summed over the months where it is shown; null when shown in none. */
export function flashTotals(months: readonly FlashMonthRelease[]): Record<FlashFigure, number | null> {
  const out = {} as Record<FlashFigure, number | null>;
  for (const k of FLASH_FIGURES) {
    const shown = months.flatMap((m) => (m[k] === null ? [] : [m[k]]));
    out[k] = shown.length ? shown.reduce((s, v) => s + v, 0) : null;
  }
  return out;
}
