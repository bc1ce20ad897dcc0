import type { Selectable } from 'kysely';
import type { RiskAlert, RiskRule } from '../../domain/model.ts';
import type { RiskAlertsTable } from '../schema.ts';
import type { Db } from './db.ts';

const toAlert = (row: Selectable<RiskAlertsTable>): RiskAlert => ({
  id: row.id, matchId: row.match_id, rule: row.rule, detectedAt: row.detected_at, handledAt: row.handled_at,
  handledBy: row.handled_by, action: row.action, personId: row.person_id, sharedAt: row.shared_at,
});

/**
 * Raises an alert unless the same one (pair, rule and, for a private offer, person) is already
 * open; returns it only when newly raised. With `offeredTo` it is a private offer to that member,
 * which no lead sees until they consent (shareRiskAlert); otherwise leads see it at once.
 */
export async function raiseRiskAlert(db: Db, matchId: string, rule: RiskRule, at: Date, offeredTo?: string): Promise<RiskAlert | undefined> {
  const row = await db.insertInto('risk_alerts')
    .values({ match_id: matchId, rule, detected_at: at, person_id: offeredTo ?? null, shared_at: offeredTo ? null : at })
    // The only unique rule besides the key is "one open alert per pair, rule and person".
    .onConflict((oc) => oc.doNothing())
    .returningAll().executeTakeFirst();
  return row && toAlert(row);
}

/** The member involves the leads: their open private offer becomes an alert leads see. */
export async function shareRiskAlert(db: Db, id: string, personId: string, at: Date): Promise<RiskAlert | undefined> {
  const row = await db.updateTable('risk_alerts').set({ shared_at: at })
    .where('id', '=', id).where('person_id', '=', personId).where('shared_at', 'is', null).where('handled_at', 'is', null)
    .returningAll().executeTakeFirst();
  return row && toAlert(row);
}

/** Closes an open alert once: a lead's action on a shared alert, or the member's own answer to their offer. */
export async function handleRiskAlert(db: Db, id: string, action: NonNullable<RiskAlert['action']>, by: string, at: Date, as: 'lead' | 'member' = 'lead'): Promise<RiskAlert | undefined> {
  let query = db.updateTable('risk_alerts').set({ handled_at: at, handled_by: by, action })
    .where('id', '=', id).where('handled_at', 'is', null);
  query = as === 'lead' ? query.where('shared_at', 'is not', null) : query.where('person_id', '=', by).where('shared_at', 'is', null);
  const row = await query.returningAll().executeTakeFirst();
  return row && toAlert(row);
}

export async function getRiskAlert(db: Db, id: string): Promise<RiskAlert | undefined> {
  const row = await db.selectFrom('risk_alerts').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toAlert(row);
}

/** Open alerts of a program's pairs that leads may see, oldest first; private offers are left out. */
export async function listOpenRiskAlerts(db: Db, programId: string): Promise<RiskAlert[]> {
  const rows = await db.selectFrom('risk_alerts').innerJoin('matches', 'matches.id', 'risk_alerts.match_id')
    .selectAll('risk_alerts').where('matches.program_id', '=', programId).where('risk_alerts.handled_at', 'is', null)
    .where('risk_alerts.shared_at', 'is not', null)
    .orderBy('risk_alerts.shared_at').execute();
  return rows.map(toAlert);
}
