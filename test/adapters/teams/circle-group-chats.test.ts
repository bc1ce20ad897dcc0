// A circle's Teams group chat made through Microsoft Graph (TEAMS_CIRCLE_GROUP_CHATS=true), with
// the real Teams adapter, a local fake Graph (documented shapes: POST /v1.0/chats, POST
// /v1.0/chats/{id}/installedApps, GET /v1.0/users/{id}/chats) and the fake Bot Connector: the
// chat is made with the circle's people and its topic, the bot's app installed in it, the intro
// and the check-in posted there once, and a check-in answered from it privately. And where a chat
// cannot be had (a permission refused, a member without an Entra object id), each member gets
// their own copy, as without the setting (circles.test.ts); an attempt whose answer was lost or
// not understood never leaves the circle with two chats; 429s are waited out.
import { afterEach, describe, expect, it } from 'vitest';
import { getCircle, listCircles } from '../../../src/db/repositories/circle.repository.ts';
import { json } from '../../../src/db/repositories/db.ts';
import { submitEnrollment } from '../../../src/db/repositories/enrollment.repository.ts';
import { setProgramLeads } from '../../../src/db/repositories/lead.repository.ts';
import type { Round } from '../../../src/domain/model.ts';
import { message } from '../../../src/ui/model.ts';
import { richText } from '../../../src/ui/rich-text.ts';
import { MAX_TOPIC } from '../../../adapters/teams/circle-chats.ts';
import { databaseKinds } from '../../support/databases.ts';
import { FakeGraph } from '../../support/graph-fake.ts';
import { APP_ID, createTeamsHarness, TENANT_ID, type TeamsHarness } from '../../support/teams-harness.ts';
import { openTeamsRound, personIdOf } from '../../support/teams-journey.ts';
import type { TeamsUser } from '../../support/teams-user.ts';

const WEEK = 7 * 86_400_000;
const CATALOG_ID = '1542629c-01b3-4a6d-8f76-1938b779e48d';
const common = {
  domain: 'product', values: ['learning'], cadenceDays: 14, sessionMinutes: 60, modes: ['video'], languages: ['en'],
  workingHours: { start: '09:00', end: '17:30' }, feedbackStyle: 'direct', avoid: [], consent: true,
};
const NAMES = ['Lea', 'Omar', 'Ana', 'Ben', 'Cleo'] as const;
const aadOf = (k: number) => `0000000${k}-aaaa-4bbb-8ccc-00000000000${k}`;

async function enroll(env: TeamsHarness, round: Round, user: TeamsUser, role: 'mentee' | 'mentor'): Promise<void> {
  const answers = role === 'mentee'
    ? { ...common, topics: ['leadership'], careerObjective: 'Lead a team.', seniorityGap: 'any', department: 'any' }
    : { ...common, expertise: [{ topic: 'leadership', level: 3 }], yearsExperience: 12, capacity: 1, mentoringExperience: 'some' };
  await submitEnrollment(env.database.db, {
    workspaceId: round.workspaceId, roundId: round.id, personId: await personIdOf(env, user), role, answers, capacity: role === 'mentor' ? 1 : null, at: env.clock.now(),
  });
}

interface World {
  env: TeamsHarness;
  graph: FakeGraph;
  users: Record<(typeof NAMES)[number], TeamsUser>;
  round: Round;
  warnings: string[];
  errors: string[];
}

/**
 * A round with a lead (Lea), a mentor (Omar) and three mentees, everyone with the app installed;
 * `entraIds: false` for Cleo: a client that sends no Entra object id (only a Bot Framework id).
 */
