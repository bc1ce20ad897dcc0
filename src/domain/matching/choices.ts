// Ranked choices from a shortlist round (docs/matching.md, "Choice"): a mentee's ranking of the
// mentors offered to them becomes a bonus on those pairs only. The bonus enters the optimiser's
// pair weight, never the fit score, the minimum score or a hard rule: a chosen mentor who fails a
// rule or has no seat left is still out of reach, and a mentee who ranked nobody is matched as if
// there were no shortlist.
import type { MatchMentee, MatchMentor, MenteeChoice } from './types.ts';

/** Bonus in score points by rank (first choice first); ranks past the list's end get its last entry. */
export const CHOICE_BONUS: readonly number[] = [30, 20, 10, 5];

/** The most mentors a shortlist offers (and a mentee can rank). */
export const MAX_SHORTLIST = 5;

/** The bonus of the rank-th choice (1-based), in hundredths of a score point like every pair's points. */
export function choiceBonusPoints(rank: number): number {
  return CHOICE_BONUS[Math.min(rank, CHOICE_BONUS.length) - 1]! * 100;
}

/** CSR by mentee: mentee i's choices are mentor[start[i] .. start[i+1]), with their rank and bonus points. */
export interface ChoiceLists {
  start: Int32Array;
  mentor: Int32Array;
  rank: Int32Array;
  points: Int32Array;
  /** The largest bonus of any pair (0 when nobody ranked anyone). */
  maxPoints: number;
}

/** Unknown people and a mentor ranked twice (the first rank wins) are left out; at most MAX_SHORTLIST per mentee. */
export function encodeChoices(choices: readonly MenteeChoice[] | undefined, mentees: readonly MatchMentee[],
  mentors: readonly MatchMentor[]): ChoiceLists {
  const byMentee = new Map<string, readonly string[]>();
  for (const c of choices ?? []) if (!byMentee.has(c.menteeId)) byMentee.set(c.menteeId, c.mentorIds);
  const mentorIndex = new Map<string, number>();
  mentors.forEach((r, j) => { if (!mentorIndex.has(r.id)) mentorIndex.set(r.id, j); });
  const start = new Int32Array(mentees.length + 1);
  const mentor: number[] = [], rank: number[] = [], points: number[] = [];
  let maxPoints = 0;
  mentees.forEach((e, i) => {
    const seen = new Set<number>();
    (byMentee.get(e.id) ?? []).slice(0, MAX_SHORTLIST).forEach((id, r) => {
      const j = mentorIndex.get(id);
      if (j === undefined || seen.has(j)) return;
      seen.add(j);
      const bonus = choiceBonusPoints(r + 1);
      mentor.push(j);
      rank.push(r + 1);
      points.push(bonus);
      maxPoints = Math.max(maxPoints, bonus);
    });
    start[i + 1] = mentor.length;
  });
  return { start, mentor: Int32Array.from(mentor), rank: Int32Array.from(rank), points: Int32Array.from(points), maxPoints };
}

/** The rank mentee i gave mentor j (1-based), or 0 when none. */
export function choiceRank(c: ChoiceLists, i: number, j: number): number {
  for (let k = c.start[i]!; k < c.start[i + 1]!; k++) if (c.mentor[k] === j) return c.rank[k]!;
  return 0;
}
