/** Small seeded PRNG (xorshift32 over a scrambled seed): same seed, same cohort, on any machine. */
export class Random {
  private state: number;

  constructor(seed: number) {
    let s = (seed ^ 0x9e3779b9) >>> 0;
    s = Math.imul(s ^ (s >>> 16), 0x85ebca6b) >>> 0;
    s = Math.imul(s ^ (s >>> 13), 0xc2b2ae35) >>> 0;
    this.state = (s ^ (s >>> 16)) >>> 0 || 1;
  }

  /** Uniform in [0, 1). */
  next(): number {
    let x = this.state;
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    this.state = x;
    return x / 4294967296;
  }

  int(min: number, maxInclusive: number): number {
    return min + Math.floor(this.next() * (maxInclusive - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Index drawn with probability proportional to weights[k]. */
  weighted(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    let x = this.next() * total;
    for (let k = 0; k < weights.length; k++) {
      x -= weights[k]!;
      if (x < 0) return k;
    }
    return weights.length - 1;
  }

  /** `count` distinct indices drawn by weight (without replacement). */
  distinct(weights: readonly number[], count: number): number[] {
    const w = [...weights];
    const out: number[] = [];
    while (out.length < Math.min(count, w.length)) {
      const k = this.weighted(w);
      out.push(k);
      w[k] = 0;
    }
    return out;
  }
}
