// The hot loop: scores one mentee against many mentors. It runs for a large share of the
// cohort's pairs (up to 50 million for 10 000 × 5 000), so it reads only typed arrays and
// allocates nothing per pair. The mentee's side of every table is resolved once per row.
import { MAX_OBJECTIVE_TOPICS, MAX_POINTS } from './criteria.ts';
import {
  F_DEPT, F_DOMAIN, F_EXPERIENCE, F_FEEDBACK, F_FIRST_LANG, F_HOURS, F_LANG, F_MODE, F_RHYTHM, F_SENIORITY, F_VALUES, MAX_TOPICS, MENTOR_STRIDE,
  RARE_LANGUAGE_BIT, shareLanguage, type ClassTable, type EncodedCohort,
} from './encode-cohort.ts';

/** Marks pairs that fail a hard constraint, or fall under the minimum score when it applies. */
export const NOT_AN_EDGE = -1;

/** Per-mentee view of the tables: offsets into each table's row, and the row's best points. */
export class RowContext {
  readonly enc: EncodedCohort;
  /** blockedFor[j] === i when mentor j is ruled out for the current mentee i. */
  readonly blockedFor: Int32Array;
  i = -1;
  lang = 0; domain = 0; values = 0;
  hoursRow = 0; rhythmRow = 0; modeRow = 0; seniorityRow = 0; feedbackRow = 0; departmentRow = 0; firstLanguageRow = 0;
  /** Highest points the criteria other than expertise can reach for this mentee (choice bonus aside). */
  restMax = 0;
  /** choiceFor[j] === i when the current mentee i ranked mentor j; choiceBonus[j] is then its bonus. */
  readonly choiceFor: Int32Array;
  readonly choiceBonus: Int32Array;

  constructor(enc: EncodedCohort) {
    this.enc = enc;
    this.blockedFor = new Int32Array(enc.m).fill(-1);
    this.choiceFor = new Int32Array(enc.m).fill(-1);
    this.choiceBonus = new Int32Array(enc.m);
  }

  load(i: number): void {
    const enc = this.enc;
    this.i = i;
    const { start, mentor } = enc.blocks;
    for (let k = start[i]!; k < start[i + 1]!; k++) this.blockedFor[mentor[k]!] = i;
    const c = enc.choices;
    for (let k = c.start[i]!; k < c.start[i + 1]!; k++) {
      this.choiceFor[c.mentor[k]!] = i;
      this.choiceBonus[c.mentor[k]!] = c.points[k]!;
    }
    this.lang = enc.menteeLang[i]!;
    this.domain = enc.menteeDomain[i]!;
    this.values = enc.menteeValues[i]!;
    const row = (t: ClassTable): number => t.menteeClass[i]! * t.mentorClasses;
    const best = (t: ClassTable, from: number): number => {
      let b = 0;
      for (let c = 0; c < t.mentorClasses; c++) b = Math.max(b, t.points[from + c]!);
      return b;
    };
    this.hoursRow = row(enc.hours);
    this.rhythmRow = row(enc.rhythm);
    this.modeRow = row(enc.mode);
    this.seniorityRow = row(enc.seniority);
    this.feedbackRow = row(enc.feedback);
    this.departmentRow = row(enc.department);
    this.firstLanguageRow = row(enc.firstLanguage);
    const named = enc.namesTopics[i]!;
    let careerMax = 0;
    for (let x = 0; x < 3; x++) careerMax = Math.max(careerMax, enc.careerExperiencePoints[named * 3 + x]!);
    if (named) careerMax += enc.careerLevelPoints[3]!;
    this.restMax = careerMax + best(enc.firstLanguage, this.firstLanguageRow) + enc.domainPoints + enc.menteeValuePoints[i * 4 + 3]! + best(enc.hours, this.hoursRow)
      + best(enc.rhythm, this.rhythmRow) + best(enc.mode, this.modeRow) + best(enc.seniority, this.seniorityRow)
      + best(enc.feedback, this.feedbackRow) + best(enc.department, this.departmentRow);
  }
}