async function world(kind: (typeof databaseKinds)[number], graph: FakeGraph, options: { configured?: boolean; cleoWithoutEntraId?: boolean } = {}): Promise<World> {
  const warnings: string[] = [];
  const errors: string[] = [];
  const logger = { info: () => {}, warn: (_obj: object, msg?: string) => { warnings.push(msg ?? ''); }, error: () => {} };
  const coreLogger = { info: () => {}, warn: () => {}, error: (obj: object, msg?: string) => { errors.push(`${msg ?? ''} ${JSON.stringify(obj)}`); } };
  const env = await createTeamsHarness(kind, {
    start: new Date('2027-03-01T08:00:00Z'), logger, coreLogger,
    ...(options.configured === false ? {} : { circleChats: { url: graph.url, catalogAppId: CATALOG_ID } }),
  });
  const users = Object.fromEntries(NAMES.map((name, k) => [name, env.user(name, {
    aadObjectId: name === 'Cleo' && options.cleoWithoutEntraId ? '29:cleo-emulator' : aadOf(k + 1),
  })])) as World['users'];
  for (const [k, name] of NAMES.entries()) {
    graph.users.push({ id: aadOf(k + 1), displayName: name, mail: `${name.toLowerCase()}@acme.test`, userPrincipalName: `${name.toLowerCase()}@acme.test` });
  }
  const { program, round } = await openTeamsRound(env);
  await env.database.db.updateTable('programs').set({ settings: json({ ...program.settings, checkinCadence: 'P1W' }) }).where('id', '=', program.id).execute();
  for (const u of Object.values(users)) await u.install();
  await setProgramLeads(env.database.db, program.id, [await personIdOf(env, users.Lea)]);
  await enroll(env, round, users.Omar, 'mentor');
  for (const u of [users.Ana, users.Ben, users.Cleo]) await enroll(env, round, u, 'mentee');
  await users.Omar.say('circle leadership 3');
  await users.Lea.say('admin circles fill');
  expect(users.Lea.text()).toContain('3 mentees seated. 1 circle started.');
  return { env, graph, users, round, warnings, errors };
}

const circleMembers = (w: World) => [w.users.Omar, w.users.Ana, w.users.Ben, w.users.Cleo];
const chatPosts = (w: World, chatId: string) => w.env.connector.inConversation(chatId).filter((c) => c.method === 'POST');
const createCalls = (g: FakeGraph) => g.bodies.filter((b) => b.method === 'POST' && b.path === '/v1.0/chats');

