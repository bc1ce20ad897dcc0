// A program's health for its leads (SPEC §7): set-based aggregates from report.repository.ts,
// then the privacy rules of domain/evaluation. Individual answers never leave the database
// queries; private end reasons are only grouped here.
import { programHealth, type ProgramHealth } from '../domain/evaluation/health.ts';
import type { Program } from '../domain/model.ts';
import type { Db } from '../db/repositories/db.ts';
import {
  checkinsByMonth, countGoals, countPairs, countParticipants, countUndelivered, listEndReasonsForGrouping, pulseCells, riskAlertsByMonth,
  type ReportScope,
} from '../db/repositories/report.repository.ts';

export type { ProgramHealth } from '../domain/evaluation/health.ts';

/**
 * Program-wide only: a report scoped to one round or dates, read next to the program-wide one,
 * would give the rest back by subtraction, so leads get per-pulse and per-month series instead.
 */
export async function loadProgramHealth(db: Db, program: Program, now: Date): Promise<ProgramHealth> {
  const scope: ReportScope = { programId: program.id };
  // One connection per transaction: the queries run one after another, each set-based.
  const participants = await countParticipants(db, scope);
  const pairs = await countPairs(db, scope, now);
  const endReasons = await listEndReasonsForGrouping(db, scope);
  const checkinMonths = await checkinsByMonth(db, scope);
  const cells = await pulseCells(db, scope);
  const goals = await countGoals(db, scope);
  const undelivered = await countUndelivered(db, scope);
  const risk = await riskAlertsByMonth(db, scope);
  return programHealth({
    minGroupSize: program.settings.minGroupSize, now, participants, pairs, endReasons, checkinMonths, pulseCells: cells, goals, undelivered, risk,
  });
}