/** Points of every criterion but expertise for mentor j, or NOT_AN_EDGE when a hard constraint fails. */
export function restPoints(ctx: RowContext, j: number): number {
  const enc = ctx.enc;
  const mentor = enc.mentor;
  const p = j * MENTOR_STRIDE;
  const shared = ctx.lang & mentor[p + F_LANG]!;
  if (shared === 0 || ctx.blockedFor[j] === ctx.i) return NOT_AN_EDGE;
  if (shared === RARE_LANGUAGE_BIT && !shareLanguage(enc.mentees[ctx.i]!.answers.languages, enc.mentors[j]!.answers.languages)) {
    return NOT_AN_EDGE;
  }
  const hours = enc.hours.points[ctx.hoursRow + mentor[p + F_HOURS]!]!;
  if (hours < 0) return NOT_AN_EDGE;
  return hours
    + (mentor[p + F_DOMAIN] === ctx.domain ? enc.domainPoints : 0)
    + enc.menteeValuePoints[ctx.i * 4 + enc.popcount[ctx.values & mentor[p + F_VALUES]!]!]!
    + enc.rhythm.points[ctx.rhythmRow + mentor[p + F_RHYTHM]!]!
    + enc.mode.points[ctx.modeRow + mentor[p + F_MODE]!]!
    + enc.seniority.points[ctx.seniorityRow + mentor[p + F_SENIORITY]!]!
    + enc.feedback.points[ctx.feedbackRow + mentor[p + F_FEEDBACK]!]!
    + enc.department.points[ctx.departmentRow + mentor[p + F_DEPT]!]!
    + enc.firstLanguage.points[ctx.firstLanguageRow + mentor[p + F_FIRST_LANG]!]!
    + careerPoints(enc, ctx.i, j);
}

/** Career objective points of pair (i, j): the mentor's mentoring experience, and their best level on a topic the objective names. */
export function careerPoints(enc: EncodedCohort, i: number, j: number): number {
  const named = enc.namesTopics[i]!;
  const experience = enc.careerExperiencePoints[named * 3 + enc.mentor[j * MENTOR_STRIDE + F_EXPERIENCE]!]!;
  return named === 0 ? experience : experience + careerLevelPart(enc, i, j);
}

/** The career level part of pair (i, j) when mentee i's objective names topics: the mentor's best level on one. */
export function careerLevelPart(enc: EncodedCohort, i: number, j: number): number {
  const lb = j * enc.topicStride, ob = i * MAX_OBJECTIVE_TOPICS, levels = enc.mentorLevels, topics = enc.objectiveTopics;
  const best = Math.max(levels[lb + topics[ob]!]!, levels[lb + topics[ob + 1]!]!, levels[lb + topics[ob + 2]!]!);
  return enc.careerLevelPoints[best]!;
}

export function expertisePoints(enc: EncodedCohort, i: number, j: number): number {
  const lb = j * enc.topicStride, tb = i * MAX_TOPICS, eb = tb * 4;
  const levels = enc.mentorLevels, topics = enc.menteeTopics, ex = enc.menteeExpertisePoints;
  return ex[eb + levels[lb + topics[tb]!]!]! + ex[eb + 4 + levels[lb + topics[tb + 1]!]!]!
    + ex[eb + 8 + levels[lb + topics[tb + 2]!]!]! + ex[eb + 12 + levels[lb + topics[tb + 3]!]!]!
    + ex[eb + 16 + levels[lb + topics[tb + 4]!]!]!;
}

/**
 * The choice bonus of mentor j for the current mentee (0 unless ranked). It is not part of restMax:
 * the pruned searches (candidates, optimality check) visit the ranked mentors one by one, so their
 * bounds for the other mentors stay as tight as without a shortlist.
 */
export function choicePoints(ctx: RowContext, j: number): number {
  return ctx.choiceFor[j] === ctx.i ? ctx.choiceBonus[j]! : 0;
}

/**
 * The pair's weight: the fit score from the two parts plus the choice bonus, or NOT_AN_EDGE (hard
 * constraint, or a fit under the minimum: the bonus never lifts a pair over it).
 */
export function finishPoints(enc: EncodedCohort, rest: number, expertise: number, choice: number): number {
  if (rest < 0) return NOT_AN_EDGE;
  const s = Math.min(MAX_POINTS, rest + expertise);
  return s < enc.minEdgePoints ? NOT_AN_EDGE : s + choice;
}

/** Writes the points of mentee i with every mentor into out (or NOT_AN_EDGE); returns the edge count. */
export function scoreRow(ctx: RowContext, i: number, out: Int32Array): number {
  ctx.load(i);
  const enc = ctx.enc;
  let edges = 0;
  for (let j = 0; j < enc.m; j++) {
    const rest = restPoints(ctx, j);
    const s = rest < 0 ? NOT_AN_EDGE : finishPoints(enc, rest, expertisePoints(enc, i, j), choicePoints(ctx, j));
    out[j] = s;
    if (s >= 0) edges++;
  }
  return edges;
}
