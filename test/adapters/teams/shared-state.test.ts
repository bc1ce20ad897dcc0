// Two web processes of one deployment on one database, with Teams sending each activity to
// either: a form shown by one is answered by the other (errors under the fields, the next step,
// the recorded answers, all in place), a file offered by one is uploaded by the other, and a
// process started after the one that showed a form serves it. On PostgreSQL the two instances
// have a connection pool each; the embedded database lives in one process, so they share it.
import { afterEach, describe, expect, it } from 'vitest';
import { findEnrollment } from '../../../src/db/repositories/enrollment.repository.ts';
import { purgeExpiredDedupAndKeys } from '../../../src/flows/privacy/dedup-purge.ts';
import { saveJournal } from '../../../adapters/teams/turn-journal.ts';
import { databaseKinds } from '../../support/databases.ts';
import { createTeamsHarness, TENANT_ID, type TeamsHarness } from '../../support/teams-harness.ts';
import { openTeamsRound, personIdOf } from '../../support/teams-journey.ts';
import { messageText, TeamsUser } from '../../support/teams-user.ts';

const menteeAnswers = {
  topics: ['leadership'], careerObjective: 'Lead a team within two years.', domain: 'product',
  feedbackStyle: 'direct', modes: ['video'], languages: ['en'], consent: true,
};

/** One Teams user whose activities go to whichever instance `via` names, as a load balancer sends them. */
function personOnBoth(first: TeamsHarness, name: string): { user: TeamsUser; via(instance: TeamsHarness): void } {
  let target = first;
  const view = new Proxy(first, { get: (t, p) => (p === 'endpoint' ? target.endpoint : Reflect.get(t, p)) });
  return { user: new TeamsUser(view, name, {}), via: (instance) => { target = instance; } };
}

function stepAnswers(user: TeamsUser): Record<string, unknown> {
  const ids = Object.keys(user.openFormInputs()).map((id) => id.replace(/__\d+$/, ''));
  return Object.fromEntries(Object.entries(menteeAnswers).filter(([id]) => ids.includes(id)));
}

