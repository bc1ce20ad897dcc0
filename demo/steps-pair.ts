// Steps 8–9: the pair's life between check-ins. A pair confirms its agreement on the intro, then
// finds a time: three times inside both working days, each member picks, and the .ics invitation
// arrives as a file in each one's DM. Then a member gets the preparation for their next check-in
// (open goals, what the pair agreed last time, three questions): the job that runs the day before
// is queued now, the way the report step runs the daily at-risk scan.
import type { Pair } from '../src/domain/model.ts';
import type { SlackMessage } from './fake-slack.ts';
import { deliveryKey } from './slack-client.ts';
import { waitUntil } from './wait.ts';
import type { Member, World } from './world.ts';

const SLOT = /\d{2}:\d{2}–\d{2}:\d{2}$/u;

/** Both members press "I agree" on the intro they share; the database records the agreement. */
async function agree(w: World, pair: Pair, mentee: Member, mentor: Member): Promise<void> {
  const intro = mentee.person.inbox().find((m) => deliveryKey(m) === `pair.intro:${pair.id}`);
  if (!intro) throw new Error(`${mentee.person.user.name} has no introduction to agree on`);
  // The buttons of the shared intro are in the mentee's language.
  for (const m of [mentee, mentor]) await m.person.click(intro, w.label(mentee.person, 'agreement.confirm'));
  await waitUntil(async () => (await w.db.selectFrom('matches').select('agreed_at').where('id', '=', pair.id).executeTakeFirstOrThrow()).agreed_at ?? undefined,
    `the agreement of ${mentee.person.user.name} and ${mentor.person.user.name} to be recorded`, undefined, 100);
  w.out.progress('agreement.done', { mentee: mentee.person.user.name, mentor: mentor.person.user.name });
}

/** The .ics shared in this person's DM for the meeting, once both uploads are complete. */
const icsFor = (w: World, m: Member): string | undefined =>
  w.fake.files.find((f) => f.channel === `D-${m.person.id}` && f.content.includes('BEGIN:VCALENDAR'))?.content;

export async function findATime(w: World): Promise<void> {
  const { out } = w;
  out.step('step.time');
  const talking = (await w.pairs(['active'])).filter((p) => p.id !== w.facts.silentPairId);
  // People of distant zones may share no working hour: the bot says so and the next pair tries.
  for (const pair of talking) {
    const mentee = await w.member(pair.menteeId), mentor = await w.member(pair.mentorId);
    const seen = new Set(mentee.person.inbox().map(deliveryKey));
    await mentee.person.command(mentee.employee.french ? 'creneau' : 'time');
    const answer = await waitUntil(() => mentee.person.inbox().find((m) => !seen.has(deliveryKey(m)) && /^pair\.time_(offer|none):/u.test(deliveryKey(m))),
      `three times, or none, for ${mentee.person.user.name}`);
    if (deliveryKey(answer).startsWith('pair.time_none:')) continue;
    const meeting = await w.db.selectFrom('meetings').select(['id', 'slots']).where('match_id', '=', pair.id).orderBy('created_at', 'desc').executeTakeFirstOrThrow();
    if (meeting.slots.length !== 3) throw new Error(`the bot offered ${meeting.slots.length} times to ${mentee.person.user.name} and ${mentor.person.user.name}, not three`);
    await mentor.person.waitForMessage(`pair.time_offer:${meeting.id}:`);
    out.say('time.offer', { mentee: mentee.person.user.name, mentor: mentor.person.user.name, zone: mentee.person.user.tz, other: mentor.person.user.tz });
    out.quote(w.read(answer));
    await mentee.person.click(answer, SLOT);
    const request: SlackMessage = await mentor.person.waitForMessage(`pair.time_picked:${meeting.id}:`);
    out.say('time.picked', { mentee: mentee.person.user.name, mentor: mentor.person.user.name });
    out.quote(w.read(request));
    // The mentor picks the same time, on the request (his own times card has it too).
    await mentor.person.click(request, SLOT);
    const files = await waitUntil(() => {
      const both = [icsFor(w, mentee), icsFor(w, mentor)];
      return both.every(Boolean) ? both as string[] : undefined;
    }, `the .ics invitations of ${mentee.person.user.name} and ${mentor.person.user.name} in Slack`, undefined, 100);
    const booked = await w.db.selectFrom('meetings').select('state').where('id', '=', meeting.id).executeTakeFirstOrThrow();
    if (booked.state !== 'booked') throw new Error(`both members got the invitation but the meeting is ${booked.state} in the database`);
    // The event's start, not the time zone's (VTIMEZONE has DTSTART lines of its own).
    const start = files[0]!.slice(files[0]!.indexOf('BEGIN:VEVENT')).match(/^DTSTART[^\r\n]*/mu)?.[0] ?? '';
    out.progress('time.booked', { mentee: mentee.person.user.name, mentor: mentor.person.user.name, start });
    await agree(w, pair, mentee, mentor);
    w.facts.meetingPairId = pair.id;
    return;
  }
  throw new Error(`none of the ${talking.length} talking pairs shares a working hour`);
}

