// A flash session booked again (docs/flash.md, docs/calendar.md "When a booking is replaced"):
// the earlier booking is withdrawn exactly once, by a job of its own. An Outlook event is
// cancelled by its organizer with a comment (Graph `cancel`), a Google event deleted with
// sendUpdates=all, and an .ics invitation withdrawn with an .ics METHOD:CANCEL (same UID, next
// SEQUENCE) in each person's language. Also: the job run again (retried, redelivered, queued again
// by reconcile), the queue lost before it ran, an event already gone (404, 410), a 429 waited out
// for its Retry-After, a 500 that leaves the meeting waiting, and a 400 that settles it.
import { generateKeyPairSync } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { GoogleCalendar } from '../../adapters/calendar/google.ts';
import { MicrosoftCalendar } from '../../adapters/calendar/microsoft.ts';
import { CalendarThrottledError, type CalendarPort } from '../../src/ports/calendar.ts';
import { FakeGoogleCalendar, FakeMicrosoftCalendar } from '../support/calendar-fakes.ts';
import { databaseKinds } from '../support/databases.ts';
import { acceptedFlashSession } from '../support/flash-fixtures.ts';
import { filesOf, parseIcs, slotButtons } from '../support/find-time.ts';
import type { MemoryPlatform, TestPerson } from '../support/memory-platform.ts';

const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });

