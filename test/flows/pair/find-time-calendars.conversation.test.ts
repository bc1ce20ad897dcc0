// "Find a time" with the organisation's calendar: Microsoft 365 (Graph getSchedule, an Outlook
// event with a Teams link) and Google Workspace (freebusy.query, an event with a Meet link, tokens
// from a JWT signed RS256 for each member), against local fakes of both; and the fall back to
// working hours and an .ics file, said to the people, when the calendar cannot be reached.
import { generateKeyPairSync } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { GoogleCalendar } from '../../../adapters/calendar/google.ts';
import { MicrosoftCalendar } from '../../../adapters/calendar/microsoft.ts';
import { nextMeetingOf } from '../../../src/db/repositories/meeting.repository.ts';
import type { CalendarPort } from '../../../src/ports/calendar.ts';
import type { Card, LinkButton } from '../../../src/ui/model.ts';
import { FakeGoogleCalendar, FakeMicrosoftCalendar } from '../../support/calendar-fakes.ts';
import { databaseKinds } from '../../support/databases.ts';
import { activePair, openRound } from '../../support/employee-fixtures.ts';
import { createMemoryPlatform, type MemoryPlatform } from '../../support/memory-platform.ts';
import { filesOf, parseIcs, slotButtons } from '../../support/find-time.ts';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

type Fake = FakeMicrosoftCalendar | FakeGoogleCalendar;

async function startCalendar(provider: 'microsoft' | 'google'): Promise<{ fake: Fake; calendar: CalendarPort }> {
  if (provider === 'microsoft') {
    const fake = new FakeMicrosoftCalendar();
    await fake.start();
    return { fake, calendar: new MicrosoftCalendar({ graphUrl: fake.url, loginUrl: fake.url, tenantId: fake.tenantId, clientId: fake.clientId, clientSecret: fake.clientSecret }) };
  }
  const fake = new FakeGoogleCalendar(publicKey);
  await fake.start();
  return { fake, calendar: new GoogleCalendar({ tokenUrl: fake.tokenUrl, calendarUrl: fake.calendarUrl, clientEmail: fake.clientEmail, privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() }) };
}

const cases = databaseKinds.flatMap((kind) => (['microsoft', 'google'] as const).map((provider) => [kind, provider] as const));

