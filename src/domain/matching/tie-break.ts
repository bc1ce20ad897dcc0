// Fair, reproducible tie-breaking. The solver breaks ties by index order, so the order people
// reach it in decides which of several equally good solutions wins. That order is made
// independent of the input's order: people are sorted by id, then shuffled with a seeded
// generator. The same seed gives the same result whatever the file or table order; over many
// seeds, identical people are chosen equally often.
import type { MatchInput } from './types.ts';

/** Seeds are unsigned 32-bit integers. */
export const MAX_SEED = 0xffff_ffff;

/** Small, well-mixed 32-bit generator (mulberry32): the same seed always gives the same sequence. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A fresh seed for a run that did not ask for one (drawn from Math.random: not a secret). */
export function randomSeed(): number {
  return Math.floor(Math.random() * (MAX_SEED + 1)) >>> 0;
}

/** Sorted by id (input position only between equal ids), then a Fisher–Yates shuffle drawn from `random`. */
export function canonicalOrder<T extends { id: string }>(people: readonly T[], random: () => number): T[] {
  const order = people.map((p, k) => ({ p, k })).sort((a, b) => (a.p.id < b.p.id ? -1 : a.p.id > b.p.id ? 1 : a.k - b.k)).map((x) => x.p);
  for (let k = order.length - 1; k > 0; k--) {
    const r = Math.floor(random() * (k + 1));
    const tmp = order[k]!;
    order[k] = order[r]!;
    order[r] = tmp;
  }
  return order;
}

/** The input with both sides in the seeded canonical order (mentees shuffled first, then mentors). */
export function inCanonicalOrder(input: MatchInput): MatchInput {
  const random = seededRandom(input.seed ?? 0);
  const mentees = canonicalOrder(input.mentees, random);
  const mentors = canonicalOrder(input.mentors, random);
  return { ...input, mentees, mentors };
}
