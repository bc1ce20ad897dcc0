// "Find a time" through Teams (botbuilder's CloudAdapter, the fake Bot Connector) on both
// databases, at each calendar level: the intro reaches each member as their own copy with the
// button, `time` works as a message, each member gets the times card, both pick the same, and the
// invitation arrives: an .ics offered through the file consent card and uploaded on acceptance
// (read back by ical.js), or a card with the calendar event's links; a calendar that is down falls
// back to the file and says so.
import { afterEach, describe, expect, it } from 'vitest';
import { claimDelivery } from '../../../src/db/repositories/delivery.repository.ts';
import { insertProposedPair, transitionPair } from '../../../src/db/repositories/pair.repository.ts';
import type { Pair } from '../../../src/domain/model.ts';
import { deliveryJob } from '../../../src/flows/context.ts';
import { BOOKED_TEXT, LEVELS, startLevel, type StartedLevel } from '../../support/calendar-levels.ts';
import { databaseKinds } from '../../support/databases.ts';
import { parseIcs } from '../../support/find-time.ts';
import { createTeamsHarness, type TeamsHarness } from '../../support/teams-harness.ts';
import { openTeamsRound, personIdOf } from '../../support/teams-journey.ts';
import { messageText, type TeamsUser } from '../../support/teams-user.ts';

const cases = databaseKinds.flatMap((kind) => LEVELS.map((level) => [kind, level] as const));

const TIME = /(\d{2}):\d{2}–\d{2}:\d{2}/;

/** The times on this user's newest times card. */
function slotLabels(user: TeamsUser): string[] {
  const card = [...user.messages()].reverse().find((m) => JSON.stringify(m.activity).includes('Find a time with'));
  // A button appears twice in the card (Action.Execute, and Action.Submit for older clients).
  return [...new Set([...JSON.stringify(card?.activity ?? {}).matchAll(/"title":"([^"]*\d{2}:\d{2}–\d{2}:\d{2})"/g)].map((m) => m[1]!))];
}

describe.each(cases)('finding a time through Teams on %s (%s)', (kind, level) => {
  let env: TeamsHarness;
  let started: StartedLevel;
  afterEach(async () => { await env?.dispose(); await started?.stop(); });

  async function introduced(): Promise<{ mia: TeamsUser; omar: TeamsUser; pair: Pair }> {
    started = await startLevel(level);
    env = await createTeamsHarness(kind, { start: new Date('2027-03-22T07:00:00Z'), ...(started.calendar ? { calendar: started.calendar } : {}) });
    const { round } = await openTeamsRound(env);
    const mia = env.user('Mia');
    const omar = env.user('Omar');
    await mia.install();
    await omar.install();
    const ids = [await personIdOf(env, mia), await personIdOf(env, omar)] as const;
    const db = env.database.db;
    // Their work addresses, as the directory gives them (the calendar finds them by address).
    await db.updateTable('people').set({ email: 'mia@contoso.com' }).where('id', '=', ids[0]).execute();
    await db.updateTable('people').set({ email: 'omar@contoso.com', timezone: 'America/New_York' }).where('id', '=', ids[1]).execute();
    await db.updateTable('people').set({ timezone: 'Europe/Paris' }).where('id', '=', ids[0]).execute();
    const now = env.clock.now();
    const proposed = await insertProposedPair(db, {
      workspaceId: round.workspaceId, programId: round.programId, roundId: round.id, menteeId: ids[0], mentorId: ids[1], score: 80, reasons: [], source: 'round',
    }, now, new Date(now.getTime() + 72 * 3_600_000));
    const pair = (await transitionPair(db, proposed.id, { from: ['proposed'], to: 'active', patch: { activated_at: now }, actorId: null, at: now }))!;
    await claimDelivery(db, { workspaceId: pair.workspaceId, idempotencyKey: `pair.intro:${pair.id}`, kind: 'pair.intro', personId: null, matchId: pair.id, payload: { matchId: pair.id, recipients: ids.join(',') } });
    await env.scheduler.schedule(deliveryJob(`pair.intro:${pair.id}`));
    await env.runDueJobs();
    return { mia, omar, pair };
  }

  it('offers the times to each member and delivers the invitation', async () => {
    const { mia, omar } = await introduced();
    // The mentee presses the button on her copy of the intro; the mentor asks with `time` too.
    await mia.click('Find a time');
    expect(mia.text()).toContain('looking for three times');
    await omar.say('time');
    await env.runDueJobs();
    const miaTimes = slotLabels(mia);
    const omarTimes = slotLabels(omar);
    expect(miaTimes).toHaveLength(3);
    expect(omarTimes).toHaveLength(3);
    // New York is five hours behind Paris this week (its summer time started on 14 March).
    expect(Number(miaTimes[0]!.match(TIME)![1]) - Number(omarTimes[0]!.match(TIME)![1])).toBe(5);
    if (level === 'fallback') expect(mia.text()).toContain('I couldn’t reach your calendars just now');

    await omar.click(omarTimes[1]!);
    await env.runDueJobs();
    expect(mia.text()).toContain('Omar picked a time');
    await mia.click(miaTimes[1]!);
    await env.runDueJobs();

    if (level === 'ics' || level === 'fallback') {
      for (const user of [mia, omar]) {
        const offer = user.messages().at(-1)!.activity as { text?: string; attachments: { contentType: string; name: string; content: { acceptContext: unknown } }[] };
        const consent = offer.attachments[0]!;
        expect(consent.contentType).toBe('application/vnd.microsoft.teams.card.file.consent');
        expect(consent.name).toMatch(/^mentoring-2027-03-\d\d\.ics$/);
        expect(offer.text).toContain(BOOKED_TEXT[level]);
        const uploadInfo = { name: consent.name, uploadUrl: env.connector.uploadUrl(`${user.name}-${consent.name}`), contentUrl: 'https://contoso-my.sharepoint.com/x', uniqueId: user.name, fileType: 'ics' };
        const { status } = await user.post(user.activity({ type: 'invoke', name: 'fileConsent/invoke', value: { type: 'fileUpload', action: 'accept', context: consent.content.acceptContext, uploadInfo } }));
        expect(status).toBe(200);
      }
      const uploads = [...env.connector.uploads.values()];
      expect(uploads).toHaveLength(2);
      const event = parseIcs(uploads[0]!.body.toString('utf8'));
      expect(event.startDate.zone?.tzid).toBe('Europe/Paris');
      expect(event.startDate.hour).toBe(Number(miaTimes[1]!.match(TIME)![1]));
    } else {
      for (const user of [mia, omar]) {
        const booked = messageText(user.messages().at(-1)!.activity);
        expect(booked).toContain(BOOKED_TEXT[level]);
        expect(JSON.stringify(user.messages().at(-1)!.activity)).toMatch(level === 'microsoft' ? /https:\/\/teams\.microsoft\.com\// : /https:\/\/meet\.google\.com\//);
      }
      expect(started.fake!.events).toHaveLength(1);
    }
  });
});
