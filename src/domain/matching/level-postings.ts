// The topic postings split by level, for the candidate search. Each (topic, level) list is
// ordered by the mentor's working-hours class (then index), and keeps beside each entry the
// mentor's hours class, domain and languages, so the search reads them in sequence instead of
// jumping to the mentor's row. Entries of one hours class form a run: a mentee whose hours
// rule out that class, or whose bound with that class cannot beat its k-th best, skips the
// whole run with one comparison.
import type { EncodedCohort } from './encode-cohort.ts';
import type { MentorGroups } from './mentor-groups.ts';
import type { RestClasses } from './rest-classes.ts';

export interface LevelPostings {
  /** Mentors of topic t at level L are at positions levelStart[4t + L] .. levelStart[4t + L + 1]. */
  levelStart: Int32Array;
  mentor: Int32Array;
  hours: Int32Array;
  domain: Int32Array;
  lang: Int32Array;
  /** The mentor's values and joint classes (rest-classes.ts), for an exact rest without its row. */
  values: Int32Array;
  a: Int32Array;
  b: Int32Array;
  c: Int32Array;
  /** First position after the run of entries sharing this entry's hours class (within its list). */
  runEnd: Int32Array;
}

/** Builds the lists; `groups.byHours` gives the mentors by hours class, then index. */
export function levelPostings(enc: EncodedCohort, groups: MentorGroups, classes: RestClasses): LevelPostings {
  const { topicStride, mentorLevels, m } = enc;
  const topics = topicStride;
  const levelStart = new Int32Array(topics * 4 + 1);
  for (let j = 0; j < m; j++) {
    for (let t = 0; t < topics; t++) {
      const level = mentorLevels[j * topicStride + t]!;
      if (level > 0) levelStart[t * 4 + level + 1]!++;
    }
  }
  for (let x = 0; x < topics * 4; x++) levelStart[x + 1] = levelStart[x + 1]! + levelStart[x]!;
  const size = levelStart[topics * 4]!;
  const fill = levelStart.slice(0, topics * 4);
  const mentor = new Int32Array(size), hours = new Int32Array(size), domain = new Int32Array(size), lang = new Int32Array(size);
  const values = new Int32Array(size), a = new Int32Array(size), b = new Int32Array(size), c = new Int32Array(size);
  for (let y = 0; y < m; y++) {
    const j = groups.byHours[y]!;
    for (let t = 0; t < topics; t++) {
      const level = mentorLevels[j * topicStride + t]!;
      if (level === 0) continue;
      const q = fill[t * 4 + level]!++;
      mentor[q] = j;
      hours[q] = groups.hoursOf[j]!;
      domain[q] = groups.domainOf[j]!;
      lang[q] = groups.langOf[j]!;
      values[q] = groups.valuesOf[j]!;
      a[q] = classes.a[j]!;
      b[q] = classes.b[j]!;
      c[q] = classes.c[j]!;
    }
  }
  const runEnd = new Int32Array(size);
  for (let x = 0; x < topics * 4; x++) {
    const lo = levelStart[x]!;
    let end = levelStart[x + 1]!;
    for (let q = end - 1; q >= lo; q--) {
      if (q + 1 < end && hours[q + 1] !== hours[q]) end = q + 1;
      runEnd[q] = end;
    }
  }
  return { levelStart, mentor, hours, domain, lang, values, a, b, c, runEnd };
}
