// The preview's choice statistics for a shortlist round: of the mentees who ranked mentors, how
// many got their first, second… choice, another mentor, or none. Pinned mentees are the lead's
// decision and are left out.
import type { EncodedCohort } from './encode-cohort.ts';
import { MAX_SHORTLIST, choiceRank } from './choices.ts';
import type { ChoiceStats } from './types.ts';

export function choiceStats(enc: EncodedCohort, pinnedTo: Int32Array, mentorOf: Int32Array): ChoiceStats | undefined {
  const c = enc.choices;
  if (c.mentor.length === 0) return undefined;
  const stats: ChoiceStats = { ranked: 0, byRank: new Array<number>(MAX_SHORTLIST).fill(0), other: 0, unmatched: 0 };
  for (let i = 0; i < enc.n; i++) {
    if (c.start[i] === c.start[i + 1] || pinnedTo[i]! >= 0) continue;
    stats.ranked++;
    const j = mentorOf[i]!;
    if (j < 0) { stats.unmatched++; continue; }
    const rank = choiceRank(c, i, j);
    if (rank > 0) stats.byRank[rank - 1]!++;
    else stats.other++;
  }
  return stats;
}
