// One pair, explained: which hard constraint fails first, and the points of every criterion.
// Reads the same tables as the hot loop, so the explanation always adds up to the same score.
import { MATCH_CRITERIA } from '../program-settings.ts';
import { choiceBonusPoints, choiceRank as rankOf } from './choices.ts';
import { MAX_POINTS, hoursValue, points } from './criteria.ts';
import {
  F_DEPT, F_DOMAIN, F_FEEDBACK, F_FIRST_LANG, F_HOURS, F_LANG, F_MODE, F_RHYTHM, F_SENIORITY, F_VALUES, MAX_TOPICS, MENTOR_STRIDE,
  RARE_LANGUAGE_BIT, shareLanguage, type ClassTable, type EncodedCohort,
} from './encode-cohort.ts';
import { CONSTRAINT_CODE, CONSTRAINT_ORDER } from './hard-constraints.ts';
import type { CriterionPoints, HardConstraint } from './types.ts';
import { careerPoints } from './score-kernel.ts';
import { overlapMinutes } from './working-hours.ts';

export interface PairEvaluation {
  /** The first hard constraint the pair fails, in CONSTRAINT_ORDER; null when it passes them all. */
  violation: HardConstraint | null;
  /** 0..10 000 (hundredths of a score point), computed even when a constraint fails. */
  points: number;
  breakdown: CriterionPoints;
  overlapMinutes: number;
  /** The mentee's rank for this mentor in a shortlist round (1 = first choice), 0 when unranked. */
  choiceRank: number;
  /** The choice bonus the optimiser adds to `points` (0 when unranked). */
  choicePoints: number;
}

function lookup(t: ClassTable, enc: EncodedCohort, i: number, j: number, field: number): number {
  return t.points[t.menteeClass[i]! * t.mentorClasses + enc.mentor[j * MENTOR_STRIDE + field]!]!;
}

export function firstViolation(enc: EncodedCohort, i: number, j: number): HardConstraint | null {
  let code = Number.POSITIVE_INFINITY;
  const { start, mentor, code: codes } = enc.blocks;
  for (let k = start[i]!; k < start[i + 1]!; k++) if (mentor[k] === j) code = Math.min(code, codes[k]!);
  const shared = enc.menteeLang[i]! & enc.mentor[j * MENTOR_STRIDE + F_LANG]!;
  if (shared === 0 || (shared === RARE_LANGUAGE_BIT
    && !shareLanguage(enc.mentees[i]!.answers.languages, enc.mentors[j]!.answers.languages))) {
    code = Math.min(code, CONSTRAINT_CODE.language);
  }
  if (lookup(enc.hours, enc, i, j, F_HOURS) < 0) code = Math.min(code, CONSTRAINT_CODE.working_hours);
  return Number.isFinite(code) ? CONSTRAINT_ORDER[code]! : null;
}

export function evaluatePair(enc: EncodedCohort, i: number, j: number): PairEvaluation {
  let expertise = 0;
  for (let r = 0; r < MAX_TOPICS; r++) {
    const level = enc.mentorLevels[j * enc.topicStride + enc.menteeTopics[i * MAX_TOPICS + r]!]!;
    expertise += enc.menteeExpertisePoints[(i * MAX_TOPICS + r) * 4 + level]!;
  }
  const p = j * MENTOR_STRIDE;
  const shared = enc.popcount[enc.menteeValues[i]! & enc.mentor[p + F_VALUES]!]!;
  const overlap = overlapMinutes(enc.menteeWindows[i]!, enc.mentorWindows[j]!);
  const hours = lookup(enc.hours, enc, i, j, F_HOURS);
  const breakdown: CriterionPoints = {
    expertise,
    domain: enc.mentor[p + F_DOMAIN] === enc.menteeDomain[i] ? enc.domainPoints : 0,
    values: enc.menteeValuePoints[i * 4 + shared]!,
    cadence: lookup(enc.rhythm, enc, i, j, F_RHYTHM),
    mode: lookup(enc.mode, enc, i, j, F_MODE),
    // A failing overlap still gets its points here so a what-if shows how far it was.
    hours: hours >= 0 ? hours : points(enc.budgets.hours, hoursValue(overlap)),
    seniority: lookup(enc.seniority, enc, i, j, F_SENIORITY),
    feedback: lookup(enc.feedback, enc, i, j, F_FEEDBACK),
    department: lookup(enc.department, enc, i, j, F_DEPT),
    language: lookup(enc.firstLanguage, enc, i, j, F_FIRST_LANG),
    career: careerPoints(enc, i, j),
  };
  const sum = MATCH_CRITERIA.reduce((s, c) => s + breakdown[c], 0);
  const choiceRank = rankOf(enc.choices, i, j);
  return {
    violation: firstViolation(enc, i, j), points: Math.min(MAX_POINTS, sum), breakdown, overlapMinutes: overlap,
    choiceRank, choicePoints: choiceRank > 0 ? choiceBonusPoints(choiceRank) : 0,
  };
}
