// The matcher's input and output. The core builds a MatchInput from enrollments, people and
// the program; the CLI builds the same shape from a cohort file (cohort-schema.ts).
import type { MatchCriterion, ProgramSettings } from '../program-settings.ts';
import type { MenteeAnswers, MentorAnswers } from '../survey-answers.ts';
import type { MatchReason } from './match-reason.ts';

/** What the matcher needs to know about a person besides their survey answers. */
export interface MatchPerson {
  /** Platform-neutral person id (people.id). */
  id: string;
  /** Display name, used only to render reasons ("Alice has 8 years…"). */
  name?: string;
  /** IANA time zone from the platform profile, e.g. "Europe/Paris". */
  timezone: string;
  /** Position on the org's seniority ladder (higher = more senior), when known. */
  level?: number;
  department?: string;
  /** Person id of the direct manager, when known (org import or survey). */
  managerId?: string;
  /** Office or city; the survey's `office` answer wins for in-person meetings. */
  location?: string;
}

export interface MatchMentee extends MatchPerson {
  answers: MenteeAnswers;
}

export interface MatchMentor extends MatchPerson {
  answers: MentorAnswers;
  /** Overrides answers.capacity (e.g. a lead lowering it, a circle's seats); locked pairs are subtracted from it. */
  capacity?: number;
  /**
   * The people this node stands for when it is not one person: a circle's mentor and co-mentor
   * (its id is then the circle's). Every person rule (self, management chain either way, same
   * team, avoid, past pair, forbid) applies to each of them as if they were the mentor. Default: [id].
   */
  leaders?: readonly string[];
}

/** Someone in the org chart who is not enrolled (a manager higher up, say). */
export interface OrgPerson {
  id: string;
  managerId?: string;
}

export interface PairRef {
  menteeId: string;
  mentorId: string;
}

export type MatchSettings = Pick<ProgramSettings, 'weights' | 'objective' | 'minScore' | 'minOverlapHours'>
  & Partial<Pick<ProgramSettings, 'sameTeamRule'>>;

/** A mentee's ranking from a shortlist round: mentor ids, first choice first. */
export interface MenteeChoice {
  menteeId: string;
  mentorIds: readonly string[];
}

export interface MatchInput {
  settings: MatchSettings;
  mentees: readonly MatchMentee[];
  mentors: readonly MatchMentor[];
  /** Extra org-chart links for people who are neither mentee nor mentor. */
  org?: readonly OrgPerson[];
  /** Pairs this program already had (any round, any outcome): never proposed again. */
  pastPairs?: readonly PairRef[];
  /** Lead's pins: forced when they pass the hard constraints and capacity. */
  pins?: readonly PairRef[];
  /** Lead's forbids: never proposed. */
  forbids?: readonly PairRef[];
  /** Accepted or running pairs kept as they are: they use mentor capacity and their mentees are not rematched. */
  lockedPairs?: readonly PairRef[];
  /** Rankings from a shortlist round: each ranked pair gets a bonus in the optimiser (choices.ts). */
  choices?: readonly MenteeChoice[];
  /** YYYY-MM-DD: the day whose UTC offsets turn local working hours into UTC (DST-aware, deterministic). */
  referenceDate?: string;
  /**
   * Seed of the tie-breaking order (an unsigned 32-bit integer, default 0). People are sorted by
   * id, then shuffled with this seed before solving, so that among equal-score solutions none is
   * favoured by its position in a file or table, and the same seed gives the same result.
   */
  seed?: number;
}

