// A flash session booked through "Find a time" (docs/flash.md, docs/calendar.md): the intro's
// button (signed for the session), three 30-minute times within the coming week for each of the
// two, a time both pick, the invitation, the meeting stored against the flash session, and the
// question afterwards moved to just after the meeting's end. Also: a stranger's click, a double
// click, a time taken meanwhile by another meeting, retried jobs, a session already over, the
// calendar answering 429 and 500, and the database refusing a meeting that names both or neither.
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { GoogleCalendar } from '../../adapters/calendar/google.ts';
import { MicrosoftCalendar } from '../../adapters/calendar/microsoft.ts';
import { createMeeting, markBooked, markBooking } from '../../src/db/repositories/meeting.repository.ts';
import type { CalendarPort } from '../../src/ports/calendar.ts';
import type { ButtonAction, Card, UiContent } from '../../src/ui/model.ts';
import { FakeGoogleCalendar, FakeMicrosoftCalendar } from '../support/calendar-fakes.ts';
import { databaseKinds } from '../support/databases.ts';
import { acceptedFlashSession } from '../support/flash-fixtures.ts';
import { filesOf, parseIcs, slotButtons } from '../support/find-time.ts';
import type { MemoryPlatform, TestPerson } from '../support/memory-platform.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });

describe.each(databaseKinds)('a flash session booked through Find a time on %s', (kind) => {
  let env: MemoryPlatform;
  let fake: FakeMicrosoftCalendar | FakeGoogleCalendar | undefined;
  afterEach(async () => { await env?.dispose(); await fake?.stop(); fake = undefined; });

  const db = () => env.database.db;
  const session = async (who: TestPerson) => db().selectFrom('flash_sessions').selectAll().where('asker_id', '=', await who.id()).orderBy('created_at', 'desc').executeTakeFirstOrThrow();
  const introOf = (who: TestPerson): Card | undefined => who.inbox().find((c): c is Card => c.kind === 'card' && c.header.title.startsWith('Flash session'));
  const followUps = (who: TestPerson) => who.inbox().filter((c: UiContent) => c.kind === 'card' && c.header.title === 'Your flash session');

  /** Asa asks, Mo (the only opted-in mentor) accepts: the two are introduced (test/support/flash-fixtures.ts). */
  async function accepted(calendar?: CalendarPort): Promise<{ asa: TestPerson; mo: TestPerson }> {
    const made = await acceptedFlashSession(kind, calendar);
    env = made.env;
    return made;
  }

  it('offers 30-minute times within the week, books the one both pick, and asks the question just after it', async () => {
    const { asa, mo } = await accepted();
    const acceptedAt = env.clock.now();
    const intro = introOf(asa)!;
    expect(intro.actions.map((a) => a.label)).toEqual(['Find a time']);
    expect(asa.text()).toContain('press “Find a time”');
    // Signed for the session: someone else cannot press it.
    const eve = env.person('Eve');
    await eve.type('/mentor help');
    await eve.clickRef((intro.actions[0] as ButtonAction).ref);
    expect(eve.lastReply()).toContain('This button is not valid for you');
    expect(env.scheduler.pending('flash.find_time')).toEqual([]);

    // Either of the two presses it (Mo reads the same group message).
    await mo.click('Find a time');
    expect(mo.lastReply()).toContain('looking for three times');
    await env.runDueJobs();
    const [asaSlots, moSlots] = [slotButtons(asa), slotButtons(mo)];
    expect(asaSlots).toHaveLength(3);
    expect(moSlots).toHaveLength(3);
    expect(asa.text()).toContain('Flash session · Leadership');
    expect(asa.text()).toContain('three 30-minute times');
    const meeting = await db().selectFrom('meetings').selectAll().executeTakeFirstOrThrow();
    expect(meeting.match_id).toBeNull();
    expect(meeting.flash_session_id).toBe((await session(asa)).id);
    expect(meeting.recurring).toBe(false);
    for (const slot of meeting.slots) {
      expect(Date.parse(slot.end) - Date.parse(slot.start)).toBe(30 * MINUTE);
      expect(Date.parse(slot.start)).toBeLessThan(acceptedAt.getTime() + 7 * DAY);
    }

    // Asa picks the second time; a double click changes nothing and asks Mo once.
    await asa.clickRef(asaSlots[1]!.ref);
    expect(asa.lastReply()).toContain('I’ve asked Mo to pick it too');
    await asa.clickRef(asaSlots[1]!.ref);
    expect(asa.lastReply()).toContain('You already picked');
    await env.runDueJobs();
    expect(mo.inbox().filter((c) => c.kind === 'card' && c.header.title === 'Asa picked a time')).toHaveLength(1);
    await mo.clickRef(moSlots[1]!.ref);
    expect(mo.lastReply()).toContain('You both picked');
    await env.runDueJobs();

    const chosen = meeting.slots[1]!;
    for (const person of [asa, mo]) {
      const files = filesOf(person);
      expect(files).toHaveLength(1);
      expect(files[0]!.filename).toMatch(/^flash-session-2027-03-\d\d\.ics$/);
      expect(files[0]!.comment).toContain('Meeting booked with');
      expect(files[0]!.comment).toContain('After it, I’ll ask each of you one question about it.');
      const event = parseIcs(files[0]!.content);
      expect(event.summary).toBe('Flash session: Asa and Mo');
      expect(event.description).toBe('A 30-minute flash session on Leadership.');
      // The question stays between the two: it is not written into calendars.
      expect(files[0]!.content).not.toContain('one-to-ones');
      expect(event.startDate.toJSDate().toISOString()).toBe(new Date(chosen.start).toISOString());
    }
    const booked = await db().selectFrom('meetings').selectAll().executeTakeFirstOrThrow();
    expect([booked.state, booked.provider]).toEqual(['booked', 'ics']);

    // The question afterwards moved to an hour after the meeting's end, not a week after the acceptance.
    const askAt = Date.parse(chosen.end) + HOUR;
    expect((await session(asa)).follow_up_at?.getTime()).toBe(askAt);
    expect(env.scheduler.pending('flash.follow_up').map((j) => j.runAt.getTime())).toEqual([askAt]);
    await env.advance(askAt - env.clock.now().getTime() - MINUTE);
    expect(followUps(asa)).toHaveLength(0);
    await env.advance(2 * MINUTE);
    expect(followUps(asa)).toHaveLength(1);
    expect(followUps(mo)).toHaveLength(1);
    // A late run of the week-after job (or a retry) asks nothing again.
    await env.core.runJob('flash.follow_up', { sessionId: (await session(asa)).id });
    await env.advance(8 * DAY);
    expect(followUps(asa)).toHaveLength(1);

    // Over: its button says so, and the `time` command has nothing to schedule.
    await asa.click('Find a time');
    expect(asa.lastReply()).toContain('This flash session is over');
    await asa.type('/mentor time');
    expect(asa.lastReply()).toContain('no active mentoring pair');
    // A late click on the old times changes nothing.
    await asa.clickRef(asaSlots[2]!.ref);
    expect(asa.lastReply()).toContain('You already agreed on');
  });

  it('exports the booked meeting to each of the two, and erasing the mentor removes it', async () => {
    const { asa, mo } = await accepted();
    await asa.click('Find a time');
    await env.runDueJobs();
    const [asaSlots, moSlots] = [slotButtons(asa), slotButtons(mo)];
    await asa.clickRef(asaSlots[0]!.ref);
    await env.runDueJobs();
    await mo.clickRef(moSlots[0]!.ref);
    await env.runDueJobs();
    const booked = await db().selectFrom('meetings').selectAll().executeTakeFirstOrThrow();
    expect(booked.state).toBe('booked');
    for (const person of [asa, mo]) {
      const [effect] = await person.type('/mentor export');
      const data = JSON.parse((effect as { content: { content: string } }).content.content);
      expect(data.flashMeetings.map((m: { id: string }) => m.id)).toEqual([booked.id]);
    }
    // The mentor erases their data: the session's meeting (times, picks, calendar ids) goes with it,
    // though the asker's session stays.
    await mo.type('/mentor delete');
    await mo.click('Erase my data');
    await env.runDueJobs();
    expect(await db().selectFrom('meetings').select('id').execute()).toEqual([]);
    expect((await session(asa)).mentor_id).toBeNull();
    const [effect] = await asa.type('/mentor export');
    expect(JSON.parse((effect as { content: { content: string } }).content.content).flashMeetings).toEqual([]);
  });

  it('refuses a time taken meanwhile by another meeting, brings a lost booking back, books once when the job runs again, and books again from `time`', async () => {
    const { asa, mo } = await accepted();
    await asa.type('/mentor time');
    expect(asa.lastReply()).toContain('looking for three times');
    // The search job delivered twice (a redelivery after it succeeded): one search, one card each.
    const search = env.scheduler.pending('flash.find_time')[0]!;
    await env.core.runJob('flash.find_time', search.payload);
    await env.core.runJob('flash.find_time', search.payload);
    await env.runDueJobs();
    expect(await db().selectFrom('meetings').select('id').execute()).toHaveLength(1);
    expect(asa.inbox().filter((c) => c.kind === 'card' && c.header.title === 'Find a time with Mo')).toHaveLength(1);
    const offered = await db().selectFrom('meetings').selectAll().where('state', '=', 'offered').executeTakeFirstOrThrow();
    // Meanwhile Mo books another flash session over the first time (Ben asked, Mo accepted).
    const ben = env.person('Ben');
    await ben.type('/mentor help');
    await ben.type('/mentor ask leadership');
    await ben.submit({ question: 'How do I ask for a raise?' });
    await env.runDueJobs();
    await mo.click('Accept');
    await env.runDueJobs();
    const other = await session(ben);
    const first = { start: new Date(offered.slots[0]!.start), end: new Date(offered.slots[0]!.end) };
    const taken = await createMeeting(db(), {
      workspaceId: other.workspace_id, subject: { flashSessionId: other.id }, slots: [first], recurring: false, timeZone: 'Europe/Paris',
      slotSource: 'ics', fallback: null, requestedBy: other.asker_id, icsUid: 'other@mentor', at: env.clock.now(),
    });
    await markBooking(db(), taken!.id, { slot: first, picks: {}, chosenBy: other.asker_id, rrule: null, at: env.clock.now() });
    await markBooked(db(), taken!.id, { provider: 'ics', externalIds: {}, joinUrl: null, fallback: null, at: env.clock.now() });
    await asa.clickRef(slotButtons(asa)[0]!.ref);
    expect(asa.lastReply()).toContain('taken by another meeting');

    await asa.clickRef(slotButtons(asa)[2]!.ref);
    await mo.clickRef(slotButtons(mo).at(-1)!.ref);
    // The queue is lost before the booking: reconciliation brings the booking job back.
    env.scheduler.jobs.clear();
    await env.core.runJob('reconcile', {});
    expect(env.scheduler.pending('pair.book_meeting')).toHaveLength(1);
    // The booking job runs twice (a retry after a lost acknowledgement): one invitation each.
    const job = env.scheduler.pending('pair.book_meeting')[0]!;
    await env.core.runJob('pair.book_meeting', job.payload);
    await env.core.runJob('pair.book_meeting', job.payload);
    await env.runDueJobs();
    expect(filesOf(asa)).toHaveLength(1);
    expect(filesOf(mo)).toHaveLength(1);

    // Asking again before the session (a new time): the new booking replaces the earlier one, and
    // the question afterwards follows it.
    await asa.type('/mentor time');
    await env.runDueJobs();
    const again = slotButtons(asa);
    await asa.clickRef(again[0]!.ref);
    await mo.clickRef(slotButtons(mo)[0]!.ref);
    await env.runDueJobs();
    const mine = await db().selectFrom('meetings').select(['state', 'ends_at']).where('flash_session_id', '=', (await session(asa)).id).where('state', 'in', ['booked', 'cancelled']).orderBy('created_at').execute();
    expect(mine.map((m) => m.state).sort()).toEqual(['booked', 'cancelled']);
    const latest = mine.find((m) => m.state === 'booked')!;
    expect(latest.ends_at?.toISOString()).toBe(new Date(Date.parse((await db().selectFrom('meetings').select('slots').where('state', '=', 'booked').where('flash_session_id', '=', (await session(asa)).id).executeTakeFirstOrThrow()).slots[0]!.end)).toISOString());
    expect((await session(asa)).follow_up_at?.getTime()).toBe(latest.ends_at!.getTime() + HOUR);
    // The two invitations, and the earlier one's cancellation (flash-rebook.conversation.test.ts).
    expect(filesOf(asa)).toHaveLength(3);
    expect(filesOf(asa).filter((f) => f.content.includes('METHOD:CANCEL'))).toHaveLength(1);
  });

  it('falls back to working hours when the calendar answers 429, and to an .ics file when it answers 500 at the booking', async () => {
    const started = new FakeMicrosoftCalendar();
    await started.start();
    fake = started;
    const { asa, mo } = await accepted(new MicrosoftCalendar({ graphUrl: started.url, loginUrl: started.url, tenantId: started.tenantId, clientId: started.clientId, clientSecret: started.clientSecret }));
    started.failStatus = 429;
    await asa.click('Find a time');
    await env.runDueJobs();
    expect(asa.text()).toContain('I couldn’t reach your calendars just now');
    expect((await db().selectFrom('meetings').select('fallback').executeTakeFirstOrThrow()).fallback).toContain('429');
    // Reachable again: the next search uses it.
    started.failStatus = undefined;
    started.busy.set('asa@example.com', [{ start: '2027-03-22T00:00:00Z', end: '2027-03-24T00:00:00Z' }]);
    await asa.type('/mentor time');
    await env.runDueJobs();
    const offered = await db().selectFrom('meetings').selectAll().where('state', '=', 'offered').executeTakeFirstOrThrow();
    expect(offered.slot_source).toBe('microsoft');
    for (const slot of offered.slots) expect(Date.parse(slot.start)).toBeGreaterThanOrEqual(Date.parse('2027-03-24T00:00:00Z'));
    await asa.clickRef(slotButtons(asa)[0]!.ref);
    await mo.clickRef(slotButtons(mo)[0]!.ref);
    started.failStatus = 500;
    await env.runDueJobs();
    for (const person of [asa, mo]) expect(filesOf(person)[0]?.comment).toContain('I couldn’t reach your calendars to create the meeting');
    expect(started.events).toHaveLength(0);
    const booked = await db().selectFrom('meetings').selectAll().where('state', '=', 'booked').executeTakeFirstOrThrow();
    expect(booked.provider).toBe('ics');
    expect(booked.fallback).toContain('500');
  });

  it('books a Google Calendar event with a Meet link, in French for a French reader', async () => {
    const started = new FakeGoogleCalendar(keys.publicKey);
    await started.start();
    fake = started;
    const { asa, mo } = await accepted(new GoogleCalendar({ tokenUrl: started.tokenUrl, calendarUrl: started.calendarUrl, clientEmail: started.clientEmail, privateKey: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() }));
    await mo.type('/mentor lang fr');
    await mo.type('/mentor creneau');
    expect(mo.lastReply()).toContain('Je cherche trois créneaux');
    await env.runDueJobs();
    expect(mo.text()).toContain('Session flash · Leadership');
    expect(mo.text()).toContain('trois créneaux de 30\u00a0minutes');
    await asa.clickRef(slotButtons(asa)[0]!.ref);
    await mo.clickRef(slotButtons(mo)[0]!.ref);
    await env.runDueJobs();
    expect(started.events).toHaveLength(1);
    const event = started.events[0]!;
    expect(event.subject).toBe('mo@example.com');
    expect(event.body.summary).toBe('Session flash\u00a0: Asa et Mo');
    expect(mo.text()).toContain('Après le rendez-vous, je poserai une question à chacun de vous.');
    expect(asa.text()).toContain('Google Calendar invitation with a Meet link');
    const meeting = await db().selectFrom('meetings').selectAll().where('state', '=', 'booked').executeTakeFirstOrThrow();
    expect(meeting.provider).toBe('google');
    expect(meeting.join_url).toMatch(/^https:\/\/meet\.google\.com\//);
  });

  it('says when no 30 minutes fit both working weeks in the next seven days, in each one’s language', async () => {
    const { asa, mo } = await accepted();
    // Mo works on Saturdays only; Asa Monday to Friday.
    await db().updateTable('people').set({ work_days: '6', work_start_min: 9 * 60, work_end_min: 17 * 60 }).where('id', '=', await mo.id()).execute();
    await asa.click('Find a time');
    await env.runDueJobs();
    expect(asa.text()).toContain('I found no 30 minutes inside both your working hours in the next 7 days.');
    await mo.type('/mentor lang fr');
    env.clock.advance(MINUTE);
    await mo.type('/mentor time');
    await env.runDueJobs();
    expect(mo.text()).toContain('Je n’ai trouvé aucune demi-heure dans vos horaires de travail communs dans les 7 jours à venir.');
    expect(await db().selectFrom('meetings').select('id').execute()).toEqual([]);
  });

  it('keeps a meeting to exactly one of a pair or a flash session, in the database', async () => {
    const { asa } = await accepted();
    const flash = await session(asa);
    const row = (extra: Record<string, unknown>) => ({
      workspace_id: flash.workspace_id, slots: JSON.stringify([]), time_zone: 'UTC', slot_source: 'ics' as const, ics_uid: 'x@mentor', updated_at: env.clock.now(), ...extra,
    });
    await expect(db().insertInto('meetings').values(row({})).execute()).rejects.toThrow(/meetings_subject_ck/);
    await expect(db().insertInto('meetings').values(row({ match_id: randomUUID(), flash_session_id: flash.id })).execute()).rejects.toThrow(/meetings_subject_ck/);
    await db().insertInto('meetings').values(row({ flash_session_id: flash.id })).execute();
    // One open search per flash session, as per pair.
    await expect(db().insertInto('meetings').values(row({ flash_session_id: flash.id })).execute()).rejects.toThrow(/meetings_flash_open_uq/);
  });
});