describe.each(databaseKinds)('a circle\'s Teams group chat through Microsoft Graph on %s', (kind) => {
  let w: World | undefined;
  let graph: FakeGraph;
  afterEach(async () => {
    await w?.env.dispose();
    await graph?.stop();
    w = undefined;
  });

  async function fakeGraph(): Promise<FakeGraph> {
    graph = new FakeGraph({ tenantId: TENANT_ID, clientId: APP_ID, clientSecret: 'test-secret' });
    await graph.start();
    graph.catalog.add(CATALOG_ID);
    return graph;
  }

  it('is made with the circle\'s people and its name, gets the bot, and holds the intro and the check-ins, answered privately', { timeout: 120_000 }, async () => {
    w = await world(kind, await fakeGraph());
    const { env, users } = w;
    await env.runDueJobs();

    // One group chat, with the mentor and the three mentees (by Entra object id), titled after the circle.
    expect(graph.chats).toHaveLength(1);
    const chat = graph.chats[0]!;
    const [circle] = await listCircles(env.database.db, w.round.id);
    expect(chat.chatType).toBe('group');
    expect(chat.members.map((m) => m.userId).sort()).toEqual([aadOf(2), aadOf(3), aadOf(4), aadOf(5)].sort());
    // The topic's long label (75 characters, an emoji in it) is cut, by characters, to keep the title within MAX_TOPIC.
    expect(chat.topic).toMatch(/^Mentoring circle: Leadership 🎤 é+… · [0-9a-f]{6}$/u);
    expect([...chat.topic!]).toHaveLength(MAX_TOPIC);
    expect(await env.database.db.selectFrom('teams_circle_chats').select(['topic', 'chat_id', 'unclear']).execute()).toEqual([{ topic: chat.topic, chat_id: chat.id, unclear: false }]);
    const created = createCalls(graph)[0]!.body as { members: Record<string, unknown>[] };
    expect(created.members[0]).toEqual({ '@odata.type': '#microsoft.graph.aadUserConversationMember', roles: ['owner'], 'user@odata.bind': `${graph.url}/v1.0/users('${aadOf(2)}')` });
    // The bot's app is installed in it, and the circle's conversation is that chat.
    expect(chat.installedApps).toEqual([CATALOG_ID]);
    expect(circle!.spaceId).toBe(chat.id);

    // The intro: one post in the chat, through the Bot Connector; no personal copies.
    const intro = chatPosts(w, chat.id);
    expect(intro).toHaveLength(1);
    expect(users.Ana.inChat(chat.id).text()).toContain('It is led by');
    for (const u of circleMembers(w)) expect(u.text()).not.toContain('It is led by');
    expect(users.Lea.text()).not.toContain('It is led by');

    // The check-in: one card in the chat; Ana answers from it, and only she sees the form and the thanks.
    await env.advance(WEEK + 4 * 3_600_000);
    expect(users.Ana.inChat(chat.id).text()).toContain('How is the circle going?');
    for (const u of circleMembers(w)) expect(u.text()).not.toContain('How is the circle going?');
    const before = chatPosts(w, chat.id).length;
    await users.Ana.inChat(chat.id).click('Answer');
    expect(users.Ana.lastText()).toContain('Circle check-in');
    await users.Ana.fill({ met: 'yes', usefulness: '4' });
    expect(users.Ana.text()).toContain('Your answer is saved; nobody in the circle sees it.');
    expect(chatPosts(w, chat.id)).toHaveLength(before);
    expect(users.Ana.inChat(chat.id).text()).not.toContain('Circle check-in');
    expect(users.Ben.text()).not.toContain('Circle check-in');
    expect(await env.database.db.selectFrom('circle_checkins').select(['met', 'usefulness']).execute()).toEqual([{ met: 'yes', usefulness: 4 }]);
    // Ana's own chat with the bot is still hers (a click in the group chat did not replace it).
    const ref = await env.database.db.selectFrom('conversation_refs').select('reference').where('person_id', '=', await personIdOf(env, users.Ana)).executeTakeFirst();
    expect((ref?.reference as { conversation: { id: string } }).conversation.id).toBe(users.Ana.conversationId);
  });

  it('updates and removes a message it posted in the chat by its activity id (the chat\'s id kept with it)', { timeout: 120_000 }, async () => {
    w = await world(kind, await fakeGraph());
    const { env } = w;
    await env.runDueJobs();
    const chat = graph.chats[0]!;
    const intro = await env.database.db.selectFrom('deliveries').select(['workspace_id', 'platform_channel_id', 'platform_message_id', 'status'])
      .where('kind', '=', 'circle.intro').executeTakeFirstOrThrow();
    expect(intro).toMatchObject({ status: 'sent', platform_channel_id: `space|${chat.id}`, platform_message_id: chatPosts(w, chat.id)[0]!.activityId });
    const sent = { channelId: intro.platform_channel_id!, messageId: intro.platform_message_id! };
    const updated = await env.teams.messenger.update(intro.workspace_id, sent, message(richText('Edited for everyone.')));
    expect(updated.ok).toBe(true);
    expect(w.users.Ben.inChat(chat.id).text()).toContain('Edited for everyone.');
    expect(await env.teams.messenger.remove!(intro.workspace_id, sent)).toEqual({ status: 'gone' });
    expect(env.connector.inConversation(chat.id).at(-1)).toMatchObject({ method: 'DELETE', activityId: sent.messageId });
    expect(w.users.Ben.inChat(chat.id).messages()).toHaveLength(0);
  });

  it('shows nothing, and posts nothing to the group, for a click in the chat from someone without a personal chat with the bot', { timeout: 120_000 }, async () => {
    w = await world(kind, await fakeGraph());
    const { env, users } = w;
    await env.runDueJobs();
    const chat = graph.chats[0]!;
    await env.advance(WEEK + 4 * 3_600_000);
    await users.Ben.uninstall();
    const posts = env.connector.calls.length;
    await users.Ben.inChat(chat.id).click('Answer');
    expect(users.Ben.lastStatus).toBe(200);
    expect(env.connector.calls).toHaveLength(posts);
    expect(w.warnings.some((m) => m.includes('without a personal chat with the bot'))).toBe(true);
  });

  it('falls back to a copy for each member when Graph refuses to make the chat (403), with one warning', { timeout: 120_000 }, async () => {
    w = await world(kind, await fakeGraph());
    graph.refuse.set('createChat', 403);
    await w.env.runDueJobs();
    const [circle] = await listCircles(w.env.database.db, w.round.id);
    expect(circle!.spaceId).toBeNull();
    expect(graph.chats).toHaveLength(0);
    for (const u of circleMembers(w)) expect(u.text()).toContain('It is led by');
    expect(w.warnings.filter((m) => m.includes('Chat.Create'))).toHaveLength(1);
    await w.env.advance(WEEK + 4 * 3_600_000);
    for (const u of circleMembers(w)) expect(u.text()).toContain('How is the circle going?');
  });

  it('falls back to a copy for each member when installing the app in the chat is refused (403)', { timeout: 120_000 }, async () => {
    w = await world(kind, await fakeGraph());
    graph.refuse.set('installApp', 403);
    await w.env.runDueJobs();
    expect((await listCircles(w.env.database.db, w.round.id))[0]!.spaceId).toBeNull();
    for (const u of circleMembers(w)) expect(u.text()).toContain('It is led by');
    expect(w.warnings.some((m) => m.includes('TeamsAppInstallation.ReadWriteSelfForChat.All'))).toBe(true);
  });

  it('falls back to a copy for each member when the app is not in the catalog under TEAMS_APP_CATALOG_ID (404)', { timeout: 120_000 }, async () => {
    w = await world(kind, await fakeGraph());
    graph.catalog.clear();
    await w.env.runDueJobs();
    expect(graph.chats).toHaveLength(1);
    expect((await listCircles(w.env.database.db, w.round.id))[0]!.spaceId).toBeNull();
    for (const u of circleMembers(w)) expect(u.text()).toContain('It is led by');
    expect(w.warnings.some((m) => m.includes('TEAMS_APP_CATALOG_ID'))).toBe(true);
  });

  it('after a 503 to the creation (nothing made), the retried job looks, finds nothing, and makes the one chat; a 503 to the installation is tried again', { timeout: 120_000 }, async () => {
    w = await world(kind, await fakeGraph());
    graph.serverErrors.set('createChat', { count: 1, status: 503 });
    graph.serverErrors.set('installApp', { count: 1, status: 503 });
    const [circle] = await listCircles(w.env.database.db, w.round.id);
    await expect(w.env.runDueJobs()).rejects.toThrow(/circle\.space_failed/);
    expect(graph.chats).toHaveLength(0);
    await w.env.advance(2 * 60_000);
    await w.env.core.runJob('circle.start', { circleId: circle!.id });
    await w.env.runDueJobs();
    expect(graph.bodies.filter((b) => b.method === 'GET' && b.path.endsWith('/chats'))).toHaveLength(1);
    expect(createCalls(graph)).toHaveLength(2);
    expect(graph.chats).toHaveLength(1);
    expect(graph.chats[0]!.installedApps).toEqual([CATALOG_ID]);
    expect(w.env.graphSleeps).toEqual([1_000]);
    expect(chatPosts(w, graph.chats[0]!.id)).toHaveLength(1);
  });

  it('makes no chat when a member has no known Entra object id: a copy for each member, and a log line', { timeout: 120_000 }, async () => {
    w = await world(kind, await fakeGraph(), { cleoWithoutEntraId: true });
    await w.env.runDueJobs();
    expect(createCalls(graph)).toHaveLength(0);
    expect((await listCircles(w.env.database.db, w.round.id))[0]!.spaceId).toBeNull();
    for (const u of circleMembers(w)) expect(u.text()).toContain('It is led by');
    expect(w.warnings.some((m) => m.includes('no known Microsoft Entra object id'))).toBe(true);
  });

  it('makes no chat when nobody in the circle has talked with the bot yet (no Bot Connector address known)', { timeout: 120_000 }, async () => {
    w = await world(kind, await fakeGraph());
    // The circle's people have no chat with the bot on record (the lead has one), and the app is in no team.
    const ids = await Promise.all(circleMembers(w).map((u) => personIdOf(w!.env, u)));
    await w.env.database.db.deleteFrom('conversation_refs').where('person_id', 'in', ids).execute();
    expect(await w.env.database.db.selectFrom('teams_teams').select('team_id').execute()).toEqual([]);
    await w.env.runDueJobs();
    expect(createCalls(graph)).toHaveLength(0);
    expect(graph.chats).toHaveLength(0);
    expect(await w.env.database.db.selectFrom('teams_circle_chats').select('name').execute()).toEqual([]);
    const [circle] = await listCircles(w.env.database.db, w.round.id);
    expect(circle!.spaceId).toBeNull();
    // The intro is decided once, as a copy for each member (who cannot be reached until they talk to the bot).
    const intros = await w.env.database.db.selectFrom('deliveries').select(['idempotency_key', 'status']).where('kind', '=', 'circle.intro').execute();
    expect(intros.filter((d) => d.idempotency_key.startsWith(`circle.intro:${circle!.id}:copy:`)).map((d) => d.status)).toEqual(['undeliverable', 'undeliverable', 'undeliverable', 'undeliverable']);
    for (const u of circleMembers(w)) expect(u.text()).not.toContain('It is led by');
  });

  it('after an outage of Graph longer than the job\'s retries, reconciliation starts the circle again: one chat, one intro', { timeout: 120_000 }, async () => {
    w = await world(kind, await fakeGraph());
    const { env } = w;
    const [circle] = await listCircles(env.database.db, w.round.id);
    // Graph fails every creation for the job's 8 attempts; then the job is given up (the queue drops it).
    graph.serverErrors.set('createChat', { count: 8, status: 503 });
    await expect(env.runDueJobs()).rejects.toThrow(/circle\.space_failed/);
    for (let attempt = 2; attempt <= 8; attempt += 1) {
      await env.advance(2 * 60_000);
      await expect(env.core.runJob('circle.start', { circleId: circle!.id })).rejects.toThrow(/circle\.space_failed/);
    }
    expect(env.scheduler.pending('circle.start')).toEqual([]);
    expect(graph.chats).toHaveLength(0);
    expect(await env.database.db.selectFrom('deliveries').select('id').where('kind', '=', 'circle.intro').execute()).toEqual([]);

    // Graph is back; the next reconciliation (every 10 minutes) asks for the circle's start again.
    await env.advance(10 * 60_000);
    await env.core.runJob('reconcile', {});
    expect(env.scheduler.pending('circle.start').map((j) => j.key)).toEqual([`circle.start:${circle!.id}`]);
    await env.runDueJobs();
    expect(graph.chats).toHaveLength(1);
    expect(createCalls(graph)).toHaveLength(9);
    expect((await getCircle(env.database.db, circle!.id))!.spaceId).toBe(graph.chats[0]!.id);
    expect(chatPosts(w, graph.chats[0]!.id)).toHaveLength(1);
    for (const u of circleMembers(w)) expect(u.text()).not.toContain('It is led by');

    // Started now: later reconciliations leave it alone (no second chat, no second intro).
    await env.core.runJob('reconcile', {});
    expect(env.scheduler.pending('circle.start')).toEqual([]);
    await env.advance(WEEK + 4 * 3_600_000);
    expect(graph.chats).toHaveLength(1);
    expect(chatPosts(w, graph.chats[0]!.id).filter((p) => JSON.stringify(p).includes('It is led by'))).toHaveLength(1);
  });

  it('gives each member their copy of the intro when Graph is still down a day after the circle started; no chat, and nothing twice once it is back', { timeout: 120_000 }, async () => {
    w = await world(kind, await fakeGraph());
    const { env } = w;
    const [circle] = await listCircles(env.database.db, w.round.id);
    graph.serverErrors.set('createChat', { count: 1_000, status: 503 });
    await expect(env.runDueJobs()).rejects.toThrow(/circle\.space_failed/);
    // Still down 23 hours later: the reconciliation's attempt fails like the job's.
    await env.advance(23 * 3_600_000);
    await env.core.runJob('reconcile', {});
    await expect(env.runDueJobs()).rejects.toThrow(/circle\.space_failed/);
    for (const u of circleMembers(w)) expect(u.text()).not.toContain('It is led by');
    // A day after the start: the members are told, each in their own chat with the bot.
    await env.advance(2 * 3_600_000);
    await env.core.runJob('reconcile', {});
    await env.runDueJobs();
    for (const u of circleMembers(w)) expect(u.text()).toContain('It is led by');
    expect((await getCircle(env.database.db, circle!.id))!.spaceId).toBeNull();
    expect(graph.chats).toHaveLength(0);
    // Graph is back: nothing more is made or sent.
    graph.serverErrors.clear();
    const creates = createCalls(graph).length;
    await env.core.runJob('reconcile', {});
    expect(env.scheduler.pending('circle.start')).toEqual([]);
    await env.runDueJobs();
    expect(createCalls(graph)).toHaveLength(creates);
    for (const u of circleMembers(w)) expect(u.text().split('It is led by')).toHaveLength(2);
  });

  // The erased person's Entra id is kept only in their circle_space_removals row, until the removal is done.
  const removals = (env: TeamsHarness) => env.database.db.selectFrom('circle_space_removals').selectAll().execute();
  const queuedWith = (env: TeamsHarness, text: string) => env.scheduler.pending().filter((j) => JSON.stringify(j.payload).includes(text));
  const deletes = () => graph.requests.filter((r) => r.method === 'DELETE');

  it('takes a member who erases their data out of the chat (listed, then their membership deleted), once, and tries again after a failure', { timeout: 120_000 }, async () => {
    w = await world(kind, await fakeGraph());
    const { env, users } = w;
    await env.runDueJobs();
    const chat = graph.chats[0]!;
    // Graph fails the first look at the members: the job is tried again.
    graph.serverErrors.set('listMembers', { count: 4, status: 503 });
    await users.Ben.say('delete');
    await users.Ben.click('Erase my data');
    // One job for the circle, carrying only the id of the row that holds Ben's Entra object id
    // (his person row is anonymised by now).
    const circle = (await listCircles(env.database.db, w.round.id))[0]!;
    const [row] = await removals(env);
    expect(row).toMatchObject({ circle_id: circle.id, platform: 'teams', platform_user_id: aadOf(4), attempts: 0 });
    expect(env.scheduler.pending('circle.space_leave').map((j) => j.payload)).toEqual([{ removalId: row!.id }]);
    expect(queuedWith(env, aadOf(4))).toEqual([]);
    expect(await env.database.db.selectFrom('people').select('platform_user_id').where('platform_user_id', '=', aadOf(4)).execute()).toEqual([]);
    await expect(env.runDueJobs()).rejects.toThrow(/circle\.space_leave_failed/);
    expect(chat.members.map((m) => m.userId)).toContain(aadOf(4));
    expect(await removals(env)).toMatchObject([{ id: row!.id, attempts: 1 }]);
    await env.core.runJob('circle.space_leave', { removalId: row!.id });
    expect(chat.members.map((m) => m.userId).sort()).toEqual([aadOf(2), aadOf(3), aadOf(5)].sort());
    expect(deletes()).toHaveLength(1);
    expect(deletes()[0]!.path.startsWith(`/v1.0/chats/${encodeURIComponent(chat.id)}/members/`)).toBe(true);
    // Done: the row, and his Entra id with it, are gone.
    expect(await removals(env)).toEqual([]);
    // Run again (a duplicate job): nothing is asked of Graph.
    const asked = graph.requests.length;
    await env.core.runJob('circle.space_leave', { removalId: row!.id });
    expect(graph.requests).toHaveLength(asked);
  });

  it('after Graph failed every attempt of the removal job, reconciliation takes the member out, once', { timeout: 120_000 }, async () => {
    w = await world(kind, await fakeGraph());
    const { env, users } = w;
    await env.runDueJobs();
    const chat = graph.chats[0]!;
    graph.serverErrors.set('listMembers', { count: 1_000, status: 503 });
    await users.Ben.say('delete');
    await users.Ben.click('Erase my data');
    const [row] = await removals(env);
    await expect(env.runDueJobs()).rejects.toThrow(/circle\.space_leave_failed/);
    for (let attempt = 2; attempt <= 8; attempt += 1) {
      await expect(env.core.runJob('circle.space_leave', { removalId: row!.id })).rejects.toThrow(/circle\.space_leave_failed/);
    }
    expect(env.scheduler.pending('circle.space_leave')).toEqual([]);
    expect(await removals(env)).toMatchObject([{ id: row!.id, attempts: 8 }]);
    expect(chat.members.map((m) => m.userId)).toContain(aadOf(4));
    graph.serverErrors.clear();
    await env.core.runJob('reconcile', {});
    expect(env.scheduler.pending('circle.space_leave').map((j) => j.payload)).toEqual([{ removalId: row!.id }]);
    expect(queuedWith(env, aadOf(4))).toEqual([]);
    await env.runDueJobs();
    expect(chat.members.map((m) => m.userId)).not.toContain(aadOf(4));
    expect(deletes()).toHaveLength(1);
    expect(await removals(env)).toEqual([]);
    await env.core.runJob('reconcile', {});
    expect(env.scheduler.pending('circle.space_leave')).toEqual([]);
  });

  it('after the queue lost the removal job, reconciliation takes the member out', { timeout: 120_000 }, async () => {
    w = await world(kind, await fakeGraph());
    const { env, users } = w;
    await env.runDueJobs();
    const chat = graph.chats[0]!;
    await users.Ben.say('delete');
    await users.Ben.click('Erase my data');
    env.scheduler.jobs.clear();
    await env.runDueJobs();
    expect(chat.members.map((m) => m.userId)).toContain(aadOf(4));
    await env.core.runJob('reconcile', {});
    await env.runDueJobs();
    expect(chat.members.map((m) => m.userId)).not.toContain(aadOf(4));
    expect(deletes()).toHaveLength(1);
    expect(await removals(env)).toEqual([]);
  });

  it('logs clearly, once, and does not retry when Graph refuses to take an erased member out of the chat (403)', { timeout: 120_000 }, async () => {
    w = await world(kind, await fakeGraph());
    const { env, users } = w;
    await env.runDueJobs();
    graph.refuse.set('listMembers', 403);
    await users.Ana.say('delete');
    await users.Ana.click('Erase my data');
    await env.runDueJobs();
    expect(graph.chats[0]!.members.map((m) => m.userId)).toContain(aadOf(3));
    expect(w.warnings.filter((m) => m.includes('ChatMember.ReadWrite.All'))).toHaveLength(1);
    // One error for an administrator, naming the circle, never her Entra id.
    expect(w.errors.filter((m) => m.includes('refused for good'))).toHaveLength(1);
    expect(w.errors.filter((m) => m.includes(aadOf(3)))).toEqual([]);
    expect(deletes()).toHaveLength(0);
    // Refused for good: the row and her Entra id are gone; nothing brings the job back.
    expect(await removals(env)).toEqual([]);
    await env.core.runJob('reconcile', {});
    expect(env.scheduler.pending('circle.space_leave')).toEqual([]);
  });

  it('asks Graph nothing when the setting is off', { timeout: 120_000 }, async () => {
    w = await world(kind, await fakeGraph(), { configured: false });
    await w.env.runDueJobs();
    expect(graph.bodies).toHaveLength(0);
    for (const u of circleMembers(w)) expect(u.text()).toContain('It is led by');
  });

  for (const failure of ['lost', 'malformed'] as const) {
    it(`after a creation whose answer was ${failure === 'lost' ? 'lost (502)' : 'not understood'}, the retried job finds the chat instead of making a second one`, { timeout: 120_000 }, async () => {
      w = await world(kind, await fakeGraph());
      if (failure === 'lost') graph.lostCreates = 1; else graph.malformedCreates = 1;
      // The mentor is in 60 other chats: the circle's is on the second page of their chats.
      for (let k = 0; k < 60; k += 1) {
        graph.chats.push({ id: `19:other-${k}@thread.v2`, chatType: 'group', topic: `Team chat ${k}`, members: [{ userId: aadOf(2), roles: ['owner'] }], installedApps: [], createdDateTime: new Date().toISOString() });
      }
      const [circle] = await listCircles(w.env.database.db, w.round.id);
      await expect(w.env.runDueJobs()).rejects.toThrow(/circle\.space_failed/);
      expect(graph.chats).toHaveLength(61);
      const attempt = await w.env.database.db.selectFrom('teams_circle_chats').selectAll().executeTakeFirstOrThrow();
      expect(attempt).toMatchObject({ chat_id: null, unclear: true, attempts: 1 });
      // Retried at once: the first attempt may still be waiting for its answer; nothing is made.
      await expect(w.env.core.runJob('circle.start', { circleId: circle!.id })).rejects.toThrow(/attempt_under_way/);
      // Retried later: the chat is found among a member's chats, recorded, and used.
      await w.env.advance(2 * 60_000);
      await w.env.core.runJob('circle.start', { circleId: circle!.id });
      await w.env.runDueJobs();
      const mine = graph.chats.filter((c) => !c.id.startsWith('19:other-'));
      expect(mine).toHaveLength(1);
      expect(createCalls(graph)).toHaveLength(1);
      expect(graph.bodies.filter((b) => b.method === 'GET' && b.path === `/v1.0/users/${aadOf(2)}/chats`)).toHaveLength(2);
      expect((await getCircle(w.env.database.db, circle!.id))!.spaceId).toBe(mine[0]!.id);
      expect(mine[0]!.installedApps).toEqual([CATALOG_ID]);
      expect(chatPosts(w, mine[0]!.id)).toHaveLength(1);
    });
  }

  it('makes one chat when two runs of the circle\'s start (two workers) reach Graph at the same moment: the second waits, then uses it', { timeout: 120_000 }, async () => {
    w = await world(kind, await fakeGraph());
    const [circle] = await listCircles(w.env.database.db, w.round.id);
    // The clock does not move between the two: both read the same attempt row in the same millisecond.
    const runs = await Promise.allSettled([0, 1].map(() => w!.env.core.runJob('circle.start', { circleId: circle!.id })));
    expect(createCalls(graph)).toHaveLength(1);
    // The one that did not make it either waited (the other's attempt under way) or found the chat made.
    for (const r of runs) if (r.status === 'rejected') expect(String(r.reason)).toMatch(/attempt_under_way/);
    // The queued start and the retry of the one that waited: the same chat, one intro.
    await w.env.runDueJobs();
    await w.env.advance(2 * 60_000);
    await w.env.core.runJob('circle.start', { circleId: circle!.id });
    await w.env.runDueJobs();
    expect(graph.chats).toHaveLength(1);
    expect(createCalls(graph)).toHaveLength(1);
    expect(chatPosts(w, graph.chats[0]!.id)).toHaveLength(1);
    expect(await w.env.database.db.selectFrom('teams_circle_chats').select(['attempts', 'unclear']).executeTakeFirstOrThrow()).toEqual({ attempts: 1, unclear: false });
  });

  it('after a lost answer, a list of chats it does not understand makes nothing: the job tries again later and finds the chat', { timeout: 120_000 }, async () => {
    w = await world(kind, await fakeGraph());
    graph.lostCreates = 1;
    graph.malformedLists = 1;
    const [circle] = await listCircles(w.env.database.db, w.round.id);
    await expect(w.env.runDueJobs()).rejects.toThrow(/circle\.space_failed/);
    await w.env.advance(2 * 60_000);
    await expect(w.env.core.runJob('circle.start', { circleId: circle!.id })).rejects.toThrow(/list chats: answer not understood/);
    expect(createCalls(graph)).toHaveLength(1);
    await w.env.core.runJob('circle.start', { circleId: circle!.id });
    await w.env.runDueJobs();
    expect(graph.chats).toHaveLength(1);
    expect((await getCircle(w.env.database.db, circle!.id))!.spaceId).toBe(graph.chats[0]!.id);
    expect(chatPosts(w, graph.chats[0]!.id)).toHaveLength(1);
  });

  it('after a lost answer, without the permission to look for the chat, makes no second one: a copy for each member', { timeout: 120_000 }, async () => {
    w = await world(kind, await fakeGraph());
    graph.lostCreates = 1;
    graph.refuse.set('listChats', 403);
    const [circle] = await listCircles(w.env.database.db, w.round.id);
    await expect(w.env.runDueJobs()).rejects.toThrow(/circle\.space_failed/);
    await w.env.advance(2 * 60_000);
    await w.env.core.runJob('circle.start', { circleId: circle!.id });
    await w.env.runDueJobs();
    expect(graph.chats).toHaveLength(1);
    expect(createCalls(graph)).toHaveLength(1);
    expect((await getCircle(w.env.database.db, circle!.id))!.spaceId).toBeNull();
    for (const u of circleMembers(w)) expect(u.text()).toContain('It is led by');
    expect(w.warnings.some((m) => m.includes('Chat.ReadBasic.All'))).toBe(true);
  });

  it('waits out 429s as Graph\'s Retry-After asks, then makes one chat', { timeout: 120_000 }, async () => {
    w = await world(kind, await fakeGraph());
    graph.throttle.set('createChat', { count: 2, retryAfterSeconds: 3 });
    graph.throttle.set('installApp', { count: 1, retryAfterSeconds: 2 });
    await w.env.runDueJobs();
    expect(w.env.graphSleeps).toEqual([3_000, 3_000, 2_000]);
    expect(graph.chats).toHaveLength(1);
    expect(graph.chats[0]!.installedApps).toEqual([CATALOG_ID]);
    expect(chatPosts(w, graph.chats[0]!.id)).toHaveLength(1);
  });

  for (const [what, throttle, sleeps] of [['more 429s than the call waits out', { count: 4, retryAfterSeconds: 5 }, [5_000, 5_000, 5_000]], ['a Retry-After over 10 s', { count: 1, retryAfterSeconds: 60 }, []]] as const) {
    it(`hands ${what} back to the job, which makes the chat on its next run (nothing was made meanwhile)`, { timeout: 120_000 }, async () => {
      w = await world(kind, await fakeGraph());
      graph.throttle.set('createChat', { ...throttle });
      const [circle] = await listCircles(w.env.database.db, w.round.id);
      await expect(w.env.runDueJobs()).rejects.toThrow(/circle\.space_failed/);
      expect(graph.chats).toHaveLength(0);
      expect(await w.env.database.db.selectFrom('teams_circle_chats').select(['unclear', 'chat_id']).executeTakeFirstOrThrow()).toEqual({ unclear: false, chat_id: null });
      expect(w.env.graphSleeps).toEqual(sleeps);
      await w.env.core.runJob('circle.start', { circleId: circle!.id });
      await w.env.runDueJobs();
      expect(graph.chats).toHaveLength(1);
      expect(chatPosts(w, graph.chats[0]!.id)).toHaveLength(1);
    });
  }
});
