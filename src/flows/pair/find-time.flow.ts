// "Find a time" (issue 17): a member of an active pair asks (the button on the intro, `time`, or
// `time series`), the bot offers each of them three times inside both working windows, as a card
// of their own in their language and time zone; a time both pick wins (the first pick is put to
// the partner, who confirms it or picks another), and the bot books it. Three levels:
//   1. no calendar: times from working hours (and the members' other booked meetings), and an
//      .ics invitation delivered to each as a file;
//   2. Microsoft 365 / 3. Google Workspace (deps.calendar): times from free/busy, and an event
//      with a Teams or Meet link in the organizer's (the mentor's) calendar, which invites the
//      other member.
// A calendar that cannot be reached makes the search or the booking fall back to level 1, and the
// members are told. Picks are made under a row lock: two clicks at once, a click on replaced
// times, a late click after the booking and a time taken meanwhile each get a clear answer.
// The same flow books a flash session's one 30-minute conversation (docs/flash.md): the two are a
// "party" like a pair (the asker in the mentee's place), the meeting row names the flash session,
// and once it is booked the session's question afterwards moves to just after the meeting's end.
import { randomUUID } from 'node:crypto';
import type { Pair, Person } from '../../domain/model.ts';
import { buildIcs, recurrenceRule } from '../../domain/scheduling/ics.ts';
import type { Meeting } from '../../domain/scheduling/meeting.ts';
import { findSlots, slotStillFree, DEFAULT_HORIZON_DAYS, type Interval } from '../../domain/scheduling/slots.ts';
import { workingHoursOf, type WorkingHours } from '../../domain/scheduling/working-hours.ts';
import {
  cancelEarlierFlashMeetings, createMeeting, getMeeting, markBooked, markBooking, markCancelled, meetingsOfPeople, recordPicks, setMeetingState,
  type MeetingSubject,
} from '../../db/repositories/meeting.repository.ts';
import { getFlashSession, moveFlashFollowUp, type FlashSession } from '../../db/repositories/flash.repository.ts';
import { FLASH_MINUTES } from '../../domain/flash.ts';
import { flashFollowUpJob, topicLabel, workspaceTopics } from '../flash/flash-request.ts';
import { getPeople } from '../../db/repositories/person.repository.ts';
import { getProgram } from '../../db/repositories/program.repository.ts';
import { getRound } from '../../db/repositories/round.repository.ts';
import { getWorkspace } from '../../db/repositories/workspace.repository.ts';
import { holdTransactionLock, type Db } from '../../db/repositories/db.ts';
import { CalendarThrottledError, CalendarUnavailableError, type CalendarPerson } from '../../ports/calendar.ts';
import type { JobPayload } from '../../ports/scheduler.ts';
import type { Locale } from '../../ui/i18n/catalog.ts';
import { formatDate, formatDayLong, formatTime } from '../../ui/i18n/format.ts';
import { t } from '../../ui/i18n/t.ts';
import { card, message, type ButtonAction, type Card, type FileContent } from '../../ui/model.ts';
import { paragraph, richText } from '../../ui/rich-text.ts';
import { localeOf } from '../actor.ts';
import { cadenceText } from './cadence-text.ts';
import { commandPrefixFor } from '../command-prefix.ts';
import { pairRef, type ActorCtx, type BaseCtx } from '../context.ts';
import { reply, type Effect } from '../effects.ts';
import { myPair, myPairs } from '../my-pairs.ts';
import { idOrEmpty, pairById, refFor } from '../pair-members.ts';
import type { FlowModule } from '../registry.ts';

const text = (s: string): Effect => reply(message(richText(s)));

/** Working hours and time zone of these people, from their rows (null columns: the default day). */
async function workingHours(db: Db, ids: readonly string[]): Promise<Map<string, WorkingHours>> {
  const rows = await db.selectFrom('people').select(['id', 'timezone', 'work_start_min', 'work_end_min', 'work_days']).where('id', 'in', [...ids]).execute();
  return new Map(rows.map((r) => [r.id, workingHoursOf(r)]));
}

async function prefixOf(db: Db, workspaceId: string): Promise<string> {
  const workspace = await getWorkspace(db, workspaceId);
  return commandPrefixFor(workspace?.platform ?? 'slack');
}

/** "Thursday 25 March 2027, 10:00–11:00" in the reader's language and zone. */
function slotLabel(locale: Locale, slot: Interval, zone: string): string {
  return `${formatDayLong(locale, slot.start, zone)}, ${formatTime(locale, slot.start, zone)}–${formatTime(locale, slot.end, zone)}`;
}

/** A flash session's times are looked for in the coming week only: it is one conversation, soon. */
export const FLASH_HORIZON_DAYS = 7;
/** The question afterwards comes this long after the booked flash session's end. */
export const FLASH_FOLLOW_UP_AFTER_END_MS = 3_600_000;

/**
 * Who meets: a program pair, or a flash session's two people (the asker in the mentee's place, the
 * mentor organizes). Everything below works on this, so both book the same way.
 */
export interface Party {
  readonly kind: 'match' | 'flash';
  readonly id: string;
  readonly workspaceId: string;
  readonly menteeId: string;
  readonly mentorId: string;
  /** The program's session length, or the flash session's 30 minutes. */
  readonly minutes: number;
  readonly horizonDays: number;
  /** Times may still be looked for and picked (an active pair; a flash session before its question afterwards). */
  readonly open: boolean;
  readonly pair?: Pair;
  readonly flash?: FlashSession;
}

