// Each mentor's best mentees among the pairs the candidate search scores (the second list of
// the candidate graph). Offers arrive for every scored pair, millions at scale, so each costs
// one comparison and at most one write: a mentor's offers go to a buffer twice the list's size,
// and when it is full the buffer is cut back to the best half, which sets the bar later offers
// must beat. The result is the same as keeping the list sorted: the best `size` mentees by
// points, the earlier mentee first on equal points.

/** Mentee indices fit in 26 bits: a key orders by points, then the earlier mentee. */
const INDEX_BITS = 2 ** 26;

export class MentorBest {
  readonly size: number;
  private readonly keys: Float64Array;
  private readonly count: Int32Array;
  /** An offer's key must beat this (−1 until the buffer was first cut back). */
  private readonly bar: Float64Array;

  constructor(mentors: number, size: number) {
    this.size = size;
    this.keys = new Float64Array(mentors * size * 2);
    this.count = new Int32Array(mentors);
    this.bar = new Float64Array(mentors).fill(-1);
  }

  offer(j: number, i: number, points: number): void {
    const key = points * INDEX_BITS + (INDEX_BITS - 1 - i);
    if (key <= this.bar[j]!) return;
    const c = this.count[j]!;
    this.keys[j * this.size * 2 + c] = key;
    this.count[j] = c + 1;
    if (c + 1 === this.size * 2) this.cut(j);
  }

  /** Whether an offer of mentee i at these points would be kept now (offer() would write it). */
  accepts(j: number, i: number, points: number): boolean {
    return points * INDEX_BITS + (INDEX_BITS - 1 - i) > this.bar[j]!;
  }

  /** Keeps the best `size` offers of mentor j, at the start of its buffer. */
  private cut(j: number): void {
    const size = this.size, base = j * size * 2, c = this.count[j]!;
    if (c <= size) return;
    const part = this.keys.subarray(base, base + c);
    // The best `size` go after position c − size, the smallest of them there; no full sort.
    selectNth(part, c - size);
    part.copyWithin(0, c - size, c);
    this.count[j] = size;
    this.bar[j] = part[0]!;
  }

  /** Mentee i and points of each kept offer of mentor j (in no particular order). */
  forEach(j: number, visit: (i: number, points: number) => void): void {
    this.cut(j);
    const base = j * this.size * 2;
    for (let x = 0; x < this.count[j]!; x++) {
      const key = this.keys[base + x]!;
      const points = Math.floor(key / INDEX_BITS);
      visit(INDEX_BITS - 1 - (key - points * INDEX_BITS), points);
    }
  }
}

/**
 * Reorders `a` so that a[k] holds the value a sort would put there, with no smaller value after
 * it and no larger one before it (quickselect, median of three).
 */
export function selectNth(a: Float64Array, k: number): void {
  let lo = 0, hi = a.length - 1;
  while (hi > lo) {
    const mid = (lo + hi) >> 1;
    // Median of three to a[mid], then used as the pivot.
    if (a[mid]! < a[lo]!) swap(a, mid, lo);
    if (a[hi]! < a[lo]!) swap(a, hi, lo);
    if (a[hi]! < a[mid]!) swap(a, hi, mid);
    const pivot = a[mid]!;
    let i = lo, j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) { swap(a, i, j); i++; j--; }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

function swap(a: Float64Array, x: number, y: number): void {
  const t = a[x]!;
  a[x] = a[y]!;
  a[y] = t;
}
