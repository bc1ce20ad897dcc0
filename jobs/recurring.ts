// The recurring work every deployment runs. BullMQ job schedulers fire each occurrence while a
// worker runs; an occurrence that fell due while none ran is not fired again once one is back, so
// each start compares the database's record of the last period run with the schedule and runs a
// missed period once. Every run of a timed job claims its period in the database first, so the
// catch-up, the scheduler's own overdue occurrence and several workers starting together give one
// run per period.
import type { Logger } from '../src/log.ts';
import type { Db } from '../src/db/repositories/db.ts';
import { claimRecurringRun, lastRecurringDue, startRecurringBookkeeping } from '../src/db/repositories/recurring-run.repository.ts';
import type { JobName, Scheduler } from '../src/ports/scheduler.ts';

/** A fixed UTC time each day, or each week on one weekday (0 = Sunday). */
export interface UtcTime { readonly hour: number; readonly minute: number; readonly weekday?: number }

export type RecurringName = 'reconcile' | 'deliveries.sweep' | 'risk.scan' | 'lead.digest' | 'retention.purge' | 'report.release';

export interface Recurring {
  readonly name: RecurringName;
  /** Interval work (runs at start anyway), or a time of day whose missed periods are caught up. */
  readonly every?: number;
  readonly at?: UtcTime;
}

export const RECURRING: readonly Recurring[] = [
  // Reconcile also runs at every worker start (jobs/runtime.ts), so it never needs catching up.
  { name: 'reconcile', every: 10 * 60_000 },
  // A message decided in a transaction whose commit answer was lost (database blip) has no job yet.
  { name: 'deliveries.sweep', every: 60_000 },
  { name: 'risk.scan', at: { hour: 6, minute: 0 } },
  { name: 'lead.digest', at: { hour: 9, minute: 0, weekday: 1 } },
  { name: 'retention.purge', at: { hour: 3, minute: 30 } },
  // Just after midnight UTC, when a month is over, its report figures are released.
  { name: 'report.release', at: { hour: 0, minute: 5 } },
];

/** BullMQ's repeat options for one recurring job. */
export function repeatOf(recurring: Recurring): { every: number } | { pattern: string; tz: 'UTC' } {
  if (recurring.every) return { every: recurring.every };
  const at = recurring.at!;
  return { pattern: `${at.minute} ${at.hour} * * ${at.weekday ?? '*'}`, tz: 'UTC' };
}

/**
 * A scheduler may fire an occurrence a little before its time (clocks of two hosts); such a run
 * still belongs to the period it was fired for. Far shorter than the shortest period (a day).
 */
const EARLY_TOLERANCE_MS = 60_000;
const DAY_MS = 24 * 3_600_000;

/** The latest due time of `at` not after `now` (plus the tolerance). */
export function latestDue(at: UtcTime, now: Date): Date {
  const t = new Date(now.getTime() + EARLY_TOLERANCE_MS);
  const due = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate(), at.hour, at.minute));
  if (due > t) due.setTime(due.getTime() - DAY_MS);
  if (at.weekday !== undefined) due.setTime(due.getTime() - ((due.getUTCDay() - at.weekday + 7) % 7) * DAY_MS);
  return due;
}

const timedByName = new Map(RECURRING.filter((r) => r.at).map((r) => [r.name as JobName, r.at!]));

/**
 * Called by the worker before a job runs: false when the job is a timed recurring one whose
 * current period another job already ran (the run is then skipped).
 */
export async function claimRecurringPeriod(db: Db, name: JobName, jobId: string, now: Date): Promise<boolean> {
  const at = timedByName.get(name);
  if (!at) return true;
  return claimRecurringRun(db, name, latestDue(at, now), jobId, now);
}

export const catchUpKey = (name: string, dueAt: Date): string => `recurring.catchup:${name}:${dueAt.toISOString()}`;

/** Queues, once, each timed recurring job whose last recorded period is older than its latest due time. */
export async function catchUpRecurring(db: Db, scheduler: Scheduler, now: Date, logger: Pick<Logger, 'info'>): Promise<RecurringName[]> {
  const queued: RecurringName[] = [];
  for (const recurring of RECURRING) {
    if (!recurring.at) continue;
    const due = latestDue(recurring.at, now);
    const last = await lastRecurringDue(db, recurring.name);
    if (!last) {
      await startRecurringBookkeeping(db, recurring.name, due, now);
      continue;
    }
    if (last >= due) continue;
    // The key is the period: workers starting together queue it once; a later one finds it claimed.
    await scheduler.schedule({ name: recurring.name, key: catchUpKey(recurring.name, due), payload: {} });
    logger.info({ job: recurring.name, due: due.toISOString(), lastRun: last.toISOString() }, 'a recurring run fell due while no worker ran: running it once now');
    queued.push(recurring.name);
  }
  return queued;
}
