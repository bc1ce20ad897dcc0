// Flash sessions (docs/flash.md): `ask <topic>` finds an available mentor by the matching rules
// and a fair order, asks them with a deadline, passes the request on after a decline or a lapse,
// introduces the two, asks each one question afterwards, and pins the pair in a shared round when
// both want to continue. Through the core, as in Slack or Teams, on both databases.
import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { startEnrollment } from '../../src/db/repositories/enrollment.repository.ts';
import { acceptFlash, flashSeats } from '../../src/db/repositories/flash.repository.ts';
import { listMatchRules } from '../../src/db/repositories/match-rule.repository.ts';
import { monthStart } from '../../src/domain/flash.ts';
import { updateOrgFields } from '../../src/db/repositories/person.repository.ts';
import type { Round } from '../../src/domain/model.ts';
import type { Card, UiContent } from '../../src/ui/model.ts';
import { databaseKinds } from '../support/databases.ts';
import { enroll, openRound } from '../support/employee-fixtures.ts';
import { createMemoryPlatform, type MemoryPlatform, type TestPerson } from '../support/memory-platform.ts';
import { raceAtRow, startedAhead, valuesOf } from '../support/row-race.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe.each(databaseKinds)('flash sessions on %s', (kind) => {
  let env: MemoryPlatform;
  afterEach(async () => { await env?.dispose(); });

  async function setup(): Promise<{ round: Round; asa: TestPerson; mo: TestPerson; max: TestPerson; boss: TestPerson }> {
    env = await createMemoryPlatform(kind);
    const { round } = await openRound(env);
    const [asa, mo, max, boss] = [env.person('Asa'), env.person('Mo'), env.person('Max'), env.person('Boss')];
    for (const p of [asa, mo, max, boss]) await p.type('/mentor help');
    for (const p of [mo, max, boss]) await enroll(env, round, p, 'mentor');
    // Boss manages Asa: never asked for Asa's request, even though they cover the topic.
    await updateOrgFields(env.database.db, await asa.id(), { managerId: await boss.id() });
    return { round, asa, mo, max, boss };
  }
  const optIn = async (who: TestPerson, cap = 2) => {
    await env.database.db.updateTable('people').set({ flash_opt_in: true, flash_monthly_cap: cap }).where('id', '=', await who.id()).execute();
  };
  const session = async (who: TestPerson) => env.database.db.selectFrom('flash_sessions').selectAll().where('asker_id', '=', await who.id()).orderBy('created_at', 'desc').executeTakeFirstOrThrow();
  const requestsTo = (who: TestPerson) => who.inbox().filter((c): c is Card => c.kind === 'card' && c.header?.title === 'A flash session request');
  const refOf = (content: UiContent, label: string): string => {
    const button = content.kind === 'card' ? content.actions.find((a) => a.kind === 'button' && a.label === label) : undefined;
    if (!button || button.kind !== 'button') throw new Error(`no ${label} button`);
    return button.ref;
  };
  async function ask(who: TestPerson, topic: string, question = 'How do I give hard feedback to a peer?'): Promise<void> {
    await who.type(`/mentor ask ${topic}`);
    expect(who.openForm?.id).toBe('flash.ask');
    await who.submit({ question });
  }

  it('takes a mentor’s opt-in and cap in profile, asks the fairest mentor, passes on after a decline, introduces, and asks both one question', async () => {
    const { round, asa, mo, max, boss } = await setup();
    // Mo opts in through the profile form; a cap out of range is refused and changes nothing.
    await mo.type('/mentor profile');
    const values = (form: NonNullable<TestPerson['openForm']>) => Object.fromEntries(form.fields.filter((f) => 'initial' in f && f.initial !== undefined).map((f) => [f.id, (f as { initial: unknown }).initial]));
    await mo.submit({ ...values(mo.openForm!), flashOptIn: true, flashCap: 11 });
    expect(mo.lastErrors?.flashCap).toBeDefined();
    await mo.submit({ ...values(mo.openForm!), flashOptIn: true, flashCap: 3 });
    expect(mo.lastReply()).toContain('Yes, up to 3 a month');
    await optIn(max);
    await optIn(boss);

    await asa.type('/mentor ask cooking');
    expect(asa.lastReply()).toContain('I don’t know the topic “cooking”');
    expect(asa.lastReply()).toContain('Leadership');
    await ask(asa, 'LEADERSHIP', 'How do I give hard feedback to a peer?');
    expect(asa.lastReply()).toContain('I’m asking a mentor for Leadership. They have 24 hours to answer');
    await env.runDueJobs();
    const first = requestsTo(mo).length === 1 ? mo : max;
    const second = first === mo ? max : mo;
    expect(requestsTo(first)).toHaveLength(1);
    expect(requestsTo(second)).toHaveLength(0);
    expect(requestsTo(boss)).toHaveLength(0);
    expect(first.text()).toContain('would like a 30-minute conversation with you on Leadership');
    expect(first.text()).toContain('How do I give hard feedback to a peer?');
    // One waiting request at a time.
    await asa.type('/mentor ask leadership');
    expect(asa.lastReply()).toContain('already have a request waiting');

    await first.click('Decline');
    expect(first.lastReply()).toContain('Declined');
    await env.runDueJobs();
    expect(asa.text()).toContain('The mentor I asked for Leadership can’t take it, so I’m asking another one.');
    expect(requestsTo(second)).toHaveLength(1);
    expect(requestsTo(boss)).toHaveLength(0);
    // The old card is stale: a late Accept on it changes nothing.
    await first.clickRef(refOf(requestsTo(first)[0]!, 'Accept'));
    expect(first.lastReply()).toContain('no longer waiting for you');

    await second.click('Accept');
    expect(second.lastReply()).toContain('Accepted: I’m introducing you to Asa.');
    await second.click('Accept');
    expect(second.lastReply()).toMatch(/already/);
    await env.runDueJobs();
    expect(asa.text()).toContain('Flash session');
    expect(asa.text()).toContain('A 30-minute conversation on Leadership.');
    expect(second.text()).toContain('A 30-minute conversation on Leadership.');
    expect((await session(asa)).state).toBe('accepted');

    // A week later, each gets one question; both want to continue, and share the open round.
    await enroll(env, round, asa, 'mentee');
    await env.advance(7 * DAY + HOUR);
    expect(asa.text()).toContain(`Was your conversation with ${second.name} on Leadership useful?`);
    expect(second.text()).toContain('Was your conversation with Asa on Leadership useful?');
    await asa.click('Useful, let’s continue as a pair');
    expect(asa.lastReply()).toContain('If your partner would like to continue too');
    await asa.clickRef(refOf(asa.inbox().find((c) => c.kind === 'card' && c.header?.title === 'Your flash session')!, 'Useful'));
    expect(asa.lastReply()).toMatch(/already/);
    await second.click('Useful, let’s continue as a pair');
    await env.runDueJobs();
    expect(asa.text()).toContain('you will be paired in “Leadership 2027” when its round is matched');
    expect(await listMatchRules(env.database.db, round.id)).toEqual([expect.objectContaining({ menteeId: await asa.id(), mentorId: await second.id(), kind: 'pin' })]);
    const row = await session(asa);
    expect([row.asker_useful, row.asker_continue, row.mentor_useful, row.mentor_continue]).toEqual([true, true, true, true]);

    // Each one's export holds their own side: the asker's question, not the mentor's copy of it.
    const exported = async (who: TestPerson) => JSON.parse(((await who.type('/mentor export'))[0] as { content: { content: string } }).content.content);
    expect((await exported(asa)).flashSessionsAsked).toEqual([expect.objectContaining({ question: 'How do I give hard feedback to a peer?', asker_continue: true })]);
    expect(JSON.stringify(await exported(second))).not.toContain('hard feedback');
    expect((await exported(second)).flashSessionsGiven).toEqual([expect.objectContaining({ topic: 'leadership', mentor_useful: true })]);
    // Erasing the asker's data removes their request whole (months already released keep their counts).
    await asa.type('/mentor delete');
    await asa.click('Erase my data');
    expect(await env.database.db.selectFrom('flash_sessions').select(['question', 'asker_useful']).execute()).toEqual([]);
  });

  it('passes a lapsed request on, tells the asker plainly when no one is left, and brings the deadline back after a lost queue', async () => {
    const { asa, mo, max } = await setup();
    await optIn(mo);
    await optIn(max);
    await ask(asa, 'lead');
    await env.runDueJobs();
    const first = requestsTo(mo).length === 1 ? mo : max;
    const second = first === mo ? max : mo;
    // The home view shows the waiting request to the asker, and the month's count to a mentor.
    const homeText = async (who: TestPerson) => JSON.stringify(await who.home());
    expect(await homeText(asa)).toContain('Your request for a conversation on Leadership is waiting for a mentor’s answer.');
    expect(await homeText(mo)).toContain('You take flash sessions: 0 accepted this month, out of 2 at most.');
    // The queue is lost: reconciliation brings back the deadline of the waiting request.
    env.scheduler.jobs.clear();
    await env.core.runJob('reconcile', {});
    expect(env.scheduler.pending('flash.expire')).toHaveLength(1);
    await env.advance(24 * HOUR + 1000);
    expect(requestsTo(second)).toHaveLength(1);
    // A retried run of the first deadline changes nothing.
    const attempt = (await session(asa)).attempt;
    await env.core.runJob('flash.expire', { sessionId: (await session(asa)).id, attempt: attempt - 1 });
    expect((await session(asa)).attempt).toBe(attempt);
    await second.click('Decline');
    await env.runDueJobs();
    expect((await session(asa)).state).toBe('unavailable');
    expect(asa.text()).toContain('No mentor is available for Leadership right now');
    // A new request starts afresh: passing on the last one does not keep a mentor from the next.
    await ask(asa, 'leadership');
    expect(asa.lastReply()).toContain('I’m asking a mentor');
    await env.runDueJobs();
    // Withdrawn before anyone answers: the mentor asked is told, and their card no longer acts.
    await asa.click('Cancel my request');
    expect(asa.lastReply()).toContain('Request cancelled.');
    await env.runDueJobs();
    const asked = requestsTo(mo).length === 2 ? mo : max;
    expect(asked.text()).toContain('Asa withdrew their request for a flash session on Leadership: nothing more to do.');
    await asked.clickRef(refOf(requestsTo(asked).at(-1)!, 'Accept'));
    expect(asked.lastReply()).toContain('no longer waiting for you');
    expect((await session(asa)).state).toBe('cancelled');
  });

  it('a mentor accepting in the last moment while the deadline passes the request on: one outcome, each told it', async () => {
    for (const deadlineFirst of [true, false]) {
      const { asa, mo, max } = await setup();
      await optIn(mo);
      await optIn(max);
      await ask(asa, 'leadership');
      await env.runDueJobs();
      const first = requestsTo(mo).length === 1 ? mo : max;
      const next = first === mo ? max : mo;
      const asked = await session(asa);
      env.clock.advance(24 * HOUR - 1);
      // The deadline job in a process whose clock is a millisecond ahead; both read the request before either wrote it.
      const lapse = () => startedAhead(env.clock, 1, () => env.core.runJob('flash.expire', { sessionId: asked.id, attempt: asked.attempt }));
      const accept = () => first.clickRef(refOf(requestsTo(first)[0]!, 'Accept'));
      valuesOf(await raceAtRow<unknown>(env.database, 'flash_sessions', asked.id, deadlineFirst ? [lapse, accept] : [accept, lapse]));
      await env.runDueJobs();
      const after = await session(asa);
      const intros = env.messenger.delivered.filter((d) => d.to.kind === 'group');
      if (deadlineFirst) {
        expect(first.lastReply()).toContain('no longer waiting for you');
        expect(after).toMatchObject({ state: 'asking', mentor_id: await next.id(), attempt: asked.attempt + 1 });
        expect(requestsTo(next)).toHaveLength(1);
        expect(intros).toHaveLength(0);
      } else {
        expect(first.lastReply()).toContain('Accepted');
        expect(after).toMatchObject({ state: 'accepted', mentor_id: await first.id(), attempt: asked.attempt });
        expect(requestsTo(next)).toHaveLength(0);
        expect(intros).toHaveLength(1);
      }
      await env.dispose();
    }
  });

  it('never asks a mentor at their monthly cap, and says so when no mentor takes the topic', async () => {
    const { asa, mo } = await setup();
    const ben = env.person('Ben');
    await ben.type('/mentor help');
    await asa.type('/mentor ask');
    expect(asa.lastReply()).toContain('No mentor takes flash sessions yet');
    await optIn(mo, 1);
    await ask(ben, 'leadership');
    await env.runDueJobs();
    await mo.click('Accept');
    await ask(asa, 'leadership');
    expect(asa.lastReply()).toContain('No mentor is available for Leadership right now');
    expect((await session(asa)).state).toBe('unavailable');

    // A year on, the retention purge removes the questions and keeps the sessions for the counts.
    const questions = async () => (await env.database.db.selectFrom('flash_sessions').select('question').execute()).map((r) => r.question);
    env.clock.advance(364 * DAY);
    await env.core.runJob('retention.purge', {});
    expect(await questions()).not.toContain('—');
    env.clock.advance(2 * DAY);
    await env.core.runJob('retention.purge', {});
    expect(await questions()).toEqual(['—', '—']);
  });

  it.runIf(kind === 'postgres')('a question sent while the asker’s erasure runs waits for it and asks nobody', async () => {
    const { round, asa, mo } = await setup();
    await optIn(mo);
    await asa.type('/mentor ask leadership');
    const form = asa.openForm!;
    // She had started a survey: her erasure, confirmed on another device, withdraws that enrolment
    // (held by the test) first, and her question waits behind it.
    const started = await startEnrollment(env.database.db, { workspaceId: round.workspaceId, roundId: round.id, personId: await asa.id(), role: 'mentee' });
    await asa.type('/mentor delete');
    const [, sent] = valuesOf(await raceAtRow<unknown>(env.database, 'enrollments', started.id, [
      () => asa.click('Erase my data'),
      () => env.core.submit(asa.actor, form.ref, { question: 'How do I give hard feedback to a peer?' }),
    ]));
    expect(JSON.stringify(sent)).toContain('not valid for you');
    // Nobody is asked on behalf of an erased person.
    const toMo = await env.database.db.selectFrom('deliveries').select('kind').where('person_id', '=', await mo.id()).execute();
    expect(toMo).toEqual([]);
    expect(await env.database.db.selectFrom('flash_sessions').select('id').execute()).toEqual([]);
  });

  it.runIf(kind === 'postgres')('a question being written as the asker’s erasure is confirmed on another device: the erasure deletes it and nobody gets it', async () => {
    const { round, asa, mo } = await setup();
    await optIn(mo);
    await asa.type('/mentor ask leadership');
    const form = asa.openForm!;
    await asa.type('/mentor delete');
    // Her question is written and waits for the workspace (its reference to it is checked; the test
    // holds it); her erasure, confirmed meanwhile, goes on after it.
    const [sent] = valuesOf(await raceAtRow<unknown>(env.database, 'workspaces', round.workspaceId, [
      () => env.core.submit(asa.actor, form.ref, { question: 'How do I give hard feedback to a peer?' }),
      () => asa.click('Erase my data'),
    ]));
    expect(JSON.stringify(sent)).toContain('I’m asking a mentor');
    expect(await env.database.db.selectFrom('flash_sessions').select('id').execute()).toEqual([]);
    await env.runDueJobs();
    expect(requestsTo(mo)).toEqual([]);
  });

  it.runIf(kind === 'postgres')('lets only one of two simultaneous acceptances through a cap of one', async () => {
    const { asa, mo } = await setup();
    const ben = env.person('Ben');
    await ben.type('/mentor help');
    await optIn(mo, 1);
    await ask(asa, 'leadership');
    await ask(ben, 'leadership');
    await env.runDueJobs();
    const cards = requestsTo(mo);
    expect(cards).toHaveLength(2);
    // Both clicks are recorded (each used button's record points to Mo's row) before either counts
    // Mo's sessions: held at Mo's row on PostgreSQL.
    const answers = valuesOf(await raceAtRow(env.database, 'people', await mo.id(), cards.map((c) => () => env.core.action(mo.actor, refOf(c, 'Accept')))));
    const said = answers.map((effects) => JSON.stringify(effects));
    expect(said.filter((s) => s.includes('Accepted: I’m introducing you'))).toHaveLength(1);
    expect(said.filter((s) => s.includes('limit of 1 flash session this month'))).toHaveLength(1);
    const states = (await env.database.db.selectFrom('flash_sessions').select('state').execute()).map((r) => r.state).sort();
    expect(states).toEqual(['accepted', 'unavailable']);
  });

  it.runIf(kind === 'postgres')('counts two acceptances racing in separate transactions one after the other', async () => {
    const { asa, mo } = await setup();
    const ben = env.person('Ben');
    await ben.type('/mentor help');
    await optIn(mo, 1);
    await ask(asa, 'leadership');
    await ask(ben, 'leadership');
    const db = env.database.db;
    const ids = (await db.selectFrom('flash_sessions').select('id').execute()).map((r) => r.id);
    const since = monthStart(env.clock.now());
    // Each reads the seats left, waits long enough for the other to read too, then accepts if one was left.
    const outcomes = await Promise.all(ids.map((id) => db.transaction().execute(async (trx) => {
      const seats = await flashSeats(trx, await mo.id(), since);
      await sql`select pg_sleep(0.3)`.execute(trx);
      if (!seats || seats.used >= seats.cap) return 'full';
      const asked = await trx.selectFrom('flash_sessions').select(['mentor_id', 'attempt']).where('id', '=', id).executeTakeFirstOrThrow();
      return (await acceptFlash(trx, id, { mentorId: asked.mentor_id ?? '', attempt: asked.attempt }, env.clock.now(), env.clock.now())) ? 'accepted' : 'gone';
    })));
    expect(outcomes.sort()).toEqual(['accepted', 'full']);
  });
});