/** A scheduled check-in of a talking pair with shared next steps, due far enough ahead for its preparation. */
async function nextCheckinToPrepare(w: World, talking: readonly string[]): Promise<{ id: string; person_id: string; match_id: string } | undefined> {
  const shared = await w.db.selectFrom('checkins').select('match_id').where('next_steps', 'is not', null).where('match_id', 'in', talking).execute();
  if (shared.length === 0) return undefined;
  // Half a period ahead at least: the preparation is only sent while its check-in is still to come.
  const notBefore = new Date(Date.now() + w.rhythm.checkinMs / 2);
  return w.db.selectFrom('checkins').select(['id', 'person_id', 'match_id']).where('status', '=', 'scheduled')
    .where('match_id', 'in', shared.map((s) => s.match_id)).where('due_at', '>', notBefore).orderBy('due_at', 'desc').executeTakeFirst();
}

export async function prepareMeeting(w: World): Promise<void> {
  const { out } = w;
  out.step('step.prepare');
  const talking = (await w.pairs(['active'])).filter((p) => p.id !== w.facts.silentPairId).map((p) => p.id);
  // A check-in's prompt may overtake its preparation on a busy machine (the preparation is then
  // rightly dropped): the next check-in gets one instead.
  for (let attempt = 1; attempt <= 3; attempt += 1) {
    const checkin = await waitUntil(() => nextCheckinToPrepare(w, talking), 'a check-in still to come in a pair that shared its next steps', undefined, 100);
    const member = await w.member(checkin.person_id);
    await w.app.jobs.scheduler.schedule({ name: 'pair.prepare', key: `pair.prepare:demo:${checkin.id}`, payload: { checkinId: checkin.id } });
    const card = await waitUntil(async () => {
      const sent = member.person.inbox().find((m) => deliveryKey(m) === `prepare:${checkin.id}`);
      if (sent) return sent;
      const row = await w.db.selectFrom('checkins').select('status').where('id', '=', checkin.id).executeTakeFirstOrThrow();
      return row.status === 'scheduled' ? undefined : null;
    }, `the preparation of ${member.person.user.name}`, undefined, 100);
    if (!card) continue;
    w.facts.preparedCheckinId = checkin.id;
    const text = w.read(card);
    const goals = await w.db.selectFrom('goals').select('title').where('match_id', '=', checkin.match_id).where('status', '=', 'open').execute();
    const steps = await w.db.selectFrom('checkins').select('next_steps').where('match_id', '=', checkin.match_id).where('next_steps', 'is not', null).execute();
    if (!goals.every((g) => text.includes(g.title))) throw new Error(`the preparation of ${member.person.user.name} does not show the pair's goals`);
    if (!steps.some((s) => text.includes(s.next_steps!))) throw new Error(`the preparation of ${member.person.user.name} does not quote what the pair agreed last time`);
    out.say('prepare.seen', { name: member.person.user.name, lang: w.langOf(member.person) });
    out.quote(text);
    out.progress('prepare.done', { name: member.person.user.name, goals: goals.length });
    return;
  }
  throw new Error('three check-ins in a row were prompted before their preparation could go out');
}
