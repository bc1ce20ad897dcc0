import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { findWorkspace } from '../../../src/db/repositories/workspace.repository.ts';
import { message } from '../../../src/ui/model.ts';
import { mention, paragraph, richText } from '../../../src/ui/rich-text.ts';
import { SendQueue, type QueueClock } from '../../../adapters/teams/send-queue.ts';
import { createTestDatabase, databaseKinds } from '../../support/databases.ts';
import { createTeamsHarness, TENANT_ID, type TeamsHarness } from '../../support/teams-harness.ts';
import { personIdOf } from '../../support/teams-journey.ts';
import { messageText } from '../../support/teams-user.ts';

describe.each(databaseKinds)('Teams proactive messages on %s', (kind) => {
  let env: TeamsHarness;
  // The first embedded database of a run is migrated from scratch (slow on a busy machine).
  beforeAll(async () => { await (await createTestDatabase(kind)).dispose(); }, 180_000);
  afterEach(async () => { await env?.dispose(); });

  async function installed(...names: string[]) {
    env = await createTeamsHarness(kind);
    const users = names.map((n) => env.user(n));
    for (const u of users) await u.install();
    const workspace = await findWorkspace(env.database.db, 'teams', TENANT_ID);
    const ids = await Promise.all(users.map((u) => personIdOf(env, u)));
    return { users, ids, workspaceId: workspace!.id };
  }

  it('sends through the stored conversation, with mentions, and updates the message later', async () => {
    const { users: [ada, bob], ids: [adaId, bobId], workspaceId } = await installed('Ada', 'Bob');
    const sent = await env.teams.messenger.send(workspaceId, { kind: 'person', personId: adaId! }, message(richText(paragraph('Meet ', mention(bobId!)))));
    expect(sent.ok).toBe(true);
    expect(messageText(ada!.messages().at(-1)!.activity)).toBe('Meet <at>Bob</at>');
    expect(ada!.messages().at(-1)!.activity.entities).toEqual([{ type: 'mention', text: '<at>Bob</at>', mentioned: { id: 'aad-bob', name: 'Bob' } }]);
    if (!sent.ok) return;
    const updated = await env.teams.messenger.update(workspaceId, sent.sent, message(richText('Updated')));
    expect(updated.ok).toBe(true);
    expect(messageText(ada!.messages().at(-1)!.activity)).toBe('Updated');
    expect(bob!.messages()).toHaveLength(1);
  });

  it('removes a message by its activity id (delete activity); already gone counts as removed; a pair message keeps only the first member\'s id', async () => {
    const { users: [ada, bob], ids: [adaId, bobId], workspaceId } = await installed('Ada', 'Bob');
    const sent = await env.teams.messenger.send(workspaceId, { kind: 'person', personId: adaId! }, message(richText('A second copy')));
    if (!sent.ok) throw new Error('not sent');
    expect(ada!.messages().map((m) => messageText(m.activity))).toContain('A second copy');
    expect(await env.teams.messenger.remove!(workspaceId, sent.sent)).toEqual({ status: 'gone' });
    expect(ada!.messages().map((m) => messageText(m.activity))).not.toContain('A second copy');
    expect(env.connector.calls.filter((c) => c.method === 'DELETE').map((c) => c.activityId)).toEqual([sent.sent.messageId]);
    // The Bot Connector answers 404 for an activity already deleted.
    expect(await env.teams.messenger.remove!(workspaceId, sent.sent)).toEqual({ status: 'gone' });
    const pair = await env.teams.messenger.send(workspaceId, { kind: 'group', personIds: [adaId!, bobId!] }, message(richText('You two')));
    if (!pair.ok) throw new Error('not sent');
    expect(await env.teams.messenger.remove!(workspaceId, pair.sent)).toEqual({ status: 'gone' });
    expect(ada!.messages().map((m) => messageText(m.activity))).not.toContain('You two');
    expect(bob!.messages().map((m) => messageText(m.activity))).toContain('You two');
    expect(await env.teams.messenger.remove!(workspaceId, { ...pair.sent, messageId: '' })).toMatchObject({ status: 'failed', permanent: true });
  });

  it('retries a 429 after the delay Teams asks for', async () => {
    const { users: [ada], ids: [adaId], workspaceId } = await installed('Ada');
    env.connector.throttle = { remaining: 2, retryAfterSeconds: 0 };
    const sent = await env.teams.messenger.send(workspaceId, { kind: 'person', personId: adaId! }, message(richText('Hello')));
    expect(sent.ok).toBe(true);
    expect(env.connector.throttled).toBe(2);
    expect(ada!.lastText()).toBe('Hello');
  });

  it('hands a persistent 429 back with its delay, so the delivery job retries later', async () => {
    const { users: [ada], ids: [adaId], workspaceId } = await installed('Ada');
    env.connector.throttle = { remaining: 100, retryAfterSeconds: 0 };
    const sent = await env.teams.messenger.send(workspaceId, { kind: 'person', personId: adaId! }, message(richText('Hello')));
    expect(sent).toEqual({ ok: false, reason: 'retry', retryAfterMs: 0, detail: 'teams.throttled' });
    expect(ada!.messages().map((m) => m.activity.text)).not.toContain('Hello');
  });

  it('reports a person who blocked the bot as unreachable, and a group still reaches the others', async () => {
    const { users: [ada, bob], ids: [adaId, bobId], workspaceId } = await installed('Ada', 'Bob');
    env.connector.blocked.add(ada!.conversationId);
    const alone = await env.teams.messenger.send(workspaceId, { kind: 'person', personId: adaId! }, message(richText('Hi')));
    expect(alone).toMatchObject({ ok: false, reason: 'unreachable' });
    const group = await env.teams.messenger.send(workspaceId, { kind: 'group', personIds: [adaId!, bobId!] }, message(richText('You two')));
    expect(group.ok).toBe(true);
    expect(bob!.lastText()).toBe('You two');
  });

  it('fails a send refused with 400 or 401 for good, and marks a lost answer (5xx) as of unknown outcome', async () => {
    const { users: [ada, bob], ids: [adaId, bobId], workspaceId } = await installed('Ada', 'Bob');
    env.connector.refusals.set(ada!.conversationId, 400);
    env.connector.refusals.set(bob!.conversationId, 401);
    expect(await env.teams.messenger.send(workspaceId, { kind: 'person', personId: adaId! }, message(richText('Hi')))).toMatchObject({ ok: false, reason: 'unreachable', detail: 'teams.400.BadArgument' });
    expect(await env.teams.messenger.send(workspaceId, { kind: 'person', personId: bobId! }, message(richText('Hi')))).toMatchObject({ ok: false, reason: 'unreachable', detail: 'teams.401.Unauthorized' });
    env.connector.refusals.clear();
    env.connector.lostAnswers = 1;
    const posts = env.connector.calls.filter((c) => c.method === 'POST').length;
    const lost = await env.teams.messenger.send(workspaceId, { kind: 'person', personId: adaId! }, message(richText('Once')));
    expect(lost).toMatchObject({ ok: false, reason: 'retry', uncertain: true });
    // The message reached Ada; nothing underneath sent it a second time.
    expect(env.connector.calls.filter((c) => c.method === 'POST').length - posts).toBe(1);
  });

  it('never writes to a person of another workspace', async () => {
    const { ids: [adaId] } = await installed('Ada');
    const sent = await env.teams.messenger.send('00000000-0000-0000-0000-000000000000', { kind: 'person', personId: adaId! }, message(richText('Hi')));
    expect(sent).toMatchObject({ ok: false, reason: 'unreachable' });
  });
});

