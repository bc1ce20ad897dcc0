// Confidentiality by construction (SPEC §7–8): a figure computed over fewer people than the
// program's minimum group size is withheld, and so is any figure that would let a reader get a
// withheld one back by subtraction (complementary suppression).

/** A figure as a lead may see it: a value, or withheld because too few people are behind it. */
export type Figure<T = number> =
  | { readonly shown: true; readonly value: T; readonly n: number }
  | { readonly shown: false; readonly n: undefined };

export const WITHHELD: Figure<never> = { shown: false, n: undefined };

export const figure = <T>(value: T, n: number): Figure<T> => ({ shown: true, value, n });

/** Primary rule: zero people reveal nothing; one to min−1 people are too few. */
export const tooFew = (n: number, minGroupSize: number): boolean => n > 0 && n < minGroupSize;

export interface Cell { readonly key: string; readonly n: number }

export interface Suppression {
  /** Keys of the cells that must not be shown. */
  readonly withheld: ReadonlySet<string>;
  /** True when the total itself must be withheld too. */
  readonly totalWithheld: boolean;
}

/**
 * Cells that partition a total and are shown together with it. A cell with too few people is
 * withheld; if the withheld cells then add up to fewer than the minimum (total minus the shown
 * cells would give them back), the smallest shown cells are withheld with them until the
 * withheld group is large enough, and the total goes too when nothing is left to add. A lone
 * withheld cell is never left: with one hidden cell the subtraction gives it back exactly.
 */
export function suppressCells(cells: readonly Cell[], minGroupSize: number, totalShown = true): Suppression {
  const withheld = new Set(cells.filter((c) => tooFew(c.n, minGroupSize)).map((c) => c.key));
  if (withheld.size === 0) return { withheld, totalWithheld: false };
  const hiddenSum = () => cells.filter((c) => withheld.has(c.key)).reduce((s, c) => s + c.n, 0);
  const candidates = cells.filter((c) => !withheld.has(c.key) && c.n > 0).sort((a, b) => a.n - b.n || a.key.localeCompare(b.key));
  const total = cells.reduce((s, c) => s + c.n, 0);
  // Without a total shown, hidden cells cannot be recovered from the others.
  if (!totalShown) return { withheld, totalWithheld: false };
  while (hiddenSum() < minGroupSize || withheld.size < 2) {
    const next = candidates.shift();
    if (!next) return { withheld, totalWithheld: tooFew(total, minGroupSize) || hiddenSum() < minGroupSize || withheld.size < 2 };
    withheld.add(next.key);
  }
  return { withheld, totalWithheld: tooFew(total, minGroupSize) };
}

/** An average of `sum` over `n` answers, withheld below the minimum group size. */
export function averageFigure(sum: number, n: number, minGroupSize: number): Figure {
  return n >= minGroupSize && n > 0 ? figure(sum / n, n) : WITHHELD;
}

/** A rate `part / whole` over `people` distinct people, withheld below the minimum group size. */
export function rateFigure(part: number, whole: number, people: number, minGroupSize: number): Figure {
  return whole > 0 && people >= minGroupSize ? figure(part / whole, whole) : WITHHELD;
}

/** Free-text comments: only for a group of at least the minimum size, nameless, shuffled. */
export function releasableComments(comments: readonly string[], answers: number, minGroupSize: number, random: () => number): string[] {
  if (answers < minGroupSize) return [];
  const out = comments.map((c) => c.trim()).filter((c) => c.length > 0);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
