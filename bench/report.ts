// Health summary benchmark: a program of 20,000 participants (10,000 pairs) with a year of
// check-ins (every two weeks, both members) and quarterly pulses, seeded in bulk SQL on a scratch
// PostgreSQL database; then the health summary is refreshed several times and the median printed.
// Usage: DATABASE_URL=postgres://… npm run bench:report [-- --pairs 10000 --refreshes 7]
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { programSettingsSchema } from '../src/domain/program-settings.ts';
import { openDatabase } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import type { Db } from '../src/db/repositories/db.ts';
import { json } from '../src/db/repositories/db.ts';
import { getProgram } from '../src/db/repositories/program.repository.ts';
import { loadProgramHealth } from '../src/flows/evaluation/report-summary.ts';
import * as report from '../src/db/repositories/report.repository.ts';
import { createScratchDatabase } from './lib/fanout-seed.ts';

const { values } = parseArgs({ options: { pairs: { type: 'string', default: '10000' }, refreshes: { type: 'string', default: '7' } } });
const PAIRS = Number(values.pairs), REFRESHES = Number(values.refreshes);
const NOW = new Date('2027-12-31T12:00:00Z');
const START = new Date('2027-01-04T00:00:00Z');

async function seed(db: Db): Promise<string> {
  const ws = await db.insertInto('workspaces').values({ platform: 'slack', external_id: 'T_BENCH', name: 'Bench' }).returning('id').executeTakeFirstOrThrow();
  const settings = programSettingsSchema.parse({ topics: [{ key: 'leadership', label: { en: 'Leadership', fr: 'Leadership' } }], checkinCadence: 'P14D' });
  const program = await db.insertInto('programs').values({
    workspace_id: ws.id, name: 'Bench program', settings: json(settings), checkin_cadence: settings.checkinCadence, session_minutes: settings.sessionMinutes,
    duration_days: settings.durationDays, default_capacity: settings.defaultCapacity, min_group_size: settings.minGroupSize, retention_days: settings.retentionDays, updated_at: NOW,
  }).returning('id').executeTakeFirstOrThrow();
  const round = await db.insertInto('rounds').values({
    workspace_id: ws.id, program_id: program.id, name: 'Cohort 2027', state: 'running', opened_at: START, published_at: START, updated_at: NOW,
  }).returning('id').executeTakeFirstOrThrow();
  const n = PAIRS;
  await sql`insert into people (workspace_id, platform_user_id, display_name, updated_at)
    select ${ws.id}::uuid, 'U' || g, 'Person ' || g, now() from generate_series(1, ${2 * n}) g`.execute(db);
  await sql`insert into round_invitations (round_id, person_id) select ${round.id}::uuid, id from people where workspace_id = ${ws.id}`.execute(db);
  await sql`insert into enrollments (workspace_id, round_id, person_id, role, status, answers, capacity, consent_at, submitted_at, updated_at)
    select ${ws.id}::uuid, ${round.id}::uuid, id, case when substr(platform_user_id, 2)::int <= ${n} then 'mentee' else 'mentor' end, 'submitted', '{}'::jsonb,
      case when substr(platform_user_id, 2)::int <= ${n} then null else 1 end, now(), now(), now() from people where workspace_id = ${ws.id}`.execute(db);
  // Pair i: mentee U<i>, mentor U<n+i>; most active, some paused, ended, declined or expired.
  await sql`insert into matches (workspace_id, program_id, round_id, mentee_id, mentor_id, state, score, proposed_at, accepted_at, activated_at,
      first_meeting_at, paused_until, ended_at, ended_by, end_reason, updated_at)
    select ${ws.id}::uuid, ${program.id}::uuid, ${round.id}::uuid, e.id, r.id, s.state, 60 + (g % 40), ${START}::timestamptz,
      case when s.state in ('declined', 'expired') then null else ${START}::timestamptz + (g % 72) * interval '1 hour' end,
      case when s.state in ('declined', 'expired') then null else ${START}::timestamptz + interval '3 days' end,
      case when s.state in ('declined', 'expired') or g % 9 = 0 then null else ${START}::timestamptz + (g % 30) * interval '1 day' end,
      case when s.state = 'paused' then ${NOW}::timestamptz + interval '10 days' end,
      case when s.state = 'ended' then ${START}::timestamptz + interval '120 days' end,
      case when s.state = 'ended' then e.id end,
      case when s.state = 'ended' then (array['no time', 'new job', 'goal reached', 'not a fit', 'other'])[1 + g % 5] end, now()
    from generate_series(1, ${n}) g
    join people e on e.workspace_id = ${ws.id} and e.platform_user_id = 'U' || g
    join people r on r.workspace_id = ${ws.id} and r.platform_user_id = 'U' || (g + ${n})
    cross join lateral (select case when g % 50 = 0 then 'declined' when g % 50 = 1 then 'expired' when g % 20 = 2 then 'paused'
      when g % 20 = 3 then 'ended' else 'active' end as state) s`.execute(db);
  await sql`insert into checkins (match_id, person_id, period, due_at, status, prompted_at, answered_at, met, usefulness)
    select m.id, p.person_id, k, ${START}::timestamptz + k * interval '14 days', st.status, ${START}::timestamptz + k * interval '14 days',
      case when st.status = 'answered' then ${START}::timestamptz + k * interval '14 days' end,
      case when st.status = 'answered' then (array['yes', 'yes', 'not_yet', 'rescheduled'])[1 + abs(k + hashtext(m.id::text)) % 4] end,
      case when st.status = 'answered' then 1 + abs(hashtext(m.id::text || k)) % 5 end
    from matches m cross join lateral (values (m.mentee_id), (m.mentor_id)) p(person_id)
    cross join generate_series(1, 26) k
    cross join lateral (select case when abs(hashtext(m.id::text || p.person_id::text || k)) % 10 < 7 then 'answered' else 'missed' end as status) st
    where m.program_id = ${program.id} and m.accepted_at is not null`.execute(db);
  await sql`insert into pulses (round_id, kind, period, opens_at, closes_at)
    select ${round.id}::uuid, 'periodic', q, ${START}::timestamptz + q * interval '90 days', ${START}::timestamptz + q * interval '90 days' + interval '14 days'
    from generate_series(1, 4) q`.execute(db);
  await sql`insert into pulse_answers (pulse_id, person_id, match_id, role, satisfaction, relationship, progress, recommend, comment, answered_at)
    select pu.id, p.person_id, m.id, p.role, 1 + abs(hashtext(p.person_id::text || pu.period)) % 5, 2 + abs(hashtext(m.id::text || pu.period)) % 4,
      1 + abs(hashtext(pu.id::text || p.person_id::text)) % 5, abs(hashtext(p.person_id::text)) % 11,
      case when abs(hashtext(p.person_id::text || 'c')) % 20 = 0 then 'comment' end, pu.opens_at + interval '2 days'
    from matches m cross join lateral (values (m.mentee_id, 'mentee'), (m.mentor_id, 'mentor')) p(person_id, role)
    join pulses pu on pu.round_id = m.round_id
    where m.program_id = ${program.id} and m.accepted_at is not null and abs(hashtext(p.person_id::text || pu.id::text)) % 10 < 8`.execute(db);
  await sql`insert into goals (match_id, title, measure, target_date, progress, status, updated_at)
    select m.id, 'Goal', 'Measure', '2027-12-01', (g * 10) % 101, case when g % 3 = 0 then 'done' else 'open' end, now()
    from matches m cross join generate_series(1, 2) g where m.program_id = ${program.id} and m.accepted_at is not null`.execute(db);
  await sql`insert into risk_alerts (match_id, rule, detected_at, handled_at, action)
    select m.id, 'missed_checkins', ${START}::timestamptz + (abs(hashtext(m.id::text)) % 360) * interval '1 day',
      case when abs(hashtext(m.id::text)) % 2 = 0 then ${NOW}::timestamptz end, case when abs(hashtext(m.id::text)) % 2 = 0 then 'handled' end
    from matches m where m.program_id = ${program.id} and abs(hashtext(m.id::text)) % 25 = 0`.execute(db);
  await sql`analyze`.execute(db);
  return program.id;
}

