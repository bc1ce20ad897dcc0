// At-risk rules (SPEC §7), pure: the facts of one pair in, the rules it breaks out. The scan job
// gathers the facts with set-based queries; the lead sees the rule and a suggested action, never
// the ratings behind it.
import type { RiskRule } from '../model.ts';

export const NO_FIRST_MEETING_DAYS = 21;
export const LONG_PAUSE_DAYS = 30;
export const LOW_PULSE = 2;
export const RATING_GAP = 2;
const DAY_MS = 86_400_000;

export interface PairRiskFacts {
  readonly state: 'accepted' | 'active' | 'paused';
  readonly acceptedAt: Date | null;
  readonly firstMeetingAt: Date | null;
  /** When the current pause started (last transition to paused). */
  readonly pausedSince: Date | null;
  /** Per member, the statuses of their last two closed check-ins, newest first. */
  readonly lastCheckins: ReadonlyArray<readonly ('answered' | 'missed')[]>;
  /** Each member's answer to the pair's latest pulse they both could answer (1–5 ratings). */
  readonly latestPulse: ReadonlyArray<{ readonly role: 'mentee' | 'mentor'; readonly satisfaction: number; readonly relationship: number; readonly progress: number }>;
}

export interface RiskFinding { readonly rule: RiskRule; readonly action: SuggestedAction }
export type SuggestedAction = 'nudge' | 'rematch' | 'reach_out';

/** The action suggested to the lead for each rule. */
export const SUGGESTED: Readonly<Record<RiskRule, SuggestedAction>> = {
  no_first_meeting: 'nudge', missed_checkins: 'nudge', low_pulse: 'reach_out', rating_gap: 'rematch', long_pause: 'reach_out',
};

export function riskFindings(f: PairRiskFacts, now: Date): RiskFinding[] {
  const rules: RiskRule[] = [];
  if (f.acceptedAt && !f.firstMeetingAt && now.getTime() - f.acceptedAt.getTime() >= NO_FIRST_MEETING_DAYS * DAY_MS) rules.push('no_first_meeting');
  if (f.lastCheckins.some((c) => c.length >= 2 && c[0] === 'missed' && c[1] === 'missed')) rules.push('missed_checkins');
  if (f.latestPulse.some((a) => Math.min(a.satisfaction, a.relationship, a.progress) <= LOW_PULSE)) rules.push('low_pulse');
  const mentee = f.latestPulse.find((a) => a.role === 'mentee'), mentor = f.latestPulse.find((a) => a.role === 'mentor');
  if (mentee && mentor && (['satisfaction', 'relationship', 'progress'] as const).some((k) => Math.abs(mentee[k] - mentor[k]) >= RATING_GAP)) rules.push('rating_gap');
  if (f.state === 'paused' && f.pausedSince && now.getTime() - f.pausedSince.getTime() > LONG_PAUSE_DAYS * DAY_MS) rules.push('long_pause');
  return rules.map((rule) => ({ rule, action: SUGGESTED[rule] }));
}
