// A circle through Slack: the lead sets it up and fills it with slash commands, the bot creates a
// private channel for it (conversations.create with is_private), invites its people
// (conversations.invite), introduces it there and posts its check-in there; a member answers in
// a modal, and answers the program's pulse about the circle in a direct message. A channel name held by someone else moves to a suffixed name; a retry after a lost
// answer takes the bot's own channel again instead of creating a second one.
import { afterEach, describe, expect, it } from 'vitest';
import { ensurePulse } from '../../../src/db/repositories/pulse.repository.ts';
import { listCircles } from '../../../src/db/repositories/circle.repository.ts';
import { submitEnrollment } from '../../../src/db/repositories/enrollment.repository.ts';
import { setProgramLeads } from '../../../src/db/repositories/lead.repository.ts';
import type { Round } from '../../../src/domain/model.ts';
import { databaseKinds } from '../../support/databases.ts';
import { openSlackRound } from '../../support/slack-journey.ts';
import { SlackPlatform } from '../../support/slack-platform.ts';
import type { SlackTestUser } from '../../support/slack-user.ts';

const WEEK = 7 * 86_400_000;
const common = {
  domain: 'product', values: ['learning'], cadenceDays: 14, sessionMinutes: 60, modes: ['video'], languages: ['en'],
  workingHours: { start: '09:00', end: '17:30' }, feedbackStyle: 'direct', avoid: [], consent: true,
};

async function enroll(env: SlackPlatform, round: Round, user: SlackTestUser, role: 'mentee' | 'mentor'): Promise<void> {
  const answers = role === 'mentee'
    ? { ...common, topics: ['leadership'], careerObjective: 'Lead a team.', seniorityGap: 'any', department: 'any' }
    : { ...common, expertise: [{ topic: 'leadership', level: 3 }], yearsExperience: 12, capacity: 1, mentoringExperience: 'some' };
  await submitEnrollment(env.database.db, {
    workspaceId: round.workspaceId, roundId: round.id, personId: await user.personId(), role, answers, capacity: role === 'mentor' ? 1 : null, at: env.clock.now(),
  });
}

