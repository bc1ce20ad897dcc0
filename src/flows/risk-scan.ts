// At-risk detection (SPEC §7) for live pairs: the facts of every pair in a few set-based queries,
// the rules from domain/evaluation/at-risk.ts, then one idempotent alert per pair and rule. A
// rule a lead already handled for a pair is not raised again for that pair.
import { sql } from 'kysely';
import { riskFindings, type PairRiskFacts } from '../domain/evaluation/at-risk.ts';
import type { RiskRule } from '../domain/model.ts';
import { raiseRiskAlert } from '../db/repositories/risk-alert.repository.ts';
import type { BaseCtx } from './context.ts';

const LIVE = ['accepted', 'active', 'paused'] as const;

export async function scanProgramRisks(ctx: BaseCtx, programId: string): Promise<number> {
  const { db, now } = ctx;
  const pairs = await db.selectFrom('matches').select(['id', 'state', 'accepted_at', 'first_meeting_at'])
    .select((eb) => eb.selectFrom('match_events').select((e) => e.fn.max('match_events.at').as('at'))
      .whereRef('match_events.match_id', '=', 'matches.id').where('match_events.to_state', '=', 'paused').as('paused_since'))
    .where('program_id', '=', programId).where('state', 'in', [...LIVE]).execute();
  if (pairs.length === 0) return 0;

  const { rows: checkins } = await sql<{ match_id: string; person_id: string; status: 'answered' | 'missed' }>`
    select match_id, person_id, status from (
      select c.match_id, c.person_id, c.status, row_number() over (partition by c.match_id, c.person_id order by c.period desc) as rn
      from checkins c join matches m on m.id = c.match_id
      where m.program_id = ${programId} and m.state in ('accepted', 'active', 'paused') and c.status in ('answered', 'missed')) t
    where rn <= 2 order by match_id, person_id, rn`.execute(db);
  // The pair's latest pulse: individual ratings stay inside this job, only the rule comes out.
  const { rows: pulses } = await sql<{ match_id: string; role: 'mentee' | 'mentor'; satisfaction: number; relationship: number; progress: number }>`
    select match_id, role, satisfaction, relationship, progress from (
      select a.match_id, a.role, a.satisfaction, a.relationship, a.progress, rank() over (partition by a.match_id order by p.opens_at desc) as rk
      from pulse_answers a join pulses p on p.id = a.pulse_id join matches m on m.id = a.match_id
      where m.program_id = ${programId} and m.state in ('accepted', 'active', 'paused')) t
    where rk = 1`.execute(db);
  const handled = await db.selectFrom('risk_alerts').innerJoin('matches', 'matches.id', 'risk_alerts.match_id')
    .select(['risk_alerts.match_id', 'risk_alerts.rule']).where('matches.program_id', '=', programId)
    .where('risk_alerts.handled_at', 'is not', null).execute();
  const silenced = new Set(handled.map((h) => `${h.match_id}:${h.rule}`));

  const checkinsOf = new Map<string, Map<string, Array<'answered' | 'missed'>>>();
  for (const c of checkins) {
    const byPerson = checkinsOf.get(c.match_id) ?? new Map<string, Array<'answered' | 'missed'>>();
    byPerson.set(c.person_id, [...(byPerson.get(c.person_id) ?? []), c.status]);
    checkinsOf.set(c.match_id, byPerson);
  }
  const pulsesOf = new Map<string, typeof pulses>();
  for (const a of pulses) pulsesOf.set(a.match_id, [...(pulsesOf.get(a.match_id) ?? []), a]);
  let raised = 0;
  for (const p of pairs) {
    const facts: PairRiskFacts = {
      state: p.state as PairRiskFacts['state'], acceptedAt: p.accepted_at, firstMeetingAt: p.first_meeting_at,
      pausedSince: p.paused_since ? new Date(p.paused_since) : null,
      lastCheckins: [...(checkinsOf.get(p.id)?.values() ?? [])],
      latestPulse: pulsesOf.get(p.id) ?? [],
    };
    for (const finding of riskFindings(facts, now)) {
      if (silenced.has(`${p.id}:${finding.rule}`)) continue;
      if (await raiseRiskAlert(db, p.id, finding.rule satisfies RiskRule, now)) raised += 1;
    }
  }
  return raised;
}