describe('Teams send queue', () => {
  /** Virtual time: a sleep wakes when every earlier timer has, after the work of its instant is done. */
  class VirtualClock implements QueueClock {
    at = 0;
    readonly #timers: Array<{ wake: number; resolve: () => void }> = [];
    now(): number { return this.at; }
    sleep(ms: number): Promise<void> {
      return new Promise((resolve) => {
        this.#timers.push({ wake: this.at + ms, resolve });
        setImmediate(() => this.#tick());
      });
    }
    #tick(): void {
      if (this.#timers.length === 0) return;
      this.at = Math.max(this.at, Math.min(...this.#timers.map((t) => t.wake)));
      for (const timer of this.#timers.filter((t) => t.wake <= this.at)) {
        this.#timers.splice(this.#timers.indexOf(timer), 1);
        timer.resolve();
      }
    }
  }

  it('keeps one conversation under 7 sends per second and a tenant under 50', async () => {
    const clock = new VirtualClock();
    const queue = new SendQueue(undefined, clock);
    const starts: Array<{ conversation: string; at: number }> = [];
    const jobs: Promise<void>[] = [];
    for (let i = 0; i < 20; i += 1) jobs.push(queue.run('t1', 'c1', async () => { starts.push({ conversation: 'c1', at: clock.now() }); }));
    for (let c = 0; c < 60; c += 1) jobs.push(queue.run('t1', `other-${c}`, async () => { starts.push({ conversation: `other-${c}`, at: clock.now() }); }));
    await Promise.all(jobs);
    const inWindow = (list: typeof starts, from: number) => list.filter((s) => s.at >= from && s.at < from + 1_000).length;
    const c1 = starts.filter((s) => s.conversation === 'c1');
    for (const s of starts) {
      expect(inWindow(starts, s.at)).toBeLessThanOrEqual(50);
      expect(inWindow(c1, s.at)).toBeLessThanOrEqual(7);
    }
    expect(starts).toHaveLength(80);
    // Limits are not a cap on the total: everything is sent, spread over time.
    expect(Math.max(...starts.map((s) => s.at))).toBeGreaterThanOrEqual(2_000);
  });

  it('lets one failing call not block the next ones of the same conversation', async () => {
    const queue = new SendQueue(undefined, new VirtualClock());
    const failed = queue.run('t', 'c', async () => { throw Object.assign(new Error('gone'), { statusCode: 404 }); });
    const next = queue.run('t', 'c', async () => 'ok');
    await expect(failed).rejects.toThrow('gone');
    await expect(next).resolves.toBe('ok');
  });
});
