// People pickers on Teams are type-ahead searches the bot answers (application/search): over
// everyone the bot knows in the workspace, however many, never the person themself, and, when the
// app registration is granted User.ReadBasic.All, over the organisation's directory in Microsoft
// Graph (a local fake that follows Graph's documented requests and answers). A person found only
// in Graph can be picked: the bot looks them up and creates them. A Graph failure falls back to
// the people the bot knows, and says so in a log line.
import { afterEach, describe, expect, it } from 'vitest';
import { findEnrollment } from '../../../src/db/repositories/enrollment.repository.ts';
import { findPersonByPlatformId, getPerson, upsertPerson } from '../../../src/db/repositories/person.repository.ts';
import { findWorkspace } from '../../../src/db/repositories/workspace.repository.ts';
import { databaseKinds } from '../../support/databases.ts';
import { FakeGraph } from '../../support/graph-fake.ts';
import { APP_ID, createTeamsHarness, TENANT_ID, type TeamsHarness } from '../../support/teams-harness.ts';
import { MENTEE_ANSWERS, answerSteps, openTeamsRound, personIdOf } from '../../support/teams-journey.ts';

describe.each(databaseKinds)('people search in Teams on %s', (kind) => {
  let env: TeamsHarness | undefined;
  let graph: FakeGraph | undefined;
  afterEach(async () => {
    await env?.dispose();
    await graph?.stop();
    env = undefined;
    graph = undefined;
  });

  it('finds the 101st person and beyond, never oneself, and people of the directory through Graph, falling back when Graph fails', { timeout: 120_000 }, async () => {
    graph = new FakeGraph({ tenantId: TENANT_ID, clientId: APP_ID, clientSecret: 'test-secret' });
    await graph.start();
    graph.users.push(
      { id: 'aad-zoe', displayName: 'Zoé Martin', mail: 'zoe.martin@acme.example', userPrincipalName: 'zoe.martin@acme.example', jobTitle: 'secret' },
      { id: 'aad-mia', displayName: 'Mia', mail: 'mia@acme.example', userPrincipalName: 'mia@acme.example' },
      { id: 'aad-yann', displayName: 'Yann Zorn', mail: null, userPrincipalName: 'yann@acme.example' },
    );
    const warnings: string[] = [];
    env = await createTeamsHarness(kind, {
      start: new Date('2027-03-03T09:00:00Z'), graphUrl: graph.url,
      logger: { info: () => {}, warn: (_obj, msg) => { if (msg) warnings.push(msg); }, error: () => {} },
    });
    const { round } = await openTeamsRound(env);
    const db = env.database.db;
    const mia = env.user('Mia');
    await mia.install();
    const workspace = (await findWorkspace(db, 'teams', TENANT_ID))!;
    for (let i = 0; i < 150; i += 1) await upsertPerson(db, workspace.id, { platformUserId: `aad-extra-${i}`, displayName: `Extra ${String(i).padStart(3, '0')}` });

    await mia.say('find');
    await answerSteps(mia, MENTEE_ANSWERS, 3);
    const inputs = mia.openFormInputs();
    expect(inputs.avoid).toMatchObject({ type: 'Input.ChoiceSet', 'choices.data': { type: 'Data.Query', dataset: 'mentor.people.others' }, choices: [] });
    expect(inputs.manager).toMatchObject({ 'choices.data': { type: 'Data.Query', dataset: 'mentor.people.others' } });

    // Everyone the bot knows, well past the first 100, a page of 15 at a time.
    expect(await mia.search('manager', 'extra 140')).toEqual([{ title: 'Extra 140', value: 'aad-extra-140' }]);
    const pages = [];
    for (let skip = 0; skip < 165; skip += 15) pages.push(...await mia.search('avoid', 'extra', { skip }));
    expect(pages.map((p) => p.value)).toEqual(Array.from({ length: 150 }, (_, i) => `aad-extra-${i}`));
    // Never the person answering (nobody avoids or manages themself), though Graph knows her too.
    expect((await mia.search('avoid', 'mia')).map((r) => r.value)).not.toContain('aad-mia');
    expect((await mia.search('manager', 'mia')).map((r) => r.value)).not.toContain('aad-mia');
    // The directory adds people the bot never met, after those it knows.
    expect(await mia.search('avoid', 'zo')).toEqual([
      { title: 'Zoé Martin (zoe.martin@acme.example)', value: 'aad-zoe' },
      { title: 'Yann Zorn', value: 'aad-yann' },
    ]);
    const searchCall = graph.requests.filter((r) => r.path === '/v1.0/users').at(-1)!;
    expect(searchCall.headers.consistencylevel).toBe('eventual');
    expect(searchCall.query.get('$search')).toBe('"displayName:zo" OR "mail:zo"');
    expect(searchCall.query.get('$select')).toBe('id,displayName,mail,userPrincipalName');
    expect(graph.tokensIssued).toBe(1);

    // Graph fails: the people the bot knows only, and a log line says so.
    graph.failNext = { count: 1, status: 503 };
    expect(await mia.search('avoid', 'zo')).toEqual([]);
    expect(warnings).toContain('graph people search failed: answering with the people the bot knows only');

    // Picking a person found only in Graph: the bot looks her up and stores her.
    await mia.fill({ avoid: ['aad-zoe'], manager: ['aad-extra-140'], consent: true });
    expect(mia.lastText()).toContain('Thank you, your answers are saved.');
    const zoe = await findPersonByPlatformId(db, workspace.id, 'aad-zoe');
    expect(zoe).toMatchObject({ displayName: 'Zoé Martin', email: 'zoe.martin@acme.example' });
    const menteeId = await personIdOf(env, mia);
    const enrollment = await findEnrollment(db, round.id, menteeId, 'mentee');
    expect((enrollment?.answers as { avoid: string[] }).avoid).toEqual([zoe!.id]);
    const extra = await findPersonByPlatformId(db, workspace.id, 'aad-extra-140');
    expect((await getPerson(db, menteeId))?.managerId).toBe(extra!.id);
  });

  it('searches only the people the bot knows when Graph is not set up', async () => {
    env = await createTeamsHarness(kind, { start: new Date('2027-03-03T09:00:00Z') });
    await openTeamsRound(env);
    const mia = env.user('Mia');
    const omar = env.user('Omar');
    await omar.install();
    await mia.install();
    await mia.say('find');
    await answerSteps(mia, MENTEE_ANSWERS, 3);
    expect(await mia.search('avoid', 'O')).toEqual([{ title: 'Omar', value: 'aad-omar' }]);
    expect(await mia.search('avoid', 'zo')).toEqual([]);
    // A wildcard typed is a character like any other.
    expect(await mia.search('avoid', '%')).toEqual([]);
  });
});
