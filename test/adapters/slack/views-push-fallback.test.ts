// A form asked for from inside a modal is pushed on top of it (views.push). When Slack says the
// click's trigger_id is no longer good (it lives 3 seconds), the form is kept and the person gets
// a button that opens it; the button opens the very same form. Through the real Web API client,
// Bolt and the local fake Slack.
import { webApi } from '@slack/bolt';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openView } from '../../../adapters/slack/effects.ts';
import { createTestDatabase, databaseKinds } from '../../support/databases.ts';
import { BOT_TOKEN, SlackPlatform } from '../../support/slack-platform.ts';

describe.each(databaseKinds)('views.push with an expired trigger on %s', (kind) => {
  let env: SlackPlatform;
  // The first embedded database of a run is migrated from scratch (slow on a busy machine).
  beforeAll(async () => { await (await createTestDatabase(kind)).dispose(); }, 180_000);
  afterEach(async () => { await env?.dispose(); });

  it('keeps the form and sends a button that opens it', async () => {
    env = await SlackPlatform.start(kind);
    const alice = env.person('Alice');
    await alice.command('/mentor help');
    const client = new webApi.WebClient(BOT_TOKEN, { slackApiUrl: env.fake.apiUrl, retryConfig: { retries: 0 } });
    const view = { type: 'modal', title: { type: 'plain_text', text: 'Goal' }, close: { type: 'plain_text', text: 'Cancel' }, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Your goal' } }] };
    env.fake.failures.set('views.push', { remaining: 1, error: 'expired_trigger_id' });
    await openView({ db: env.database.db, core: env.core }, {
      client, actor: { platform: 'slack', workspaceExternalId: env.team.id, platformUserId: alice.id }, triggerId: 'expired-trigger', inModal: true,
    }, view);
    // Pushed (inside a modal), not opened; refused for its trigger.
    expect(env.fake.callsOf('views.push:failed').map((c) => c.args.trigger_id)).toEqual(['expired-trigger']);
    expect(env.fake.callsOf('views.push')).toEqual([]);
    expect(env.fake.callsOf('views.open')).toEqual([]);
    const kept = await env.database.db.selectFrom('slack_deferred_views').selectAll().execute();
    expect(kept.map((k) => k.user_id)).toEqual([alice.id]);
    // No response_url in this surface: the button comes by DM.
    expect(alice.lastMessageText()).toContain('could not open in time');
    await alice.click('Open the form');
    const opened = env.fake.callsOf('views.open').at(-1)!;
    expect(opened.args.trigger_id).toBe(alice.lastTrigger());
    expect(opened.args.view).toMatchObject({ type: 'modal', blocks: view.blocks });
    expect(env.fake.problems).toEqual([]);
  });
});
