// Reconciliation: the database is the source of truth for every timed thing, so this job asks
// again for every job the data says should exist. Keys are deterministic, so asking for a job
// that is already queued changes nothing; after a flushed or replaced queue store, everything
// comes back. It runs at every worker start and on a schedule (jobs/runtime.ts).
import { sql } from 'kysely';
import { missedGraceMs } from '../domain/checkin-plan.ts';
import { getPair } from '../db/repositories/pair.repository.ts';
import { checkinPromptKey, planNextCheckins } from './pair/checkin-schedule.ts';
import { deliveryJob, type BaseCtx } from './context.ts';
import { nextApprovalReminder } from './enrol/approval.flow.ts';
import { flashFollowUpsDue, waitingFlashSessions } from '../db/repositories/flash.repository.ts';
import { flashExpireJob } from './flash/flash-request.ts';
import { flashFollowUpJob } from './flash/follow-up.flow.ts';
import { firstMeetingNudgeJob } from './pair/intro.ts';
import { proposalExpireKey } from './matching/send-proposal.ts';
import { awaitedPreviewJobs } from './matching/match-preview.flow.ts';
import type { FlowModule } from './registry.ts';
import { proposalWindowKey } from './admin/round-start.ts';
import { planPreparation } from './pair/prepare.ts';
import { closingReminderJob, CLOSING_REMIND_DAYS } from './pair/closing.flow.ts';
import { rankingDeadlineJob } from './shortlist/ranking-phase.ts';
import { circleStartJob } from './circles/circle-fill.ts';
import { circleSpaceLeaveJob } from './circles/circle-space.flow.ts';
import { pendingSpaceRemovals } from '../db/repositories/circle-space-removal.repository.ts';

/** Work due within this window is queued now; later work is picked up by a later run. */
export const RECONCILE_HORIZON_MS = 24 * 3_600_000;
/** A message not delivered within a week is left as failed (reported to leads), not retried forever. */
const DELIVERY_GIVE_UP_MS = 7 * 24 * 3_600_000;
/** A sender that has held a delivery this long without finishing is presumed dead. */
const STALE_SEND_MS = 5 * 60_000;
/** A flash session's question afterwards is not brought back once it is this old. */
const FLASH_FOLLOW_UP_GIVE_UP_MS = 14 * 24 * 3_600_000;

const RECONCILE_PAGE = 500;

/** Every row of a query read in pages of RECONCILE_PAGE, by id. */
async function pages<T extends { id: string }>(page: (after: string | undefined) => Promise<T[]>): Promise<T[]> {
  const all: T[] = [];
  for (let after: string | undefined; ;) {
    const rows = await page(after);
    all.push(...rows);
    if (rows.length < RECONCILE_PAGE) return all;
    after = rows.at(-1)!.id;
  }
}

