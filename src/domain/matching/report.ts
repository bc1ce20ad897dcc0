// The lead's preview (SPEC §4): counts, unmatched reasons, score distribution, mentor load and
// the weakest pairs, so a lead can pin, forbid or tune weights before publishing.
import type {
  ChoiceStats, MatchReport, MatchSettings, MatchedPair, OptimalityStatus, RejectedPin, UnmatchedMentee, UnmatchedReason,
} from './types.ts';

export interface ReportInput {
  objective: MatchSettings['objective'];
  mentees: number;
  pairs: readonly MatchedPair[];
  unmatched: readonly UnmatchedMentee[];
  mentorIds: readonly string[];
  /** Capacity before this run's pairs (after locked pairs). */
  capacity: ArrayLike<number>;
  lockedPairs: number;
  optimality: OptimalityStatus;
  rejectedPins: RejectedPin[];
  seed: number;
  choices?: ChoiceStats;
}

const LOWEST_SHOWN = 10;

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

export function buildReport(r: ReportInput): MatchReport {
  const scores = r.pairs.map((p) => p.score).sort((a, b) => a - b);
  const total = scores.reduce((s, x) => s + x, 0);
  const buckets = Array.from({ length: 10 }, (_, k) => ({ from: k * 10, to: k * 10 + 10, count: 0 }));
  for (const s of scores) buckets[Math.min(9, Math.floor(s / 10))]!.count++;

  const load = new Map<string, number>();
  for (const p of r.pairs) load.set(p.mentorId, (load.get(p.mentorId) ?? 0) + 1);
  const byLoad: Record<string, number> = {};
  let capacity = 0, idle = 0;
  r.mentorIds.forEach((id, j) => {
    const cap = r.capacity[j] ?? 0;
    capacity += cap;
    const l = load.get(id) ?? 0;
    if (cap > 0 && l === 0) idle++;
    byLoad[String(l)] = (byLoad[String(l)] ?? 0) + 1;
  });

  const unmatchedByReason: Record<UnmatchedReason, number> = { no_feasible_mentor: 0, below_min_score: 0, capacity_exhausted: 0 };
  for (const u of r.unmatched) unmatchedByReason[u.reason]++;

  const lowest = [...r.pairs].sort((a, b) => a.score - b.score || a.menteeId.localeCompare(b.menteeId)).slice(0, LOWEST_SHOWN);
  return {
    objective: r.objective,
    mentees: r.mentees,
    mentors: r.mentorIds.length,
    matched: r.pairs.length,
    unmatched: r.unmatched.length,
    lockedPairs: r.lockedPairs,
    unmatchedByReason,
    totalScore: round2(total),
    averageScore: scores.length === 0 ? 0 : round2(total / scores.length),
    scoreDistribution: {
      buckets,
      min: scores[0] ?? 0,
      median: scores.length === 0 ? 0 : scores[Math.floor((scores.length - 1) / 2)]!,
      max: scores[scores.length - 1] ?? 0,
    },
    mentorLoad: { capacity, used: r.pairs.length, byLoad, idleMentors: idle },
    lowestPairs: lowest.map((p) => ({ menteeId: p.menteeId, mentorId: p.mentorId, score: p.score })),
    optimality: r.optimality,
    rejectedPins: r.rejectedPins,
    ...(r.choices ? { choices: r.choices } : {}),
    seed: r.seed,
  };
}
