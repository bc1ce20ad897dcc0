// A flash session through Slack (docs/flash.md): the mentor opts in with the profile modal, the
// asker types `/mentor ask <topic>` and writes the question in a modal, the mentor accepts from a
// DM card (a second click changes nothing), both are introduced in a group DM, and a week later
// each answers the one question.
import { afterEach, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../support/databases.ts';
import { mentorAnswers } from '../../support/employee-fixtures.ts';
import { completeSurveyModal, openSlackRound } from '../../support/slack-journey.ts';
import { SlackPlatform } from '../../support/slack-platform.ts';

const DAY = 86_400_000;

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
});
