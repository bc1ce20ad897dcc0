// A flash session through Slack (docs/flash.md): the mentor opts in with the profile modal, the
// asker types `/mentor ask <topic>` and writes the question in a modal, the mentor accepts from a
// DM card (a second click changes nothing), both are introduced in a group DM, and a week later
// each answers the one question. And a session booked through "Find a time": the button on the
// group DM, the times in each DM, a double click on a time, the .ics uploaded to each, a second
// booking whose .ics cancellation of the first is uploaded to each, and the question right after
// the meeting's end.
import { afterEach, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../support/databases.ts';
import { parseIcs } from '../../support/find-time.ts';
import type { SlackTestUser } from '../../support/slack-user.ts';
import { mentorAnswers } from '../../support/employee-fixtures.ts';
import { completeSurveyModal, openSlackRound } from '../../support/slack-journey.ts';
import { SlackPlatform } from '../../support/slack-platform.ts';

const DAY = 86_400_000;

/** The times offered to this user, as button labels of their newest times card. */
function slotLabels(user: SlackTestUser): string[] {
  const card = [...user.messages()].reverse().find((m) => JSON.stringify(m.blocks).includes('Find a time with'));
  return [...JSON.stringify(card?.blocks ?? []).matchAll(/"text":"([^"]*\d{2}:\d{2}–\d{2}:\d{2})"/g)].map((m) => m[1]!);
}

describe.each(databaseKinds)('flash session through Slack on %s', (kind) => {
  let env: SlackPlatform;
  afterEach(async () => { await env?.dispose(); });

  it('goes from ask to the question afterwards', { timeout: 180_000 }, async () => {
    env = await SlackPlatform.start(kind, { start: new Date('2027-03-01T08:00:00Z'), transport: 'http' });
    await openSlackRound(env);
    const asa = env.person('Asa');
    const mo = env.person('Mo');

    await mo.command('/mentor offer');
    await completeSurveyModal(mo, mentorAnswers(1));
    await mo.command('/mentor profile');
    await mo.submit({ flashOptIn: true, flashCap: 0 });
    expect(mo.lastErrors?.flashCap).toBeDefined();
    await mo.submit({ flashOptIn: true, flashCap: 2 });
    expect(mo.lastErrors).toBeUndefined();
    expect(mo.text()).toContain('Yes, up to 2 a month');

    await asa.command('/mentor ask');
    expect(asa.text()).toContain('Which topic would you like 30 minutes on?');
    await asa.click('Leadership');
    await asa.submit({ question: 'How do I run my first one-to-ones?' });
    expect(asa.text()).toContain('I’m asking a mentor for Leadership');
    await env.runDueJobs();
    expect(mo.text()).toContain('would like a 30-minute conversation with you on Leadership');
    expect(mo.text()).toContain('How do I run my first one-to-ones?');

    const first = await mo.click('Accept');
    await env.runDueJobs();
    expect(mo.text()).toContain('Accepted: I’m introducing you to Asa.');
    // Slack delivering the same click again changes nothing: one intro, one acceptance.
    await mo.click('Accept', { replay: first.payload });
    await env.runDueJobs();
    const intro = env.fake.callsOf('chat.postMessage').filter((c) => JSON.stringify(c.args).includes('A 30-minute conversation on Leadership.'));
    expect(intro).toHaveLength(1);
    expect(asa.text()).toContain('A 30-minute conversation on Leadership.');
    expect(await env.database.db.selectFrom('audit_log').select('action').where('action', '=', 'flash.accept').execute()).toHaveLength(1);

    await env.advance(7 * DAY + 3_600_000);
    expect(asa.text()).toContain('Was your conversation with Mo on Leadership useful?');
    await asa.click('Useful, let’s continue as a pair');
    await mo.click('Not really');
    const row = await env.database.db.selectFrom('flash_sessions').selectAll().executeTakeFirstOrThrow();
    expect([row.asker_useful, row.asker_continue, row.mentor_useful, row.mentor_continue]).toEqual([true, true, false, false]);
    expect(asa.text()).not.toContain('Continue as a mentoring pair');
  });

  it('books the session through Find a time and asks the question after the meeting', { timeout: 180_000 }, async () => {
    env = await SlackPlatform.start(kind, { start: new Date('2027-03-22T07:00:00Z'), transport: 'http' });
    await openSlackRound(env);
    const asa = env.person('Asa', { tz: 'Europe/Paris' });
    const mo = env.person('Mo', { tz: 'Europe/London' });
    await mo.command('/mentor offer');
    await completeSurveyModal(mo, mentorAnswers(1));
    await mo.command('/mentor profile');
    await mo.submit({ flashOptIn: true, flashCap: 2 });
    await asa.command('/mentor ask leadership');
    await asa.submit({ question: 'How do I run my first one-to-ones?' });
    await env.runDueJobs();
    await mo.click('Accept');
    await env.runDueJobs();

    // The button is on the group DM both read; the asker presses it.
    await asa.click('Find a time');
    expect(asa.text()).toContain('looking for three times');
    await env.runDueJobs();
    const [asaTimes, moTimes] = [slotLabels(asa), slotLabels(mo)];
    expect(asaTimes).toHaveLength(3);
    expect(moTimes).toHaveLength(3);
    expect(asa.text()).toContain('Flash session · Leadership');
    // 30 minutes, read in each one's zone (London an hour behind Paris).
    for (const label of asaTimes) {
      const [, h1, m1, h2, m2] = label.match(/(\d{2}):(\d{2})–(\d{2}):(\d{2})$/)!.map(Number);
      expect((h2! * 60 + m2!) - (h1! * 60 + m1!)).toBe(30);
    }
    expect(Number(asaTimes[0]!.slice(-11, -9)) - Number(moTimes[0]!.slice(-11, -9))).toBe(1);

    const click = await asa.click(asaTimes[1]!);
    // Slack delivering the same click twice: Mo is asked once.
    await asa.click(asaTimes[1]!, { replay: click.payload });
    await env.runDueJobs();
    expect(mo.messages().filter((m) => JSON.stringify(m.blocks).includes('Asa picked a time'))).toHaveLength(1);
    await mo.click(moTimes[1]!);
    await env.runDueJobs();

    const uploads = env.fake.callsOf('upload');
    expect(uploads).toHaveLength(2);
    const body = String(uploads[0]!.args.body);
    const event = parseIcs(body.slice(body.indexOf('BEGIN:VCALENDAR'), body.indexOf('END:VCALENDAR') + 'END:VCALENDAR\r\n'.length));
    expect(event.summary).toBe('Flash session: Asa and Mo');
    const meeting = await env.database.db.selectFrom('meetings').selectAll().where('state', '=', 'booked').executeTakeFirstOrThrow();
    expect(meeting.match_id).toBeNull();
    expect(event.endDate.toJSDate().toISOString()).toBe(meeting.ends_at!.toISOString());

    // Booking another time: the earlier invitation is withdrawn, an .ics cancellation uploaded into each DM.
    env.clock.advance(60_000);
    await asa.command('/mentor time');
    await env.runDueJobs();
    const [asaAgain, moAgain] = [slotLabels(asa), slotLabels(mo)];
    await asa.click(asaAgain[0]!);
    await mo.click(moAgain[0]!);
    await env.runDueJobs();
    const icsOf = (upload: { args: Record<string, unknown> }) => {
      const text = String(upload.args.body);
      return text.slice(text.indexOf('BEGIN:VCALENDAR'), text.indexOf('END:VCALENDAR') + 'END:VCALENDAR\r\n'.length);
    };
    const cancels = env.fake.callsOf('upload').filter((u) => icsOf(u).includes('METHOD:CANCEL'));
    expect(cancels).toHaveLength(2);
    for (const upload of cancels) {
      const cancelled = parseIcs(icsOf(upload));
      expect(cancelled.uid).toBe(event.uid);
      expect(cancelled.sequence).toBe(event.sequence + 1);
    }
    expect(env.fake.callsOf('upload')).toHaveLength(6);
    const latest = await env.database.db.selectFrom('meetings').selectAll().where('state', '=', 'booked').executeTakeFirstOrThrow();
    expect(latest.id).not.toBe(meeting.id);

    // The question comes an hour after the (new) meeting's end, days before the week is over.
    await env.advance(latest.ends_at!.getTime() - env.clock.now().getTime() + 3_600_000 + 1000);
    expect(asa.text()).toContain('Was your conversation with Mo on Leadership useful?');
    expect(mo.text()).toContain('Was your conversation with Asa on Leadership useful?');
    expect(env.clock.now().getTime()).toBeLessThan(Date.parse('2027-03-29T07:00:00Z'));
    expect(env.fake.problems).toEqual([]);
  });

  it('runs a program made from the flash template: no rounds, a mentor enrolling, an ask served', { timeout: 180_000 }, async () => {
    env = await SlackPlatform.start(kind, { leads: ['U_LEA'], transport: 'http' });
    const lea = env.person('Lea');
    await lea.command('/mentor admin program create flash');
    for (let step = 0; step < 4; step += 1) {
      await lea.submit({});
      expect(lea.lastErrors).toBeUndefined();
    }
    expect(lea.text()).toContain('It is a flash program: it has no matching rounds.');
    await lea.command('/mentor admin round open');
    expect(lea.text()).toContain('“Flash mentoring” is a flash program: it has no matching rounds to open, close, match or publish.');

    const mo = env.person('Mo');
    await mo.command('/mentor offer');
    await completeSurveyModal(mo, { ...mentorAnswers(1), expertise3: ['feedback'] });
    expect(mo.text()).toContain('You now take flash sessions from “Flash mentoring”: up to 3 a month.');

    const asa = env.person('Asa');
    await asa.command('/mentor find');
    expect(asa.text()).toContain('takes no mentees: ask a mentor for a 30-minute conversation with /mentor ask <topic>.');
    await asa.command('/mentor ask');
    await asa.click('Giving hard feedback');
    await asa.submit({ question: 'How do I tell a peer their work is late?' });
    await env.runDueJobs();
    expect(mo.text()).toContain('would like a 30-minute conversation with you on Giving hard feedback');
    await mo.click('Accept');
    await env.runDueJobs();
    expect(asa.text()).toContain('A 30-minute conversation on Giving hard feedback.');
    expect(asa.text()).toContain('A word from the program');
    expect(env.fake.problems).toEqual([]);
  });
});
