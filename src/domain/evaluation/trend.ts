// The trend of a series of per-period figures: how the last shown period compares with the one
// shown before it. Withheld periods are skipped, never interpolated.
import type { Figure } from './privacy.ts';

export type Trend = 'up' | 'down' | 'flat';

/** Differences smaller than this (on a 1–5 scale) are noise, not a trend. */
export const TREND_THRESHOLD = 0.1;

export function trendOf(series: readonly Figure[], threshold = TREND_THRESHOLD): { trend: Trend; delta: number } | undefined {
  const shown = series.filter((f): f is Extract<Figure, { shown: true }> => f.shown);
  const last = shown.at(-1), before = shown.at(-2);
  if (!last || !before) return undefined;
  const delta = last.value - before.value;
  return { trend: Math.abs(delta) < threshold ? 'flat' : delta > 0 ? 'up' : 'down', delta };
}
