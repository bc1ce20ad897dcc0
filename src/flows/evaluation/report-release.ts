// Releases the closed periods of a program's report: each pulse whose window has closed and each
// calendar month (UTC) that is over is computed once, with the program's minimum group size of
// that moment, and stored (report_releases). Reports read only releases for those periods. It
// runs lazily before any report is read and daily in the 'report.release' job; releasing twice,
// or from two processes at once, leaves the first release (see report-release.repository.ts).
//
// Later events change only periods not yet released: a check-in answered late for a released
// month counts for nothing in the figures (the person and their partner still see it), and an
// ended pair, an erasure or a retention purge leave released figures, comments included, as they were.
import { randomInt } from 'node:crypto';
import { releaseMonth, releasePulse, type PulseRoleCell } from '../../domain/evaluation/release.ts';
import type { Program } from '../../domain/model.ts';
import { inTransaction, type Db } from '../../db/repositories/db.ts';
import { lockPulsesForRelease } from '../../db/repositories/pulse.repository.ts';
import { getProgram } from '../../db/repositories/program.repository.ts';
import { insertRelease, releasedKeys } from '../../db/repositories/report-release.repository.ts';
import {
  checkinsByMonth, countGoals, firstReportMonth, listClosedPulses, listEndReasonsByMonth, listPulseComments, pulseCells, type ReportScope,
} from '../../db/repositories/report.repository.ts';
import { releaseCirclePeriods } from '../circles/circle-release.ts';
import { releaseFlashMonths } from './flash-report.ts';
import type { FlowModule } from '../registry.ts';

/** A cryptographic random source: the order of released comments says nothing about who wrote them. */
const cryptoRandom = (): number => randomInt(0, 2 ** 32) / 2 ** 32;

const monthKey = (d: Date): string => d.toISOString().slice(0, 7);
const nextMonth = (d: Date): Date => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));

/** Months from `first` to the last one that is over at `now`. */
export function monthsOver(first: Date | undefined, now: Date): Date[] {
  const thisMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const out: Date[] = [];
  for (let m = first && new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), 1)); m && m < thisMonth; m = nextMonth(m)) out.push(m);
  return out;
}

/** Releases every period of the program that is closed at `now` and not released yet; returns how many. */
export async function releaseDuePeriods(db: Db, program: Program, now: Date, random: () => number = cryptoRandom): Promise<number> {
  return inTransaction(db, (trx) => releaseIn(trx, program, now, random));
}

async function releaseIn(db: Db, program: Program, now: Date, random: () => number): Promise<number> {
  const scope: ReportScope = { programId: program.id };
  const min = program.settings.minGroupSize;
  const done = await releasedKeys(db, program.id);
  // The program's circles are released on the same discipline, apart from its pairs.
  const circles = await releaseCirclePeriods(db, program, now, done);
  const pulses = (await listClosedPulses(db, scope, now)).filter((p) => !done.has(`pulse:${p.pulseId}`));
  const months = monthsOver(await firstReportMonth(db, scope), now).filter((m) => !done.has(`month:${monthKey(m)}`));
  if (pulses.length === 0 && months.length === 0) return circles;

  if (pulses.length > 0) {
    const ids = pulses.map((p) => p.pulseId);
    // An answer written at the very moment its pulse closes is waited for (pulse-answer.flow.ts).
    await lockPulsesForRelease(db, ids);
    const cells = await pulseCells(db, scope, ids);
    const comments = await listPulseComments(db, ids);
    for (const p of pulses) {
      const mine: PulseRoleCell[] = cells.filter((c) => c.pulseId === p.pulseId);
      const release = releasePulse(p, mine, comments.filter((c) => c.pulseId === p.pulseId).map((c) => c.comment), min, random);
      await insertRelease(db, program.id, { kind: 'pulse', key: p.pulseId, release }, now);
    }
  }
  if (months.length > 0) {
    const tallies = new Map((await checkinsByMonth(db, scope)).map((m) => [monthKey(m.month), m]));
    const reasons = await listEndReasonsByMonth(db, scope);
    for (const month of months) {
      const release = releaseMonth({
        month, checkins: tallies.get(monthKey(month)),
        endReasons: reasons.filter((r) => monthKey(r.month) === monthKey(month)).map((r) => r.reason),
        goals: await countGoals(db, scope, nextMonth(month)),
      }, min);
      await insertRelease(db, program.id, { kind: 'month', key: monthKey(month), release }, now);
    }
  }
  return circles + pulses.length + months.length;
}

export const reportReleaseFlow: FlowModule = {
  jobs: {
    // Daily, so that periods are released soon after they close even when nobody reads a report.
    'report.release': async (ctx) => {
      // In id order: two runs at once (two workers, a stalled run) insert the same rows in the same
      // order, so the second waits for the first instead of deadlocking with it.
      const programs = await ctx.db.selectFrom('programs').select(['id', 'workspace_id']).where('status', '=', 'active').orderBy('id').execute();
      let released = 0;
      for (const { id } of programs) {
        const program = await getProgram(ctx.db, id);
        if (program) released += await releaseDuePeriods(ctx.db, program, ctx.now);
      }
      // Flash sessions are released per workspace (flash-report.ts), for every workspace with an active program.
      for (const workspaceId of new Set(programs.map((p) => p.workspace_id))) released += await releaseFlashMonths(ctx.db, workspaceId, ctx.now);
      ctx.deps.logger.info({ programs: programs.length, released }, 'report periods released');
    },
  },
};
