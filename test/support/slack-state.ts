// Row counts of every table, in one query: what a refused or ignored Slack request must leave
// exactly as it was.
import { sql } from 'kysely';
import type { Db } from '../../src/db/repositories/db.ts';
import type { Database } from '../../src/db/schema.ts';

const TABLES: ReadonlyArray<keyof Database> = [
  'workspaces', 'installations', 'people', 'programs', 'program_leads', 'rounds', 'round_invitations', 'waitlist',
  'enrollments', 'matches', 'match_events', 'match_rules', 'shortlists', 'goals', 'checkins', 'checkin_tallies', 'pulses', 'pulse_answers',
  'risk_alerts', 'conversation_refs', 'deliveries', 'processed_requests', 'used_action_refs', 'audit_log',
  'report_codes', 'report_sessions', 'report_releases', 'signing_keys', 'slack_deferred_views', 'adapter_state',
];

export async function rowCounts(db: Db): Promise<Record<string, number>> {
  const columns = sql.join(TABLES.map((t) => sql`(select count(*) from ${sql.table(t)}) as ${sql.ref(t)}`));
  const { rows } = await sql<Record<string, string | number>>`select ${columns}`.execute(db);
  return Object.fromEntries(Object.entries(rows[0] ?? {}).map(([k, v]) => [k, Number(v)]));
}
