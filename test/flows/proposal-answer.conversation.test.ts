import { afterEach, describe, expect, it } from 'vitest';
import { listCheckins } from '../../src/db/repositories/checkin.repository.ts';
import { getPair, listPairEvents, listPairsOfPerson } from '../../src/db/repositories/pair.repository.ts';
import type { Pair } from '../../src/domain/model.ts';
import { databaseKinds } from '../support/databases.ts';
import { enroll, openRound, proposePair, sendProposalCards, snapshot } from '../support/employee-fixtures.ts';
import { createMemoryPlatform, type MemoryPlatform } from '../support/memory-platform.ts';
import { raceAtRow, startedAhead, valuesOf } from '../support/row-race.ts';

describe.each(databaseKinds)('answering proposals on %s', (kind) => {
  let env: MemoryPlatform;
  afterEach(async () => { await env?.dispose(); });

  async function proposed() {
    env = await createMemoryPlatform(kind, { start: new Date('2027-03-03T09:00:00Z') });
    const { round } = await openRound(env, { state: 'running', settings: { checkinCadence: 'P2W' } });
    const mia = env.person('Mia');
    const omar = env.person('Omar', { timezone: 'America/Los_Angeles' });
    await mia.type('/mentor help');
    await omar.type('/mentor help');
    const pair = await proposePair(env, round, mia, omar);
    await sendProposalCards(env, pair);
    return { round, mia, omar, pair };
  }

  it('waits for both acceptances, then introduces the pair in one group message and plans check-ins', async () => {
    const { mia, omar, pair } = await proposed();
    await mia.click('Accept');
    expect(mia.lastReply()).toContain('as soon as the other person accepts');
    expect((await getPair(env.database.db, pair.id))?.state).toBe('proposed');

    await omar.click('Accept');
    expect(omar.lastReply()).toContain('I just introduced you in a group message');
    await env.runDueJobs();
    const active = await getPair(env.database.db, pair.id);
    expect(active?.state).toBe('active');
    const intros = env.messenger.delivered.filter((d) => d.to.kind === 'group');
    expect(intros).toHaveLength(1);
    expect(intros[0]?.to).toEqual({ kind: 'group', personIds: [pair.menteeId, pair.mentorId] });
    const intro = mia.text();
    expect(intro).toContain('Meet your mentoring partner');
    expect(intro).toContain('every 2 weeks');
    expect(intro).toContain('60 minutes');
    expect(intro).toContain('Confidentiality');
    expect(intro).toContain('SMART');
    const checkins = await listCheckins(env.database.db, pair.id);
    expect(checkins.map((c) => [c.period, c.status])).toEqual([[1, 'scheduled'], [1, 'scheduled']]);
    expect(env.scheduler.pending('checkin.prompt')).toHaveLength(2);
    expect(env.scheduler.pending('pair.first_meeting_nudge')).toHaveLength(1);
  });

  it('ignores a replayed or forged accept and tells the person', async () => {
    const { mia, omar, pair } = await proposed();
    const [accept] = await mia.click('Accept');
    expect(accept?.type).toBe('update_source');
    const card = mia.inbox().find((c) => c.kind === 'card');
    const acceptRef = card?.kind === 'card' && card.actions[0]?.kind === 'button' ? card.actions[0].ref : '';
    const before = await snapshot(env);
    await mia.clickRef(acceptRef);
    expect(mia.lastReply()).toContain('already recorded');
    await omar.clickRef(acceptRef);
    expect(omar.lastReply()).toContain('not valid for you');
    await mia.clickRef(`${acceptRef.slice(0, -3)}AAA`);
    expect(mia.lastReply()).toContain('not valid for you');
    expect(await snapshot(env)).toBe(before);
    expect((await getPair(env.database.db, pair.id))?.menteeAcceptedAt).not.toBeNull();
  });

  it('declines: the partner is told without the reason, and the mentee gets a rematch', async () => {
    const { mia, omar, pair, round } = await proposed();
    const olga = env.person('Olga');
    await olga.type('/mentor help');
    await enroll(env, round, mia, 'mentee');
    await enroll(env, round, omar, 'mentor');
    await enroll(env, round, olga, 'mentor');
    await mia.click('Decline');
    expect(mia.openForm?.id).toBe('proposal.decline_reason');
    await mia.submit({ reason: 'Omar is my former boss, awkward' });
    expect(mia.lastReply()).toContain('noted privately');
    await env.runDueJobs();
    const declined = await getPair(env.database.db, pair.id);
    expect(declined?.state).toBe('declined');
    expect(declined?.declineReason).toBe('Omar is my former boss, awkward');
    expect(omar.text()).toContain('has decided not to go ahead');
    expect(omar.text()).not.toContain('boss');
    // The rematch (lead flows) proposed the other mentor to the mentee, never the same one again.
    const rematch = (await listPairsOfPerson(env.database.db, await mia.id())).find((p) => p.source === 'rematch');
    expect(rematch).toMatchObject({ state: 'proposed', mentorId: await olga.id() });
    expect(olga.text()).toContain('Mia');
  });

  const intros = () => env.messenger.delivered.filter((d) => d.to.kind === 'group');

  it('both accepting at the same moment: the pair is accepted and introduced once, each told where it stands', async () => {
    const { mia, omar, pair } = await proposed();
    await Promise.all([mia.click('Accept'), omar.click('Accept')]);
    expect([mia.lastReply(), omar.lastReply()].filter((r) => r.includes('as soon as the other person accepts'))).toHaveLength(1);
    expect([mia.lastReply(), omar.lastReply()].filter((r) => r.includes('I just introduced you'))).toHaveLength(1);
    await env.runDueJobs();
    expect((await getPair(env.database.db, pair.id))?.state).toBe('active');
    expect(intros()).toHaveLength(1);
    expect((await listPairEvents(env.database.db, pair.id)).map((e) => e.toState)).toEqual(['proposed', 'accepted', 'active']);
  });

  // An answer in the last moment of the window, while the expiry job runs in another process
  // whose clock is a millisecond ahead: both read the proposal before either wrote it (raceAtRow).
  async function atTheDeadline(pair: Pair, first: 'expiry' | 'answer', answer: () => Promise<unknown>) {
    env.clock.advance(72 * 3_600_000 - 1);
    const expiry = () => startedAhead(env.clock, 1, () => env.core.runJob('proposal.expire', { matchId: pair.id }));
    valuesOf(await raceAtRow<unknown>(env.database, 'matches', pair.id, first === 'expiry' ? [expiry, answer] : [answer, expiry]));
    await env.runDueJobs();
    const expired = env.messenger.delivered.filter((d) => d.key?.startsWith('proposal.expired:'));
    expect(expired).toHaveLength(2);
    expect((await getPair(env.database.db, pair.id))?.state).toBe('expired');
    expect((await listPairEvents(env.database.db, pair.id)).map((e) => e.toState)).toEqual(['proposed', 'expired']);
    expect(intros()).toHaveLength(0);
  }

  it('an acceptance reaching the proposal just after the expiry job ended it: told it expired, not "already recorded"', async () => {
    const { mia, pair } = await proposed();
    await atTheDeadline(pair, 'expiry', () => mia.click('Accept'));
    expect(mia.lastReply()).toContain('Not possible: this pairing is expired');
    expect((await getPair(env.database.db, pair.id))?.menteeAcceptedAt).toBeNull();
  });

  it('a decline reaching the proposal just after the expiry job ended it: told it expired, no second rematch', async () => {
    const { mia, pair } = await proposed();
    await atTheDeadline(pair, 'expiry', () => mia.click('Decline'));
    expect(mia.lastReply()).toContain('Not possible: this pairing is expired');
    expect(mia.openForm).toBeUndefined();
  });

  it('an acceptance just before the expiry job: recorded, then the proposal expires, each told once', async () => {
    const { mia, pair } = await proposed();
    await atTheDeadline(pair, 'answer', () => mia.click('Accept'));
    expect(mia.lastReply()).toContain('as soon as the other person accepts');
  });
});
