// The core asks for work at a time; jobs/ implements this with BullMQ (Redis or PostgreSQL), tests
// with an in-memory fake. Payloads are ids only; the handler reads the rest from the database.

/** Every kind of timed work the core knows how to do (handled by BotCore.runJob). */
export const JOB_NAMES = [
  'deliver',               // send one decided message (deliveries row) to the platform
  'survey.reminder',       // nudge people who started the survey and did not finish
  'survey.deadline',       // close the round's survey
  'proposal.reminder',     // remind a member who has not answered a proposal
  'proposal.expire',       // expire an unanswered proposal, then rematch the mentee
  'pair.first_meeting_nudge',
  'pair.find_time',        // offer a pair three times (free/busy or working hours)
  'pair.book_meeting',     // book the time both chose: calendar event, or .ics file
  'flash.find_time',       // offer a flash session's two people three 30-minute times
  'meeting.cancel_event',  // withdraw a replaced booking: cancel its calendar event, or send an .ics cancellation
  'checkin.prompt',        // ask one member of a pair for one period's check-in
  'checkin.missed',        // mark an unanswered check-in missed and nudge
  'pair.prepare',          // the day before a member's next check-in: decide their preparation
  'closing.reminder',      // a week before a closing form closes: remind a member who has not answered
  'pulse.open',            // send a round's pulse to its participants
  'round.complete',        // end of the program duration: final pulse, pairs closed
  'pause.resume',          // end a time-boxed pause
  'risk.scan',             // at-risk detection over a program
  'lead.digest',           // weekly summary to each lead
  'retention.purge',       // purge or anonymise ended rounds past their retention period
  'report.release',        // freeze the figures of report periods that have closed (daily)
  'reconcile',             // rebuild every schedule from the database
  'deliveries.sweep',      // queue again decided messages whose delivery job was lost (every minute)
  'enrol.approval_reminder', // remind the approvers of an enrolment still waiting for approval
  'flash.expire',          // a flash request unanswered by its deadline: pass it to the next mentor
  'flash.follow_up',       // after a flash session: ask both their one question
  'circle.start',          // open a circle's conversation, introduce it, plan its check-ins
  'circle.checkin',        // ask a circle for one period's check-in
  'circle.space_leave',    // take a person who erased their data out of a circle's conversation
  'shortlist.deadline',    // end the mentees' ranking of their shortlists (mentee-chooses programs)
  'shortlist.reminder',    // remind mentees who have not ranked their shortlist yet
  'match.preview',         // match a large round's preview outside any transaction, then send the lead its card
] as const;
export type JobName = (typeof JOB_NAMES)[number];

export type JobPayload = Readonly<Record<string, string | number | boolean | null>>;

export interface ScheduledJob {
  readonly name: JobName;
  readonly payload: JobPayload;
  /** When to run; omitted or past = as soon as possible. */
  readonly runAt?: Date;
  /**
   * Deterministic id: asking twice for the same key schedules the work once (e.g.
   * `proposal.expire:<matchId>`). Rescheduling an existing key moves it to the new time.
   */
  readonly key: string;
  /**
   * The key has never been used: the row it stands for was created by the transaction asking
   * (a new delivery, a new check-in, a check-in that has just become due). Nothing can be queued
   * under it yet, so it is queued without looking for an earlier job first.
   */
  readonly fresh?: boolean;
}

export interface Scheduler {
  schedule(job: ScheduledJob): Promise<void>;
  /**
   * Several jobs at once, as `schedule` would one by one (fresh ones in one write per queue).
   * Optional; a rejection means none may have been queued (the caller falls back to `schedule`).
   */
  scheduleMany?(jobs: readonly ScheduledJob[]): Promise<void>;
  cancel(key: string): Promise<void>;
}
