// At-risk rules (SPEC §7), pure: the facts of one pair in, the rules it breaks out. The scan job
// gathers the facts with set-based queries. Two kinds of signal:
// - what a lead could see anyway (no first meeting, missed check-ins, a long pause) goes to the
//   leads, who see the rule and a suggested action;
// - what is drawn from a member's own pulse answers (a low rating, a gap between the members'
//   ratings) goes to that member only, as a private offer of help; the leads learn of the pair
//   only if the member asks for them. Only closed pulses count: answers still being given are
//   never looked at.
import type { RiskRule } from '../model.ts';

export const NO_FIRST_MEETING_DAYS = 21;
export const LONG_PAUSE_DAYS = 30;
export const LOW_PULSE = 2;
export const RATING_GAP = 2;
const DAY_MS = 86_400_000;
const RATINGS = ['satisfaction', 'relationship', 'progress'] as const;

/** Rules drawn from a member's own answers: offered to that member, never shown to a lead without consent. */
export const MEMBER_RULES: ReadonlySet<RiskRule> = new Set<RiskRule>(['low_pulse', 'rating_gap']);

export interface PulseRatings {
  /** The member who answered; null once they erased their data (their answer then raises nothing). */
  readonly personId: string | null;
  readonly role: 'mentee' | 'mentor';
  readonly satisfaction: number;
  readonly relationship: number;
  readonly progress: number;
}

export interface PairRiskFacts {
  readonly state: 'accepted' | 'active' | 'paused';
  readonly acceptedAt: Date | null;
  readonly firstMeetingAt: Date | null;
  /** When the current pause started (last transition to paused). */
  readonly pausedSince: Date | null;
  /** Per member, the statuses of their last two closed check-ins, newest first. */
  readonly lastCheckins: ReadonlyArray<readonly ('answered' | 'missed')[]>;
  /** Each member's answer to the pair's latest closed pulse (1–5 ratings); empty while none has closed. */
  readonly latestPulse: ReadonlyArray<PulseRatings>;
}

export type SuggestedAction = 'nudge' | 'rematch' | 'reach_out';
export interface RiskFinding {
  readonly rule: RiskRule;
  readonly action: SuggestedAction;
  /** For a rule drawn from answers: the member offered help (whose answers raised it); at most one finding per member. */
  readonly member?: string;
}

/** The action suggested to the lead for each rule (for a member's rule, once they involved the lead). */
export const SUGGESTED: Readonly<Record<RiskRule, SuggestedAction>> = {
  no_first_meeting: 'nudge', missed_checkins: 'nudge', low_pulse: 'reach_out', rating_gap: 'reach_out', long_pause: 'reach_out',
};

export function riskFindings(f: PairRiskFacts, now: Date): RiskFinding[] {
  const found: RiskFinding[] = [];
  const lead = (rule: RiskRule): void => { found.push({ rule, action: SUGGESTED[rule] }); };
  const member = (rule: RiskRule, personId: string | null): void => {
    // One offer per member: a low rating and a gap are the same news to them.
    if (personId && !found.some((x) => x.member === personId)) found.push({ rule, action: SUGGESTED[rule], member: personId });
  };
  if (f.acceptedAt && !f.firstMeetingAt && now.getTime() - f.acceptedAt.getTime() >= NO_FIRST_MEETING_DAYS * DAY_MS) lead('no_first_meeting');
  if (f.lastCheckins.some((c) => c.length >= 2 && c[0] === 'missed' && c[1] === 'missed')) lead('missed_checkins');
  for (const a of f.latestPulse) if (Math.min(a.satisfaction, a.relationship, a.progress) <= LOW_PULSE) member('low_pulse', a.personId);
  const mentee = f.latestPulse.find((a) => a.role === 'mentee'), mentor = f.latestPulse.find((a) => a.role === 'mentor');
  if (mentee && mentor) {
    // The member who rates the pair lower is the one it may not be going well for.
    const gap = RATINGS.find((k) => Math.abs(mentee[k] - mentor[k]) >= RATING_GAP);
    if (gap) member('rating_gap', mentee[gap] < mentor[gap] ? mentee.personId : mentor.personId);
  }
  if (f.state === 'paused' && f.pausedSince && now.getTime() - f.pausedSince.getTime() > LONG_PAUSE_DAYS * DAY_MS) lead('long_pause');
  return found;
}