export interface MatchOptions {
  /** Size of each mentee's candidate list in the sparse graph before widening. */
  candidatesPerMentee?: number;
  /** Each mentor's best mentees (among the pairs the candidate search scored) also added to the graph (default 48; 0: none). */
  candidatesPerMentor?: number;
  /** Widening rounds before giving up on proving optimality and reporting the gap. */
  maxWideningRounds?: number;
  /** New edges absorbed by warm repair in one round; more trigger a fresh solve (default max(200, n/20)). */
  maxRepairEdges?: number;
  /**
   * From this many mentees, the partial check after a repair, and the check after a fresh solve,
   * are split into groups by how far each mentee's dual may still fall, each group walking only
   * the mentors that could break one of its pairs (default 1 000; the tests set 1 so that small
   * cohorts take that path).
   */
  groupedRecheckFrom?: number;
  /**
   * Left-out pairs handed to the graph per mentee and round when the proof fails, the worst first
   * (default 24; the tests set 1 so that mentees with more violations than that occur).
   */
  widenPerMentee?: number;
}

/** Hard constraints a pair can fail (capacity is handled by the optimiser). */
export const HARD_CONSTRAINTS = [
  'self', 'language', 'manager_chain', 'reports_chain', 'same_team', 'avoided', 'past_pair', 'forbidden', 'working_hours',
] as const;
export type HardConstraint = (typeof HARD_CONSTRAINTS)[number];

export type CriterionPoints = Record<MatchCriterion, number>;

export interface MatchedPair {
  menteeId: string;
  mentorId: string;
  /** 0–100 with two decimals. */
  score: number;
  /** Points each criterion contributed (they add up to the score, give or take rounding). */
  breakdown: CriterionPoints;
  /** Best reasons first, as data; render with reasons-text.ts or the core's catalog. */
  reasons: MatchReason[];
  pinned: boolean;
  /** The rank the mentee gave this mentor in a shortlist round (1 = first choice); absent when unranked. */
  choiceRank?: number;
}

export type UnmatchedReason = 'no_feasible_mentor' | 'below_min_score' | 'capacity_exhausted';

export interface UnmatchedMentee {
  menteeId: string;
  reason: UnmatchedReason;
  /** Mentors passing every hard constraint (capacity aside). */
  feasibleMentors: number;
  /** Mentors ruled out by each hard constraint (the first one failing per mentor). */
  blockedBy: Partial<Record<HardConstraint, number>>;
}

export interface RejectedPin extends PairRef {
  reason: HardConstraint | 'capacity' | 'unknown_person' | 'duplicate' | 'locked';
}

export interface OptimalityStatus {
  /** "optimal": proven for the full problem; "gap": the best bound found is above the result. */
  status: 'optimal' | 'gap';
  /** Upper bound minus result, in score points (0 when optimal). */
  scoreGap: number;
  /** Extra mentees a better solution might match (participation objective; 0 when optimal). */
  matchedGap: number;
  wideningRounds: number;
  candidateEdges: number;
}

export interface MatchReport {
  objective: MatchSettings['objective'];
  mentees: number;
  mentors: number;
  matched: number;
  unmatched: number;
  lockedPairs: number;
  unmatchedByReason: Record<UnmatchedReason, number>;
  totalScore: number;
  averageScore: number;
  scoreDistribution: { buckets: { from: number; to: number; count: number }[]; min: number; median: number; max: number };
  mentorLoad: { capacity: number; used: number; byLoad: Record<string, number>; idleMentors: number };
  lowestPairs: { menteeId: string; mentorId: string; score: number }[];
  optimality: OptimalityStatus;
  rejectedPins: RejectedPin[];
  /** Shortlist rounds: how many mentees got their first, second… choice; present when someone ranked. */
  choices?: ChoiceStats;
  /** The tie-breaking seed used (pass it again to reproduce the result). */
  seed: number;
}

export interface ChoiceStats {
  /** Mentees (not pinned, not locked) who ranked at least one mentor. */
  ranked: number;
  /** byRank[r - 1]: mentees matched with their r-th choice. */
  byRank: number[];
  /** Ranked, but matched with a mentor they did not rank. */
  other: number;
  /** Ranked, but left unmatched. */
  unmatched: number;
}

export interface MatchResult {
  pairs: MatchedPair[];
  unmatched: UnmatchedMentee[];
  report: MatchReport;
}
