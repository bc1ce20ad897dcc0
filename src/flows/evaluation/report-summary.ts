// A program's health for its leads (SPEC §7): the released periods (report-release.ts), released
// first if any has closed since the last read, and the live headcounts of report.repository.ts.
// No figure about answers is computed live: individual answers never leave the release queries.
import { programHealth, type ProgramHealth } from '../../domain/evaluation/health.ts';
import type { Program } from '../../domain/model.ts';
import type { Db } from '../../db/repositories/db.ts';
import { listReleases } from '../../db/repositories/report-release.repository.ts';
import {
  countPairs, countParticipants, countUndelivered, hasCheckinsFrom, riskAlertsByMonth, type ReportScope,
} from '../../db/repositories/report.repository.ts';
import { releaseDuePeriods } from './report-release.ts';

export type { ProgramHealth } from '../../domain/evaluation/health.ts';

/**
 * Program-wide only: a report scoped to one round or dates, read next to the program-wide one,
 * would give the rest back by subtraction, so leads get per-pulse and per-month series instead.
 */
export async function loadProgramHealth(db: Db, program: Program, now: Date): Promise<ProgramHealth> {
  const scope: ReportScope = { programId: program.id };
  await releaseDuePeriods(db, program, now);
  // One connection per transaction: the queries run one after another, each set-based.
  const releases = await listReleases(db, program.id);
  const participants = await countParticipants(db, scope);
  const pairs = await countPairs(db, scope, now);
  const checkinsUnderWay = await hasCheckinsFrom(db, scope, new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)));
  const undelivered = await countUndelivered(db, scope);
  const risk = await riskAlertsByMonth(db, scope);
  return programHealth({ minGroupSize: program.settings.minGroupSize, now, participants, pairs, releases, checkinsUnderWay, undelivered, risk });
}
