// Released periods of program reports (migration report-releases). A release is written once:
// the insert of a period already released does nothing, so two processes releasing the same
// period at the same time leave one row, and both read that row back.
import { monthReleaseSchema, pulseReleaseSchema, storedRelease, type MonthRelease, type PulseRelease } from '../../domain/evaluation/release.ts';
import type { Db } from './db.ts';
import { json } from './db.ts';

export type ReleasedPeriod = { kind: 'pulse'; key: string; release: PulseRelease } | { kind: 'month'; key: string; release: MonthRelease };

export async function insertRelease(db: Db, programId: string, period: ReleasedPeriod, at: Date): Promise<void> {
  await db.insertInto('report_releases').values({
    program_id: programId, period_kind: period.kind, period_key: period.key, released_at: at, figures: json(storedRelease(period.release)),
  }).onConflict((oc) => oc.columns(['program_id', 'period_kind', 'period_key']).doNothing()).execute();
}

/** Whether the period is released (in any program: a pulse's key is its own id). */
export async function isReleased(db: Db, kind: ReleasedPeriod['kind'] | 'circle_pulse', key: string): Promise<boolean> {
  const row = await db.selectFrom('report_releases').select('period_key').where('period_kind', '=', kind).where('period_key', '=', key).executeTakeFirst();
  return row !== undefined;
}

export async function releasedKeys(db: Db, programId: string): Promise<Set<string>> {
  const rows = await db.selectFrom('report_releases').select(['period_kind', 'period_key']).where('program_id', '=', programId).execute();
  return new Set(rows.map((r) => `${r.period_kind}:${r.period_key}`));
  // Circle periods (circle_month, circle_pulse) are listed here too: circle-flash-release.repository.ts reads them.
}

export async function listReleases(db: Db, programId: string): Promise<{ pulses: PulseRelease[]; months: MonthRelease[] }> {
  const rows = await db.selectFrom('report_releases').select(['period_kind', 'figures']).where('program_id', '=', programId)
    .where('period_kind', 'in', ['pulse', 'month']).orderBy('period_kind').orderBy('period_key').execute();
  const pulses: PulseRelease[] = [], months: MonthRelease[] = [];
  for (const r of rows) {
    if (r.period_kind === 'pulse') pulses.push(pulseReleaseSchema.parse(r.figures));
    else months.push(monthReleaseSchema.parse(r.figures));
  }
  return { pulses, months };
}
