// "Find a time" without a calendar (level 1): the intro's button, three times each member reads
// in their own zone, a pick put to the partner, agreement, and an .ics invitation each as a file,
// read back by ical.js. Also: double clicks, late clicks, replaced times, a time taken meanwhile,
// a series across the change to summer time, and French.
import { afterEach, describe, expect, it } from 'vitest';
import { nextMeetingOf } from '../../../src/db/repositories/meeting.repository.ts';
import type { ButtonAction, Card, FileContent, UiContent } from '../../../src/ui/model.ts';
import { checkPayload } from '../../../jobs/payloads.ts';
import { databaseKinds } from '../../support/databases.ts';
import { activePair, openRound } from '../../support/employee-fixtures.ts';
import { filesOf, offerOf, parseIcs, slotButtons } from '../../support/find-time.ts';
import { createMemoryPlatform, type MemoryPlatform } from '../../support/memory-platform.ts';

describe.each(databaseKinds)('finding a time without a calendar on %s', (kind) => {
  let env: MemoryPlatform;
  afterEach(async () => { await env?.dispose(); });

  async function setup(options: { start?: string; cadence?: string; omar?: Record<string, unknown> } = {}) {
    env = await createMemoryPlatform(kind, { start: new Date(options.start ?? '2027-03-22T07:00:00Z') });
    const { round } = await openRound(env, { state: 'running', settings: { checkinCadence: options.cadence ?? 'P1W', sessionMinutes: 60 } });
    const mia = env.person('Mia');
    const omar = env.person('Omar', { timezone: 'America/New_York', ...options.omar });
    await mia.type('/mentor help');
    await omar.type('/mentor help');
    const pair = await activePair(env, round, mia, omar);
    return { mia, omar, pair };
  }

  it('offers three times in both working days and zones, agrees on one and sends each an .ics file', async () => {
    const { mia, omar, pair } = await setup();
    expect(mia.text()).toContain('Find a time');
    // The intro's button is signed for the pair: someone outside it cannot press it.
    const intro = mia.inbox().find((c): c is Card => c.kind === 'card' && c.header.title.includes('Meet your mentoring partner'))!;
    const eve = env.person('Eve');
    await eve.type('/mentor help');
    await eve.clickRef((intro.actions[0] as ButtonAction).ref);
    expect(eve.lastReply()).toContain('This button is not valid for you');
    expect(env.scheduler.pending('pair.find_time')).toEqual([]);
    // The intro is one message for both; either member may press its button.
    await omar.click('Find a time');
    expect(omar.lastReply()).toContain('looking for three times');
    await env.runDueJobs();
    const miaSlots = slotButtons(mia);
    const omarSlots = slotButtons(omar);
    expect(miaSlots).toHaveLength(3);
    expect(omarSlots).toHaveLength(3);
    // Paris 09:00–17:00 meets New York 09:00–17:00 from 14:00 to 17:00 Paris time (summer time
    // started in New York on 14 March, not yet in Paris: five hours apart, not six).
    for (const b of miaSlots) expect(b.label).toMatch(/, 1[456]:00–1[567]:00$/);
    for (const b of omarSlots) expect(b.label).toMatch(/, (09|10|11):00–1[012]:00$/);
    expect(mia.text()).toContain('Europe/Paris');
    expect(omar.text()).toContain('America/New_York');

    // Mia picks the second time; a double click changes nothing and asks Omar once.
    await mia.clickRef(miaSlots[1]!.ref);
    expect(mia.lastReply()).toContain('I’ve asked Omar to pick it too');
    await mia.clickRef(miaSlots[1]!.ref);
    expect(mia.lastReply()).toContain('You already picked');
    await env.runDueJobs();
    const asks = omar.inbox().filter((c) => c.kind === 'card' && c.header.title === 'Mia picked a time');
    expect(asks).toHaveLength(1);

    // Omar picks another one first: they differ; then he confirms Mia's from her request.
    await omar.clickRef(omarSlots[0]!.ref);
    expect(omar.lastReply()).toContain('Pick the same one to agree');
    await omar.click(omarSlots[1]!.label);
    expect(omar.lastReply()).toContain('You both picked');
    await env.runDueJobs();

    for (const [person, zone, hour] of [[mia, 'Europe/Paris', /^1[456]$/], [omar, 'America/New_York', /^(9|10|11)$/]] as const) {
      const files = filesOf(person);
      expect(files).toHaveLength(1);
      expect(files[0]!.mimeType).toBe('text/calendar');
      expect(files[0]!.comment).toContain('Meeting booked with');
      const event = parseIcs(files[0]!.content);
      expect(event.summary).toBe('Mentoring: Mia and Omar');
      expect(event.attendees).toHaveLength(2);
      expect(event.organizer).toBe('mailto:omar@example.com');
      // The file is written in the mentee's zone; each comment in the reader's.
      expect(event.startDate.zone?.tzid).toBe('Europe/Paris');
      expect(files[0]!.comment).toContain(zone);
      expect(String(new Date(event.startDate.toJSDate()).getUTCHours() + (zone === 'Europe/Paris' ? 1 : -4))).toMatch(hour);
    }
    const next = await nextMeetingOf(env.database.db, pair.id, env.clock.now());
    expect(next?.meeting.provider).toBe('ics');
    expect(next?.start.toISOString()).toBe(parseIcs(filesOf(mia)[0]!.content).startDate.toJSDate().toISOString());

    // A late click on the old times is told the meeting is agreed; nothing else is sent.
    const before = env.messenger.delivered.length;
    await mia.clickRef(miaSlots[2]!.ref);
    expect(mia.lastReply()).toContain('You already agreed on');
    await env.runDueJobs();
    expect(env.messenger.delivered).toHaveLength(before);
  });

  it('refuses times replaced by a newer search, and a time taken by another booked meeting', async () => {
    const { mia, omar } = await setup();
    await mia.type('/mentor time');
    await env.runDueJobs();
    const first = slotButtons(mia);
    await mia.type('/mentor time');
    await env.runDueJobs();
    await mia.clickRef(first[0]!.ref);
    expect(mia.lastReply()).toContain('no longer offered');
    const second = slotButtons(mia);
    // Someone else books over the same time in the meantime (Omar's other pair, simulated).
    await env.database.db.updateTable('meetings').set({ state: 'booked', starts_at: second[0] ? (await env.database.db.selectFrom('meetings').select('slots').where('state', '=', 'offered').executeTakeFirstOrThrow()).slots[0]!.start : null, ends_at: (await env.database.db.selectFrom('meetings').select('slots').where('state', '=', 'offered').executeTakeFirstOrThrow()).slots[0]!.end })
      .where('state', '=', 'superseded').execute();
    await omar.clickRef(slotButtons(omar)[0]!.ref);
    expect(omar.lastReply()).toContain('taken by another meeting');
  });

  const offersTo = (person: { inbox(): UiContent[] }) => person.inbox().filter((c) => c.kind === 'card' && c.header.title.startsWith('Find a time with'));

  it('both members pressing "Find a time" at the same moment: one search, one set of times each', async () => {
    const { mia, omar } = await setup();
    await Promise.all([mia.click('Find a time'), omar.click('Find a time')]);
    expect([mia.lastReply(), omar.lastReply()]).toEqual([expect.stringContaining('looking for three times'), expect.stringContaining('looking for three times')]);
    expect(env.scheduler.pending('pair.find_time')).toHaveLength(1);
    await env.runDueJobs();
    expect(await env.database.db.selectFrom('meetings').select('state').execute()).toEqual([{ state: 'offered' }]);
    for (const person of [mia, omar]) expect(offersTo(person)).toHaveLength(1);
  });

  it('books a weekly series whose meetings keep their local hour across the change to summer time', async () => {
    const { mia, omar } = await setup({ omar: { timezone: 'Europe/Paris' } });
    await mia.type('/mentor time series');
    await env.runDueJobs();
    expect(mia.text()).toContain('It will repeat every week until');
    const slots = slotButtons(mia);
    await mia.clickRef(slots[0]!.ref);
    await omar.clickRef(slotButtons(omar)[0]!.ref);
    await env.runDueJobs();
    const event = parseIcs(filesOf(mia)[0]!.content);
    expect(event.isRecurring()).toBe(true);
    const hours = new Set<number>();
    const offsets = new Set<number>();
    const iterator = event.iterator();
    for (let next = iterator.next(), n = 0; next && n < 4; next = iterator.next(), n += 1) {
      hours.add(next.hour);
      offsets.add(next.toJSDate().getUTCHours() - next.hour);
    }
    // The same local hour every week, at two different UTC hours (before and after 28 March).
    expect(hours.size).toBe(1);
    expect(offsets.size).toBe(2);
  });

  it('speaks French and says when no time fits both working weeks', async () => {
    const { mia } = await setup({ omar: { timezone: 'Asia/Tokyo' } });
    await env.database.db.updateTable('people').set({ work_days: '67', work_start_min: 9 * 60, work_end_min: 17 * 60 }).where('platform_user_id', '=', 'U_OMAR').execute();
    await mia.type('/mentor lang fr');
    await mia.type('/mentor creneau');
    expect(mia.lastReply()).toContain('Je cherche trois créneaux');
    // Said once, however the queue runs the search.
    await searchRunTwiceAtOnceAndAgain();
    expect(mia.text().split('Je n’ai trouvé aucun créneau')).toHaveLength(2);
    await env.database.db.updateTable('people').set({ work_days: null, work_start_min: null, work_end_min: null }).execute();
    await mia.type('/mentor time');
    await env.runDueJobs();
    expect(offerOf(mia)?.header.title).toBe('Trouver un créneau avec Omar');
  });

  /**
   * The search job as the queue may run it: twice at once (a stalled job run again while the first
   * still runs; a run that failed is retried), then once more a second later (a lost acknowledgement).
   */
  async function searchRunTwiceAtOnceAndAgain(): Promise<void> {
    const [search] = env.scheduler.pending('pair.find_time');
    // What the workers accept (jobs/payloads.ts).
    expect(checkPayload('pair.find_time', search!.payload)).toMatchObject({ ok: true });
    env.scheduler.jobs.clear();
    const runs = await Promise.allSettled([0, 1].map(() => env.core.runJob('pair.find_time', search!.payload)));
    for (const run of runs) if (run.status === 'rejected') await env.core.runJob('pair.find_time', search!.payload);
    env.clock.advance(1_000);
    await env.core.runJob('pair.find_time', search!.payload);
    await env.runDueJobs();
  }

  it('offers the times once when the search job runs twice at once, and again when it is run after it succeeded', async () => {
    const { mia, omar } = await setup();
    await mia.type('/mentor time');
    await searchRunTwiceAtOnceAndAgain();
    const meetings = await env.database.db.selectFrom('meetings').select('state').execute();
    expect(meetings.map((m) => m.state)).toEqual(['offered']);
    for (const person of [mia, omar]) expect(person.inbox().filter((c) => c.kind === 'card' && c.header.title.startsWith('Find a time with'))).toHaveLength(1);
    // A new search asked afterwards still replaces the times.
    await mia.type('/mentor time');
    await env.runDueJobs();
    expect((await env.database.db.selectFrom('meetings').select('state').orderBy('created_at').execute()).map((m) => m.state).sort()).toEqual(['offered', 'superseded']);
  });

  it('puts the pair\'s meetings in a member\'s data export and erases them with the member', async () => {
    const { mia, omar } = await setup();
    await mia.type('/mentor time');
    await env.runDueJobs();
    await mia.clickRef(slotButtons(mia)[0]!.ref);
    await omar.clickRef(slotButtons(omar)[0]!.ref);
    await env.runDueJobs();
    await omar.type('/mentor export');
    const exported = omar.seen.at(-1) as FileContent;
    const data = JSON.parse(exported.content) as { meetings: Array<{ state: string; ics_uid: string }> };
    expect(data.meetings).toHaveLength(1);
    expect(data.meetings[0]!.state).toBe('booked');
    await mia.type('/mentor delete');
    await mia.click('Erase my data');
    expect(await env.database.db.selectFrom('meetings').selectAll().execute()).toEqual([]);
  });

  it('refuses the command to someone without an active pair', async () => {
    env = await createMemoryPlatform(kind);
    const eve = env.person('Eve');
    await eve.type('/mentor time');
    expect(eve.lastReply()).toContain('no active mentoring pair');
  });
});
