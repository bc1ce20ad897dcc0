// Turns the cohort into flat typed arrays and small lookup tables, so that scoring a pair in the
// hot loop is a handful of array reads with no allocation. Every table is filled by calling the
// rules in criteria.ts, which stay the single definition of the score.
import { encodeChoices, type ChoiceLists } from './choices.ts';
import type { MatchCriterion } from '../program-settings.ts';
import { COMMUNICATION_MODES, MENTORING_EXPERIENCE, VALUES } from '../survey-answers.ts';
import {
  EXPERIENCE_FACTOR, LEVEL_FACTOR, MAX_OBJECTIVE_TOPICS, criterionBudgets, departmentValue, feedbackValue, firstLanguageValue,
  hoursValue, modeValue, namesTopic, normaliseKey, objectiveStems, points, rankWeights, rhythmValue, seniorityValue, topicStems, valuesValue,
} from './criteria.ts';
import { buildBlockLists, type BlockLists } from './hard-constraints.ts';
import { Interner } from './interner.ts';
import type { MatchInput, MatchMentee, MatchMentor } from './types.ts';
import { DEFAULT_REFERENCE_DATE, overlapMinutes, toUtcWindow, utcOffsetMinutes, type UtcWindow } from './working-hours.ts';

export const MAX_TOPICS = 5;
/** Bits 0..29 are exact languages; bit 30 means "speaks a rarer one" and triggers an exact check. */
export const RARE_LANGUAGE_BIT = 1 << 30;
const EXACT_LANGUAGE_BITS = 30;
const IN_PERSON_BIT = 1 << COMMUNICATION_MODES.indexOf('in_person');

/** Per-mentor fields interleaved in one array so a pair reads one cache line. */
export const F_LANG = 0, F_HOURS = 1, F_DOMAIN = 2, F_VALUES = 3, F_RHYTHM = 4, F_MODE = 5, F_SENIORITY = 6,
  F_FEEDBACK = 7, F_DEPT = 8, F_FIRST_LANG = 9, F_EXPERIENCE = 10, MENTOR_STRIDE = 11;

/** One criterion tabulated as mentee class × mentor class → points (−1: hard constraint fails). */
export interface ClassTable {
  menteeClass: Int32Array;
  mentorClasses: number;
  points: Int32Array;
}

export interface EncodedCohort {
  n: number;
  m: number;
  mentees: readonly MatchMentee[];
  mentors: readonly MatchMentor[];
  budgets: Record<MatchCriterion, number>;
  /** Pairs scoring below this are not edges (the "score" objective's minimum); 0 otherwise. */
  minEdgePoints: number;
  topicKeys: string[];
  /** Topic columns per mentor row, including a last always-zero column used as padding. */
  topicStride: number;
  menteeTopics: Int32Array;
  /** [i * 20 + rank * 4 + level] → points. */
  menteeExpertisePoints: Int32Array;
  mentorLevels: Uint8Array;
  /** CSR by topic: the mentors offering topic t are postingMentor[postingStart[t] .. postingStart[t+1]). */
  postingStart: Int32Array;
  postingMentor: Int32Array;
  postingLevel: Uint8Array;
  mentor: Int32Array;
  menteeLang: Int32Array;
  menteeDomain: Int32Array;
  domainPoints: number;
  menteeValues: Int32Array;
  /** [i * 4 + shared] → points. */
  menteeValuePoints: Int32Array;
  popcount: Uint8Array;
  hours: ClassTable;
  rhythm: ClassTable;
  mode: ClassTable;
  seniority: ClassTable;
  feedback: ClassTable;
  department: ClassTable;
  /** Shared first language (soft criterion). */
  firstLanguage: ClassTable;
  /** Topics named by each mentee's career objective: [i * MAX_OBJECTIVE_TOPICS + k], padded with the zero column. */
  objectiveTopics: Int32Array;
  /** 1 when mentee i's objective names at least one topic. */
  namesTopics: Uint8Array;
  /** [namesTopics * 3 + mentoring experience index] → points. */
  careerExperiencePoints: Int32Array;
  /** [best level on a named topic] → points (mentees whose objective names topics). */
  careerLevelPoints: Int32Array;
  capacity: Int32Array;
  blocks: BlockLists;
  menteeWindows: UtcWindow[];
  mentorWindows: UtcWindow[];
  valueKeys: readonly string[];
  /** Shortlist rankings: a bonus on the ranked pairs only (choices.ts). */
  choices: ChoiceLists;
}

