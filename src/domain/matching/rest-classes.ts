// The criteria outside expertise, hours, domain and values, folded into three joint classes per
// mentor: (seniority, feedback, mentoring experience), (department, rhythm) and (mode, first
// language). Few such pairs or triples occur among the mentors (about 50, 200 and 200 at
// 20 000 mentors), so one mentee's points for every joint class fit in a small row built once
// per mentee. A pair's points outside expertise are then six reads: hours, domain, values and
// the three rows, all from small arrays kept beside the postings, instead of eleven reads from
// the mentor's row, which the searches reach in no particular order. The pruned searches use
// that sum as an exact bound (only the hard rules, the career level and the choice bonus are
// left to the full score).
import { NOT_AN_EDGE, careerLevelPart, type RowContext } from './score-kernel.ts';
import {
  F_DEPT, F_EXPERIENCE, F_FEEDBACK, F_FIRST_LANG, F_MODE, F_RHYTHM, F_SENIORITY, MENTOR_STRIDE, RARE_LANGUAGE_BIT, shareLanguage, type EncodedCohort,
} from './encode-cohort.ts';

export interface RestClasses {
  /** Joint class of each mentor, per fold. */
  a: Int32Array;
  b: Int32Array;
  c: Int32Array;
  /** Component classes of each joint class: [class * 3 + k] (unused slots 0). */
  aParts: Int32Array;
  bParts: Int32Array;
  cParts: Int32Array;
}

function fold(enc: EncodedCohort, fields: readonly number[], out: Int32Array): Int32Array {
  const ids = new Map<string, number>();
  const parts: number[] = [];
  for (let j = 0; j < enc.m; j++) {
    const key = fields.map((f) => enc.mentor[j * MENTOR_STRIDE + f]!);
    const text = key.join(',');
    let id = ids.get(text);
    if (id === undefined) {
      id = ids.size;
      ids.set(text, id);
      parts.push(key[0]!, key[1]!, key[2] ?? 0);
    }
    out[j] = id;
  }
  return Int32Array.from(parts);
}

export function restClasses(enc: EncodedCohort): RestClasses {
  const a = new Int32Array(enc.m), b = new Int32Array(enc.m), c = new Int32Array(enc.m);
  const aParts = fold(enc, [F_SENIORITY, F_FEEDBACK, F_EXPERIENCE], a);
  const bParts = fold(enc, [F_DEPT, F_RHYTHM], b);
  const cParts = fold(enc, [F_MODE, F_FIRST_LANG], c);
  return { a, b, c, aParts, bParts, cParts };
}

/** One mentee's points per joint class; load() per mentee. */
export class RestRows {
  readonly a: Int32Array;
  readonly b: Int32Array;
  readonly c: Int32Array;
  /** Upper bound of the career level part (0 unless the mentee's objective names a topic). */
  careerLevel = 0;
  private readonly enc: EncodedCohort;
  private readonly classes: RestClasses;

  constructor(enc: EncodedCohort, classes: RestClasses) {
    this.enc = enc;
    this.classes = classes;
    this.a = new Int32Array(classes.aParts.length / 3);
    this.b = new Int32Array(classes.bParts.length / 3);
    this.c = new Int32Array(classes.cParts.length / 3);
  }

  load(i: number): void {
    const enc = this.enc, { aParts, bParts, cParts } = this.classes;
    const row = (t: { menteeClass: Int32Array; mentorClasses: number }): number => t.menteeClass[i]! * t.mentorClasses;
    const sen = enc.seniority.points, senRow = row(enc.seniority);
    const fb = enc.feedback.points, fbRow = row(enc.feedback);
    const named = enc.namesTopics[i]!;
    for (let x = 0; x < this.a.length; x++) {
      this.a[x] = sen[senRow + aParts[x * 3]!]! + fb[fbRow + aParts[x * 3 + 1]!]! + enc.careerExperiencePoints[named * 3 + aParts[x * 3 + 2]!]!;
    }
    const dept = enc.department.points, deptRow = row(enc.department);
    const rh = enc.rhythm.points, rhRow = row(enc.rhythm);
    for (let x = 0; x < this.b.length; x++) this.b[x] = dept[deptRow + bParts[x * 3]!]! + rh[rhRow + bParts[x * 3 + 1]!]!;
    const mode = enc.mode.points, modeRow = row(enc.mode);
    const fl = enc.firstLanguage.points, flRow = row(enc.firstLanguage);
    for (let x = 0; x < this.c.length; x++) this.c[x] = mode[modeRow + cParts[x * 3]!]! + fl[flRow + cParts[x * 3 + 1]!]!;
    this.careerLevel = named ? enc.careerLevelPoints[3]! : 0;
  }
}

/**
 * restPoints (score-kernel.ts) from its parts: `partial` is hours + domain + values + the three
 * rows, `shared` the pair's common language bits (not 0). Adds the hard rules and the career level.
 */
export function finishRest(ctx: RowContext, j: number, shared: number, partial: number): number {
  const enc = ctx.enc;
  if (ctx.blockedFor[j] === ctx.i) return NOT_AN_EDGE;
  if (shared === RARE_LANGUAGE_BIT && !shareLanguage(enc.mentees[ctx.i]!.answers.languages, enc.mentors[j]!.answers.languages)) {
    return NOT_AN_EDGE;
  }
  return enc.namesTopics[ctx.i] ? partial + careerLevelPart(enc, ctx.i, j) : partial;
}