const subjectOf = (party: Party): MeetingSubject => (party.kind === 'match' ? { matchId: party.id } : { flashSessionId: party.id });
const membersOfParty = (party: Party): [string, string] => [party.menteeId, party.mentorId];
const partnerIn = (party: Party, personId: string): string => (party.menteeId === personId ? party.mentorId : party.menteeId);
const matchIdOf = (party: Party): string | undefined => (party.kind === 'match' ? party.id : undefined);

async function partyOfPair(db: Db, pair: Pair): Promise<Party | undefined> {
  const program = await getProgram(db, pair.programId);
  if (!program) return undefined;
  return {
    kind: 'match', id: pair.id, workspaceId: pair.workspaceId, menteeId: pair.menteeId, mentorId: pair.mentorId,
    minutes: program.settings.sessionMinutes, horizonDays: DEFAULT_HORIZON_DAYS, open: pair.state === 'active', pair,
  };
}

/** A flash session may be scheduled once accepted, until its question afterwards is due. */
export function partyOfFlash(session: FlashSession, now: Date): Party | undefined {
  if (!session.mentorId || session.state !== 'accepted') return undefined;
  return {
    kind: 'flash', id: session.id, workspaceId: session.workspaceId, menteeId: session.askerId, mentorId: session.mentorId,
    minutes: FLASH_MINUTES, horizonDays: FLASH_HORIZON_DAYS, open: !session.followUpAt || session.followUpAt > now, flash: session,
  };
}

/** The line under a card's title: the program's name, or "Flash session · <topic>". */
async function partyTitle(db: Db, party: Party, locale: Locale): Promise<string> {
  if (party.pair) return (await getProgram(db, party.pair.programId))?.name ?? '';
  const topics = await workspaceTopics(db, party.workspaceId);
  return t(locale, 'time.flash.subtitle', { topic: topicLabel(locale, topics, party.flash?.topic ?? '') });
}

/** The invitation's description: the program's session, or the flash session's topic (never its question). */
async function partyDescription(db: Db, party: Party, locale: Locale): Promise<string> {
  if (party.pair) return t(locale, 'time.ics.description', { program: (await getProgram(db, party.pair.programId))?.name ?? '' });
  const topics = await workspaceTopics(db, party.workspaceId);
  return t(locale, 'time.ics.flash_description', { topic: topicLabel(locale, topics, party.flash?.topic ?? ''), minutes: FLASH_MINUTES });
}

/** The mentor organizes (their calendar holds the event); both need a work address for a calendar. */
function calendarPeople(pair: Pick<Party, 'menteeId' | 'mentorId'>, people: readonly Person[], hours: Map<string, WorkingHours>): CalendarPerson[] | undefined {
  const ordered = [pair.mentorId, pair.menteeId].map((id) => people.find((p) => p.id === id));
  if (ordered.some((p) => !p?.email)) return undefined;
  return ordered.map((p) => ({ name: p!.displayName, email: p!.email!, timeZone: hours.get(p!.id)?.timeZone ?? p!.timezone }));
}

/** The end of the pair's program period: a series stops there. */
async function pairEnd(db: Db, pair: Pair, durationDays: number, now: Date): Promise<Date> {
  const round = await getRound(db, pair.roundId);
  return round?.endsAt ?? new Date((pair.activatedAt ?? now).getTime() + durationDays * 86_400_000);
}

/**
 * `searches`: the pair's or session's searches when asked (searchesOf); a run that finds more (a
 * job run again after it succeeded, or while it ran) offers nothing again. `askedAt`: when it was
 * asked for (milliseconds), which names its "no time fits" message, so every run of it sends one.
 */
export function findTimeJob(matchId: string, requestedBy: string, recurring: boolean, searches: number, askedAt: Date) {
  return { name: 'pair.find_time' as const, key: `pair.find_time:${matchId}`, payload: { matchId, requestedBy, recurring, searches, askedAt: askedAt.getTime() } };
}

export function flashFindTimeJob(sessionId: string, requestedBy: string, searches: number, askedAt: Date) {
  return { name: 'flash.find_time' as const, key: `flash.find_time:${sessionId}`, payload: { sessionId, requestedBy, searches, askedAt: askedAt.getTime() } };
}

