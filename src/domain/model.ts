// The product's concepts as the core sees them (SPEC §2). Repositories map rows to these; nothing
// here knows about SQL, platforms or queues.
import type { PairState } from './pair-state.ts';
import type { ProgramSettings } from './program-settings.ts';
import type { RoundState } from './round-state.ts';

export type { PairState, RoundState };

export type Platform = 'slack' | 'teams' | 'memory';
export type Locale = 'en' | 'fr';
export type Role = 'mentee' | 'mentor';

export interface Workspace { id: string; platform: Platform; externalId: string; name: string | null }

export interface Person {
  id: string; workspaceId: string; platformUserId: string; email: string | null; displayName: string;
  /** Locale reported by the platform (e.g. fr-FR); `localeOverride` (from `lang`) wins over it. */
  locale: string | null; localeOverride: Locale | null; timezone: string;
  managerId: string | null; department: string | null; level: number | null; location: string | null;
  deactivatedAt: Date | null; erasedAt: Date | null;
  /** Working hours the person gave (minutes after local midnight, ISO weekday digits); unset: the default working day. */
  workHours?: { readonly startMin: number | null; readonly endMin: number | null; readonly days: string | null };
}

export interface Program {
  id: string; workspaceId: string; name: string; description: string | null; status: 'active' | 'archived';
  settings: ProgramSettings; createdBy: string | null; createdAt: Date; updatedAt: Date;
}

export interface Round {
  id: string; workspaceId: string; programId: string; name: string; state: RoundState;
  surveyDeadline: Date | null; announceChannel: string | null; openedAt: Date | null; closedAt: Date | null;
  matchedAt: Date | null; publishedAt: Date | null; endsAt: Date | null; completedAt: Date | null;
  createdBy: string | null; createdAt: Date;
  /** Seed of the matcher's tie-breaking order (unsigned 32-bit), drawn when the round is created. */
  matchSeed: number;
  /** Shortlist choice (docs/programs.md): when the mentees' ranking ends, and when it ended. */
  rankingDeadline: Date | null; rankingClosedAt: Date | null;
}

export type EnrollmentStatus = 'started' | 'submitted' | 'withdrawn';

export interface Enrollment {
  id: string; workspaceId: string; roundId: string; personId: string; role: Role; status: EnrollmentStatus;
  /** Survey answers as submitted (MenteeAnswers / MentorAnswers), or a draft while started. */
  answers: Record<string, unknown> | null; capacity: number | null;
  consentAt: Date | null; submittedAt: Date | null; createdAt: Date; updatedAt: Date;
  /** Enrolment approval (docs/programs.md): null = none needed; pending and refused ones do not take part. */
  approval: EnrollmentApproval | null; approvalBy: string | null; approvalAt: Date | null;
}

export type EnrollmentApproval = 'pending' | 'approved' | 'refused';

/** Whether an enrolment takes part in its round's matching, reports and notices. */
export const takesPart = (e: Pick<Enrollment, 'status' | 'approval'>): boolean => e.status === 'submitted' && (e.approval === null || e.approval === 'approved');

/** One structured reason; the core renders it in the reader's language. */
export type MatchReason = { code: string } & Record<string, unknown>;

export interface Pair {
  id: string; workspaceId: string; programId: string; roundId: string; menteeId: string; mentorId: string;
  state: PairState; source: 'round' | 'rematch' | 'pin'; score: number; reasons: MatchReason[];
  proposedAt: Date | null; expiresAt: Date | null; menteeAcceptedAt: Date | null; mentorAcceptedAt: Date | null;
  acceptedAt: Date | null; activatedAt: Date | null; firstMeetingAt: Date | null; pausedUntil: Date | null;
  declinedBy: string | null; declineReason: string | null; endedAt: Date | null; endedBy: string | null;
  endReason: string | null; createdAt: Date; updatedAt: Date;
}

export interface PairEvent { matchId: string; fromState: PairState | null; toState: PairState; actorId: string | null; at: Date }

export interface Goal {
  id: string; matchId: string; title: string; measure: string; targetDate: string; progress: number;
  /** The article's SMART questions: why it is within reach, how it serves the mentee's development. */
  achievable: string | null; relevant: string | null;
  status: 'open' | 'done' | 'dropped'; createdBy: string | null; updatedBy: string | null; createdAt: Date; updatedAt: Date;
}

export type CheckinStatus = 'scheduled' | 'prompted' | 'answered' | 'missed' | 'cancelled';
export type MetAnswer = 'yes' | 'not_yet' | 'rescheduled';

export interface Checkin {
  id: string; matchId: string; personId: string; period: number; dueAt: Date; status: CheckinStatus;
  promptedAt: Date | null; answeredAt: Date | null; met: MetAnswer | null; usefulness: number | null;
  goalProgress: Record<string, number> | null; privateNote: string | null;
  /** Shared with the partner, unlike the private note. */
  nextSteps: string | null; adviceApplied: string | null;
}

export interface Pulse { id: string; roundId: string; kind: 'periodic' | 'final'; period: number; opensAt: Date; closesAt: Date }

export interface PulseAnswer {
  id: string; pulseId: string; personId: string | null; matchId: string | null; role: Role;
  satisfaction: number; relationship: number; progress: number; recommend: number; comment: string | null; answeredAt: Date;
}

/**
 * pending → sending (one sender holds a lease) → sent | failed (retry) | undeliverable | cancelled (nothing left to say)
 * | split (a group message sent as one copy per member, each its own delivery).
 */
export type DeliveryStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'undeliverable' | 'cancelled' | 'split';

export interface Delivery {
  id: string; workspaceId: string; idempotencyKey: string; kind: string; personId: string | null; matchId: string | null;
  payload: Record<string, unknown>; status: DeliveryStatus; attempts: number; platformChannelId: string | null; platformMessageId: string | null;
  error: string | null; createdAt: Date; updatedAt: Date; sentAt: Date | null;
}

export type RiskRule = 'no_first_meeting' | 'missed_checkins' | 'low_pulse' | 'rating_gap' | 'long_pause';

export interface RiskAlert {
  id: string; matchId: string; rule: RiskRule; detectedAt: Date; handledAt: Date | null; handledBy: string | null;
  action: 'nudge' | 'rematch' | 'handled' | 'declined' | null;
  /** The member offered help, for a signal drawn from their own answers; null for signals a lead sees anyway. */
  personId: string | null;
  /** When leads could first see it: at detection, or when the member involved the lead; null while private. */
  sharedAt: Date | null;
}

export interface AuditEntry {
  id: number; workspaceId: string; actorId: string | null; action: string; targetType: string | null;
  targetId: string | null; details: Record<string, unknown>; at: Date;
}