describe.each(databaseKinds)('Teams state shared by several web processes on %s', (kind) => {
  const instances: TeamsHarness[] = [];
  afterEach(async () => {
    // The first instance owns the database and the connector: it goes last.
    for (const instance of instances.reverse()) await instance.dispose();
    instances.length = 0;
  });

  async function start(shareWith?: TeamsHarness): Promise<TeamsHarness> {
    const instance = await createTeamsHarness(kind, { start: new Date('2027-03-03T09:00:00Z'), ...(shareWith ? { shareWith } : {}) });
    instances.push(instance);
    return instance;
  }

  it('answers a form shown by one process in the other, step after step, in place', async () => {
    const a = await start();
    const b = await start(a);
    const { round } = await openTeamsRound(a);
    const { user: mia, via } = personOnBoth(a, 'Mia');
    await mia.install();
    await mia.say('find');
    const formMessage = mia.messages().at(-1)!;

    // B never showed this form: it finds it all the same, and answers the refused step in place.
    via(b);
    await mia.fill({ careerObjective: 'x'.repeat(5_000) });
    expect(mia.lastInvoke?.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(JSON.stringify(mia.lastInvoke?.value)).toContain('"color":"Attention"');
    expect(mia.openFormInputs().careerObjective?.value).toBe('x'.repeat(5_000));

    // The steps alternate between the two processes.
    for (const instance of [b, a, b, a]) {
      via(instance);
      await mia.fill(stepAnswers(mia));
      expect(mia.lastInvoke?.type).toBe('application/vnd.microsoft.card.adaptive');
    }
    const survey = mia.messages().find((m) => m.id === formMessage.id)!;
    expect(messageText(survey.activity)).toContain('✓ Find a mentor (4/4)');
    expect(mia.lastText()).toContain('Thank you, your answers are saved.');
    expect((await findEnrollment(a.database.db, round.id, await personIdOf(a, mia), 'mentee'))?.status).toBe('submitted');
  }, 180_000);

  it('uploads a file offered by one process when the person accepts through the other', async () => {
    const a = await start();
    const b = await start(a);
    const { user: ada, via } = personOnBoth(a, 'Ada');
    await ada.install();
    await ada.say('export');
    const consent = (ada.messages().at(-1)!.activity as { attachments: { name: string; content: { acceptContext: unknown; sizeInBytes: number } }[] }).attachments[0]!;
    const uploadInfo = { name: consent.name, uploadUrl: a.connector.uploadUrl(consent.name), contentUrl: 'https://contoso-my.sharepoint.com/x', uniqueId: 'u1', fileType: 'json' };
    const accept = () => ada.activity({ type: 'invoke', name: 'fileConsent/invoke', value: { type: 'fileUpload', action: 'accept', context: consent.content.acceptContext, uploadInfo } });

    via(b);
    expect((await ada.post(accept())).status).toBe(200);
    const uploaded = [...a.connector.uploads.values()];
    expect(uploaded).toHaveLength(1);
    expect(uploaded[0]!.body.length).toBe(consent.content.sizeInBytes);
    expect(ada.messages().at(-1)!.activity).toMatchObject({ attachments: [{ contentType: 'application/vnd.microsoft.teams.card.file.info', name: consent.name }] });
    // Taken once: accepting again through either process uploads nothing more.
    via(a);
    expect((await ada.post(accept())).status).toBe(200);
    expect(a.connector.uploads.size).toBe(1);
    expect(await a.database.db.selectFrom('adapter_state').select('kind').where('kind', '=', 'teams.file_offer').execute()).toEqual([]);
  });

  it('serves, after a restart, a form and a file offer the stopped process showed', async () => {
    const a = await start();
    const before = await start(a);
    await openTeamsRound(a);
    const { user: mia, via } = personOnBoth(before, 'Mia');
    await mia.install();
    await mia.say('find');
    await mia.say('export');
    const consent = (mia.messages().at(-1)!.activity as { attachments: { name: string; content: { acceptContext: unknown } }[] }).attachments[0]!;
    await before.dispose();
    instances.splice(instances.indexOf(before), 1);

    const after = await start(a);
    via(after);
    await mia.fill(stepAnswers(mia));
    expect(mia.lastInvoke?.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(messageText({ attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: mia.lastInvoke!.value }] })).toContain('Find a mentor (2/4)');
    const uploadInfo = { name: consent.name, uploadUrl: a.connector.uploadUrl(consent.name), contentUrl: 'https://contoso-my.sharepoint.com/x', uniqueId: 'u1', fileType: 'json' };
    expect((await mia.post(mia.activity({ type: 'invoke', name: 'fileConsent/invoke', value: { type: 'fileUpload', action: 'accept', context: consent.content.acceptContext, uploadInfo } }))).status).toBe(200);
    expect(a.connector.uploads.size).toBe(1);
  }, 120_000);

  it('keeps forms and offers until they expire, then the daily purge deletes them', async () => {
    const a = await start();
    await openTeamsRound(a);
    const mia = a.user('Mia');
    await mia.install();
    await mia.say('find');
    await mia.say('export');
    const kinds = async () => (await a.database.db.selectFrom('adapter_state').select('kind').orderBy('kind').execute()).map((r) => r.kind);
    expect(await kinds()).toEqual(['teams.file_offer', 'teams.form']);
    const now = Date.now();
    expect((await purgeExpiredDedupAndKeys(a.database.db, new Date(now))).adapterState).toBe(0);
    // The offer lives a day, the form 30 days.
    expect((await purgeExpiredDedupAndKeys(a.database.db, new Date(now + 25 * 3_600_000))).adapterState).toBe(1);
    expect(await kinds()).toEqual(['teams.form']);
    expect((await purgeExpiredDedupAndKeys(a.database.db, new Date(now + 31 * 86_400_000))).adapterState).toBe(1);
    expect(await kinds()).toEqual([]);
  });

  it('erases the forms shown and the files offered to a person who erases their data', async () => {
    const a = await start();
    await openTeamsRound(a);
    const [mia, bob] = [a.user('Mia'), a.user('Bob')];
    for (const user of [mia, bob]) {
      await user.install();
      await user.say('find');
      await user.say('export');
    }
    // Replies of an earlier turn still to be sent to each (their sends were refused): a turn's journal.
    for (const user of ['aad-mia', 'aad-bob']) {
      expect(await saveJournal(a.database.db, `turn:${user}`, { operations: [] }, { platform: 'teams', workspaceExternalId: TENANT_ID, platformUserId: user }, new Date())).toBe(true);
    }
    const owners = async () => (await a.database.db.selectFrom('adapter_state').select('user_id').orderBy('user_id').execute()).map((r) => r.user_id);
    expect(await owners()).toEqual(['aad-bob', 'aad-bob', 'aad-bob', 'aad-mia', 'aad-mia', 'aad-mia']);
    const miaId = await personIdOf(a, mia);
    await mia.say('delete');
    await mia.click('Erase my data');
    const erased = await a.database.db.selectFrom('people').select('erased_at').where('id', '=', miaId).executeTakeFirstOrThrow();
    expect(erased.erased_at).not.toBeNull();
    expect(await owners()).toEqual(['aad-bob', 'aad-bob', 'aad-bob']);
  });
// A loaded machine starts an app slowly; no assertion here is about time.
}, 180_000);