const median = (xs: number[]): number => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]!; };

async function main(): Promise<void> {
  const server = process.env.DATABASE_URL;
  if (!server) { console.error('bench:report needs DATABASE_URL (a PostgreSQL server; a scratch database is created and dropped)'); process.exit(2); }
  const scratch = await createScratchDatabase(server, 'report');
  const handle = await openDatabase({ url: scratch.url });
  try {
    await migrateToLatest(handle.db);
    const t0 = performance.now();
    const programId = await seed(handle.db);
    const counts = await sql<{ people: number; checkins: number; answers: number }>`select (select count(*)::int from people) as people,
      (select count(*)::int from checkins) as checkins, (select count(*)::int from pulse_answers) as answers`.execute(handle.db);
    console.log(`seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s:`, counts.rows[0]);
    const program = (await getProgram(handle.db, programId))!;
    const times: number[] = [];
    let health;
    for (let i = 0; i < REFRESHES + 1; i++) {
      const start = performance.now();
      health = await loadProgramHealth(handle.db, program, NOW);
      // The first run releases every closed period (and warms caches); later ones read the releases.
      if (i > 0) times.push(performance.now() - start);
      else console.log(`first read, releasing the closed periods: ${(performance.now() - start).toFixed(0)} ms`);
    }
    console.log(`health summary refresh on PostgreSQL, ${2 * PAIRS} participants: median ${median(times).toFixed(0)} ms over ${times.length} (min ${Math.min(...times).toFixed(0)}, max ${Math.max(...times).toFixed(0)})`);
    // Where the time goes: each aggregate query once more on its own.
    const scope = { programId };
    const parts: Array<[string, () => Promise<unknown>]> = [
      ['participants', () => report.countParticipants(handle.db, scope)], ['pairs', () => report.countPairs(handle.db, scope, NOW)],
      ['end reasons', () => report.listEndReasonsByMonth(handle.db, scope)], ['check-ins by month', () => report.checkinsByMonth(handle.db, scope)],
      ['closed pulses', () => report.listClosedPulses(handle.db, scope, NOW)], ['goals', () => report.countGoals(handle.db, scope, NOW)],
      ['undelivered', () => report.countUndelivered(handle.db, scope)], ['risk by month', () => report.riskAlertsByMonth(handle.db, scope)],
    ];
    for (const [name, run] of parts) {
      const start = performance.now();
      await run();
      console.log(`  ${name}: ${(performance.now() - start).toFixed(0)} ms`);
    }
    console.log(`check-ins counted ${health!.checkins.asked}, pulse answers ${health!.pulses.answers.shown ? health!.pulses.answers.value : 'withheld'}`);
  } finally {
    await handle.close();
    if (process.env.BENCH_KEEP) console.log(`kept ${scratch.url}`); else await scratch.drop();
  }
}

await main();
