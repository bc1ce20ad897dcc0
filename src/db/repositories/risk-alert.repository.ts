import type { Selectable } from 'kysely';
import type { RiskAlert, RiskRule } from '../../domain/model.ts';
import type { RiskAlertsTable } from '../schema.ts';
import type { Db } from './db.ts';

const toAlert = (row: Selectable<RiskAlertsTable>): RiskAlert => ({
  id: row.id, matchId: row.match_id, rule: row.rule, detectedAt: row.detected_at, handledAt: row.handled_at,
  handledBy: row.handled_by, action: row.action,
});

/** Raises an alert unless the same one is already open; returns it only when newly raised. */
export async function raiseRiskAlert(db: Db, matchId: string, rule: RiskRule, at: Date): Promise<RiskAlert | undefined> {
  const row = await db.insertInto('risk_alerts').values({ match_id: matchId, rule, detected_at: at })
    .onConflict((oc) => oc.columns(['match_id', 'rule']).where('handled_at', 'is', null).doNothing())
    .returningAll().executeTakeFirst();
  return row && toAlert(row);
}

export async function handleRiskAlert(db: Db, id: string, action: NonNullable<RiskAlert['action']>, by: string, at: Date): Promise<RiskAlert | undefined> {
  const row = await db.updateTable('risk_alerts').set({ handled_at: at, handled_by: by, action })
    .where('id', '=', id).where('handled_at', 'is', null).returningAll().executeTakeFirst();
  return row && toAlert(row);
}

export async function getRiskAlert(db: Db, id: string): Promise<RiskAlert | undefined> {
  const row = await db.selectFrom('risk_alerts').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toAlert(row);
}

/** Open alerts of a program's pairs, oldest first. */
export async function listOpenRiskAlerts(db: Db, programId: string): Promise<RiskAlert[]> {
  const rows = await db.selectFrom('risk_alerts').innerJoin('matches', 'matches.id', 'risk_alerts.match_id')
    .selectAll('risk_alerts').where('matches.program_id', '=', programId).where('risk_alerts.handled_at', 'is', null)
    .orderBy('risk_alerts.detected_at').execute();
  return rows.map(toAlert);
}