describe.each(cases)('finding a time on %s with %s calendars', (kind, provider) => {
  let env: MemoryPlatform;
  let fake: Fake;
  afterEach(async () => { await env?.dispose(); await fake?.stop(); });

  async function setup() {
    const started = await startCalendar(provider);
    fake = started.fake;
    env = await createMemoryPlatform(kind, { start: new Date('2027-03-22T07:00:00Z'), calendar: started.calendar });
    const { round } = await openRound(env, { state: 'running', settings: { checkinCadence: 'P2W', sessionMinutes: 45 } });
    const mia = env.person('Mia');
    const omar = env.person('Omar');
    await mia.type('/mentor help');
    await omar.type('/mentor help');
    const pair = await activePair(env, round, mia, omar);
    return { mia, omar, pair };
  }

  const bookedCard = (cards: readonly unknown[]) => cards.filter((c): c is Card => (c as Card).kind === 'card' && (c as Card).header.title.startsWith('Meeting booked')).at(-1);

  it('offers only times both calendars have free and books an event with an online meeting link', async () => {
    const { mia, omar, pair } = await setup();
    // Mia's calendar is full on Monday and Tuesday; Omar is busy Wednesday morning.
    fake.busy.set('mia@example.com', [{ start: '2027-03-22T00:00:00Z', end: '2027-03-24T00:00:00Z' }]);
    fake.busy.set('omar@example.com', [{ start: '2027-03-24T08:00:00Z', end: '2027-03-24T12:00:00Z' }]);
    await mia.click('Find a time');
    await env.runDueJobs();
    const slots = slotButtons(mia);
    expect(slots).toHaveLength(3);
    const meeting = await env.database.db.selectFrom('meetings').selectAll().executeTakeFirstOrThrow();
    expect(meeting.slot_source).toBe(provider);
    for (const slot of meeting.slots) {
      const [start, end] = [Date.parse(slot.start), Date.parse(slot.end)];
      expect(start).toBeGreaterThanOrEqual(Date.parse('2027-03-24T00:00:00Z'));
      expect(end <= Date.parse('2027-03-24T08:00:00Z') || start >= Date.parse('2027-03-24T12:00:00Z')).toBe(true);
    }
    expect(mia.text()).toContain(provider === 'microsoft' ? 'Both your Outlook calendars are free' : 'Both your Google calendars are free');

    await mia.clickRef(slots[0]!.ref);
    await omar.clickRef(slotButtons(omar)[0]!.ref);
    await env.runDueJobs();

    for (const person of [mia, omar]) {
      const booked = bookedCard(person.inbox());
      expect(booked?.sections.map((s) => JSON.stringify(s)).join()).toContain(provider === 'microsoft' ? 'Teams link' : 'Meet link');
      const join = booked?.actions.find((a): a is LinkButton => a.kind === 'link' && a.label === 'Join the meeting');
      expect(join?.url).toMatch(provider === 'microsoft' ? /^https:\/\/teams\.microsoft\.com\// : /^https:\/\/meet\.google\.com\//);
      expect(filesOf(person)).toEqual([]);
    }
    const next = await nextMeetingOf(env.database.db, pair.id, env.clock.now());
    expect(next?.meeting.provider).toBe(provider);
    expect(next?.meeting.joinUrl).toBeTruthy();
    expect(next?.start.toISOString()).toBe(meeting.slots[0]!.start);

    if (fake instanceof FakeMicrosoftCalendar) {
      expect(fake.events).toHaveLength(1);
      const [event] = fake.events;
      // The mentor's calendar holds the event; Outlook invites the mentee.
      expect(event!.owner).toBe('omar@example.com');
      expect(event!.body).toMatchObject({ isOnlineMeeting: true, onlineMeetingProvider: 'teamsForBusiness', start: { timeZone: 'Europe/Paris' } });
      expect(event!.body.attendees).toEqual([{ emailAddress: { address: 'mia@example.com', name: 'Mia' }, type: 'required' }]);
      expect(fake.callsTo(/getSchedule$/)[0]!.headers.prefer).toBe('outlook.timezone="UTC"');
    } else {
      expect(fake.events).toHaveLength(1);
      const [event] = fake.events;
      expect(event!.subject).toBe('omar@example.com');
      expect(event!.query.get('conferenceDataVersion')).toBe('1');
      expect(event!.query.get('sendUpdates')).toBe('all');
      expect((event!.body.attendees as Array<{ email: string }>).map((a) => a.email).sort()).toEqual(['mia@example.com', 'omar@example.com']);
      // One token per member acted for, reused while valid.
      expect(new Set(fake.subjects)).toEqual(new Set(['omar@example.com']));
    }
  });

  it('books one event when the booking job runs twice at once (a stalled job run again, or reconciliation\'s while the first waits for the calendar)', async () => {
    const { mia, omar } = await setup();
    await mia.click('Find a time');
    await env.runDueJobs();
    await mia.clickRef(slotButtons(mia)[0]!.ref);
    await omar.clickRef(slotButtons(omar)[0]!.ref);
    const [booking] = env.scheduler.pending('pair.book_meeting');
    env.scheduler.jobs.clear();
    const runs = await Promise.allSettled([booking!.payload, booking!.payload].map((payload) => env.core.runJob('pair.book_meeting', payload)));
    expect(runs.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    await env.runDueJobs();
    expect(fake.events).toHaveLength(1);
    expect(await env.database.db.selectFrom('meetings').select('state').execute()).toEqual([{ state: 'booked' }]);
    for (const person of [mia, omar]) expect(person.inbox().filter((c) => c.kind === 'card' && c.header.title.startsWith('Meeting booked'))).toHaveLength(1);
  });

  it('falls back to working hours and an .ics file when the calendar is down, and says so', async () => {
    const { mia, omar } = await setup();
    fake.down = true;
    await mia.type('/mentor time');
    await env.runDueJobs();
    expect(mia.text()).toContain('I couldn’t reach your calendars just now');
    expect(omar.text()).toContain('I couldn’t reach your calendars just now');
    await mia.clickRef(slotButtons(mia)[1]!.ref);
    await omar.clickRef(slotButtons(omar)[1]!.ref);
    await env.runDueJobs();
    const file = filesOf(mia)[0];
    expect(file?.comment).toContain('I couldn’t reach your calendars');
    expect(parseIcs(file!.content).startDate.toJSDate().getTime()).toBeGreaterThan(env.clock.now().getTime());
    expect(fake.events).toHaveLength(0);
  });

  it('falls back to an .ics file when the calendar goes down between the picks and the booking', async () => {
    const { mia, omar } = await setup();
    await mia.type('/mentor time');
    await env.runDueJobs();
    await mia.clickRef(slotButtons(mia)[0]!.ref);
    fake.down = true;
    await omar.clickRef(slotButtons(omar)[0]!.ref);
    await env.runDueJobs();
    for (const person of [mia, omar]) expect(filesOf(person)[0]?.comment).toContain('I couldn’t reach your calendars to create the meeting');
    const row = await env.database.db.selectFrom('meetings').select(['provider', 'fallback', 'state']).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ provider: 'ics', state: 'booked' });
    expect(row.fallback).toContain('503');
  });

  it('looks again when the chosen time was taken in a calendar meanwhile', async () => {
    const { mia, omar } = await setup();
    await mia.type('/mentor time');
    await env.runDueJobs();
    const chosen = (await env.database.db.selectFrom('meetings').select('slots').executeTakeFirstOrThrow()).slots[0]!;
    await mia.clickRef(slotButtons(mia)[0]!.ref);
    fake.busy.set('omar@example.com', [chosen]);
    await omar.clickRef(slotButtons(omar)[0]!.ref);
    await env.runDueJobs();
    expect(mia.text()).toContain('is no longer free in a calendar');
    expect(fake.events).toHaveLength(0);
    // Both rows were made at the same instant of the test clock: told apart by their state, not their order.
    const meetings = await env.database.db.selectFrom('meetings').select(['state', 'slots']).execute();
    expect(meetings.map((m) => m.state).sort()).toEqual(['offered', 'superseded']);
    const offered = meetings.find((m) => m.state === 'offered')!;
    expect(offered.slots.some((s) => Date.parse(s.start) === Date.parse(chosen.start))).toBe(false);
  });

  it('does not trust a calendar it cannot read for one member', async () => {
    const { mia } = await setup();
    fake.unreadable.add('omar@example.com');
    await mia.type('/mentor time');
    await env.runDueJobs();
    expect(mia.text()).toContain('I couldn’t reach your calendars just now');
  });
});
