// The whole product's data model (SPEC §2). Frozen in time: never import app code here; the
// state lists are spelled out because a later code change must not rewrite history.
import { sql, type Kysely } from 'kysely';

const inList = (column: string, values: readonly string[]) =>
  sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(', ')})`);

const ROUND_STATES = ['draft', 'open', 'closed', 'matched', 'published', 'running', 'completed', 'cancelled'];
const PAIR_STATES = ['draft', 'proposed', 'accepted', 'declined', 'expired', 'active', 'paused', 'ended'];
const OPEN_PAIR_STATES = ['draft', 'proposed', 'accepted', 'active', 'paused'];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const now = sql`now()`;
  const uuid = sql`gen_random_uuid()`;

  await db.schema.createTable('workspaces')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(uuid))
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint('workspaces_platform_external_uq', ['platform', 'external_id'])
    .addCheckConstraint('workspaces_platform_ck', inList('platform', ['slack', 'teams', 'memory']))
    .execute();

  // One row per installed app in a workspace (Slack OAuth installs, Teams tenants).
  await db.schema.createTable('installations')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(uuid))
    .addColumn('workspace_id', 'uuid', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('enterprise_id', 'text')
    .addColumn('bot_user_id', 'text')
    .addColumn('installer_platform_user_id', 'text')
    .addColumn('data', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint('installations_workspace_uq', ['workspace_id'])
    .execute();

  await db.schema.createTable('people')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(uuid))
    .addColumn('workspace_id', 'uuid', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('platform_user_id', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('locale', 'text')
    .addColumn('locale_override', 'text')
    .addColumn('timezone', 'text', (c) => c.notNull().defaultTo('UTC'))
    .addColumn('manager_id', 'uuid', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('department', 'text')
    .addColumn('level', 'integer')
    .addColumn('location', 'text')
    .addColumn('deactivated_at', 'timestamptz')
    .addColumn('erased_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint('people_platform_user_uq', ['workspace_id', 'platform_user_id'])
    .addCheckConstraint('people_locale_override_ck', sql`locale_override is null or locale_override in ('en', 'fr')`)
    .addCheckConstraint('people_level_ck', sql`level is null or level between 0 and 30`)
    .addCheckConstraint('people_not_own_manager_ck', sql`manager_id is null or manager_id <> id`)
    .execute();
  await db.schema.createIndex('people_email_idx').on('people').columns(['workspace_id', 'email']).execute();
  await db.schema.createIndex('people_manager_idx').on('people').column('manager_id').execute();

  // The lead role is per workspace; the first leads come from MENTOR_LEADS, later ones are granted.
  await db.schema.createTable('leads')
    .addColumn('workspace_id', 'uuid', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('granted_by', 'uuid', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('granted_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addPrimaryKeyConstraint('leads_pk', ['workspace_id', 'person_id'])
    .execute();

  await db.schema.createTable('programs')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(uuid))
    .addColumn('workspace_id', 'uuid', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    .addColumn('settings', 'jsonb', (c) => c.notNull())
    .addColumn('checkin_cadence', 'text', (c) => c.notNull())
    .addColumn('session_minutes', 'integer', (c) => c.notNull())
    .addColumn('duration_days', 'integer', (c) => c.notNull())
    .addColumn('default_capacity', 'integer', (c) => c.notNull())
    .addColumn('min_group_size', 'integer', (c) => c.notNull())
    .addColumn('retention_days', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'uuid', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint('programs_name_uq', ['workspace_id', 'name'])
    .addCheckConstraint('programs_status_ck', inList('status', ['active', 'archived']))
    .addCheckConstraint('programs_cadence_ck', sql`checkin_cadence ~ '^P(?!$)(\\d+Y)?(\\d+M)?(\\d+W)?(\\d+D)?(T(?=\\d)(\\d+H)?(\\d+M)?(\\d+S)?)?$'`)
    .addCheckConstraint('programs_session_ck', sql`session_minutes between 15 and 180`)
    .addCheckConstraint('programs_duration_ck', sql`duration_days between 1 and 730`)
    .addCheckConstraint('programs_capacity_ck', sql`default_capacity between 1 and 3`)
    .addCheckConstraint('programs_group_ck', sql`min_group_size between 2 and 100`)
    .addCheckConstraint('programs_retention_ck', sql`retention_days between 30 and 3650`)
    .execute();

  await db.schema.createTable('program_leads')
    .addColumn('program_id', 'uuid', (c) => c.notNull().references('programs.id').onDelete('cascade'))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('program_leads_pk', ['program_id', 'person_id'])
    .execute();

  await db.schema.createTable('rounds')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(uuid))
    .addColumn('workspace_id', 'uuid', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('program_id', 'uuid', (c) => c.notNull().references('programs.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('draft'))
    .addColumn('survey_deadline', 'timestamptz')
    .addColumn('announce_channel', 'text')
    .addColumn('opened_at', 'timestamptz')
    .addColumn('closed_at', 'timestamptz')
    .addColumn('matched_at', 'timestamptz')
    .addColumn('published_at', 'timestamptz')
    .addColumn('ends_at', 'timestamptz')
    .addColumn('completed_at', 'timestamptz')
    .addColumn('created_by', 'uuid', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint('rounds_name_uq', ['program_id', 'name'])
    .addCheckConstraint('rounds_state_ck', inList('state', ROUND_STATES))
    .addCheckConstraint('rounds_open_ck', sql`state in ('draft', 'cancelled') or opened_at is not null`)
    .addCheckConstraint('rounds_published_ck', sql`state not in ('published', 'running', 'completed') or published_at is not null`)
    .execute();
  // At most one round of a program collects surveys or runs matching at a time.
  await db.schema.createIndex('rounds_one_active_uq').on('rounds').column('program_id').unique()
    .where(sql.ref('state'), 'in', ['open', 'closed', 'matched']).execute();

  await db.schema.createTable('round_invitations')
    .addColumn('round_id', 'uuid', (c) => c.notNull().references('rounds.id').onDelete('cascade'))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('invited_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addPrimaryKeyConstraint('round_invitations_pk', ['round_id', 'person_id'])
    .execute();

  await db.schema.createTable('waitlist')
    .addColumn('program_id', 'uuid', (c) => c.notNull().references('programs.id').onDelete('cascade'))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addPrimaryKeyConstraint('waitlist_pk', ['program_id', 'person_id', 'role'])
    .addCheckConstraint('waitlist_role_ck', inList('role', ['mentee', 'mentor']))
    .addCheckConstraint('waitlist_reason_ck', inList('reason', ['no_open_round', 'unmatched', 'rematch']))
    .execute();

  await db.schema.createTable('enrollments')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(uuid))
    .addColumn('workspace_id', 'uuid', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('round_id', 'uuid', (c) => c.notNull().references('rounds.id').onDelete('cascade'))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('started'))
    .addColumn('answers', 'jsonb')
    .addColumn('capacity', 'integer')
    .addColumn('consent_at', 'timestamptz')
    .addColumn('submitted_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint('enrollments_person_role_uq', ['round_id', 'person_id', 'role'])
    .addCheckConstraint('enrollments_role_ck', inList('role', ['mentee', 'mentor']))
    .addCheckConstraint('enrollments_status_ck', inList('status', ['started', 'submitted', 'withdrawn']))
    .addCheckConstraint('enrollments_capacity_ck', sql`(role = 'mentor' and capacity between 1 and 3) or (role = 'mentee' and capacity is null) or status = 'started'`)
    .addCheckConstraint('enrollments_submitted_ck', sql`status <> 'submitted' or (answers is not null and consent_at is not null and submitted_at is not null)`)
    .execute();

  await db.schema.createTable('matches')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(uuid))
    .addColumn('workspace_id', 'uuid', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('program_id', 'uuid', (c) => c.notNull().references('programs.id').onDelete('cascade'))
    .addColumn('round_id', 'uuid', (c) => c.notNull().references('rounds.id').onDelete('cascade'))
    .addColumn('mentee_id', 'uuid', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('mentor_id', 'uuid', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('draft'))
    .addColumn('source', 'text', (c) => c.notNull().defaultTo('round'))
    .addColumn('score', sql`numeric(5,2)`, (c) => c.notNull())
    .addColumn('reasons', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('proposed_at', 'timestamptz')
    .addColumn('expires_at', 'timestamptz')
    .addColumn('mentee_accepted_at', 'timestamptz')
    .addColumn('mentor_accepted_at', 'timestamptz')
    .addColumn('accepted_at', 'timestamptz')
    .addColumn('activated_at', 'timestamptz')
    .addColumn('first_meeting_at', 'timestamptz')
    .addColumn('paused_until', 'timestamptz')
    .addColumn('declined_by', 'uuid', (c) => c.references('people.id').onDelete('set null'))
    // Private: only the person who wrote it ever sees it; reports group these by category.
    .addColumn('decline_reason', 'text')
    .addColumn('ended_at', 'timestamptz')
    .addColumn('ended_by', 'uuid', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('end_reason', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addCheckConstraint('matches_state_ck', inList('state', PAIR_STATES))
    .addCheckConstraint('matches_source_ck', inList('source', ['round', 'rematch', 'pin']))
    .addCheckConstraint('matches_score_ck', sql`score between 0 and 100`)
    .addCheckConstraint('matches_distinct_ck', sql`mentee_id <> mentor_id`)
    .addCheckConstraint('matches_proposed_ck', sql`state = 'draft' or proposed_at is not null`)
    .addCheckConstraint('matches_paused_ck', sql`state <> 'paused' or paused_until is not null`)
    .addCheckConstraint('matches_ended_ck', sql`state <> 'ended' or ended_at is not null`)
    .execute();
  // A mentee has at most one live pair per round, and a program never repeats a pair.
  await db.schema.createIndex('matches_one_live_per_mentee_uq').on('matches').columns(['round_id', 'mentee_id']).unique()
    .where(sql.ref('state'), 'in', OPEN_PAIR_STATES).execute();
  await db.schema.createIndex('matches_no_repeat_uq').on('matches').columns(['program_id', 'mentee_id', 'mentor_id']).unique()
    .where(sql.ref('state'), '<>', 'draft').execute();
  await db.schema.createIndex('matches_mentor_idx').on('matches').columns(['mentor_id', 'state']).execute();
  await db.schema.createIndex('matches_round_state_idx').on('matches').columns(['round_id', 'state']).execute();

  await db.schema.createTable('match_events')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('match_id', 'uuid', (c) => c.notNull().references('matches.id').onDelete('cascade'))
    .addColumn('from_state', 'text')
    .addColumn('to_state', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'uuid', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addCheckConstraint('match_events_to_ck', inList('to_state', PAIR_STATES))
    .execute();
  await db.schema.createIndex('match_events_match_idx').on('match_events').columns(['match_id', 'at']).execute();

  await db.schema.createTable('match_rules')
    .addColumn('round_id', 'uuid', (c) => c.notNull().references('rounds.id').onDelete('cascade'))
    .addColumn('mentee_id', 'uuid', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('mentor_id', 'uuid', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('created_by', 'uuid', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addPrimaryKeyConstraint('match_rules_pk', ['round_id', 'mentee_id', 'mentor_id'])
    .addCheckConstraint('match_rules_kind_ck', inList('kind', ['pin', 'forbid']))
    .execute();

  await db.schema.createTable('goals')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(uuid))
    .addColumn('match_id', 'uuid', (c) => c.notNull().references('matches.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('measure', 'text', (c) => c.notNull())
    .addColumn('target_date', 'date', (c) => c.notNull())
    .addColumn('progress', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open'))
    .addColumn('created_by', 'uuid', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('updated_by', 'uuid', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addCheckConstraint('goals_progress_ck', sql`progress between 0 and 100`)
    .addCheckConstraint('goals_status_ck', inList('status', ['open', 'done', 'dropped']))
    .addCheckConstraint('goals_title_ck', sql`length(title) between 1 and 200`)
    .execute();
  await db.schema.createIndex('goals_match_idx').on('goals').column('match_id').execute();

  // One prompt to one member of a pair for one period; the row exists from scheduling on.
  await db.schema.createTable('checkins')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(uuid))
    .addColumn('match_id', 'uuid', (c) => c.notNull().references('matches.id').onDelete('cascade'))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('period', 'integer', (c) => c.notNull())
    .addColumn('due_at', 'timestamptz', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('scheduled'))
    .addColumn('prompted_at', 'timestamptz')
    .addColumn('answered_at', 'timestamptz')
    .addColumn('met', 'text')
    .addColumn('usefulness', 'integer')
    .addColumn('goal_progress', 'jsonb')
    // Private: only its author ever sees it.
    .addColumn('private_note', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint('checkins_period_uq', ['match_id', 'period', 'person_id'])
    .addCheckConstraint('checkins_status_ck', inList('status', ['scheduled', 'prompted', 'answered', 'missed', 'cancelled']))
    .addCheckConstraint('checkins_met_ck', sql`met is null or met in ('yes', 'not_yet', 'rescheduled')`)
    .addCheckConstraint('checkins_usefulness_ck', sql`usefulness is null or usefulness between 1 and 5`)
    .addCheckConstraint('checkins_answered_ck', sql`status <> 'answered' or (answered_at is not null and met is not null)`)
    .addCheckConstraint('checkins_period_ck', sql`period >= 0`)
    .execute();
  await db.schema.createIndex('checkins_person_idx').on('checkins').columns(['person_id', 'status']).execute();
  await db.schema.createIndex('checkins_due_idx').on('checkins').columns(['status', 'due_at']).execute();

  await db.schema.createTable('pulses')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(uuid))
    .addColumn('round_id', 'uuid', (c) => c.notNull().references('rounds.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('period', 'integer', (c) => c.notNull())
    .addColumn('opens_at', 'timestamptz', (c) => c.notNull())
    .addColumn('closes_at', 'timestamptz', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint('pulses_period_uq', ['round_id', 'kind', 'period'])
    .addCheckConstraint('pulses_kind_ck', inList('kind', ['periodic', 'final']))
    .addCheckConstraint('pulses_window_ck', sql`closes_at > opens_at`)
    .execute();

  // Individual answers are read only in aggregate (SPEC §7); no query path shows one to a lead.
  await db.schema.createTable('pulse_answers')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(uuid))
    .addColumn('pulse_id', 'uuid', (c) => c.notNull().references('pulses.id').onDelete('cascade'))
    .addColumn('person_id', 'uuid', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('match_id', 'uuid', (c) => c.references('matches.id').onDelete('set null'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('satisfaction', 'integer', (c) => c.notNull())
    .addColumn('relationship', 'integer', (c) => c.notNull())
    .addColumn('progress', 'integer', (c) => c.notNull())
    .addColumn('recommend', 'integer', (c) => c.notNull())
    .addColumn('comment', 'text')
    .addColumn('answered_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint('pulse_answers_person_uq', ['pulse_id', 'person_id'])
    .addCheckConstraint('pulse_answers_role_ck', inList('role', ['mentee', 'mentor']))
    .addCheckConstraint('pulse_answers_ratings_ck', sql`satisfaction between 1 and 5 and relationship between 1 and 5 and progress between 1 and 5`)
    .addCheckConstraint('pulse_answers_recommend_ck', sql`recommend between 0 and 10`)
    .execute();

  await db.schema.createTable('risk_alerts')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(uuid))
    .addColumn('match_id', 'uuid', (c) => c.notNull().references('matches.id').onDelete('cascade'))
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('detected_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('handled_at', 'timestamptz')
    .addColumn('handled_by', 'uuid', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('action', 'text')
    .addCheckConstraint('risk_alerts_rule_ck', inList('rule', ['no_first_meeting', 'missed_checkins', 'low_pulse', 'rating_gap', 'long_pause']))
    .addCheckConstraint('risk_alerts_action_ck', sql`action is null or action in ('nudge', 'rematch', 'handled')`)
    .execute();
  // An alert is raised once per pair and rule until a lead handles it.
  await db.schema.createIndex('risk_alerts_open_uq').on('risk_alerts').columns(['match_id', 'rule']).unique()
    .where(sql.ref('handled_at'), 'is', null).execute();

  // Teams proactive messaging needs the conversation reference captured at install or first message.
  await db.schema.createTable('conversation_refs')
    .addColumn('person_id', 'uuid', (c) => c.primaryKey().references('people.id').onDelete('cascade'))
    .addColumn('workspace_id', 'uuid', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('reference', 'jsonb', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();

  // One row per message the bot decides to send; the unique key makes every send happen once.
  await db.schema.createTable('deliveries')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(uuid))
    .addColumn('workspace_id', 'uuid', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('person_id', 'uuid', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('match_id', 'uuid', (c) => c.references('matches.id').onDelete('set null'))
    // What to send, as ids only (the message is composed at send time in the reader's language),
    // so pending deliveries can be re-queued from the database alone.
    .addColumn('payload', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('platform_channel_id', 'text')
    .addColumn('platform_message_id', 'text')
    .addColumn('error', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('sent_at', 'timestamptz')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addCheckConstraint('deliveries_status_ck', inList('status', ['pending', 'sending', 'sent', 'failed', 'undeliverable', 'cancelled']))
    .addCheckConstraint('deliveries_sent_ck', sql`status <> 'sent' or sent_at is not null`)
    .execute();
  await db.schema.createIndex('deliveries_status_idx').on('deliveries').columns(['workspace_id', 'status']).execute();

  // Inbound platform requests already handled (Slack retries, double clicks, Teams redelivery).
  await db.schema.createTable('processed_requests')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'uuid', (c) => c.references('workspaces.id').onDelete('cascade'))
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema.createIndex('processed_requests_at_idx').on('processed_requests').column('at').execute();

  // Action references consumed once (a replayed click finds its nonce here and changes nothing).
  await db.schema.createTable('used_action_refs')
    .addColumn('nonce', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'uuid', (c) => c.references('people.id').onDelete('cascade'))
    .addColumn('used_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();

  await db.schema.createTable('audit_log')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('workspace_id', 'uuid', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('actor_id', 'uuid', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_type', 'text')
    .addColumn('target_id', 'text')
    .addColumn('details', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema.createIndex('audit_log_workspace_idx').on('audit_log').columns(['workspace_id', 'at']).execute();

  // Process-wide secrets generated on first start (e.g. the action-reference signing key).
  await db.schema.createTable('app_secrets')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'app_secrets', 'audit_log', 'used_action_refs', 'processed_requests', 'deliveries', 'conversation_refs',
    'risk_alerts', 'pulse_answers', 'pulses', 'checkins', 'goals', 'match_rules', 'match_events', 'matches',
    'enrollments', 'waitlist', 'round_invitations', 'rounds', 'program_leads', 'programs', 'leads', 'people',
    'installations', 'workspaces',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
