// The topic postings split by level, for the candidate search. Each (topic, level) list is
// ordered by the mentor's working-hours class (then index), and keeps beside each entry the
// mentor's hours class, domain and languages, so the search reads them in sequence instead of
// jumping to the mentor's row. Entries of one hours class form a run: a mentee whose hours
// rule out that class, or whose bound with that class cannot beat its k-th best, skips the
// whole run with one comparison.
import type { EncodedCohort } from './encode-cohort.ts';
import type { MentorGroups } from './mentor-groups.ts';
import type { RestClasses } from './rest-classes.ts';

/** What the walks read of a mentor, kept beside each posting entry so that they read it in sequence. */
export interface MentorFields {
  mentor: Int32Array;
  hours: Int32Array;
  domain: Int32Array;
  lang: Int32Array;
  /** The mentor's values and joint classes (rest-classes.ts), for an exact rest without its row. */
  values: Int32Array;
  a: Int32Array;
  b: Int32Array;
  c: Int32Array;
}

export function mentorFields(size: number): MentorFields {
  return {
    mentor: new Int32Array(size), hours: new Int32Array(size), domain: new Int32Array(size), lang: new Int32Array(size),
    values: new Int32Array(size), a: new Int32Array(size), b: new Int32Array(size), c: new Int32Array(size),
  };
}

/** Puts mentor j's fields at entry q. */
export function putMentor(fields: MentorFields, q: number, j: number, groups: MentorGroups, classes: RestClasses): void {
  fields.mentor[q] = j;
  fields.hours[q] = groups.hoursOf[j]!;
  fields.domain[q] = groups.domainOf[j]!;
  fields.lang[q] = groups.langOf[j]!;
  fields.values[q] = groups.valuesOf[j]!;
  fields.a[q] = classes.a[j]!;
  fields.b[q] = classes.b[j]!;
  fields.c[q] = classes.c[j]!;
}

export interface LevelPostings extends MentorFields {
  /** Mentors of topic t at level L are at positions levelStart[4t + L] .. levelStart[4t + L + 1]. */
  levelStart: Int32Array;
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
  const fields = mentorFields(size);
  for (let y = 0; y < m; y++) {
    const j = groups.byHours[y]!;
    for (let t = 0; t < topics; t++) {
      const level = mentorLevels[j * topicStride + t]!;
      if (level > 0) putMentor(fields, fill[t * 4 + level]!++, j, groups, classes);
    }
  }
  const runEnd = new Int32Array(size);
  for (let x = 0; x < topics * 4; x++) {
    const lo = levelStart[x]!;
    let end = levelStart[x + 1]!;
    for (let q = end - 1; q >= lo; q--) {
      if (q + 1 < end && fields.hours[q + 1] !== fields.hours[q]) end = q + 1;
      runEnd[q] = end;
    }
  }
  return { ...fields, levelStart, runEnd };
}
