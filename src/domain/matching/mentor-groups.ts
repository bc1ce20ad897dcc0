// Mentors grouped by working-hours class, and within it by domain. Hours decide a hard
// constraint and, with the domain, 20 of the 75 points outside expertise (default weights), so one mentee's bound
// over a whole group is tight enough to skip most groups, or most of one, without scoring a pair.
import { F_DOMAIN, F_HOURS, F_LANG, F_VALUES, MENTOR_STRIDE, type EncodedCohort } from './encode-cohort.ts';

export interface MentorGroups {
  /** Mentors of hours class h are byHours[hoursStart[h] .. hoursStart[h+1]), ordered by key then index. */
  hoursStart: Int32Array;
  byHours: Int32Array;
  /** The same ranges, each ordered by domain, then key, then index. */
  byHoursDomain: Int32Array;
  /** Domain of each mentor, in the order of byHoursDomain (for binary search). */
  domainAt: Int32Array;
  /** Hours class and domain per mentor, compact so that random reads stay in cache. */
  hoursOf: Int32Array;
  domainOf: Int32Array;
  /** Language bitmask per mentor (see F_LANG). */
  langOf: Int32Array;
  /** Values bitmask per mentor. */
  valuesOf: Int32Array;
}

/** Groups the mentors; `key` (a price per mentor) orders each group, cheapest first. */
export function groupMentors(enc: EncodedCohort, key?: Float64Array): MentorGroups {
  const { m, mentor } = enc;
  const classes = enc.hours.mentorClasses;
  const hoursOf = new Int32Array(m), domainOf = new Int32Array(m), langOf = new Int32Array(m), valuesOf = new Int32Array(m);
  for (let j = 0; j < m; j++) {
    langOf[j] = mentor[j * MENTOR_STRIDE + F_LANG]!;
    hoursOf[j] = mentor[j * MENTOR_STRIDE + F_HOURS]!;
    domainOf[j] = mentor[j * MENTOR_STRIDE + F_DOMAIN]!;
    valuesOf[j] = mentor[j * MENTOR_STRIDE + F_VALUES]!;
  }
  const order = new Int32Array(m);
  for (let j = 0; j < m; j++) order[j] = j;
  if (key) order.sort((a, b) => key[a]! - key[b]! || a - b);
  const hoursStart = new Int32Array(classes + 1);
  for (let j = 0; j < m; j++) hoursStart[mentor[j * MENTOR_STRIDE + F_HOURS]! + 1]!++;
  for (let h = 0; h < classes; h++) hoursStart[h + 1] = hoursStart[h + 1]! + hoursStart[h]!;
  const fill = hoursStart.slice(0, classes);
  const byHours = new Int32Array(m);
  for (let x = 0; x < m; x++) {
    const j = order[x]!;
    byHours[fill[mentor[j * MENTOR_STRIDE + F_HOURS]!]!++] = j;
  }
  const byHoursDomain = new Int32Array(m);
  const domainAt = new Int32Array(m);
  for (let h = 0; h < classes; h++) {
    const lo = hoursStart[h]!, hi = hoursStart[h + 1]!;
    // Stable: within a domain the key order of byHours is kept.
    const part = Array.from(byHours.subarray(lo, hi)).sort((a, b) => mentor[a * MENTOR_STRIDE + F_DOMAIN]! - mentor[b * MENTOR_STRIDE + F_DOMAIN]!);
    for (let x = 0; x < part.length; x++) {
      byHoursDomain[lo + x] = part[x]!;
      domainAt[lo + x] = mentor[part[x]! * MENTOR_STRIDE + F_DOMAIN]!;
    }
  }
  return { hoursStart, byHours, byHoursDomain, domainAt, hoursOf, domainOf, langOf, valuesOf };
}

/** First position in [lo, hi) of byHoursDomain whose domain is ≥ d. */
export function domainLowerBound(groups: MentorGroups, lo: number, hi: number, d: number): number {
  const at = groups.domainAt;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (at[mid]! < d) lo = mid + 1; else hi = mid;
  }
  return lo;
}
