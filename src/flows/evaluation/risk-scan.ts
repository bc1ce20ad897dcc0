// At-risk detection (SPEC §7) for live pairs: the facts of every pair in a few set-based queries,
// the rules from domain/evaluation/at-risk.ts, then one idempotent alert per pair and rule.
// - A rule a lead could see anyway raises an alert the leads see at once; once a lead handled it,
//   it is not raised again for that pair.
// - A rule drawn from a member's own pulse answers raises a private offer to that member only
//   (risk-offer.ts); no lead sees it, nor counts it, unless the member asks for the lead. A member
//   who answered an offer gets a new one only after a later pulse that raises it again.
import { sql } from 'kysely';
import { riskFindings, type PairRiskFacts, type PulseRatings } from '../../domain/evaluation/at-risk.ts';
import { raiseRiskAlert } from '../../db/repositories/risk-alert.repository.ts';
import type { BaseCtx } from '../context.ts';
import { offerHelp } from './risk-offer.ts';

const LIVE = ['accepted', 'active', 'paused'] as const;

export async function scanProgramRisks(ctx: BaseCtx, programId: string): Promise<number> {
  const { db, now } = ctx;
  const pairs = await db.selectFrom('matches').select(['id', 'workspace_id', 'state', 'accepted_at', 'first_meeting_at'])
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
  // The pair's latest closed pulse: a pulse still open is never read. Individual ratings stay
  // inside this job; only the rule, and for a member's rule that member, come out.
  const { rows: pulses } = await sql<PulseRatings & { match_id: string; closes_at: Date | string }>`
    select match_id, person_id as "personId", role, satisfaction, relationship, progress, closes_at from (
      select a.match_id, a.person_id, a.role, a.satisfaction, a.relationship, a.progress, p.closes_at,
        rank() over (partition by a.match_id order by p.opens_at desc) as rk
      from pulse_answers a join pulses p on p.id = a.pulse_id join matches m on m.id = a.match_id
      where m.program_id = ${programId} and m.state in ('accepted', 'active', 'paused') and p.closes_at <= ${now}) t
    where rk = 1`.execute(db);
  const handled = await db.selectFrom('risk_alerts').innerJoin('matches', 'matches.id', 'risk_alerts.match_id')
    .select(['risk_alerts.match_id', 'risk_alerts.rule', 'risk_alerts.person_id'])
    .select((eb) => eb.fn.max('risk_alerts.detected_at').as('last'))
    .where('matches.program_id', '=', programId).where('risk_alerts.handled_at', 'is not', null)
    .groupBy(['risk_alerts.match_id', 'risk_alerts.rule', 'risk_alerts.person_id']).execute();
  // A lead's rule is silenced per pair and rule; a member's offers per pair and member, whatever the rule.
  const keyOf = (matchId: string, rule: string, member: string | null | undefined): string => (member ? `${matchId}:member:${member}` : `${matchId}:${rule}`);
  const lastHandled = new Map<string, Date>();
  for (const h of handled) {
    const key = keyOf(h.match_id, h.rule, h.person_id), at = new Date(h.last);
    if (!(lastHandled.get(key)! >= at)) lastHandled.set(key, at);
  }

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
    const answers = pulsesOf.get(p.id) ?? [];
    const facts: PairRiskFacts = {
      state: p.state as PairRiskFacts['state'], acceptedAt: p.accepted_at, firstMeetingAt: p.first_meeting_at,
      pausedSince: p.paused_since ? new Date(p.paused_since) : null,
      lastCheckins: [...(checkinsOf.get(p.id)?.values() ?? [])],
      latestPulse: answers,
    };
    const pulseClosedAt = answers[0] ? new Date(answers[0].closes_at) : undefined;
    for (const finding of riskFindings(facts, now)) {
      const last = lastHandled.get(keyOf(p.id, finding.rule, finding.member));
      if (finding.member) {
        // Already offered for this pulse (or a later one) and answered: wait for the next pulse.
        if (last && pulseClosedAt && last >= pulseClosedAt) continue;
        if (await offerHelp(ctx, { workspaceId: p.workspace_id, matchId: p.id, rule: finding.rule, personId: finding.member })) raised += 1;
      } else {
        if (last) continue;
        if (await raiseRiskAlert(db, p.id, finding.rule, now)) raised += 1;
      }
    }
  }
  return raised;
}
