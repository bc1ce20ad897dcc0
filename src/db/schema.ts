// Kysely's view of the tables created by migrations/. Both drivers are configured to return the
// same JS types: timestamptz → Date, numeric and int8 → number, date → 'YYYY-MM-DD' string.
import type { ColumnType, Generated, JSONColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T extends object | null> = JSONColumnType<T, string, string>;
type Id = Generated<string>;

export interface WorkspacesTable {
  id: Id; platform: 'slack' | 'teams' | 'memory'; external_id: string; name: string | null; created_at: Generated<Date>;
}

export interface InstallationsTable {
  id: Id; workspace_id: string; enterprise_id: string | null; bot_user_id: string | null;
  installer_platform_user_id: string | null; data: Json<Record<string, unknown>>;
  created_at: Generated<Date>; updated_at: Timestamp;
}

export interface PeopleTable {
  id: Id; workspace_id: string; platform_user_id: string; email: string | null; display_name: string;
  locale: string | null; locale_override: 'en' | 'fr' | null; timezone: Generated<string>;
  manager_id: string | null; department: string | null; level: number | null; location: string | null;
  /** Profile lines (`profile`); working hours as minutes after local midnight and ISO weekday digits ('12345'). */
  title: string | null; bio: string | null; work_start_min: number | null; work_end_min: number | null; work_days: string | null;
  /** Set once the person chose their time zone (`profile`): the platform's zone no longer replaces it. */
  timezone_pinned: Generated<boolean>;
  /** The person turned off the preparation before each meeting (`prepare off`; migration preparation-setting). */
  preparation_off: Generated<boolean>;
  /** Flash sessions (migration flash-sessions): the person takes `ask` requests, at most this many a month. */
  flash_opt_in: Generated<boolean>; flash_monthly_cap: Generated<number>;
  deactivated_at: NullableTimestamp; erased_at: NullableTimestamp; created_at: Generated<Date>; updated_at: Timestamp;
}

export interface ProgramsTable {
  id: Id; workspace_id: string; name: string; description: string | null; status: Generated<'active' | 'archived'>;
  settings: Json<Record<string, unknown>>; checkin_cadence: string; session_minutes: number; duration_days: number;
  default_capacity: number; min_group_size: number; retention_days: number; created_by: string | null;
  created_at: Generated<Date>; updated_at: Timestamp;
}

/** The leads of a program; workspace administrators come from the configuration, not from here. */
export interface ProgramLeadsTable { program_id: string; person_id: string; granted_by: string | null; granted_at: Generated<Date> }

export type RoundStateColumn = 'draft' | 'open' | 'closed' | 'matched' | 'published' | 'running' | 'completed' | 'cancelled';

export interface RoundsTable {
  id: Id; workspace_id: string; program_id: string; name: string; state: Generated<RoundStateColumn>;
  survey_deadline: NullableTimestamp; announce_channel: string | null; opened_at: NullableTimestamp;
  closed_at: NullableTimestamp; matched_at: NullableTimestamp; published_at: NullableTimestamp;
  ends_at: NullableTimestamp; completed_at: NullableTimestamp; created_by: string | null;
  created_at: Generated<Date>; updated_at: Timestamp;
  /** Tie-breaking seed, signed 32-bit (read as unsigned). */
  match_seed: Generated<number>;
  /** Shortlist choice: when the mentees' ranking ends, and when it did (null while running or never started). */
  ranking_deadline: NullableTimestamp; ranking_closed_at: NullableTimestamp;
  /** The latest preview's left-out mentees and why, with its cohort's fingerprint (null when none, or once published). */
  preview_unmatched: Json<{ fingerprint: string; causes: Record<string, string> }> | null;
  /** When its retention period was over and the daily job purged it (null until then). */
  purged_at: NullableTimestamp;
}

export interface ShortlistsTable {
  round_id: string; mentee_id: string; mentor_ids: Json<string[]>; reasons: Json<Record<string, unknown>>; ranking: Json<string[]> | null;
  ranked_at: NullableTimestamp; created_at: Generated<Date>;
}

export interface RoundInvitationsTable { round_id: string; person_id: string; invited_at: Generated<Date> }

export interface WaitlistTable {
  program_id: string; person_id: string; role: 'mentee' | 'mentor'; reason: 'no_open_round' | 'unmatched' | 'rematch';
  created_at: Generated<Date>;
}

export interface EnrollmentsTable {
  id: Id; workspace_id: string; round_id: string; person_id: string; role: 'mentee' | 'mentor';
  status: Generated<'started' | 'submitted' | 'withdrawn'>; answers: Json<Record<string, unknown>> | null;
  capacity: number | null; consent_at: NullableTimestamp; submitted_at: NullableTimestamp;
  created_at: Generated<Date>; updated_at: Timestamp;
  /** Null when the program needs no approval; who decided (null once they are erased) and when. */
  approval: 'pending' | 'approved' | 'refused' | null; approval_requested_at: NullableTimestamp; approval_by: string | null; approval_at: NullableTimestamp;
}

export type PairStateColumn = 'draft' | 'proposed' | 'accepted' | 'declined' | 'expired' | 'active' | 'paused' | 'ended';

export interface MatchesTable {
  id: Id; workspace_id: string; program_id: string; round_id: string; mentee_id: string; mentor_id: string;
  state: Generated<PairStateColumn>; source: Generated<'round' | 'rematch' | 'pin'>; score: number;
  reasons: Json<unknown[]>; proposed_at: NullableTimestamp; expires_at: NullableTimestamp;
  mentee_accepted_at: NullableTimestamp; mentor_accepted_at: NullableTimestamp; accepted_at: NullableTimestamp;
  activated_at: NullableTimestamp; first_meeting_at: NullableTimestamp; paused_until: NullableTimestamp;
  declined_by: string | null; decline_reason: string | null; ended_at: NullableTimestamp; ended_by: string | null;
  end_reason: string | null; created_at: Generated<Date>; updated_at: Timestamp;
  /** Each side's private chemistry-check answer (migration pair-life). */
  mentee_chemistry: 'continue' | 'not_fit' | null; mentor_chemistry: 'continue' | 'not_fit' | null;
  /** The agreement both members confirm (migration pair-agreements). */
  agreement_version: Generated<number>; mentee_agreed_at: NullableTimestamp; mentor_agreed_at: NullableTimestamp;
  agreed_at: NullableTimestamp; agreement_terms: string | null; agreement_terms_by: string | null;
}

/** A circle (group mentoring) of a round; see migrations/2026-12-09T13-00_circles.ts. */
export interface CirclesTable {
  id: Id; workspace_id: string; program_id: string; round_id: string; topic: string; seats: number;
  mentor_id: string; co_mentor_id: string | null; state: Generated<'forming' | 'active' | 'ended'>;
  /** The platform conversation opened for the circle (Slack private channel, Teams group chat), once opened. */
  space_id: string | null; space_name: string | null; opened_by: string | null;
  created_at: Generated<Date>; started_at: NullableTimestamp;
}

export interface CircleMembersTable { circle_id: string; round_id: string; person_id: string; score: number; joined_at: Generated<Date> }

/** One member's answer to one pulse about their circle (migration circle-pulses). */
export interface CirclePulseAnswersTable {
  id: Id; pulse_id: string; circle_id: string; person_id: string | null; satisfaction: number; progress: number; answered_at: Generated<Date>;
}

export interface CircleCheckinsTable {
  circle_id: string; person_id: string; period: number; met: 'yes' | 'not_yet'; usefulness: number | null; answered_at: Generated<Date>;
}

export interface MatchEventsTable {
  id: Generated<number>; match_id: string; from_state: PairStateColumn | null; to_state: PairStateColumn;
  actor_id: string | null; at: Generated<Date>;
}

export interface MatchRulesTable {
  round_id: string; mentee_id: string; mentor_id: string; kind: 'pin' | 'forbid'; created_by: string | null;
  created_at: Generated<Date>;
}

/** See migrations/2026-12-08T11-00_meetings.ts and 2026-12-09T16-00_flash-meetings.ts (exactly one of match_id, flash_session_id). */
export interface MeetingsTable {
  id: Id; workspace_id: string; match_id: string | null; flash_session_id: string | null; state: Generated<'offered' | 'booking' | 'booked' | 'superseded' | 'cancelled' | 'cancel_pending'>;
  slots: Json<Array<{ start: string; end: string }>>; picks: ColumnType<Record<string, number>, string | undefined, string>;
  recurring: Generated<boolean>; starts_at: NullableTimestamp; ends_at: NullableTimestamp; time_zone: string; rrule: string | null;
  slot_source: 'ics' | 'microsoft' | 'google'; provider: 'ics' | 'microsoft' | 'google' | null;
  external_ids: ColumnType<Record<string, string>, string | undefined, string>; join_url: string | null;
  ics_uid: string; ics_sequence: Generated<number>; fallback: string | null;
  requested_by: string | null; chosen_by: string | null; created_at: Generated<Date>; updated_at: Timestamp; booked_at: NullableTimestamp;
}

export interface GoalsTable {
  id: Id; match_id: string; title: string; measure: string; target_date: string; progress: Generated<number>;
  /** The article's SMART questions (migration pair-agreements); optional. */
  achievable: string | null; relevant: string | null;
  status: Generated<'open' | 'done' | 'dropped'>; created_by: string | null; updated_by: string | null;
  created_at: Generated<Date>; updated_at: Timestamp;
}

export interface CheckinsTable {
  id: Id; match_id: string; person_id: string; period: number; due_at: Timestamp;
  status: Generated<'scheduled' | 'prompted' | 'answered' | 'missed' | 'cancelled'>;
  prompted_at: NullableTimestamp; answered_at: NullableTimestamp; met: 'yes' | 'not_yet' | 'rescheduled' | null;
  usefulness: number | null; goal_progress: Json<Record<string, number>> | null; private_note: string | null;
  /** Shared with the partner (migration checkin-next-steps). */
  next_steps: string | null; advice_applied: string | null;
  created_at: Generated<Date>;
}

/** See migrations/2026-12-09T11-00_closings.ts: wins and learnt are private, partner_word is shared. */
export interface ClosingsTable {
  id: Id; match_id: string; person_id: string; asked_at: Timestamp; closes_at: Timestamp; answered_at: NullableTimestamp;
  wins: string | null; learnt: string | null; partner_word: string | null;
}

/** Kept by a trigger on checkins (migration checkin-tallies): never written by the application. */
export interface CheckinTalliesTable {
  program_id: string; month: string; person_id: string; asked: number; answered: number; met: number;
}

/** One released period of a program's report (migration report-releases): written once, never updated. */
export interface ReportReleasesTable {
  program_id: string; period_kind: 'pulse' | 'month' | 'circle_month' | 'circle_pulse'; period_key: string; released_at: Timestamp; figures: Json<Record<string, unknown>>;
}

/** A workspace's released flash-session figures, one row per month (migration circle-flash-releases). */
export interface FlashReleasesTable {
  workspace_id: string; period_key: string; released_at: Timestamp; figures: Json<Record<string, unknown>>;
}

export interface PulsesTable {
  id: Id; round_id: string; kind: 'periodic' | 'final'; period: number; opens_at: Timestamp; closes_at: Timestamp;
  created_at: Generated<Date>;
}

export interface PulseAnswersTable {
  id: Id; pulse_id: string; person_id: string | null; match_id: string | null; role: 'mentee' | 'mentor';
  satisfaction: number; relationship: number; progress: number; recommend: number; comment: string | null;
  answered_at: Generated<Date>;
}

export type RiskRule = 'no_first_meeting' | 'missed_checkins' | 'low_pulse' | 'rating_gap' | 'long_pause';

export interface RiskAlertsTable {
  id: Id; match_id: string; rule: RiskRule; detected_at: Generated<Date>; handled_at: NullableTimestamp;
  handled_by: string | null; action: 'nudge' | 'rematch' | 'handled' | 'declined' | null;
  /** The member offered help for a signal drawn from their own answers; null for signals a lead sees anyway. */
  person_id: string | null;
  /** When leads could first see the alert; null while it is a private offer. */
  shared_at: NullableTimestamp;
}

export interface ConversationRefsTable {
  person_id: string; workspace_id: string; reference: Json<Record<string, unknown>>; updated_at: Timestamp;
}

export type DeliveryStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'undeliverable' | 'cancelled' | 'split';

export interface DeliveriesTable {
  id: Id; workspace_id: string; idempotency_key: string; kind: string; person_id: string | null;
  match_id: string | null; payload: ColumnType<Record<string, unknown>, string | undefined, string>; status: Generated<DeliveryStatus>; attempts: Generated<number>;
  platform_channel_id: string | null; platform_message_id: string | null; error: string | null;
  created_at: Generated<Date>; sent_at: NullableTimestamp; updated_at: Timestamp;
  lease_token: Generated<number>; outcome_unknown: Generated<boolean>; throttled_waits: Generated<number>;
  /** Posts recorded in delivery_strays for this delivery (raised by a stale sender). */
  stray_posts: Generated<number>;
  /** When the delivery's copies are looked at once more (recorded after an unsure attempt); null: no audit due. */
  audit_copies_at: NullableTimestamp;
}

/** A post of a delivery that is not the recorded one (a stale sender's), to remove from the platform. */
export interface DeliveryStraysTable {
  id: Generated<string>; delivery_id: string; platform_channel_id: string; platform_message_id: string;
  created_at: Generated<Date>; removed_at: Date | null; attempts: Generated<number>; error: string | null;
}

export interface ProcessedRequestsTable {
  key: string; workspace_id: string | null; at: Generated<Date>;
  /** running: its work is under way, by `owner` until `lease_until`; done: it succeeded. */
  state: Generated<'running' | 'done'>; owner: string | null; lease_until: Date | null;
}

/** A form Slack could not open (expired trigger_id), opened later by a button in its place. */
/** A Teams team the bot is installed in (its roster is read for round invitations). */
export interface TeamsCircleChatsTable {
  workspace_id: string; name: string; topic: string; chat_id: string | null; unclear: Generated<boolean>;
  service_url: string | null; installed_at: Date | null; attempts: Generated<number>; updated_at: Generated<Date>;
}
/** A person who erased their data, still to be taken out of a circle's conversation (deleted once done). */
export interface CircleSpaceRemovalsTable {
  id: Id; circle_id: string; platform: string; platform_user_id: string; attempts: Generated<number>;
  last_error: string | null; created_at: Date; updated_at: Date;
}
export interface TeamsTeamsTable { workspace_id: string; team_id: string; name: string | null; reference: Json<Record<string, unknown>>; updated_at: Generated<Date> }

export interface SlackDeferredViewsTable { id: string; team_id: string; user_id: string; view: Json<Record<string, unknown>>; expires_at: Date }

/** Platform adapter state kept between requests (Teams: open forms, file offers), with an expiry. */
export interface AdapterStateTable {
  kind: string; key: string; workspace_id: string | null; user_id: string | null; value: Json<Record<string, unknown>>; expires_at: Date;
}

export interface UsedActionRefsTable { nonce: string; person_id: string | null; used_at: Generated<Date>; expires_at: NullableTimestamp }

export interface AuditLogTable {
  id: Generated<number>; workspace_id: string; actor_id: string | null; action: string; target_type: string | null;
  target_id: string | null; details: Json<Record<string, unknown>>; at: Generated<Date>;
}

/** `value` is sealed with MENTOR_SECRET_KEY (see src/secrets/). */
export interface SigningKeysTable {
  id: Id; purpose: string; value: string; created_at: Generated<Date>; active_from: Generated<Date>;
  retired_at: NullableTimestamp; drop_after: NullableTimestamp;
}

/** One-time codes of report links (hash only); used once, shortly after they are made. */
export interface ReportCodesTable { code_hash: string; program_id: string; person_id: string; expires_at: Timestamp; used_at: NullableTimestamp }

/** Report page sessions a code was exchanged for (hash of the cookie only). */
export interface ReportSessionsTable { session_hash: string; program_id: string; person_id: string; created_at: Timestamp; expires_at: Timestamp }

/** The last period each scheduled recurring job ran for (migration recurring-runs). */
export interface RecurringRunsTable { name: string; due_at: Timestamp; job_id: string | null; ran_at: Timestamp }

export interface RateBucketsTable { key: string; tokens: number; updated_at: Generated<Date> }

/** See migrations/2026-12-09T14-00_flash-sessions.ts. */
export interface FlashSessionsTable {
  id: Id; workspace_id: string; asker_id: string; topic: string; question: string;
  state: Generated<'asking' | 'accepted' | 'unavailable' | 'cancelled'>; mentor_id: string | null; attempt: Generated<number>;
  passed: ColumnType<string[], string | undefined, string>; asked_at: NullableTimestamp; accepted_at: NullableTimestamp; follow_up_at: NullableTimestamp;
  asker_useful: boolean | null; asker_continue: boolean | null; mentor_useful: boolean | null; mentor_continue: boolean | null;
  pinned_round_id: string | null; created_at: Generated<Date>; updated_at: Timestamp;
}

export interface Database {
  workspaces: WorkspacesTable;
  installations: InstallationsTable;
  people: PeopleTable;
  programs: ProgramsTable;
  program_leads: ProgramLeadsTable;
  rounds: RoundsTable;
  round_invitations: RoundInvitationsTable;
  waitlist: WaitlistTable;
  enrollments: EnrollmentsTable;
  matches: MatchesTable;
  match_events: MatchEventsTable;
  circles: CirclesTable;
  circle_members: CircleMembersTable;
  circle_checkins: CircleCheckinsTable;
  circle_pulse_answers: CirclePulseAnswersTable;
  match_rules: MatchRulesTable;
  shortlists: ShortlistsTable;
  goals: GoalsTable;
  meetings: MeetingsTable;
  flash_sessions: FlashSessionsTable;
  checkins: CheckinsTable;
  closings: ClosingsTable;
  checkin_tallies: CheckinTalliesTable;
  report_releases: ReportReleasesTable;
  flash_releases: FlashReleasesTable;
  recurring_runs: RecurringRunsTable;
  pulses: PulsesTable;
  pulse_answers: PulseAnswersTable;
  risk_alerts: RiskAlertsTable;
  conversation_refs: ConversationRefsTable;
  deliveries: DeliveriesTable;
  delivery_strays: DeliveryStraysTable;
  processed_requests: ProcessedRequestsTable;
  slack_deferred_views: SlackDeferredViewsTable;
  adapter_state: AdapterStateTable;
  teams_teams: TeamsTeamsTable;
  teams_circle_chats: TeamsCircleChatsTable;
  circle_space_removals: CircleSpaceRemovalsTable;
  used_action_refs: UsedActionRefsTable;
  audit_log: AuditLogTable;
  signing_keys: SigningKeysTable;
  rate_buckets: RateBucketsTable;
  report_codes: ReportCodesTable;
  report_sessions: ReportSessionsTable;
}
