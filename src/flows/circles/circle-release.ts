// Releases the closed periods of a program's circle figures (domain/evaluation/circle-release.ts):
// each month that is over and each pulse that is closed, once, with the program's minimum group
// size of that moment. Called with the pairs' releases (evaluation/report-release.ts): before any
// report is read and in the daily 'report.release' job. Later events (a late answer, a member
// leaving, an erasure, a circle ending) change only periods not yet released.
import { releaseCircleMonth, releaseCirclePulse } from '../../domain/evaluation/circle-release.ts';
import type { Program } from '../../domain/model.ts';
import { inTransaction, type Db } from '../../db/repositories/db.ts';
import { lockPulsesForRelease } from '../../db/repositories/pulse.repository.ts';
import {
  circleCheckinMonths, circlePulseCounts, firstCircleMonth, hasStartedCircles, insertCircleRelease,
} from '../../db/repositories/circle-flash-release.repository.ts';
import { listClosedPulses } from '../../db/repositories/report.repository.ts';

const monthKey = (d: Date): string => d.toISOString().slice(0, 7);

/** The months (first days, UTC) from `first` (YYYY-MM) to the last one that is over at `now`. */
export function monthsOverFrom(first: string | undefined, now: Date): Date[] {
  if (!first) return [];
  const end = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
  const out: Date[] = [];
  for (let m = new Date(`${first}-01T00:00:00Z`); m.getTime() < end; m = new Date(Date.UTC(m.getUTCFullYear(), m.getUTCMonth() + 1, 1))) out.push(m);
  return out;
}

/** Releases the program's circle periods closed at `now` and not released yet (`done`: the keys already released); returns how many. */
export async function releaseCirclePeriods(db: Db, program: Program, now: Date, done: ReadonlySet<string>): Promise<number> {
  return inTransaction(db, (trx) => releaseIn(trx, program, now, done));
}

async function releaseIn(db: Db, program: Program, now: Date, done: ReadonlySet<string>): Promise<number> {
  if (!(await hasStartedCircles(db, program.id))) return 0;
  const min = program.settings.minGroupSize;
  const months = monthsOverFrom(await firstCircleMonth(db, program.id), now).filter((m) => !done.has(`circle_month:${monthKey(m)}`));
  const pulses = (await listClosedPulses(db, { programId: program.id }, now)).filter((p) => !done.has(`circle_pulse:${p.pulseId}`));
  if (months.length > 0) {
    const counts = await circleCheckinMonths(db, program.id);
    for (const month of months) {
      await insertCircleRelease(db, program.id, { kind: 'circle_month', key: monthKey(month), release: releaseCircleMonth(month, counts.get(monthKey(month)), min) }, now);
    }
  }
  if (pulses.length > 0) {
    // An answer written at the very moment its pulse closes is waited for (circle-pulse.flow.ts).
    await lockPulsesForRelease(db, pulses.map((p) => p.pulseId));
    const counts = await circlePulseCounts(db, program.id, pulses.map((p) => p.pulseId));
    for (const p of pulses) {
      await insertCircleRelease(db, program.id, { kind: 'circle_pulse', key: p.pulseId, release: releaseCirclePulse(p.pulseId, counts.get(p.pulseId), min) }, now);
    }
  }
  return months.length + pulses.length;
}
