// Released circle figures (report_releases, kinds circle_month and circle_pulse) and flash figures
// (flash_releases, per workspace and month), and the set-based counts they are released from.
// As for the pairs' releases, a period is written once: the insert of a period already released
// does nothing, so two processes releasing at once leave one row and both read it back. The
// counts leave these queries as aggregates only.
import { sql } from 'kysely';
import {
  circleMonthReleaseSchema, circlePulseReleaseSchema, type CircleMonthCounts, type CircleMonthRelease, type CirclePulseCounts, type CirclePulseRelease,
} from '../../domain/evaluation/circle-release.ts';
import { flashMonthReleaseSchema, type FlashMonthCounts, type FlashMonthRelease } from '../../domain/evaluation/flash-release.ts';
import { json, type Db } from './db.ts';

const num = (v: unknown): number => Number(v ?? 0);
const stored = (release: unknown): string => json(JSON.parse(JSON.stringify(release)));

export type CirclePeriod = { kind: 'circle_month'; key: string; release: CircleMonthRelease } | { kind: 'circle_pulse'; key: string; release: CirclePulseRelease };

export async function insertCircleRelease(db: Db, programId: string, period: CirclePeriod, at: Date): Promise<void> {
  await db.insertInto('report_releases').values({
    program_id: programId, period_kind: period.kind, period_key: period.key, released_at: at, figures: stored(period.release),
  }).onConflict((oc) => oc.columns(['program_id', 'period_kind', 'period_key']).doNothing()).execute();
}

export async function listCircleReleases(db: Db, programId: string): Promise<{ months: CircleMonthRelease[]; pulses: CirclePulseRelease[] }> {
  const rows = await db.selectFrom('report_releases').select(['period_kind', 'figures']).where('program_id', '=', programId)
    .where('period_kind', 'in', ['circle_month', 'circle_pulse']).orderBy('period_kind').orderBy('period_key').execute();
  const months: CircleMonthRelease[] = [], pulses: CirclePulseRelease[] = [];
  for (const r of rows) {
    if (r.period_kind === 'circle_month') months.push(circleMonthReleaseSchema.parse(r.figures));
    else pulses.push(circlePulseReleaseSchema.parse(r.figures));
  }
  return { months, pulses };
}

/** When the released pulses opened, their kind and number: the names of their periods in the figures CSV. */
export async function pulsePeriods(db: Db, pulseIds: readonly string[]): Promise<Map<string, { opensAt: Date; kind: 'periodic' | 'final'; period: number }>> {
  if (pulseIds.length === 0) return new Map();
  const rows = await db.selectFrom('pulses').select(['id', 'opens_at', 'kind', 'period']).where('id', 'in', [...pulseIds]).execute();
  return new Map(rows.map((r) => [r.id, { opensAt: new Date(r.opens_at), kind: r.kind, period: Number(r.period) }]));
}

/** Whether the program has a circle that has started (forming circles have no answers). */
export async function hasStartedCircles(db: Db, programId: string): Promise<boolean> {
  return (await db.selectFrom('circles').select('id').where('program_id', '=', programId).where('state', '<>', 'forming').limit(1).executeTakeFirst()) !== undefined;
}

/** The first month (UTC, as YYYY-MM) with a circle check-in answer in the program. */
export async function firstCircleMonth(db: Db, programId: string): Promise<string | undefined> {
  const { rows } = await sql<{ month: string | null }>`
    select to_char(min(date_trunc('month', k.answered_at at time zone 'UTC')), 'YYYY-MM') as month
    from circle_checkins k join circles c on c.id = k.circle_id where c.program_id = ${programId}`.execute(db);
  return rows[0]?.month ?? undefined;
}

/** Per month (YYYY-MM, UTC) of answer: the program's circle check-in answers, counted. */
export async function circleCheckinMonths(db: Db, programId: string): Promise<Map<string, CircleMonthCounts>> {
  const { rows } = await sql<Record<string, unknown>>`
    select to_char(date_trunc('month', k.answered_at at time zone 'UTC'), 'YYYY-MM') as month,
      count(*)::int as answers, count(*) filter (where k.met = 'yes')::int as met, count(distinct k.person_id)::int as people,
      count(k.usefulness)::int as rated, coalesce(sum(k.usefulness), 0)::int as "usefulnessSum",
      count(distinct k.person_id) filter (where k.usefulness is not null)::int as "ratedPeople"
    from circle_checkins k join circles c on c.id = k.circle_id
    where c.program_id = ${programId} group by 1`.execute(db);
  return new Map(rows.map((r) => [String(r.month), {
    answers: num(r.answers), met: num(r.met), people: num(r.people), rated: num(r.rated), usefulnessSum: num(r.usefulnessSum), ratedPeople: num(r.ratedPeople),
  }]));
}