/** How many searches made times for the pair or the flash session (each made one meeting). */
async function searchesOf(db: Db, party: Pick<Party, 'kind' | 'id'>): Promise<number> {
  const column = party.kind === 'match' ? 'match_id' as const : 'flash_session_id' as const;
  const row = await db.selectFrom('meetings').select((eb) => eb.fn.countAll<number>().as('n')).where(column, '=', party.id).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The search job for the party, with its searches so far. */
async function searchJob(ctx: BaseCtx, party: Party, requestedBy: string, recurring: boolean) {
  const searches = await searchesOf(ctx.db, party);
  return party.kind === 'match' ? findTimeJob(party.id, requestedBy, recurring, searches, ctx.now) : flashFindTimeJob(party.id, requestedBy, searches, ctx.now);
}

/**
 * True when a search already ran for this job (it is run again): the times it offered stand.
 * The party's search lock is held until the search is stored, so a second run at the same moment
 * waits for the first and then finds its search. (An advisory lock, not the pair's or session's
 * row: a booking updates the session's row while it holds its meeting's.)
 */
async function searchedAlready(db: Db, party: Party, payload: JobPayload): Promise<boolean> {
  await holdTransactionLock(db, `find_time:${party.id}`);
  return typeof payload.searches === 'number' && await searchesOf(db, party) > payload.searches;
}

const askedAtOf = (ctx: BaseCtx, payload: JobPayload): number => (typeof payload.askedAt === 'number' ? payload.askedAt : ctx.now.getTime());

async function startSearch(ctx: ActorCtx, party: Party, recurring: boolean): Promise<readonly Effect[]> {
  const column = party.kind === 'match' ? 'match_id' as const : 'flash_session_id' as const;
  const open = await ctx.db.selectFrom('meetings').select('state').where(column, '=', party.id).where('state', '=', 'booking').executeTakeFirst();
  if (open) return [text(ctx.t('time.busy_booking'))];
  ctx.later(await searchJob(ctx, party, ctx.person.id, recurring));
  return [text(ctx.t('time.searching'))];
}

/** `askedAt`: when the search was asked for (its job's field; now for a job queued before it was added). */
async function search(ctx: BaseCtx, pair: Party, requestedBy: string, recurring: boolean, askedAt: number): Promise<void> {
  const ids = [pair.menteeId, pair.mentorId];
  const people = await getPeople(ctx.db, ids);
  const hours = await workingHours(ctx.db, ids);
  const windows = ids.flatMap((id) => hours.get(id) ?? []);
  const horizonEnd = new Date(ctx.now.getTime() + pair.horizonDays * 86_400_000);
  const busy = await meetingsOfPeople(ctx.db, ids, ctx.now, horizonEnd);
  const calendar = ctx.deps.calendar;
  let source: Meeting['slotSource'] = 'ics';
  let fallback: string | null = null;
  if (calendar) {
    const members = calendarPeople(pair, people, hours);
    try {
      if (!members) throw new CalendarUnavailableError('a member has no work e-mail address');
      busy.push(...await calendar.busy(members, ctx.now, horizonEnd));
      source = calendar.source;
    } catch (err) {
      if (!(err instanceof CalendarUnavailableError)) throw err;
      fallback = err.message;
      ctx.deps.logger.warn({ err, pair: pair.id, calendar: calendar.source }, 'calendar unreachable: times from working hours');
    }
  }
  const slots = findSlots({ people: windows, durationMinutes: pair.minutes, now: ctx.now, busy, horizonDays: pair.horizonDays });
  const mentee = hours.get(pair.menteeId);
  if (slots.length === 0) {
    await ctx.notify({
      workspaceId: pair.workspaceId, kind: 'pair.time_none', to: { kind: 'person', personId: requestedBy },
      key: `pair.time_none:${pair.id}:${askedAt}`, payload: pair.kind === 'match' ? { matchId: pair.id } : { flashSessionId: pair.id }, matchId: matchIdOf(pair),
    });
    return;
  }
  const meeting = await createMeeting(ctx.db, {
    workspaceId: pair.workspaceId, subject: subjectOf(pair), slots, recurring: recurring && pair.kind === 'match', timeZone: mentee?.timeZone ?? 'UTC',
    slotSource: source, fallback, requestedBy, icsUid: `${randomUUID()}@mentor-bot`, at: ctx.now,
  });
  if (!meeting) return;
  for (const personId of ids) {
    await ctx.notify({
      workspaceId: pair.workspaceId, kind: 'pair.time_offer', to: { kind: 'person', personId },
      key: `pair.time_offer:${meeting.id}:${personId}`, payload: { meetingId: meeting.id }, matchId: matchIdOf(pair),
    });
  }
}

/** The times card one member reads: their zone, their language, a button per time. */
async function offerCard(ctx: BaseCtx, meeting: Meeting, pair: Party, reader: Person): Promise<Card | undefined> {
  const program = pair.pair && await getProgram(ctx.db, pair.pair.programId);
  const locale = localeOf(reader);
  const hours = (await workingHours(ctx.db, [reader.id])).get(reader.id);
  const zone = hours?.timeZone ?? reader.timezone;
  const partner = (await getPeople(ctx.db, [partnerIn(pair, reader.id)]))[0];
  const sections = [richText(t(locale, 'time.offer.body', { minutes: pair.minutes, zone }))];
  const source = meeting.slotSource === 'microsoft' ? t(locale, 'time.offer.source_microsoft')
    : meeting.slotSource === 'google' ? t(locale, 'time.offer.source_google')
      : meeting.fallback ? t(locale, 'time.fallback') : t(locale, 'time.offer.source_hours');
  sections.push(richText(source));
  if (meeting.recurring && program && pair.pair) {
    const first = meeting.slots[0];
    const rule = first && recurrenceRule(program.settings.checkinCadence, first.start, meeting.timeZone, new Date(first.start.getTime() + 86_400_000));
    sections.push(richText(rule
      ? t(locale, 'time.offer.series', { cadence: cadenceText(locale, program.settings.checkinCadence), date: formatDate(locale, await pairEnd(ctx.db, pair.pair, program.settings.durationDays, ctx.now), zone) })
      : t(locale, 'time.series_unavailable')));
  }
  const actions: ButtonAction[] = meeting.slots.map((slot, i) => ({
    kind: 'button', style: 'default', label: slotLabel(locale, slot, zone), ref: refFor(ctx, reader.id, 'pair.time_pick', [meeting.id, String(i)]),
  }));
  return card({ header: { title: t(locale, 'time.offer.title', { partner: partner?.displayName ?? '' }), subtitle: await partyTitle(ctx.db, pair, locale) }, sections, actions });
}

async function pick(ctx: ActorCtx, meetingId: string, index: number): Promise<readonly Effect[]> {
  const prefix = commandPrefixFor(ctx.workspace.platform);
  const meeting = await getMeeting(ctx.db, meetingId, true);
  const pair = meeting && await myParty(ctx, meeting);
  if (!meeting || !pair) return [text(ctx.t('action.refused'))];
  const zone = (await workingHours(ctx.db, [ctx.person.id])).get(ctx.person.id)?.timeZone ?? ctx.person.timezone;
  const label = (slot: Interval) => slotLabel(ctx.locale, slot, zone);
  const chosen = meeting.startsAt && meeting.endsAt ? { start: meeting.startsAt, end: meeting.endsAt } : undefined;
  if (meeting.state === 'booking' || meeting.state === 'booked') return [text(ctx.t('time.pick.done', { time: chosen ? label(chosen) : '' }))];
  if (meeting.state !== 'offered' || !pair.open) return [text(ctx.t(pair.kind === 'flash' && !pair.open ? 'time.flash.over' : 'time.pick.stale', { prefix }))];
  const slot = meeting.slots[index];
  if (!slot) return [text(ctx.t('action.refused'))];
  const partnerId = partnerIn(pair, ctx.person.id);
  const partner = (await getPeople(ctx.db, [partnerId]))[0];
  const partnerName = partner?.displayName ?? '';
  if (slot.start.getTime() <= ctx.now.getTime()) return [text(ctx.t('time.pick.past', { prefix }))];
  const ids = [pair.menteeId, pair.mentorId];
  // One pick at a time per person reads their meetings and books (members in id order, so two
  // picks never wait for each other in a circle): two pairs of one mentor confirming the same
  // time at once would otherwise both find it free.
  for (const id of [...ids].sort()) await holdTransactionLock(ctx.db, `meeting_time:${id}`);
  const hours = await workingHours(ctx.db, ids);
  const others = await meetingsOfPeople(ctx.db, ids, slot.start, slot.end);
  if (!slotStillFree(slot, ids.flatMap((id) => hours.get(id) ?? []), others, ctx.now)) return [text(ctx.t('time.pick.taken', { prefix }))];

  const mine = meeting.picks[ctx.person.id];
  const theirs = meeting.picks[partnerId];
  if (mine === index && theirs !== index) {
    return [text(ctx.t('time.pick.again', { time: label(slot), partner: partnerName }))];
  }
  const picks = { ...meeting.picks, [ctx.person.id]: index };
  if (theirs === index) {
    const program = pair.pair && await getProgram(ctx.db, pair.pair.programId);
    const until = program && pair.pair && meeting.recurring ? await pairEnd(ctx.db, pair.pair, program.settings.durationDays, ctx.now) : undefined;
    const rrule = program && until ? recurrenceRule(program.settings.checkinCadence, slot.start, meeting.timeZone, until) ?? null : null;
    await markBooking(ctx.db, meeting.id, { slot, picks, chosenBy: ctx.person.id, rrule, at: ctx.now });
    ctx.later({ name: 'pair.book_meeting', key: `pair.book_meeting:${meeting.id}`, payload: { meetingId: meeting.id } });
    return [text(ctx.t('time.pick.agreed', { time: label(slot) }))];
  }
  await recordPicks(ctx.db, meeting.id, picks, ctx.now);
  // The partner is asked once per time picked (a second click on it sends nothing new).
  await ctx.notify({
    workspaceId: pair.workspaceId, kind: 'pair.time_picked', to: { kind: 'person', personId: partnerId },
    key: `pair.time_picked:${meeting.id}:${partnerId}:${index}`, payload: { meetingId: meeting.id, index, by: ctx.person.id }, matchId: matchIdOf(pair),
  });
  if (theirs !== undefined && meeting.slots[theirs]) {
    return [text(ctx.t('time.pick.differs', { time: label(slot), partner: partnerName, other: label(meeting.slots[theirs]) }))];
  }
  return [text(ctx.t('time.pick.waiting', { time: label(slot), partner: partnerName }))];
}

async function book(ctx: BaseCtx, meetingId: string): Promise<void> {
  const meeting = await getMeeting(ctx.db, meetingId, true);
  if (!meeting || meeting.state !== 'booking' || !meeting.startsAt || !meeting.endsAt) return;
  const pair = await partyOfMeeting(ctx.db, meeting, ctx.now);
  if (!pair || !pair.open) {
    await setMeetingState(ctx.db, meeting.id, 'cancelled', ctx.now);
    return;
  }
  const slot = { start: meeting.startsAt, end: meeting.endsAt };
  const ids = [pair.menteeId, pair.mentorId];
  const people = await getPeople(ctx.db, ids);
  const hours = await workingHours(ctx.db, ids);
  const calendar = ctx.deps.calendar;
  let fallback: string | null = meeting.fallback;
  if (calendar && meeting.slotSource === calendar.source) {
    const members = calendarPeople(pair, people, hours);
    try {
      if (!members) throw new CalendarUnavailableError('a member has no work e-mail address');
      // Taken meanwhile (someone accepted another meeting since the times were offered): new times.
      const busy = await calendar.busy(members, slot.start, slot.end);
      if (busy.some((b) => b.start < slot.end && slot.start < b.end)) {
        await setMeetingState(ctx.db, meeting.id, 'superseded', ctx.now);
        await ctx.notify({
          workspaceId: pair.workspaceId, kind: 'pair.time_taken', to: { kind: 'group', personIds: ids },
          key: `pair.time_taken:${meeting.id}`, payload: { meetingId: meeting.id }, matchId: matchIdOf(pair),
        });
        const by = meeting.chosenBy ?? pair.menteeId;
        ctx.later(await searchJob(ctx, pair, by, meeting.recurring));
        return;
      }
      const organizerLocale = localeOf(people.find((p) => p.id === pair.mentorId) ?? people[0]!);
      const names = { mentee: people.find((p) => p.id === pair.menteeId)?.displayName ?? '', mentor: people.find((p) => p.id === pair.mentorId)?.displayName ?? '' };
      const created = await calendar.createEvent({
        organizer: members[0]!, attendees: members, start: slot.start, end: slot.end, timeZone: meeting.timeZone,
        summary: t(organizerLocale, pair.kind === 'flash' ? 'time.ics.flash_summary' : 'time.ics.summary', names), description: await partyDescription(ctx.db, pair, organizerLocale),
        ...(meeting.rrule ? { rrule: meeting.rrule } : {}), requestId: meeting.id,
      });
      await markBooked(ctx.db, meeting.id, { provider: calendar.source, externalIds: { [pair.mentorId]: created.eventId, ...(created.webLink ? { webLink: created.webLink } : {}) }, joinUrl: created.joinUrl, fallback: null, at: ctx.now });
      await afterBooking(ctx, pair, meeting.id, slot);
      return;
    } catch (err) {
      if (!(err instanceof CalendarUnavailableError)) throw err;
      fallback = err.message;
      ctx.deps.logger.warn({ err, pair: pair.id, calendar: calendar.source }, 'calendar unreachable: invitation sent as an .ics file');
    }
  }
  await markBooked(ctx.db, meeting.id, { provider: 'ics', externalIds: {}, joinUrl: null, fallback, at: ctx.now });
  await afterBooking(ctx, pair, meeting.id, slot);
}

/**
 * Both are told; a flash session's newer booking replaces its earlier one, and its question
 * afterwards moves to just after this meeting's end.
 */
async function afterBooking(ctx: BaseCtx, pair: Party, meetingId: string, slot: Interval): Promise<void> {
  for (const personId of membersOfParty(pair)) {
    await ctx.notify({
      workspaceId: pair.workspaceId, kind: 'pair.meeting_booked', to: { kind: 'person', personId },
      key: `pair.meeting_booked:${meetingId}:${personId}`, payload: { meetingId }, matchId: matchIdOf(pair),
    });
  }
  if (pair.kind !== 'flash') return;
  // The earlier booking is withdrawn from the calendars it went to, by a job of its own.
  for (const id of await cancelEarlierFlashMeetings(ctx.db, pair.id, meetingId, ctx.now)) ctx.later(cancelEventJob(id));
  const moved = await moveFlashFollowUp(ctx.db, pair.id, new Date(slot.end.getTime() + FLASH_FOLLOW_UP_AFTER_END_MS), ctx.now);
  if (moved) ctx.later(flashFollowUpJob(moved));
}

/** Withdraws a replaced booking (the meeting is 'cancel_pending'); reconcile queues it again if lost. */
export function cancelEventJob(meetingId: string) {
  return { name: 'meeting.cancel_event' as const, key: `meeting.cancel_event:${meetingId}`, payload: { meetingId } };
}

/** The two people of a meeting's pair or flash session, whatever state these are in now. */
async function membersOfMeeting(db: Db, meeting: Meeting): Promise<{ menteeId: string; mentorId: string } | undefined> {
  if (meeting.matchId) {
    const pair = await pairById(db, meeting.matchId);
    return pair && { menteeId: pair.menteeId, mentorId: pair.mentorId };
  }
  const session = meeting.flashSessionId ? await getFlashSession(db, meeting.flashSessionId) : undefined;
  return session?.mentorId ? { menteeId: session.askerId, mentorId: session.mentorId } : undefined;
}

/**
 * Withdraws a replaced booking exactly once: the organizer's calendar event is cancelled (Outlook
 * and Google tell the attendees), or each person gets an .ics cancellation; then the meeting is
 * 'cancelled'. Under the row lock, a second run (retried, redelivered, or queued again by
 * reconcile) finds it no longer 'cancel_pending' and does nothing. An event the calendar no longer
 * has (404, 410) counts as withdrawn; a 429 is tried again after the calendar's Retry-After; any
 * other failure leaves the meeting waiting and fails the job, which the queue retries.
 */
async function withdraw(ctx: BaseCtx, meetingId: string): Promise<void> {
  const meeting = await getMeeting(ctx.db, meetingId, true);
  if (!meeting || meeting.state !== 'cancel_pending') return;
  const members = await membersOfMeeting(ctx.db, meeting);
  if (meeting.provider === 'microsoft' || meeting.provider === 'google') {
    const calendar = ctx.deps.calendar;
    const mentor = members && (await getPeople(ctx.db, [members.mentorId]))[0];
    const eventId = members && meeting.externalIds[members.mentorId];
    if (!calendar || calendar.source !== meeting.provider || !mentor?.email || !eventId) {
      // The calendar is no longer connected, or the organizer is gone: nothing the bot can reach.
      ctx.deps.logger.warn({ meeting: meeting.id, provider: meeting.provider }, 'replaced calendar event left in place: calendar or organizer no longer known');
    } else {
      try {
        const outcome = await calendar.cancelEvent({
          organizer: { name: mentor.displayName, email: mentor.email, timeZone: meeting.timeZone }, eventId, comment: t(localeOf(mentor), 'time.cancelled.comment'),
        });
        if (outcome === 'refused') ctx.deps.logger.warn({ meeting: meeting.id, provider: meeting.provider }, 'replaced calendar event left in place: the calendar refused to withdraw it');
      } catch (err) {
        if (err instanceof CalendarThrottledError) throw err;
        if (err instanceof CalendarUnavailableError) ctx.deps.logger.warn({ err, meeting: meeting.id, provider: meeting.provider }, 'calendar unreachable: withdrawal retried');
        throw err;
      }
    }
  } else if (members) {
    for (const personId of [members.menteeId, members.mentorId]) {
      await ctx.notify({
        workspaceId: meeting.workspaceId, kind: 'pair.meeting_cancelled', to: { kind: 'person', personId },
        key: `pair.meeting_cancelled:${meeting.id}:${personId}`, payload: { meetingId: meeting.id }, matchId: meeting.matchId ?? undefined,
      });
    }
  }
  await markCancelled(ctx.db, meeting.id, ctx.now);
}

/** The .ics cancellation one person receives: same UID, the next SEQUENCE, METHOD:CANCEL, in their language. */
async function cancelledContent(ctx: BaseCtx, meeting: Meeting, reader: Person): Promise<FileContent | undefined> {
  const members = await membersOfMeeting(ctx.db, meeting);
  if (!members || !meeting.startsAt || !meeting.endsAt) return undefined;
  const locale = localeOf(reader);
  const people = await getPeople(ctx.db, [members.menteeId, members.mentorId]);
  const mentee = people.find((p) => p.id === members.menteeId);
  const mentor = people.find((p) => p.id === members.mentorId);
  const partner = reader.id === members.menteeId ? mentor : mentee;
  const zone = (await workingHours(ctx.db, [reader.id])).get(reader.id)?.timeZone ?? reader.timezone;
  const time = slotLabel(locale, { start: meeting.startsAt, end: meeting.endsAt }, zone);
  const flash = meeting.flashSessionId !== null;
  const party = await partyOfMeeting(ctx.db, meeting, ctx.now);
  const ics = buildIcs({
    method: 'CANCEL', uid: meeting.icsUid, sequence: meeting.state === 'cancelled' ? meeting.icsSequence : meeting.icsSequence + 1,
    stamp: ctx.now, start: meeting.startsAt, end: meeting.endsAt, timeZone: meeting.timeZone,
    summary: t(locale, flash ? 'time.ics.flash_summary' : 'time.ics.summary', { mentee: mentee?.displayName ?? '', mentor: mentor?.displayName ?? '' }),
    description: party ? await partyDescription(ctx.db, party, locale) : '',
    organizer: { name: mentor?.displayName ?? '', email: mentor?.email ?? null },
    attendees: [mentee, mentor].flatMap((p) => (p ? [{ name: p.displayName, email: p.email }] : [])),
    ...(meeting.rrule ? { rrule: meeting.rrule } : {}),
  });
  return {
    kind: 'file', filename: `${flash ? 'flash-session' : 'mentoring'}-${meeting.startsAt.toISOString().slice(0, 10)}-cancelled.ics`, mimeType: 'text/calendar',
    content: ics, comment: [t(locale, 'time.cancelled.title', { time: `${time} (${zone})` }), t(locale, 'time.cancelled.ics', { partner: partner?.displayName ?? '' })].join('\n'),
  };
}

/** What the booked meeting looks like to one member: a card with the links, or the .ics file. */
async function bookedContent(ctx: BaseCtx, meeting: Meeting, pair: Party, reader: Person): Promise<Card | FileContent | undefined> {
  const program = pair.pair && await getProgram(ctx.db, pair.pair.programId);
  if ((pair.kind === 'match' && !program) || !meeting.startsAt || !meeting.endsAt) return undefined;
  const locale = localeOf(reader);
  const ids = membersOfParty(pair);
  const people = await getPeople(ctx.db, ids);
  const hours = await workingHours(ctx.db, [reader.id]);
  const zone = hours.get(reader.id)?.timeZone ?? reader.timezone;
  const partner = people.find((p) => p.id === partnerIn(pair, reader.id));
  const when = t(locale, 'time.booked.when', { time: slotLabel(locale, { start: meeting.startsAt, end: meeting.endsAt }, zone), zone });
  const series = meeting.rrule && program && pair.pair ? [t(locale, 'time.offer.series', { cadence: cadenceText(locale, program.settings.checkinCadence), date: formatDate(locale, await pairEnd(ctx.db, pair.pair, program.settings.durationDays, ctx.now), zone) })] : [];
  // A flash session says when its question afterwards comes.
  const after = pair.kind === 'flash' ? [t(locale, 'time.flash.after')] : [];
  const subtitle = await partyTitle(ctx.db, pair, locale);
  if (meeting.provider === 'microsoft' || meeting.provider === 'google') {
    const webLink = meeting.externalIds.webLink;
    return card({
      header: { title: t(locale, 'time.booked.title', { partner: partner?.displayName ?? '' }), subtitle },
      sections: [richText(paragraph(when), ...series.map((s) => paragraph(s)), paragraph(t(locale, meeting.provider === 'microsoft' ? 'time.booked.microsoft' : 'time.booked.google')), ...after.map((s) => paragraph(s)))],
      actions: [
        ...(meeting.joinUrl ? [{ kind: 'link' as const, label: t(locale, 'time.booked.join'), url: meeting.joinUrl }] : []),
        ...(webLink ? [{ kind: 'link' as const, label: t(locale, 'time.booked.open'), url: webLink }] : []),
      ],
    });
  }
  const mentee = people.find((p) => p.id === pair.menteeId);
  const mentor = people.find((p) => p.id === pair.mentorId);
  const ics = buildIcs({
    uid: meeting.icsUid, sequence: meeting.icsSequence, stamp: meeting.bookedAt ?? ctx.now, start: meeting.startsAt, end: meeting.endsAt, timeZone: meeting.timeZone,
    summary: t(locale, pair.kind === 'flash' ? 'time.ics.flash_summary' : 'time.ics.summary', { mentee: mentee?.displayName ?? '', mentor: mentor?.displayName ?? '' }),
    description: await partyDescription(ctx.db, pair, locale),
    organizer: { name: mentor?.displayName ?? '', email: mentor?.email ?? null },
    attendees: [mentee, mentor].flatMap((p) => (p ? [{ name: p.displayName, email: p.email }] : [])),
    ...(meeting.rrule ? { rrule: meeting.rrule } : {}),
  });
  const lead = meeting.fallback ? t(locale, 'time.booked.fallback') : t(locale, 'time.booked.ics');
  return {
    kind: 'file', filename: `${pair.kind === 'flash' ? 'flash-session' : 'mentoring'}-${meeting.startsAt.toISOString().slice(0, 10)}.ics`, mimeType: 'text/calendar',
    content: ics, comment: [t(locale, 'time.booked.title', { partner: partner?.displayName ?? '' }), when, ...series, lead, ...after].join('\n'),
  };
}

/** Who the meeting is for: its pair, or its flash session's two people. */
async function partyOfMeeting(db: Db, meeting: Meeting, now: Date): Promise<Party | undefined> {
  if (meeting.matchId) {
    const pair = await pairById(db, meeting.matchId);
    return pair && partyOfPair(db, pair);
  }
  const session = meeting.flashSessionId ? await getFlashSession(db, meeting.flashSessionId) : undefined;
  return session && partyOfFlash(session, now);
}

/** The meeting's party when the actor is one of its two people (and it is of their workspace). */
async function myParty(ctx: ActorCtx, meeting: Meeting): Promise<Party | undefined> {
  if (meeting.matchId) {
    const pair = await myPair(ctx, meeting.matchId);
    return pair && partyOfPair(ctx.db, pair);
  }
  const party = await partyOfMeeting(ctx.db, meeting, ctx.now);
  return party && party.workspaceId === ctx.workspace.id && membersOfParty(party).includes(ctx.person.id) ? party : undefined;
}

async function meetingOf(db: Db, payload: Record<string, unknown>, now: Date): Promise<{ meeting: Meeting; pair: Party } | undefined> {
  const meeting = await getMeeting(db, idOrEmpty(payload.meetingId));
  const pair = meeting && await partyOfMeeting(db, meeting, now);
  return meeting && pair ? { meeting, pair } : undefined;
}

/**
 * The flash session the actor is in and may still schedule: the one named (a button), or their
 * latest accepted one whose question afterwards is not due yet (the `time` command).
 */
async function myFlashParty(ctx: ActorCtx, sessionId?: string): Promise<Party | undefined> {
  if (sessionId !== undefined) {
    const session = await getFlashSession(ctx.db, idOrEmpty(sessionId));
    const party = session && session.workspaceId === ctx.workspace.id ? partyOfFlash(session, ctx.now) : undefined;
    return party && membersOfParty(party).includes(ctx.person.id) ? party : undefined;
  }
  const row = await ctx.db.selectFrom('flash_sessions').select('id').where('workspace_id', '=', ctx.workspace.id).where('state', '=', 'accepted')
    .where((eb) => eb.or([eb('asker_id', '=', ctx.person.id), eb('mentor_id', '=', ctx.person.id)]))
    .where('follow_up_at', '>', ctx.now).orderBy('accepted_at', 'desc').executeTakeFirst();
  return row ? myFlashParty(ctx, row.id) : undefined;
}

/** The flash intro's button (signed for the session: either of the two may press it on the group message). */
export function flashFindTimeButton(ctx: BaseCtx, locale: Locale, sessionId: string): ButtonAction {
  return { kind: 'button', style: 'primary', label: t(locale, 'time.button'), ref: pairRef(ctx, sessionId, 'flash.find_time', [sessionId]) };
}


/** The intro's buttons (signed for the pair: either member may press them on the group message). */
export function findTimeButtons(ctx: BaseCtx, locale: Locale, pair: Pair): ButtonAction[] {
  return [
    { kind: 'button', style: 'primary', label: t(locale, 'time.button'), ref: pairRef(ctx, pair.id, 'pair.find_time', [pair.id, 'once']) },
    { kind: 'button', style: 'default', label: t(locale, 'time.button_series'), ref: pairRef(ctx, pair.id, 'pair.find_time', [pair.id, 'series']) },
  ];
}

export const findTimeFlow: FlowModule = {
  commands: {
    time: async (ctx, command) => {
      const pairs = await myPairs(ctx, ['active']);
      if (pairs.length === 0) {
        // No pair: the person's flash session still to be scheduled, when there is one.
        const flash = await myFlashParty(ctx);
        return flash ? startSearch(ctx, flash, false) : [text(ctx.t('time.no_pair'))];
      }
      const effects: Effect[] = [];
      for (const pair of pairs) {
        const party = await partyOfPair(ctx.db, pair);
        if (party) effects.push(...await startSearch(ctx, party, command.series === true));
      }
      return effects.slice(0, 1);
    },
  },
  actions: {
    'pair.find_time': {
      oneShot: false,
      async handle(ctx, ref) {
        const pair = await myPair(ctx, ref.subjects[0], ['active']);
        const party = pair && await partyOfPair(ctx.db, pair);
        if (!party) return [text(ctx.t('time.no_pair'))];
        return startSearch(ctx, party, ref.subjects[1] === 'series');
      },
    },
    'flash.find_time': {
      oneShot: false,
      async handle(ctx, ref) {
        const session = await getFlashSession(ctx.db, idOrEmpty(ref.subjects[0]));
        if (!session || session.workspaceId !== ctx.workspace.id || (session.askerId !== ctx.person.id && session.mentorId !== ctx.person.id)) return [text(ctx.t('action.refused'))];
        const party = partyOfFlash(session, ctx.now);
        if (!party?.open) return [text(ctx.t('time.flash.over'))];
        return startSearch(ctx, party, false);
      },
    },
    'pair.time_pick': {
      // Picks may change until both agree; the pick logic itself makes a repeated click harmless.
      oneShot: false,
      async handle(ctx, ref) {
        const index = Number(ref.subjects[1]);
        const effects = await pick(ctx, idOrEmpty(ref.subjects[0]), Number.isInteger(index) ? index : -1);
        return effects;
      },
    },
  },
  jobs: {
    'pair.find_time': async (ctx, payload) => {
      const pair = await pairById(ctx.db, payload.matchId);
      if (!pair || pair.state !== 'active') return;
      const party = await partyOfPair(ctx.db, pair);
      if (!party || await searchedAlready(ctx.db, party, payload)) return;
      const requestedBy = [pair.menteeId, pair.mentorId].includes(String(payload.requestedBy)) ? String(payload.requestedBy) : pair.menteeId;
      await search(ctx, party, requestedBy, payload.recurring === true, askedAtOf(ctx, payload));
    },
    'flash.find_time': async (ctx, payload) => {
      const session = await getFlashSession(ctx.db, idOrEmpty(payload.sessionId));
      const party = session && partyOfFlash(session, ctx.now);
      if (!party?.open || await searchedAlready(ctx.db, party, payload)) return;
      const requestedBy = membersOfParty(party).includes(String(payload.requestedBy)) ? String(payload.requestedBy) : party.menteeId;
      await search(ctx, party, requestedBy, false, askedAtOf(ctx, payload));
    },
    'pair.book_meeting': async (ctx, payload) => book(ctx, idOrEmpty(payload.meetingId)),
    'meeting.cancel_event': async (ctx, payload) => withdraw(ctx, idOrEmpty(payload.meetingId)),
  },
  compose: {
    'pair.time_offer': async (ctx, delivery, recipients) => {
      const found = await meetingOf(ctx.db, delivery.payload, ctx.now);
      const reader = recipients[0];
      // Replaced or already agreed before this card went out: nothing to send.
      if (!found || !reader || found.meeting.state !== 'offered') return undefined;
      return offerCard(ctx, found.meeting, found.pair, reader);
    },
    'pair.time_picked': async (ctx, delivery, recipients) => {
      const found = await meetingOf(ctx.db, delivery.payload, ctx.now);
      const reader = recipients[0];
      if (!found || !reader || found.meeting.state !== 'offered') return undefined;
      const slot = found.meeting.slots[Number(delivery.payload.index)];
      if (!slot) return undefined;
      const locale = localeOf(reader);
      const zone = (await workingHours(ctx.db, [reader.id])).get(reader.id)?.timeZone ?? reader.timezone;
      const by = (await getPeople(ctx.db, [idOrEmpty(delivery.payload.by)]))[0];
      const index = Number(delivery.payload.index);
      return card({
        header: { title: t(locale, 'time.partner_picked.title', { partner: by?.displayName ?? '' }) },
        sections: [richText(t(locale, 'time.partner_picked.body', { partner: by?.displayName ?? '', time: slotLabel(locale, slot, zone) }))],
        actions: [{ kind: 'button', style: 'primary', label: slotLabel(locale, slot, zone), ref: refFor(ctx, reader.id, 'pair.time_pick', [found.meeting.id, String(index)]) }],
      });
    },
    'pair.time_taken': async (ctx, delivery, recipients, reader) => {
      const found = await meetingOf(ctx.db, delivery.payload, ctx.now);
      if (!found?.meeting.startsAt || !found.meeting.endsAt) return undefined;
      const slot = { start: found.meeting.startsAt, end: found.meeting.endsAt };
      return message(richText(...(reader ? [reader] : recipients).map((p) => t(localeOf(p), 'time.taken_meanwhile', { time: slotLabel(localeOf(p), slot, p.timezone) }))));
    },
    'pair.time_none': async (ctx, delivery, recipients) => {
      const reader = recipients[0];
      if (!reader) return undefined;
      const key = delivery.payload.flashSessionId ? 'time.flash.none' : 'time.none';
      return message(richText(t(localeOf(reader), key, { prefix: await prefixOf(ctx.db, delivery.workspaceId), days: FLASH_HORIZON_DAYS })));
    },
    'pair.meeting_cancelled': async (ctx, delivery, recipients) => {
      const meeting = await getMeeting(ctx.db, idOrEmpty(delivery.payload.meetingId));
      const reader = recipients[0];
      if (!meeting || !reader || meeting.provider !== 'ics' || (meeting.state !== 'cancel_pending' && meeting.state !== 'cancelled')) return undefined;
      return cancelledContent(ctx, meeting, reader);
    },
    'pair.meeting_booked': async (ctx, delivery, recipients) => {
      const found = await meetingOf(ctx.db, delivery.payload, ctx.now);
      const reader = recipients[0];
      if (!found || !reader || found.meeting.state !== 'booked') return undefined;
      return bookedContent(ctx, found.meeting, found.pair, reader);
    },
  },
};