function bitCounts(): Uint8Array {
  const c = new Uint8Array(1 << 12);
  for (let x = 1; x < c.length; x++) c[x] = (c[x >> 1] ?? 0) + (x & 1);
  return c;
}

function modeMask(modes: readonly string[]): number {
  let mask = 0;
  for (const mode of modes) mask |= 1 << COMMUNICATION_MODES.indexOf(mode as (typeof COMMUNICATION_MODES)[number]);
  return mask;
}

/** Builds a ClassTable from keys per person and a rule over (mentee key, mentor key). */
function classTable<A, B>(
  menteeKeys: readonly A[], mentorKeys: readonly B[], keyOfA: (a: A) => string, keyOfB: (b: B) => string,
  rule: (a: A, b: B) => number, mentorClassOut: Int32Array, field: number,
): ClassTable {
  const ia = new Interner(), ib = new Interner();
  const reprA: A[] = [], reprB: B[] = [];
  const menteeClass = new Int32Array(menteeKeys.length);
  menteeKeys.forEach((a, i) => {
    const id = ia.id(keyOfA(a));
    if (id === reprA.length) reprA.push(a);
    menteeClass[i] = id;
  });
  mentorKeys.forEach((b, j) => {
    const id = ib.id(keyOfB(b));
    if (id === reprB.length) reprB.push(b);
    mentorClassOut[j * MENTOR_STRIDE + field] = id;
  });
  const table = new Int32Array(Math.max(1, reprA.length * reprB.length));
  reprA.forEach((a, x) => reprB.forEach((b, y) => { table[x * reprB.length + y] = rule(a, b); }));
  return { menteeClass, mentorClasses: reprB.length, points: table };
}