describe.each(databaseKinds)('a flash session booked again on %s', (kind) => {
  let env: MemoryPlatform;
  let fake: FakeMicrosoftCalendar | FakeGoogleCalendar | undefined;
  afterEach(async () => { await env?.dispose(); await fake?.stop(); fake = undefined; });

  const db = () => env.database.db;
  const meetings = () => db().selectFrom('meetings').selectAll().orderBy('created_at').execute();
  const withdrawals = () => env.scheduler.pending('meeting.cancel_event');

  /** Asa asks, Mo (the only opted-in mentor) accepts: the two are introduced (test/support/flash-fixtures.ts). */
  async function accepted(calendar?: CalendarPort): Promise<{ asa: TestPerson; mo: TestPerson }> {
    const made = await acceptedFlashSession(kind, calendar);
    env = made.env;
    return made;
  }

  /** Both pick the first time offered; the booking job runs (and only it: the rest stays queued). */
  async function bookFirstTime(asa: TestPerson, mo: TestPerson): Promise<void> {
    env.clock.advance(60_000);
    await asa.type('/mentor time');
    await env.runDueJobs();
    await asa.clickRef(slotButtons(asa)[0]!.ref);
    await mo.clickRef(slotButtons(mo)[0]!.ref);
    const job = env.scheduler.pending('pair.book_meeting')[0]!;
    env.scheduler.jobs.delete(job.key);
    await env.core.runJob('pair.book_meeting', job.payload);
  }

  it('withdraws an .ics booking with a METHOD:CANCEL file to each, in their language, once, even when the queue lost the job', async () => {
    const { asa, mo } = await accepted();
    await mo.type('/mentor lang fr');
    await bookFirstTime(asa, mo);
    await env.runDueJobs();
    const [first] = await meetings();
    expect(first!.state).toBe('booked');
    const invitation = parseIcs(filesOf(asa)[0]!.content);

    await bookFirstTime(asa, mo);
    const rows = await meetings();
    expect(rows.map((m) => m.state)).toEqual(['cancel_pending', 'booked']);
    // The earlier meeting no longer holds their time, and waits for its withdrawal.
    expect(withdrawals()).toHaveLength(1);
    // The queue is lost before the withdrawal: reconcile queues it again.
    env.scheduler.jobs.clear();
    await env.core.runJob('reconcile', {});
    expect(withdrawals().map((j) => j.payload)).toEqual([{ meetingId: first!.id }]);
    const job = withdrawals()[0]!;
    await env.runDueJobs();
    // Run again (a retried or redelivered job): nothing more is sent.
    await env.core.runJob('meeting.cancel_event', job.payload);
    await env.runDueJobs();
    await env.core.runJob('reconcile', {});
    expect(withdrawals()).toEqual([]);

    const after = await meetings();
    expect(after.map((m) => m.state)).toEqual(['cancelled', 'booked']);
    expect(after[0]!.ics_sequence).toBe(first!.ics_sequence + 1);
    for (const [person, lines] of [
      [asa, ['Meeting cancelled: Monday', 'You booked another time with Mo, so this meeting is cancelled: open the .ics file to remove it from your calendar.']],
      [mo, ['Rendez-vous annulé\u00a0: lundi', 'Vous avez réservé un autre créneau avec Asa, ce rendez-vous est donc annulé']],
    ] as const) {
      const files = filesOf(person);
      // The first invitation, its cancellation, the new invitation.
      expect(files).toHaveLength(3);
      const cancellations = files.filter((f) => f.content.includes('METHOD:CANCEL'));
      expect(cancellations).toHaveLength(1);
      const cancel = cancellations[0]!;
      expect(cancel.filename).toMatch(/^flash-session-\d{4}-\d{2}-\d{2}-cancelled\.ics$/);
      for (const line of lines) expect(cancel.comment).toContain(line);
      expect(cancel.content).toContain('STATUS:CANCELLED');
      const event = parseIcs(cancel.content);
      expect(event.uid).toBe(first!.ics_uid);
      expect(event.uid).toBe(invitation.uid);
      expect(event.sequence).toBe(invitation.sequence + 1);
      expect(event.startDate.toJSDate().toISOString()).toBe(first!.starts_at!.toISOString());
      // The new invitation is another event.
      const invitations = files.filter((f) => !f.content.includes('METHOD:CANCEL'));
      expect(invitations.map((f) => parseIcs(f.content).uid)).toEqual([first!.ics_uid, after[1]!.ics_uid]);
      expect(after[1]!.ics_uid).not.toBe(first!.ics_uid);
    }
    expect(parseIcs(filesOf(mo).find((f) => f.content.includes('METHOD:CANCEL'))!.content).summary).toBe('Session flash\u00a0: Asa et Mo');
    expect(parseIcs(filesOf(asa).find((f) => f.content.includes('METHOD:CANCEL'))!.content).summary).toBe('Flash session: Asa and Mo');
  });

  it('cancels the earlier Outlook event once, as its organizer, with a comment; a 429 waits for Retry-After and an event already gone counts as done', async () => {
    const started = new FakeMicrosoftCalendar();
    await started.start();
    fake = started;
    const { asa, mo } = await accepted(new MicrosoftCalendar({ graphUrl: started.url, loginUrl: started.url, tenantId: started.tenantId, clientId: started.clientId, clientSecret: started.clientSecret }));
    await bookFirstTime(asa, mo);
    await env.runDueJobs();
    expect(started.events).toHaveLength(1);
    const firstEvent = started.events[0]!;

    await bookFirstTime(asa, mo);
    expect(started.events).toHaveLength(2);
    // Throttled: nothing is withdrawn, the meeting keeps waiting, the job comes back after Retry-After (30 s).
    started.failStatus = 429;
    const job = withdrawals()[0]!;
    await expect(env.core.runJob('meeting.cancel_event', job.payload)).rejects.toBeInstanceOf(CalendarThrottledError);
    await expect(env.core.runJob('meeting.cancel_event', job.payload)).rejects.toMatchObject({ retryAfterMs: 30_000 });
    await env.runDueJobs();
    expect(withdrawals()).toHaveLength(1);
    expect(withdrawals()[0]!.runAt.getTime()).toBe(env.clock.now().getTime() + 30_000);
    expect((await meetings())[0]!.state).toBe('cancel_pending');
    // A server error: the job fails (the queue retries it), the meeting still waits.
    started.failStatus = 500;
    await expect(env.core.runJob('meeting.cancel_event', job.payload)).rejects.toThrow(/microsoft cancel answered 500/);
    expect((await meetings())[0]!.state).toBe('cancel_pending');
    started.failStatus = undefined;
    await env.advance(30_000);
    expect(started.cancelled).toEqual([{ owner: 'mo@example.com', id: firstEvent.id, comment: 'Replaced by a newer time the two of you booked.' }]);
    expect((await meetings()).map((m) => m.state)).toEqual(['cancelled', 'booked']);
    // Retried after it succeeded: no second call at all.
    const calls = started.callsTo(/\/cancel$/).length;
    expect(started.callsTo(/\/cancel$/).map((r) => r.status)).toEqual([429, 429, 429, 500, 202]);
    await env.core.runJob('meeting.cancel_event', job.payload);
    expect(started.callsTo(/\/cancel$/)).toHaveLength(calls);
    expect(started.cancelled).toHaveLength(1);
    // No .ics cancellation for a calendar booking: Outlook sent it.
    expect(filesOf(asa).filter((f) => f.content.includes('METHOD:CANCEL'))).toEqual([]);

    // Cancelled by hand in Outlook meanwhile (Graph answers 404): withdrawn, nothing else to do.
    await bookFirstTime(asa, mo);
    const second = (await meetings()).find((m) => m.state === 'cancel_pending')!;
    started.cancelled.push({ owner: 'mo@example.com', id: second.external_ids[await mo.id()]!, comment: 'by hand' });
    await env.runDueJobs();
    expect(started.cancelled).toHaveLength(2);
    expect(started.callsTo(/\/cancel$/).at(-1)!.status).toBe(404);
    expect((await meetings()).map((m) => m.state)).toEqual(['cancelled', 'cancelled', 'booked']);

    // Mo's address changed since the booking: Graph refuses (400, not the organizer). Asking again
    // cannot help, so the meeting is settled and nothing more is tried.
    await db().updateTable('people').set({ email: 'mo.new@example.com' }).where('id', '=', await mo.id()).execute();
    await bookFirstTime(asa, mo);
    await env.runDueJobs();
    expect(started.callsTo(/\/cancel$/).at(-1)).toMatchObject({ status: 400, path: expect.stringContaining('/users/mo.new%40example.com/') as unknown });
    expect(started.cancelled).toHaveLength(2);
    expect((await meetings()).map((m) => m.state)).toEqual(['cancelled', 'cancelled', 'cancelled', 'booked']);
    expect(withdrawals()).toEqual([]);
  });

  it('deletes the earlier Google event once with sendUpdates=all, even when its withdrawal runs twice at once; a 410 for an event already deleted counts as done', async () => {
    const started = new FakeGoogleCalendar(keys.publicKey);
    await started.start();
    fake = started;
    const { asa, mo } = await accepted(new GoogleCalendar({ tokenUrl: started.tokenUrl, calendarUrl: started.calendarUrl, clientEmail: started.clientEmail, privateKey: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() }));
    await bookFirstTime(asa, mo);
    await env.runDueJobs();
    const firstEvent = started.events[0]!;
    await bookFirstTime(asa, mo);
    const job = withdrawals()[0]!;
    // The withdrawal run twice at once (a stalled job run again, or reconciliation's): one delete.
    env.scheduler.jobs.delete(job.key);
    const runs = await Promise.allSettled([0, 1].map(() => env.core.runJob('meeting.cancel_event', job.payload)));
    expect(runs.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    await env.runDueJobs();
    expect(started.deleted.map((d) => ({ subject: d.subject, id: d.id, sendUpdates: d.query.get('sendUpdates') }))).toEqual([
      { subject: 'mo@example.com', id: firstEvent.id, sendUpdates: 'all' },
    ]);
    expect((await meetings()).map((m) => m.state)).toEqual(['cancelled', 'booked']);
    // A retry after success does nothing.
    await env.core.runJob('meeting.cancel_event', job.payload);
    expect(started.callsTo(/\/events\/[^/]+$/).filter((r) => r.method === 'DELETE')).toHaveLength(1);
    // A run that deleted the event but whose transaction did not commit runs again: Google answers
    // 410 Gone, which is success.
    await db().updateTable('meetings').set({ state: 'cancel_pending' }).where('id', '=', (await meetings())[0]!.id).execute();
    await env.core.runJob('meeting.cancel_event', job.payload);
    const deletes = started.callsTo(/\/events\/[^/]+$/).filter((r) => r.method === 'DELETE');
    expect(deletes.map((r) => r.status)).toEqual([204, 410]);
    expect(started.deleted).toHaveLength(1);
    expect((await meetings())[0]!.state).toBe('cancelled');
  });
});
