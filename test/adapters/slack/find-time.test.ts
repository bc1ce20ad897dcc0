// "Find a time" through Slack (Bolt over signed HTTP, the Slack Web API fake) on both databases,
// at each calendar level: either member presses the intro's button in the group DM, each gets
// the times in a DM, both pick the same, and the invitation arrives (an .ics uploaded with
// files.uploadV2, read back by ical.js; or the calendar event's links); a calendar that is down
// falls back to the .ics file and says so.
import { afterEach, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../support/databases.ts';
import { BOOKED_TEXT, LEVELS, startLevel, type StartedLevel } from '../../support/calendar-levels.ts';
import { parseIcs } from '../../support/find-time.ts';
import { runRound } from '../../support/fixtures.ts';
import { openSlackRound, proposeAndSend } from '../../support/slack-journey.ts';
import { SlackPlatform } from '../../support/slack-platform.ts';
import type { SlackTestUser } from '../../support/slack-user.ts';

const cases = databaseKinds.flatMap((kind) => LEVELS.map((level) => [kind, level] as const));

/** The times offered to this user, as button labels of their newest times card. */
function slotLabels(user: SlackTestUser): string[] {
  const card = [...user.messages()].reverse().find((m) => JSON.stringify(m.blocks).includes('Find a time with'));
  return [...JSON.stringify(card?.blocks ?? []).matchAll(/"text":"([^"]*\d{2}:\d{2}–\d{2}:\d{2})"/g)].map((m) => m[1]!);
}

describe.each(cases)('finding a time through Slack on %s (%s)', (kind, level) => {
  let env: SlackPlatform;
  let started: StartedLevel;
  afterEach(async () => { await env?.dispose(); await started?.stop(); });

  it('offers the times in DMs and delivers the invitation to both', async () => {
    started = await startLevel(level);
    env = await SlackPlatform.start(kind, { start: new Date('2027-03-22T07:00:00Z'), ...(started.calendar ? { calendar: started.calendar } : {}) });
    const { round } = await openSlackRound(env, { checkinCadence: 'P2W' });
    const mia = env.person('Mia', { tz: 'Europe/Paris' });
    const kenji = env.person('Kenji', { tz: 'Europe/London' });
    await mia.command('/mentor help');
    await kenji.command('/mentor help');
    await runRound(env, round);
    await proposeAndSend(env, round, mia, kenji);
    await mia.click('Accept');
    await kenji.click('Accept');
    await env.runDueJobs();

    // The button is on the intro both share; the mentor presses it.
    await kenji.click('Find a time');
    expect(kenji.text()).toContain('looking for three times');
    await env.runDueJobs();
    const miaTimes = slotLabels(mia);
    const kenjiTimes = slotLabels(kenji);
    expect(miaTimes).toHaveLength(3);
    expect(kenjiTimes).toHaveLength(3);
    // London is an hour behind Paris: the same times, read in each one's zone.
    expect(Number(miaTimes[0]!.match(/(\d{2}):\d{2}–/)![1]) - Number(kenjiTimes[0]!.match(/(\d{2}):\d{2}–/)![1])).toBe(1);
    if (level === 'fallback') expect(mia.text()).toContain('I couldn’t reach your calendars just now');

    await mia.click(miaTimes[2]!);
    await env.runDueJobs();
    expect(kenji.text()).toContain('Mia picked a time');
    await kenji.click(kenjiTimes[2]!);
    await env.runDueJobs();

    const uploads = env.fake.callsOf('upload');
    if (level === 'ics' || level === 'fallback') {
      // One file for each, uploaded in their own DM with the comment as its message.
      expect(uploads).toHaveLength(2);
      const completed = env.fake.callsOf('files.completeUploadExternal');
      expect(completed.map((c) => String(c.args.initial_comment))).toEqual(expect.arrayContaining([expect.stringContaining(BOOKED_TEXT[level])]));
      // The upload is multipart form data around the file's bytes.
      const body = String(uploads[0]!.args.body);
      const event = parseIcs(body.slice(body.indexOf('BEGIN:VCALENDAR'), body.indexOf('END:VCALENDAR') + 'END:VCALENDAR\r\n'.length));
      expect(event.startDate.hour).toBe(Number(miaTimes[2]!.match(/(\d{2}):\d{2}–/)![1]));
      expect(event.startDate.zone?.tzid).toBe('Europe/Paris');
    } else {
      expect(uploads).toHaveLength(0);
      for (const user of [mia, kenji]) {
        expect(user.text()).toContain(BOOKED_TEXT[level]);
        expect(JSON.stringify(user.messages().at(-1)!.blocks)).toMatch(level === 'microsoft' ? /https:\/\/teams\.microsoft\.com\// : /https:\/\/meet\.google\.com\//);
      }
      expect(started.fake!.events).toHaveLength(1);
    }
    expect(env.fake.problems).toEqual([]);
  });
});
