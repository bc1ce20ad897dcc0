import { afterEach, describe, expect, it, vi } from 'vitest';
import { getConversationRef } from '../../../src/db/repositories/conversation-ref.repository.ts';
import { failNextWrite } from '../../support/database-blip.ts';
import { databaseKinds } from '../../support/databases.ts';
import { APP_ID, createTeamsHarness, type TeamsHarness } from '../../support/teams-harness.ts';

async function personId(env: TeamsHarness, aadObjectId: string): Promise<string | undefined> {
  const row = await env.database.db.selectFrom('people').select('id').where('platform_user_id', '=', aadObjectId).executeTakeFirst();
  return row?.id;
}

describe.each(databaseKinds)('Teams personal chat on %s', (kind) => {
  let env: TeamsHarness;
  afterEach(async () => { await env?.dispose(); });

  it('welcomes once on install, saves the conversation, and forgets it on uninstall', async () => {
    env = await createTeamsHarness(kind);
    const ada = env.user('Ada');
    await ada.install();
    expect(ada.messages()).toHaveLength(1);
    expect(ada.lastText()).toContain('I run your company’s mentoring programs');
    expect(ada.lastText()).toContain('find: answer the mentee survey');
    expect(ada.lastText()).not.toContain('/mentor');
    const id = await personId(env, 'aad-ada');
    const reference = await getConversationRef(env.database.db, id!);
    expect(reference).toMatchObject({ conversation: { id: 'a:personal-ada' }, serviceUrl: env.connector.serviceUrl });
    // Replies are signed with the bot's outbound credentials.
    expect(env.connector.calls[0]?.authorization).toBe('Bearer outbound-test-token');

    await ada.uninstall();
    expect(await getConversationRef(env.database.db, id!)).toBeUndefined();
    await ada.install();
    expect(ada.messages()).toHaveLength(2);
  });

  it('answers the command words typed to the bot, in the person’s language', async () => {
    env = await createTeamsHarness(kind);
    const camille = env.user('Camille', { locale: 'fr-FR' });
    await camille.say('aide');
    expect(camille.lastText()).toContain('trouver un mentor');
    // Teams has no App Home: the help names the word that shows the home cards.
    expect(camille.lastText()).toContain('accueil');
    await camille.say('lang en');
    expect(camille.lastText()).toBe('Done: I will speak English with you from now on.');
    await camille.say('frobnicate');
    expect(camille.lastText()).toContain('frobnicate');
  });

  it('shows the home cards on "home", since Teams has no App Home', async () => {
    env = await createTeamsHarness(kind);
    const ada = env.user('Ada');
    await ada.say('home');
    expect(ada.messages().length).toBeGreaterThan(0);
    expect(ada.lastStatus).toBe(200);
  });

  it('sends the data export as a file the person accepts into their OneDrive', async () => {
    env = await createTeamsHarness(kind);
    const ada = env.user('Ada');
    await ada.install();
    await ada.say('export');
    const offer = ada.messages().at(-1)!.activity as { attachments: { contentType: string; name: string; content: { acceptContext: unknown; sizeInBytes: number } }[] };
    const consent = offer.attachments[0]!;
    expect(consent.contentType).toBe('application/vnd.microsoft.teams.card.file.consent');
    expect(consent.name).toMatch(/^mentor-bot-data-.*\.json$/);

    // Another user cannot take it.
    const eve = env.user('Eve');
    const uploadInfo = { name: consent.name, uploadUrl: env.connector.uploadUrl(consent.name), contentUrl: 'https://contoso-my.sharepoint.com/x', uniqueId: 'u1', fileType: 'json' };
    await eve.post(eve.activity({ type: 'invoke', name: 'fileConsent/invoke', value: { type: 'fileUpload', action: 'accept', context: consent.content.acceptContext, uploadInfo } }));
    expect(env.connector.uploads.size).toBe(0);

    const { status } = await ada.post(ada.activity({ type: 'invoke', name: 'fileConsent/invoke', value: { type: 'fileUpload', action: 'accept', context: consent.content.acceptContext, uploadInfo } }));
    expect(status).toBe(200);
    const uploaded = [...env.connector.uploads.values()][0]!;
    expect(uploaded.body.length).toBe(consent.content.sizeInBytes);
    expect(JSON.parse(uploaded.body.toString('utf8'))).toHaveProperty('exportedAt');
    expect(uploaded.contentRange).toBe(`bytes 0-${uploaded.body.length - 1}/${uploaded.body.length}`);
    expect(ada.messages().at(-1)!.activity).toMatchObject({ attachments: [{ contentType: 'application/vnd.microsoft.teams.card.file.info', name: consent.name }] });
  });

  it('strips the bot mention and markup from what was typed', async () => {
    env = await createTeamsHarness(kind);
    const bob = env.user('Bob');
    await bob.post(bob.activity({
      type: 'message', text: '<at>Mentor bot</at> help',
      entities: [{ type: 'mention', text: '<at>Mentor bot</at>', mentioned: { id: `28:${APP_ID}`, name: 'Mentor bot' } }],
    }));
    expect(bob.lastStatus).toBe(200);
    expect(bob.lastText()).toContain('offer: ');
  });

  it('acts once on an activity Teams delivers twice', async () => {
    env = await createTeamsHarness(kind);
    const bob = env.user('Bob');
    const activity = bob.activity({ type: 'message', text: 'help' });
    await bob.post(activity);
    await bob.post(activity);
    expect(bob.messages()).toHaveLength(1);
  });

  it('refuses a request without a valid Bot Framework token, and changes nothing', async () => {
    env = await createTeamsHarness(kind);
    const eve = env.user('Eve');
    const attempts = [
      undefined,
      'Bearer not-a-jwt',
      `Bearer ${env.connector.forgedToken(APP_ID)}`,
      `Bearer ${env.connector.token({ audience: 'another-bot' })}`,
      `Bearer ${env.connector.token({ audience: APP_ID, serviceUrl: 'https://elsewhere.example/' })}`,
      `Bearer ${env.connector.token({ audience: APP_ID, expiresInSeconds: -3600 })}`,
    ];
    // botframework-connector prints some of these refusals to the console itself (it takes no
    // logger; which ones depends on its key cache): they are caught here and checked to be only
    // those refusals, so nothing else hides among them.
    const printed = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      for (const token of attempts) {
        const { status } = await eve.post(eve.activity({ type: 'message', text: 'help' }), token ?? '');
        expect(status, token).toBe(401);
      }
    } finally {
      printed.mockRestore();
    }
    const refusal = (first: unknown) => (first instanceof Error ? first.name === 'TokenExpiredError' : String(first).startsWith('Error finding key for token'));
    expect(printed.mock.calls.filter(([first]) => !refusal(first))).toEqual([]);
    expect(env.connector.calls).toEqual([]);
    expect(await env.database.db.selectFrom('people').selectAll().execute()).toEqual([]);
    expect(await env.database.db.selectFrom('processed_requests').selectAll().execute()).toEqual([]);
    // The same request with a real channel token goes through.
    await eve.say('help');
    expect(eve.lastText()).toContain('find: ');
  });

  it('a message whose run failed on a database blip is run again by Teams\' redelivery, then answered once', async () => {
    env = await createTeamsHarness(kind);
    const ada = env.user('Ada');
    await ada.say('help');
    await failNextWrite(env.database.db, 'people', 'update');
    const activity = ada.activity({ type: 'message', text: 'lang fr', textFormat: 'plain' });
    expect((await ada.post(activity)).status).toBe(200);
    expect(ada.lastText()).toContain('nothing was changed');
    const shown = ada.messages().length;
    // Teams redelivers the same activity (same id): it runs again and acts.
    expect((await ada.post(activity)).status).toBe(200);
    expect(ada.messages()).toHaveLength(shown + 1);
    expect(ada.lastText()).toContain('français');
    // Done now: another redelivery is answered and does nothing.
    expect((await ada.post(activity)).status).toBe(200);
    expect(ada.messages()).toHaveLength(shown + 1);
  });

  it('runs without an app id only in the explicit local mode', async () => {
    env = await createTeamsHarness(kind, { auth: 'none' });
    const ada = env.user('Ada');
    await ada.say('help');
    expect(ada.lastText()).toContain('find: ');
    expect(env.connector.calls[0]?.authorization).toBeUndefined();
  });

  it('answers malformed bodies with 400 without running the bot', async () => {
    env = await createTeamsHarness(kind);
    const response = await fetch(env.endpoint, { method: 'POST', body: '{"no":"type"}', headers: { 'content-type': 'application/json' } });
    expect(response.status).toBe(400);
    const broken = await fetch(env.endpoint, { method: 'POST', body: 'not json' });
    expect(broken.status).toBe(400);
  });
});