describe.each(databaseKinds)('a circle through Slack on %s', { timeout: 120_000 }, (kind) => {
  let env: SlackPlatform;
  afterEach(async () => { await env?.dispose(); });

  async function setup() {
    env = await SlackPlatform.start(kind, { start: new Date('2027-03-01T08:00:00Z') });
    const { program, round } = await openSlackRound(env, { checkinCadence: 'P1W' });
    const lea = env.person('Lea');
    const [omar, ana, ben, cleo] = ['Omar', 'Ana', 'Ben', 'Cleo'].map((n) => env.person(n));
    for (const u of [lea, omar!, ana!, ben!, cleo!]) await u.command('/mentor help');
    await setProgramLeads(env.database.db, program.id, [await lea.personId()]);
    await enroll(env, round, omar!, 'mentor');
    for (const u of [ana!, ben!, cleo!]) await enroll(env, round, u, 'mentee');
    return { round, lea, omar: omar!, ana: ana!, ben: ben!, cleo: cleo! };
  }

  it('creates one private channel with everyone in it, introduces the circle and posts its check-in there', async () => {
    const { round, lea, omar, ana, ben, cleo } = await setup();
    // Someone already holds the circle's channel name: the bot moves to a suffixed one.
    await lea.command(`/mentor admin circle leadership <@${omar.id}|omar> 3`);
    const [made] = await listCircles(env.database.db, round.id);
    const name = `mentoring-circle-leadership-${made!.id.slice(0, 8)}`;
    env.fake.channels.set('C_TAKEN', ['U_SOMEONE']);
    env.fake.channelNames.set('C_TAKEN', name);
    env.fake.privateChannels.add('C_TAKEN');

    await lea.command('/mentor admin circles fill');
    expect(lea.text()).toContain('3 mentees seated. 1 circle started.');
    await env.runDueJobs();

    const created = env.fake.callsOf('conversations.create');
    expect(created.map((c) => [c.args.name, String(c.args.is_private)])).toEqual([[name, 'true'], [`${name}-2`, 'true']]);
    const channel = String((created[1]!.result as { channel: { id: string } }).channel.id);
    expect(env.fake.callsOf('conversations.invite').map((c) => String(c.args.users).split(',').sort())).toEqual([[omar.id, ana.id, ben.id, cleo.id].sort()]);
    expect(env.fake.channels.get(channel)!.sort()).toEqual(['UBOT', omar.id, ana.id, ben.id, cleo.id].sort());
    expect((await listCircles(env.database.db, round.id))[0]).toMatchObject({ spaceId: channel, spaceName: `${name}-2` });
    // The introduction is one post in the channel, carrying its delivery key.
    const posts = env.fake.callsOf('chat.postMessage').filter((c) => c.args.channel === channel);
    expect(posts).toHaveLength(1);
    expect(ana.text()).toContain('Welcome to the “Leadership” circle of Leadership 2027! It is led by @Omar.');
    expect(env.fake.callsOf('conversations.open')).toHaveLength(0);

    await env.advance(WEEK + 4 * 3_600_000);
    expect(env.fake.callsOf('chat.postMessage').filter((c) => c.args.channel === channel)).toHaveLength(2);
    expect(ben.text()).toContain('Check-in of the “Leadership” circle');
    await ben.click('Answer');
    expect(ben.modal?.title).toMatchObject({ text: 'Circle check-in' });
    await ben.submit({ met: 'yes', usefulness: '4' });
    const answers = await env.database.db.selectFrom('circle_checkins').select(['met', 'usefulness']).execute();
    expect(answers).toEqual([{ met: 'yes', usefulness: 4 }]);
    expect(env.fake.problems).toEqual([]);

    await lea.command('/mentor admin circles');
    expect(lea.text()).toContain(`running in #${name}-2`);
  });

  it('asks each person of the circle the program’s pulse in a direct message, never in the channel', async () => {
    const { round, lea, omar, ana, ben, cleo } = await setup();
    await lea.command(`/mentor admin circle leadership <@${omar.id}|omar> 3`);
    await lea.command('/mentor admin circles fill');
    await env.runDueJobs();
    const [circle] = await listCircles(env.database.db, round.id);
    const inChannel = () => env.fake.callsOf('chat.postMessage').filter((c) => c.args.channel === circle!.spaceId).length;
    const before = inChannel();
    const pulse = await ensurePulse(env.database.db, { roundId: round.id, kind: 'periodic', period: 1, opensAt: env.clock.now(), closesAt: new Date(env.clock.now().getTime() + WEEK) });
    await env.core.runJob('pulse.open', { pulseId: pulse.id });
    await env.runDueJobs();
    expect(inChannel()).toBe(before);
    for (const u of [omar, ana, ben, cleo]) expect(u.text()).toContain('A quick pulse on the “Leadership” circle');
    expect(lea.text()).not.toContain('A quick pulse');
    await cleo.click('Answer');
    expect(cleo.modal?.title).toMatchObject({ text: 'The “Leadership” circle' });
    await cleo.submit({ satisfaction: '5', progress: '4' });
    expect(await env.database.db.selectFrom('circle_pulse_answers').select(['satisfaction', 'progress']).execute()).toEqual([{ satisfaction: 5, progress: 4 }]);
    expect(env.fake.problems).toEqual([]);
  });

  it('takes its own channel again when the answer of conversations.create was lost', async () => {
    const { round, lea, omar } = await setup();
    await lea.command(`/mentor admin circle leadership <@${omar.id}|omar>`);
    // Slack creates the channel but the answer is lost (a 500 after the fact).
    env.fake.handlers.set('conversations.create', (args) => {
      env.fake.handlers.delete('conversations.create');
      const id = 'C_LOST';
      env.fake.channels.set(id, ['UBOT']);
      env.fake.channelNames.set(id, String(args.name));
      env.fake.privateChannels.add(id);
      return { ok: false, error: 'internal_error' };
    });
    await lea.command('/mentor admin circles fill');
    await expect(env.runDueJobs()).rejects.toThrow('circle.space_failed');
    expect((await listCircles(env.database.db, round.id))[0]!.spaceId).toBeNull();
    const [circle] = await listCircles(env.database.db, round.id);
    await env.core.runJob('circle.start', { circleId: circle!.id });
    await env.runDueJobs();
    // name_taken, then the bot finds its own private channel of that name and uses it.
    expect(env.fake.callsOf('conversations.create').map((c) => c.result?.error)).toEqual(['internal_error', 'name_taken']);
    expect((await listCircles(env.database.db, round.id))[0]!.spaceId).toBe('C_LOST');
    expect([...env.fake.channelNames.keys()].filter((id) => env.fake.privateChannels.has(id))).toEqual(['C_LOST']);
    expect(env.fake.callsOf('chat.postMessage').filter((c) => c.args.channel === 'C_LOST')).toHaveLength(1);
  });

  it('makes one channel and one intro when two runs of the circle\'s start (two workers, or reconciliation\'s while the first runs) reach Slack at once', async () => {
    const { round, lea, omar, ana } = await setup();
    await lea.command(`/mentor admin circle leadership <@${omar.id}|omar>`);
    await lea.command('/mentor admin circles fill');
    const [circle] = await listCircles(env.database.db, round.id);
    env.scheduler.jobs.clear();
    const runs = await Promise.allSettled([0, 1].map(() => env.core.runJob('circle.start', { circleId: circle!.id })));
    expect(runs.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    await env.runDueJobs();
    const channel = (await listCircles(env.database.db, round.id))[0]!.spaceId;
    // Either both asked Slack (the second got name_taken and took the first one's channel), or the
    // second came after the first had recorded the channel and asked nothing: which one depends on
    // how the two runs interleave on the database.
    expect([['created'], ['created', 'name_taken']]).toContainEqual(env.fake.callsOf('conversations.create').map((c) => c.result?.error ?? 'created'));
    expect([...env.fake.channelNames.keys()].filter((id) => env.fake.privateChannels.has(id))).toEqual([channel]);
    expect(env.fake.callsOf('chat.postMessage').filter((c) => c.args.channel === channel)).toHaveLength(1);
    expect(ana.text().split('Welcome to the “Leadership” circle')).toHaveLength(2);
  });

  it('after an outage longer than the job\'s retries, reconciliation starts the circle again: one channel, one intro', async () => {
    const { round, lea, omar, ana } = await setup();
    await lea.command(`/mentor admin circle leadership <@${omar.id}|omar>`);
    // Slack fails every creation for the job's 8 attempts; then the job is given up (the queue drops it).
    env.fake.failures.set('conversations.create', { remaining: 8, error: 'internal_error' });
    await lea.command('/mentor admin circles fill');
    const [circle] = await listCircles(env.database.db, round.id);
    await expect(env.runDueJobs()).rejects.toThrow('circle.space_failed');
    for (let attempt = 2; attempt <= 8; attempt += 1) {
      await expect(env.core.runJob('circle.start', { circleId: circle!.id })).rejects.toThrow('circle.space_failed');
    }
    expect(env.scheduler.pending('circle.start')).toEqual([]);
    expect(ana.text()).not.toContain('Welcome to the “Leadership” circle');

    // Slack is back; the next reconciliation asks for the circle's start again.
    await env.core.runJob('reconcile', {});
    expect(env.scheduler.pending('circle.start').map((j) => j.key)).toEqual([`circle.start:${circle!.id}`]);
    await env.runDueJobs();
    const channel = (await listCircles(env.database.db, round.id))[0]!.spaceId;
    expect(channel).toBeTruthy();
    expect([...env.fake.channelNames.keys()].filter((id) => env.fake.privateChannels.has(id))).toEqual([channel]);
    expect(env.fake.callsOf('chat.postMessage').filter((c) => c.args.channel === channel)).toHaveLength(1);
    expect(ana.text()).toContain('Welcome to the “Leadership” circle');
    // Started now: a later reconciliation leaves it alone.
    await env.core.runJob('reconcile', {});
    expect(env.scheduler.pending('circle.start')).toEqual([]);
    await env.runDueJobs();
    expect(env.fake.callsOf('conversations.create').filter((c) => c.result?.ok)).toHaveLength(1);
    expect(env.fake.callsOf('chat.postMessage').filter((c) => c.args.channel === channel)).toHaveLength(1);
  });

  it('sends the intro as a group message when Slack still fails a day after the circle started, once', async () => {
    const { round, lea, omar, ana } = await setup();
    await lea.command(`/mentor admin circle leadership <@${omar.id}|omar>`);
    env.fake.failures.set('conversations.create', { remaining: 1_000, error: 'internal_error' });
    await lea.command('/mentor admin circles fill');
    await expect(env.runDueJobs()).rejects.toThrow('circle.space_failed');
    await env.advance(25 * 3_600_000);
    await env.core.runJob('reconcile', {});
    await env.runDueJobs();
    expect((await listCircles(env.database.db, round.id))[0]!.spaceId).toBeNull();
    expect(ana.text()).toContain('Welcome to the “Leadership” circle');
    expect(env.fake.callsOf('conversations.open').at(-1)?.args.users).toBeDefined();
    env.fake.failures.delete('conversations.create');
    await env.core.runJob('reconcile', {});
    expect(env.scheduler.pending('circle.start')).toEqual([]);
    expect(env.fake.callsOf('conversations.create')).toHaveLength(0);
  });

  // The erased person's Slack id is kept only in their circle_space_removals row, until the removal is done.
  const removals = () => env.database.db.selectFrom('circle_space_removals').selectAll().execute();
  const queuedWith = (text: string) => env.scheduler.pending().filter((j) => JSON.stringify(j.payload).includes(text));
  const kicked = () => env.fake.callsOf('conversations.kick').filter((c) => c.result?.ok).map((c) => [c.args.channel, c.args.user]);

  async function erasedInChannel(failures?: { remaining: number; error: string }) {
    const people = await setup();
    await people.lea.command(`/mentor admin circle leadership <@${people.omar.id}|omar> 3`);
    await people.lea.command('/mentor admin circles fill');
    await env.runDueJobs();
    const [circle] = await listCircles(env.database.db, people.round.id);
    const channel = circle!.spaceId!;
    expect(env.fake.channels.get(channel)).toContain(people.ana.id);
    if (failures) env.fake.failures.set('conversations.kick', failures);
    await people.ana.command('/mentor delete');
    await people.ana.click('Erase my data');
    return { ...people, circle: circle!, channel };
  }

  it('takes a member who erases their data out of the circle\'s channel (conversations.kick), tried again after a failure, once', async () => {
    const { circle, channel, ana, ben } = await erasedInChannel({ remaining: 1, error: 'internal_error' });
    // Written with the erasure: the job carries the row's id, never her Slack id.
    const [row] = await removals();
    expect(row).toMatchObject({ circle_id: circle.id, platform: 'slack', platform_user_id: ana.id, attempts: 0, last_error: null });
    expect(env.scheduler.pending('circle.space_leave').map((j) => [j.key, j.payload])).toEqual([[`circle.space_leave:${row!.id}`, { removalId: row!.id }]]);
    expect(queuedWith(ana.id)).toEqual([]);
    await expect(env.runDueJobs()).rejects.toThrow('circle.space_leave_failed');
    expect(env.fake.channels.get(channel)).toContain(ana.id);
    expect(await removals()).toMatchObject([{ id: row!.id, attempts: 1, last_error: 'conversations.kick: internal_error' }]);
    await env.core.runJob('circle.space_leave', { removalId: row!.id });
    expect(env.fake.channels.get(channel)).not.toContain(ana.id);
    expect(env.fake.channels.get(channel)).toContain(ben.id);
    expect(kicked()).toEqual([[channel, ana.id]]);
    // Done: the row, and her Slack id with it, are gone.
    expect(await removals()).toEqual([]);
    // A duplicate run finds no row and asks Slack nothing.
    const calls = env.fake.callsOf('conversations.kick').length;
    await env.core.runJob('circle.space_leave', { removalId: row!.id });
    expect(env.fake.callsOf('conversations.kick')).toHaveLength(calls);
  });

  it('counts a member already out of the channel (not_in_channel) as done', async () => {
    const { channel, ana } = await erasedInChannel();
    env.fake.channels.set(channel, env.fake.channels.get(channel)!.filter((u) => u !== ana.id));
    await env.runDueJobs();
    expect(env.fake.callsOf('conversations.kick').at(-1)?.result).toEqual({ ok: false, error: 'not_in_channel' });
    expect(await removals()).toEqual([]);
  });

  it('after a kick failing every attempt of the job, reconciliation takes the member out, once', async () => {
    const { channel, ana } = await erasedInChannel({ remaining: 8, error: 'internal_error' });
    const [row] = await removals();
    await expect(env.runDueJobs()).rejects.toThrow('circle.space_leave_failed');
    for (let attempt = 2; attempt <= 8; attempt += 1) {
      await expect(env.core.runJob('circle.space_leave', { removalId: row!.id })).rejects.toThrow('circle.space_leave_failed');
    }
    // The queue gave the job up; the row is still there, with what happened.
    expect(env.scheduler.pending('circle.space_leave')).toEqual([]);
    expect(await removals()).toMatchObject([{ id: row!.id, attempts: 8, last_error: 'conversations.kick: internal_error' }]);
    expect(env.fake.channels.get(channel)).toContain(ana.id);
    await env.core.runJob('reconcile', {});
    expect(env.scheduler.pending('circle.space_leave').map((j) => j.payload)).toEqual([{ removalId: row!.id }]);
    expect(queuedWith(ana.id)).toEqual([]);
    await env.runDueJobs();
    expect(env.fake.channels.get(channel)).not.toContain(ana.id);
    expect(kicked()).toEqual([[channel, ana.id]]);
    expect(await removals()).toEqual([]);
    // Nothing left to bring back.
    await env.core.runJob('reconcile', {});
    expect(env.scheduler.pending('circle.space_leave')).toEqual([]);
    await env.runDueJobs();
    expect(kicked()).toHaveLength(1);
  });

  it('after the queue lost the removal job, reconciliation takes the member out', async () => {
    const { channel, ana } = await erasedInChannel();
    env.scheduler.jobs.clear();
    await env.runDueJobs();
    expect(env.fake.channels.get(channel)).toContain(ana.id);
    expect(await removals()).toHaveLength(1);
    await env.core.runJob('reconcile', {});
    await env.runDueJobs();
    expect(env.fake.channels.get(channel)).not.toContain(ana.id);
    expect(kicked()).toEqual([[channel, ana.id]]);
    expect(await removals()).toEqual([]);
  });

  it('gives the removal up a week after the erasure, deleting the member\'s Slack id', async () => {
    const { channel, ana } = await erasedInChannel({ remaining: 1_000, error: 'internal_error' });
    await expect(env.runDueJobs()).rejects.toThrow('circle.space_leave_failed');
    await env.advance(6 * 86_400_000);
    await env.core.runJob('reconcile', {});
    await expect(env.runDueJobs()).rejects.toThrow('circle.space_leave_failed');
    expect(await removals()).toHaveLength(1);
    await env.advance(86_400_000);
    await env.core.runJob('reconcile', {});
    await env.runDueJobs();
    expect(await removals()).toEqual([]);
    expect(env.fake.channels.get(channel)).toContain(ana.id);
    await env.core.runJob('reconcile', {});
    expect(env.scheduler.pending('circle.space_leave')).toEqual([]);
  });

  it('leaves the member in the channel, without retrying, when the installation may not kick (missing_scope)', async () => {
    const { round, lea, omar, cleo } = await setup();
    await lea.command(`/mentor admin circle leadership <@${omar.id}|omar> 3`);
    await lea.command('/mentor admin circles fill');
    await env.runDueJobs();
    const channel = (await listCircles(env.database.db, round.id))[0]!.spaceId!;
    env.fake.failures.set('conversations.kick', { remaining: 5, error: 'missing_scope' });
    await cleo.command('/mentor delete');
    await cleo.click('Erase my data');
    await env.runDueJobs();
    expect(env.fake.callsOf('conversations.kick:failed')).toHaveLength(1);
    expect(env.fake.channels.get(channel)).toContain(cleo.id);
    // Refused for good: the row goes (logged as an error), and nothing brings the job back.
    expect(await removals()).toEqual([]);
    await env.core.runJob('reconcile', {});
    expect(env.scheduler.pending('circle.space_leave')).toEqual([]);
  });

  it('posts one neutral notice in the channel when the circle ends with its only leader’s erasure, and keeps the channel', async () => {
    const { round, lea, omar, ana } = await setup();
    await lea.command(`/mentor admin circle leadership <@${omar.id}|omar> 3`);
    await lea.command('/mentor admin circles fill');
    await env.runDueJobs();
    const [circle] = await listCircles(env.database.db, round.id);
    const channel = circle!.spaceId!;
    const inChannel = () => env.fake.callsOf('chat.postMessage').filter((c) => c.args.channel === channel);
    const before = inChannel().length;
    await omar.command('/mentor delete');
    await omar.click('Erase my data');
    await env.runDueJobs();
    await env.runDueJobs();
    // One post in the circle's channel, carrying its delivery key; the channel is kept, like at a round's end.
    expect(inChannel()).toHaveLength(before + 1);
    expect(ana.text()).toContain('The mentor of the “Leadership” circle has left the program, so the circle has ended.');
    expect(env.fake.callsOf('conversations.archive')).toEqual([]);
    // The erased leader is taken out of the channel (the notice is left for the others).
    expect(env.fake.callsOf('conversations.kick').map((c) => c.args.user)).toEqual([omar.id]);
    // Nothing more is posted there: its check-ins stop.
    await env.advance(2 * WEEK);
    expect(inChannel()).toHaveLength(before + 1);
    expect(env.fake.problems).toEqual([]);
  });

  it('falls back to a group message when the installation may not create private channels', async () => {
    const { round, lea, omar, ana } = await setup();
    env.fake.failures.set('conversations.create', { remaining: 1, error: 'missing_scope' });
    await lea.command(`/mentor admin circle leadership <@${omar.id}|omar>`);
    await lea.command('/mentor admin circles fill');
    await env.runDueJobs();
    expect((await listCircles(env.database.db, round.id))[0]!.spaceId).toBeNull();
    expect(ana.text()).toContain('Welcome to the “Leadership” circle');
    expect(env.fake.callsOf('conversations.open').at(-1)?.args.users).toBeDefined();
  });
});
