// An honest reason for each mentee left out (SPEC §5): nobody passes the hard constraints,
// everyone who does scores under the program's minimum, or the capacity went to others.
import { MENTOR_STRIDE, F_LANG, F_HOURS, RARE_LANGUAGE_BIT, shareLanguage, type EncodedCohort } from './encode-cohort.ts';
import { CONSTRAINT_CODE, CONSTRAINT_ORDER } from './hard-constraints.ts';
import { scoreRow, type RowContext } from './score-kernel.ts';
import type { HardConstraint, UnmatchedMentee } from './types.ts';

const FEASIBLE = CONSTRAINT_ORDER.length;

/**
 * Counts, per mentee, the mentors ruled out by each hard constraint (the first failing one).
 * Language and working hours depend only on the mentor's language mask and hours class, so
 * mentors are counted by (mask, class) group; only a mentee's block list (and the rare pairs
 * that need an exact language check) is looked at mentor by mentor. At scale many mentees are
 * left out, and one pass over every mentor each made this part grow with the square of the cohort.
 */
export class ConstraintCounter {
  private readonly enc: EncodedCohort;
  private readonly groupLang: Int32Array;
  private readonly groupHours: Int32Array;
  /** CSR: the mentors of group g are member[memberStart[g] .. memberStart[g+1]). */
  private readonly memberStart: Int32Array;
  private readonly member: Int32Array;
  private readonly blockCode: Int32Array;
  private readonly stamp: Int32Array;
  private readonly done: Int32Array;
  private readonly counts = new Int32Array(FEASIBLE + 1);

  constructor(enc: EncodedCohort) {
    this.enc = enc;
    const groupOf = new Map<string, number>();
    const lang: number[] = [], hours: number[] = [];
    const g = new Int32Array(enc.m);
    for (let j = 0; j < enc.m; j++) {
      const l = enc.mentor[j * MENTOR_STRIDE + F_LANG]!, h = enc.mentor[j * MENTOR_STRIDE + F_HOURS]!;
      const key = `${l}|${h}`;
      let id = groupOf.get(key);
      if (id === undefined) { id = lang.length; groupOf.set(key, id); lang.push(l); hours.push(h); }
      g[j] = id;
    }
    this.groupLang = Int32Array.from(lang);
    this.groupHours = Int32Array.from(hours);
    this.memberStart = new Int32Array(lang.length + 1);
    for (let j = 0; j < enc.m; j++) this.memberStart[g[j]! + 1]!++;
    for (let x = 0; x < lang.length; x++) this.memberStart[x + 1] = this.memberStart[x + 1]! + this.memberStart[x]!;
    const fill = this.memberStart.slice(0, lang.length);
    this.member = new Int32Array(enc.m);
    for (let j = 0; j < enc.m; j++) this.member[fill[g[j]!]!++] = j;
    this.blockCode = new Int32Array(enc.m);
    this.stamp = new Int32Array(enc.m).fill(-1);
    this.done = new Int32Array(enc.m).fill(-1);
  }

  /** The code of mentor j for mentee i from language and hours alone. */
  private baseCode(i: number, j: number): number {
    const enc = this.enc;
    const shared = enc.menteeLang[i]! & enc.mentor[j * MENTOR_STRIDE + F_LANG]!;
    if (shared === 0 || (shared === RARE_LANGUAGE_BIT
      && !shareLanguage(enc.mentees[i]!.answers.languages, enc.mentors[j]!.answers.languages))) {
      return CONSTRAINT_CODE.language;
    }
    const hours = enc.hours.points[enc.hours.menteeClass[i]! * enc.hours.mentorClasses + enc.mentor[j * MENTOR_STRIDE + F_HOURS]!]!;
    return hours < 0 ? CONSTRAINT_CODE.working_hours : FEASIBLE;
  }

  count(i: number): { feasible: number; blockedBy: Partial<Record<HardConstraint, number>> } {
    const enc = this.enc, counts = this.counts;
    counts.fill(0);
    const lang = enc.menteeLang[i]!;
    const hb = enc.hours.menteeClass[i]! * enc.hours.mentorClasses;
    for (let x = 0; x < this.groupLang.length; x++) {
      const size = this.memberStart[x + 1]! - this.memberStart[x]!;
      const shared = lang & this.groupLang[x]!;
      if (shared === 0) { counts[CONSTRAINT_CODE.language]! += size; continue; }
      if (shared === RARE_LANGUAGE_BIT) {
        for (let y = this.memberStart[x]!; y < this.memberStart[x + 1]!; y++) counts[this.baseCode(i, this.member[y]!)]!++;
        continue;
      }
      counts[enc.hours.points[hb + this.groupHours[x]!]! < 0 ? CONSTRAINT_CODE.working_hours : FEASIBLE]! += size;
    }
    // Blocked mentors move from the code counted above to the first rule they fail.
    const { start, mentor, code: codes } = enc.blocks;
    for (let k = start[i]!; k < start[i + 1]!; k++) {
      const j = mentor[k]!;
      if (this.stamp[j] !== i) { this.stamp[j] = i; this.blockCode[j] = codes[k]!; } else this.blockCode[j] = Math.min(this.blockCode[j]!, codes[k]!);
    }
    for (let k = start[i]!; k < start[i + 1]!; k++) {
      const j = mentor[k]!;
      if (this.done[j] === i) continue;
      this.done[j] = i;
      const base = this.baseCode(i, j);
      counts[base]!--;
      counts[Math.min(base, this.blockCode[j]!)]!++;
    }
    const blockedBy: Partial<Record<HardConstraint, number>> = {};
    CONSTRAINT_ORDER.forEach((name, k) => { if (counts[k]! > 0) blockedBy[name] = counts[k]!; });
    return { feasible: counts[FEASIBLE]!, blockedBy };
  }
}

/** `row` (one slot per mentor) is scratch space, reused across calls. */
export function explainUnmatched(enc: EncodedCohort, i: number, ctx: RowContext, row: Int32Array, counter: ConstraintCounter): UnmatchedMentee {
  const { feasible, blockedBy } = counter.count(i);
  // Without a minimum score every feasible pair is an edge: no need to score the row.
  const edgesInFull = feasible === 0 ? 0 : enc.minEdgePoints <= 0 ? feasible : scoreRow(ctx, i, row);
  const reason = feasible === 0 ? 'no_feasible_mentor' : edgesInFull === 0 ? 'below_min_score' : 'capacity_exhausted';
  return { menteeId: enc.mentees[i]!.id, reason, feasibleMentors: feasible, blockedBy };
}