async function reconcile(ctx: BaseCtx): Promise<void> {
  const { db, now } = ctx;
  const horizon = new Date(now.getTime() + RECONCILE_HORIZON_MS);

  // The two lists that grow with a backlog are read a page at a time, so no single query holds
  // the embedded database (one session, shared by requests and jobs) for long.
  const deliveries = await pages((after) => db.selectFrom('deliveries').select(['id', 'idempotency_key', 'status', 'updated_at'])
    .where('status', 'in', ['pending', 'failed', 'sending'])
    .where('created_at', '>', new Date(now.getTime() - DELIVERY_GIVE_UP_MS))
    .$if(after !== undefined, (q) => q.where('id', '>', after!)).orderBy('id').limit(RECONCILE_PAGE).execute());
  for (const d of deliveries) {
    if (d.status === 'sending' && now.getTime() - d.updated_at.getTime() < STALE_SEND_MS) continue;
    ctx.later(deliveryJob(d.idempotency_key));
  }

  // Large previews whose job was lost: the lead still gets their card.
  for (const job of await awaitedPreviewJobs(db)) ctx.later(job);

  const scheduled = await pages((after) => db.selectFrom('checkins').select(['id', 'due_at'])
    .where('status', '=', 'scheduled').where('due_at', '<=', horizon)
    .$if(after !== undefined, (q) => q.where('id', '>', after!)).orderBy('id').limit(RECONCILE_PAGE).execute());
  for (const c of scheduled) {
    ctx.later({ name: 'checkin.prompt', key: checkinPromptKey(c.id), runAt: c.due_at, payload: { checkinId: c.id } });
    planPreparation(ctx, { id: c.id, dueAt: c.due_at }, false);
  }

  const prompted = await db.selectFrom('checkins')
    .innerJoin('matches', 'matches.id', 'checkins.match_id')
    .innerJoin('programs', 'programs.id', 'matches.program_id')
    .innerJoin('people', 'people.id', 'checkins.person_id')
    .select(['checkins.id', 'checkins.prompted_at', 'checkins.due_at', 'programs.checkin_cadence', 'people.timezone'])
    .where('checkins.status', '=', 'prompted').execute();
  for (const c of prompted) {
    const from = c.prompted_at ?? c.due_at;
    const runAt = new Date(from.getTime() + missedGraceMs(c.checkin_cadence, from, c.timezone));
    if (runAt <= horizon) ctx.later({ name: 'checkin.missed', key: `checkin.missed:${c.id}`, runAt, payload: { checkinId: c.id } });
  }

  // Active pairs whose next check-in was never planned (a crash between two steps) get it now.
  const unplanned = await db.selectFrom('matches').select('id').where('state', '=', 'active')
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('checkins').select(sql`1`.as('one'))
      .whereRef('checkins.match_id', '=', 'matches.id').where('checkins.status', '=', 'scheduled')))).execute();
  for (const { id } of unplanned) {
    const pair = await getPair(db, id);
    if (pair) await planNextCheckins(ctx, pair);
  }

  const unmet = await db.selectFrom('matches').innerJoin('programs', 'programs.id', 'matches.program_id')
    .select(['matches.id', 'matches.activated_at', 'programs.checkin_cadence'])
    .where('matches.state', '=', 'active').where('matches.first_meeting_at', 'is', null).where('matches.activated_at', 'is not', null).execute();
  for (const p of unmet) {
    const job = firstMeetingNudgeJob(p.id, p.activated_at!, p.checkin_cadence);
    if (job.runAt && job.runAt <= horizon) ctx.later(job);
  }

  const proposed = await db.selectFrom('matches').select(['id', 'expires_at']).where('state', '=', 'proposed')
    .where('expires_at', '<=', horizon).execute();
  for (const p of proposed) {
    if (p.expires_at) ctx.later({ name: 'proposal.expire', key: proposalExpireKey(p.id), runAt: p.expires_at, payload: { matchId: p.id } });
  }

  const paused = await db.selectFrom('matches').select(['id', 'paused_until']).where('state', '=', 'paused')
    .where('paused_until', '<=', horizon).execute();
  for (const p of paused) {
    if (p.paused_until) ctx.later({ name: 'pause.resume', key: `pause.resume:${p.id}`, runAt: p.paused_until, payload: { matchId: p.id } });
  }

  const rounds = await db.selectFrom('rounds').innerJoin('programs', 'programs.id', 'rounds.program_id')
    .select(['rounds.id', 'rounds.state', 'rounds.survey_deadline', 'rounds.published_at', 'rounds.ends_at', 'programs.settings'])
    .where('rounds.state', 'in', ['open', 'published', 'running']).execute();
  for (const r of rounds) {
    if (r.state === 'open' && r.survey_deadline && r.survey_deadline <= horizon) {
      ctx.later({ name: 'survey.deadline', key: `survey.deadline:${r.id}`, runAt: r.survey_deadline, payload: { roundId: r.id } });
    }
    if (r.state === 'published' && r.published_at) {
      const hours = Number((r.settings as { proposalTimeoutHours?: number }).proposalTimeoutHours ?? 72);
      const windowEnds = new Date(r.published_at.getTime() + hours * 3_600_000);
      if (windowEnds <= horizon) ctx.later({ name: 'proposal.expire', key: proposalWindowKey(r.id), runAt: windowEnds, payload: { roundId: r.id } });
    }
    if (r.ends_at && r.ends_at <= horizon) {
      ctx.later({ name: 'round.complete', key: `round.complete:${r.id}`, runAt: r.ends_at, payload: { roundId: r.id } });
    }
  }

  // A shortlist ranking still running gets its deadline back (the reminder is a courtesy, not redone).
  const ranking = await db.selectFrom('rounds').select(['id', 'ranking_deadline'])
    .where('state', '=', 'closed').where('ranking_deadline', 'is not', null).where('ranking_closed_at', 'is', null).execute();
  for (const r of ranking) {
    if (r.ranking_deadline! <= horizon) ctx.later(rankingDeadlineJob(r.id, r.ranking_deadline!));
  }

  // Enrolments still waiting for approval in an open round get their next reminder back.
  const waiting = await db.selectFrom('enrollments').innerJoin('rounds', 'rounds.id', 'enrollments.round_id')
    .select(['enrollments.id', 'enrollments.approval_requested_at']).where('enrollments.approval', '=', 'pending')
    .where('enrollments.status', '=', 'submitted').where('rounds.state', '=', 'open').execute();
  for (const e of waiting) {
    const job = e.approval_requested_at ? nextApprovalReminder(e.id, e.approval_requested_at, now) : undefined;
    if (job?.runAt && job.runAt <= horizon) ctx.later(job);
  }

  // Closings still waiting for an answer get their reminder back (pair/closing.flow.ts).
  const remindBefore = new Date(horizon.getTime() + CLOSING_REMIND_DAYS * 86_400_000);
  const closings = await db.selectFrom('closings').select(['id', 'closes_at']).where('answered_at', 'is', null)
    .where('closes_at', '>', now).where('closes_at', '<=', remindBefore).execute();
  for (const c of closings) ctx.later(closingReminderJob({ id: c.id, closesAt: c.closes_at }));
  // Flash requests waiting for a mentor get their deadline back; accepted sessions their question
  // afterwards (its messages are keyed per person, so nobody is asked twice).
  const flashWaiting = await waitingFlashSessions(db);
  for (const f of flashWaiting) {
    const job = f.askedAt && flashExpireJob(f.id, f.attempt, f.askedAt);
    if (job?.runAt && job.runAt <= horizon) ctx.later(job);
  }
  const flashFollowUps = (await flashFollowUpsDue(db)).filter((f) => f.followUpAt && f.followUpAt <= horizon && now.getTime() - f.followUpAt.getTime() < FLASH_FOLLOW_UP_GIVE_UP_MS);
  for (const f of flashFollowUps) ctx.later(flashFollowUpJob(f));
  // A time both chose whose booking job was lost (a pair's or a flash session's) is booked again;
  // the job books only a meeting still 'booking', so one already booked is left as it is.
  const booking = await db.selectFrom('meetings').select('id').where('state', '=', 'booking').execute();
  for (const m of booking) ctx.later({ name: 'pair.book_meeting', key: `pair.book_meeting:${m.id}`, payload: { meetingId: m.id } });
  // A replaced booking whose withdrawal job was lost is withdrawn again; the job does it only
  // while the meeting is still 'cancel_pending', so once is once.
  const withdrawals = await db.selectFrom('meetings').select('id').where('state', '=', 'cancel_pending').execute();
  for (const m of withdrawals) ctx.later({ name: 'meeting.cancel_event', key: `meeting.cancel_event:${m.id}`, payload: { meetingId: m.id } });

  // A pulse whose window is open or about to open is (re)sent: its deliveries are keyed per
  // person, so the people who already have it are not asked twice.
  const pulses = await db.selectFrom('pulses').innerJoin('rounds', 'rounds.id', 'pulses.round_id')
    .select(['pulses.id', 'pulses.opens_at']).where('rounds.state', 'in', ['published', 'running'])
    .where('pulses.opens_at', '<=', horizon).where('pulses.closes_at', '>', now).execute();
  for (const p of pulses) ctx.later({ name: 'pulse.open', key: `pulse.open:${p.id}`, runAt: p.opens_at, payload: { pulseId: p.id } });

  // A circle that started but whose introduction was never decided (its start gave up, e.g. after
  // a platform outage longer than the job's retries) is started again: its conversation is found
  // again by its name, its intro and check-ins have their own keys, so nothing is done twice.
  const unstarted = await db.selectFrom('circles').select('id').where('state', '=', 'active')
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('deliveries').select(sql`1`.as('one'))
      .whereRef('deliveries.idempotency_key', '=', sql<string>`'circle.intro:' || circles.id::text`)))).execute();
  for (const { id } of unstarted) ctx.later(circleStartJob(id));

  // A removal from a circle's conversation after an erasure whose job is gone (attempts used up,
  // queue store lost) is queued again while its row is there: the row is deleted once the person
  // is out, refused or given up (circle-space.flow.ts), and a queued job's key makes this a no-op.
  const removals = await pendingSpaceRemovals(db);
  for (const r of removals) ctx.later(circleSpaceLeaveJob(r.id));

  ctx.deps.logger.info({
    circleStarts: unstarted.length, spaceRemovals: removals.length, deliveries: deliveries.length, checkins: scheduled.length + prompted.length, unplanned: unplanned.length,
    nudges: unmet.length, proposals: proposed.length, pauses: paused.length, rounds: rounds.length, pulses: pulses.length, approvals: waiting.length, closings: closings.length,
    flashRequests: flashWaiting.length, flashFollowUps: flashFollowUps.length, rankings: ranking.length, bookings: booking.length, withdrawals: withdrawals.length,
  }, 'reconciled schedules from the database');
}

/** Deliveries left behind for more than this are queued again by the sweep. */
const SWEEP_AFTER_MS = 30_000;

async function sweepDeliveries(ctx: BaseCtx): Promise<void> {
  const stale = new Date(ctx.now.getTime() - SWEEP_AFTER_MS);
  const rows = await ctx.db.selectFrom('deliveries').select('idempotency_key')
    .where('status', 'in', ['pending', 'failed', 'sending']).where('updated_at', '<', stale)
    .where('created_at', '>', new Date(ctx.now.getTime() - DELIVERY_GIVE_UP_MS)).limit(5_000).execute();
  for (const row of rows) ctx.later(deliveryJob(row.idempotency_key));
}

export const reconcileFlow: FlowModule = {
  jobs: {
    reconcile: (ctx) => reconcile(ctx),
    'deliveries.sweep': (ctx) => sweepDeliveries(ctx),
  },
};