export function encodeCohort(input: MatchInput, mentees: readonly MatchMentee[], mentors: readonly MatchMentor[],
  capacity: Int32Array): EncodedCohort {
  const n = mentees.length, m = mentors.length;
  const { settings } = input;
  const budgets = criterionBudgets(settings.weights);
  const mentor = new Int32Array(m * MENTOR_STRIDE);

  const topics = new Interner();
  for (const e of mentees) for (const t of e.answers.topics.slice(0, MAX_TOPICS)) topics.id(normaliseKey(t));
  for (const r of mentors) for (const x of r.answers.expertise) topics.id(normaliseKey(x.topic));
  const T = topics.size, topicStride = T + 1;
  const menteeTopics = new Int32Array(n * MAX_TOPICS).fill(T);
  const menteeExpertisePoints = new Int32Array(n * MAX_TOPICS * 4);
  mentees.forEach((e, i) => {
    const list = e.answers.topics.slice(0, MAX_TOPICS);
    const rw = rankWeights(list.length);
    list.forEach((t, r) => {
      menteeTopics[i * MAX_TOPICS + r] = topics.id(normaliseKey(t));
      for (let level = 1; level <= 3; level++) {
        menteeExpertisePoints[(i * MAX_TOPICS + r) * 4 + level] = points(budgets.expertise * (rw[r] ?? 0), LEVEL_FACTOR[level] ?? 0);
      }
    });
  });
  const mentorLevels = new Uint8Array(m * topicStride);
  mentors.forEach((r, j) => {
    for (const x of r.answers.expertise) {
      const k = j * topicStride + topics.id(normaliseKey(x.topic));
      mentorLevels[k] = Math.max(mentorLevels[k] ?? 0, x.level);
    }
  });

  const postingStart = new Int32Array(topicStride + 1);
  for (let j = 0; j < m; j++) for (let t = 0; t < T; t++) if (mentorLevels[j * topicStride + t]! > 0) postingStart[t + 1]!++;
  for (let t = 0; t < topicStride; t++) postingStart[t + 1] = postingStart[t + 1]! + postingStart[t]!;
  const postingMentor = new Int32Array(postingStart[topicStride]!);
  const postingLevel = new Uint8Array(postingMentor.length);
  const fill = postingStart.slice(0, topicStride);
  for (let j = 0; j < m; j++) {
    for (let t = 0; t < T; t++) {
      const level = mentorLevels[j * topicStride + t]!;
      if (level > 0) { postingMentor[fill[t]!] = j; postingLevel[fill[t]!] = level; fill[t]!++; }
    }
  }

  const languages = new Interner();
  const langMask = (langs: readonly string[]): number => {
    let mask = 0;
    for (const l of langs) {
      const id = languages.id(l);
      mask |= id < EXACT_LANGUAGE_BITS ? 1 << id : RARE_LANGUAGE_BIT;
    }
    return mask;
  };
  const menteeLang = new Int32Array(n);
  mentees.forEach((e, i) => { menteeLang[i] = langMask(e.answers.languages); });
  mentors.forEach((r, j) => { mentor[j * MENTOR_STRIDE + F_LANG] = langMask(r.answers.languages); });

  const domains = new Interner();
  const menteeDomain = new Int32Array(n);
  mentees.forEach((e, i) => { menteeDomain[i] = domains.id(normaliseKey(e.answers.domain)); });
  mentors.forEach((r, j) => { mentor[j * MENTOR_STRIDE + F_DOMAIN] = domains.id(normaliseKey(r.answers.domain)); });

  const valueBit = (vs: readonly string[]): number => vs.reduce((mask, v) => mask | (1 << VALUES.indexOf(v as (typeof VALUES)[number])), 0);
  const menteeValues = new Int32Array(n);
  const menteeValuePoints = new Int32Array(n * 4);
  mentees.forEach((e, i) => {
    menteeValues[i] = valueBit(e.answers.values);
    const count = e.answers.values.length;
    for (let shared = 0; shared <= 3; shared++) {
      menteeValuePoints[i * 4 + shared] = points(budgets.values, valuesValue(count, Math.min(shared, count)));
    }
  });
  mentors.forEach((r, j) => { mentor[j * MENTOR_STRIDE + F_VALUES] = valueBit(r.answers.values); });

  const date = input.referenceDate ?? DEFAULT_REFERENCE_DATE;
  const offsets = new Map<string, number>();
  const windowOf = (p: MatchMentee | MatchMentor): UtcWindow => {
    let off = offsets.get(p.timezone);
    if (off === undefined) { off = utcOffsetMinutes(p.timezone, date); offsets.set(p.timezone, off); }
    return toUtcWindow(p.answers.workingHours, off);
  };
  const menteeWindows = mentees.map(windowOf), mentorWindows = mentors.map(windowOf);
  const minOverlap = Math.round(settings.minOverlapHours * 60);
  const winKey = (w: UtcWindow): string => `${w.start}|${w.length}`;
  const hours = classTable(menteeWindows, mentorWindows, winKey, winKey, (a, b) => {
    const ov = overlapMinutes(a, b);
    return ov < minOverlap ? -1 : points(budgets.hours, hoursValue(ov));
  }, mentor, F_HOURS);

  const rhythmKey = (p: MatchMentee | MatchMentor): string => `${p.answers.cadenceDays}|${p.answers.sessionMinutes}`;
  const rhythm = classTable(mentees, mentors, rhythmKey, rhythmKey, (a, b) => points(budgets.cadence,
    rhythmValue(a.answers.cadenceDays, a.answers.sessionMinutes, b.answers.cadenceDays, b.answers.sessionMinutes)), mentor, F_RHYTHM);

  const officeOf = (p: MatchMentee | MatchMentor): string => normaliseKey(p.answers.office ?? p.location ?? '');
  const modeKey = (p: MatchMentee | MatchMentor): string => `${modeMask(p.answers.modes)}|${officeOf(p)}`;
  const mode = classTable(mentees, mentors, modeKey, modeKey, (a, b) => {
    const ma = modeMask(a.answers.modes);
    let usable = ma & modeMask(b.answers.modes);
    const office = officeOf(a);
    if (office === '' || office !== officeOf(b)) usable &= ~IN_PERSON_BIT;
    const popcount = (x: number): number => (x & 1) + ((x >> 1) & 1) + ((x >> 2) & 1);
    return points(budgets.mode, modeValue(popcount(ma), popcount(usable)));
  }, mentor, F_MODE);

  const seniority = classTable(mentees, mentors, (a) => `${a.answers.seniorityGap}|${a.level ?? ''}`, (b) => `${b.level ?? ''}`,
    (a, b) => points(budgets.seniority, seniorityValue(a.answers.seniorityGap,
      a.level === undefined || b.level === undefined ? undefined : b.level - a.level)), mentor, F_SENIORITY);

  const feedback = classTable(mentees, mentors, (a) => a.answers.feedbackStyle, (b) => b.answers.feedbackStyle,
    (a, b) => points(budgets.feedback, feedbackValue(a.answers.feedbackStyle, b.answers.feedbackStyle)), mentor, F_FEEDBACK);

  const deptOf = (p: MatchMentee | MatchMentor): string => (p.department === undefined ? '' : normaliseKey(p.department));
  const department = classTable(mentees, mentors, (a) => `${a.answers.department}|${deptOf(a)}`, deptOf,
    (a, b) => points(budgets.department, departmentValue(a.answers.department,
      a.department === undefined ? undefined : deptOf(a), b.department === undefined ? undefined : deptOf(b))), mentor, F_DEPT);

  const firstLanguage = classTable(mentees, mentors, (a) => a.answers.languages[0] ?? '', (b) => b.answers.languages.join(','),
    (a, b) => points(budgets.language, firstLanguageValue(a.answers.languages, b.answers.languages)), mentor, F_FIRST_LANG);

  const objectiveTopics = new Int32Array(n * MAX_OBJECTIVE_TOPICS).fill(T);
  const namesTopics = new Uint8Array(n);
  const topicKeys = topics.keys;
  // Each text is split into words once: objectives repeat (and are short), topics are few.
  const stemsOfTopic = topicKeys.map(topicStems);
  const stemsOfObjective = new Map<string, ReadonlySet<string>>();
  mentees.forEach((e, i) => {
    let have = stemsOfObjective.get(e.answers.careerObjective);
    if (!have) { have = objectiveStems(e.answers.careerObjective); stemsOfObjective.set(e.answers.careerObjective, have); }
    let k = 0;
    for (let t = 0; t < T && k < MAX_OBJECTIVE_TOPICS; t++) {
      if (namesTopic(have, stemsOfTopic[t]!)) objectiveTopics[i * MAX_OBJECTIVE_TOPICS + k++] = t;
    }
    namesTopics[i] = k > 0 ? 1 : 0;
  });
  mentors.forEach((r, j) => { mentor[j * MENTOR_STRIDE + F_EXPERIENCE] = MENTORING_EXPERIENCE.indexOf(r.answers.mentoringExperience); });
  const careerExperiencePoints = new Int32Array(2 * MENTORING_EXPERIENCE.length);
  MENTORING_EXPERIENCE.forEach((x, k) => {
    careerExperiencePoints[k] = points(budgets.career, EXPERIENCE_FACTOR[x]);
    careerExperiencePoints[MENTORING_EXPERIENCE.length + k] = points(budgets.career * 0.5, EXPERIENCE_FACTOR[x]);
  });
  const careerLevelPoints = new Int32Array(4);
  for (let level = 0; level <= 3; level++) careerLevelPoints[level] = points(budgets.career * 0.5, LEVEL_FACTOR[level] ?? 0);

  return {
    n, m, mentees, mentors, budgets,
    firstLanguage, objectiveTopics, namesTopics, careerExperiencePoints, careerLevelPoints,
    minEdgePoints: settings.objective === 'score' ? Math.round(settings.minScore * 100) : 0,
    topicKeys: topics.keys, topicStride, menteeTopics, menteeExpertisePoints, mentorLevels, postingStart, postingMentor, postingLevel, mentor,
    menteeLang, menteeDomain, domainPoints: points(budgets.domain, 1), menteeValues, menteeValuePoints,
    popcount: bitCounts(), hours, rhythm, mode, seniority, feedback, department, capacity,
    blocks: buildBlockLists(input, mentees, mentors), menteeWindows, mentorWindows, valueKeys: VALUES,
    choices: encodeChoices(input.choices, mentees, mentors),
  };
}

/** Exact language check, needed only when both speak a language beyond the first 30 seen. */
export function shareLanguage(a: readonly string[], b: readonly string[]): boolean {
  return a.some((l) => b.includes(l));
}