/** Per pulse: the answers about the program's circles. Unlinked answers (erased people) count as one person together. */
export async function circlePulseCounts(db: Db, programId: string, pulseIds: readonly string[]): Promise<Map<string, CirclePulseCounts>> {
  if (pulseIds.length === 0) return new Map();
  const { rows } = await sql<Record<string, unknown>>`
    select a.pulse_id as "pulseId", count(*)::int as n,
      (count(distinct a.person_id) + case when count(*) filter (where a.person_id is null) > 0 then 1 else 0 end)::int as people,
      sum(a.satisfaction)::int as satisfaction, sum(a.progress)::int as progress
    from circle_pulse_answers a join circles c on c.id = a.circle_id
    where c.program_id = ${programId} and a.pulse_id in (${sql.join([...pulseIds])}) group by a.pulse_id`.execute(db);
  return new Map(rows.map((r) => [String(r.pulseId), { n: num(r.n), people: num(r.people), satisfaction: num(r.satisfaction), progress: num(r.progress) }]));
}

// ---- flash sessions (read from the flash tables only) ----

export async function insertFlashRelease(db: Db, workspaceId: string, key: string, release: FlashMonthRelease, at: Date): Promise<void> {
  await db.insertInto('flash_releases').values({ workspace_id: workspaceId, period_key: key, released_at: at, figures: stored(release) })
    .onConflict((oc) => oc.columns(['workspace_id', 'period_key']).doNothing()).execute();
}

export async function listFlashReleases(db: Db, workspaceId: string): Promise<FlashMonthRelease[]> {
  const rows = await db.selectFrom('flash_releases').select('figures').where('workspace_id', '=', workspaceId).orderBy('period_key').execute();
  return rows.map((r) => flashMonthReleaseSchema.parse(r.figures));
}

export async function releasedFlashMonths(db: Db, workspaceId: string): Promise<Set<string>> {
  return new Set((await db.selectFrom('flash_releases').select('period_key').where('workspace_id', '=', workspaceId).execute()).map((r) => r.period_key));
}

/** The first month (YYYY-MM, UTC) with a flash request in the workspace. */
export async function firstFlashMonth(db: Db, workspaceId: string): Promise<string | undefined> {
  const { rows } = await sql<{ month: string | null }>`
    select to_char(min(date_trunc('month', f.created_at at time zone 'UTC')), 'YYYY-MM') as month
    from flash_sessions f where f.workspace_id = ${workspaceId}`.execute(db);
  return rows[0]?.month ?? undefined;
}

/** Per month of request (YYYY-MM, UTC): the workspace's flash requests and what became of them so far. */
export async function flashMonthCounts(db: Db, workspaceId: string): Promise<Map<string, FlashMonthCounts>> {
  // Each side's usefulness answer is one answer of one person (a mentor no longer linked counts as one person with the others unlinked).
  const { rows } = await sql<Record<string, unknown>>`
    with f as (
      select to_char(date_trunc('month', created_at at time zone 'UTC'), 'YYYY-MM') as month, * from flash_sessions where workspace_id = ${workspaceId}
    ), answers as (
      select month, asker_id::text as who, asker_useful as useful from f where asker_useful is not null
      union all select month, coalesce(mentor_id::text, 'unlinked'), mentor_useful from f where mentor_useful is not null
    )
    select m.month, m.requests, m.askers, m.accepted, m."acceptedAskers", m."notAcceptedAskers", m.pairs, m."pairAskers", m."notPairAskers",
      coalesce(a.useful, 0)::int as useful, coalesce(a."usefulPeople", 0)::int as "usefulPeople",
      coalesce(a."notUseful", 0)::int as "notUseful", coalesce(a."notUsefulPeople", 0)::int as "notUsefulPeople"
    from (
      select month, count(*)::int as requests, count(distinct asker_id)::int as askers,
        count(*) filter (where state = 'accepted')::int as accepted,
        count(distinct asker_id) filter (where state = 'accepted')::int as "acceptedAskers",
        count(distinct asker_id) filter (where state <> 'accepted')::int as "notAcceptedAskers",
        count(*) filter (where state = 'accepted' and pinned_round_id is not null)::int as pairs,
        count(distinct asker_id) filter (where state = 'accepted' and pinned_round_id is not null)::int as "pairAskers",
        count(distinct asker_id) filter (where state = 'accepted' and pinned_round_id is null)::int as "notPairAskers"
      from f group by month
    ) m left join (
      select month, count(*) filter (where useful)::int as useful, count(distinct who) filter (where useful)::int as "usefulPeople",
        count(*) filter (where not useful)::int as "notUseful", count(distinct who) filter (where not useful)::int as "notUsefulPeople"
      from answers group by month
    ) a on a.month = m.month`.execute(db);
  return new Map(rows.map((r) => [String(r.month), {
    requests: num(r.requests), askers: num(r.askers), accepted: num(r.accepted), acceptedAskers: num(r.acceptedAskers), notAcceptedAskers: num(r.notAcceptedAskers),
    useful: num(r.useful), usefulPeople: num(r.usefulPeople), notUseful: num(r.notUseful), notUsefulPeople: num(r.notUsefulPeople),
    pairs: num(r.pairs), pairAskers: num(r.pairAskers), notPairAskers: num(r.notPairAskers),
  }]));
}
