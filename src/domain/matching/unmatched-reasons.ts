// An honest reason for each mentee left out (SPEC §5): nobody passes the hard constraints,
// everyone who does scores under the program's minimum, or the capacity went to others.
import { MENTOR_STRIDE, F_LANG, F_HOURS, RARE_LANGUAGE_BIT, shareLanguage, type EncodedCohort } from './encode-cohort.ts';
import { CONSTRAINT_CODE, CONSTRAINT_ORDER } from './hard-constraints.ts';
import { scoreRow, type RowContext } from './score-kernel.ts';
import type { HardConstraint, UnmatchedMentee } from './types.ts';

/** Counts, for one mentee, the mentors ruled out by each hard constraint (first failing one). */
export function blockedByConstraint(enc: EncodedCohort, i: number, scratch?: Int32Array):
  { feasible: number; blockedBy: Partial<Record<HardConstraint, number>> } {
  const code = (scratch ?? new Int32Array(enc.m)).fill(CONSTRAINT_ORDER.length);
  const { start, mentor, code: codes } = enc.blocks;
  for (let k = start[i]!; k < start[i + 1]!; k++) code[mentor[k]!] = Math.min(code[mentor[k]!]!, codes[k]!);
  const hb = enc.hours.menteeClass[i]! * enc.hours.mentorClasses;
  const counts = new Int32Array(CONSTRAINT_ORDER.length + 1);
  for (let j = 0; j < enc.m; j++) {
    let c = code[j]!;
    const shared = enc.menteeLang[i]! & enc.mentor[j * MENTOR_STRIDE + F_LANG]!;
    if (shared === 0 || (shared === RARE_LANGUAGE_BIT
      && !shareLanguage(enc.mentees[i]!.answers.languages, enc.mentors[j]!.answers.languages))) {
      c = Math.min(c, CONSTRAINT_CODE.language);
    }
    if (enc.hours.points[hb + enc.mentor[j * MENTOR_STRIDE + F_HOURS]!]! < 0) c = Math.min(c, CONSTRAINT_CODE.working_hours);
    counts[c] = counts[c]! + 1;
  }
  const blockedBy: Partial<Record<HardConstraint, number>> = {};
  CONSTRAINT_ORDER.forEach((name, k) => { if (counts[k]! > 0) blockedBy[name] = counts[k]!; });
  return { feasible: counts[CONSTRAINT_ORDER.length]!, blockedBy };
}

/** `row` (one slot per mentor) is scratch space, reused across calls. */
export function explainUnmatched(enc: EncodedCohort, i: number, ctx: RowContext, row: Int32Array): UnmatchedMentee {
  const { feasible, blockedBy } = blockedByConstraint(enc, i, row);
  // Without a minimum score every feasible pair is an edge: no need to score the row.
  const edgesInFull = feasible === 0 ? 0 : enc.minEdgePoints <= 0 ? feasible : scoreRow(ctx, i, row);
  const reason = feasible === 0 ? 'no_feasible_mentor' : edgesInFull === 0 ? 'below_min_score' : 'capacity_exhausted';
  return { menteeId: enc.mentees[i]!.id, reason, feasibleMentors: feasible, blockedBy };
}
