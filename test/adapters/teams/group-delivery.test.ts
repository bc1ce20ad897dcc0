// A pair message on Teams reaches each member in their own chat, so it is one delivery per
// member: a member who blocked the bot (403) is reported undelivered with the reason, a member
// hit by a passing outage (503) gets it on a later attempt, exactly once, and a member already
// reached is never sent it again. Through the real Teams messenger and the fake Bot Connector.
import { afterEach, describe, expect, it } from 'vitest';
import { claimDelivery, copyKey, getDeliveryByKey } from '../../../src/db/repositories/delivery.repository.ts';
import { insertProposedPair, transitionPair } from '../../../src/db/repositories/pair.repository.ts';
import { countUndelivered } from '../../../src/db/repositories/report.repository.ts';
import type { Pair, Program } from '../../../src/domain/model.ts';
import { deliveryJob } from '../../../src/flows/context.ts';
import { databaseKinds } from '../../support/databases.ts';
import { createTeamsHarness, type TeamsHarness } from '../../support/teams-harness.ts';
import { openTeamsRound, personIdOf } from '../../support/teams-journey.ts';
import type { TeamsUser } from '../../support/teams-user.ts';

const introTitle = 'Meet your mentoring partner';
const introTitleFr = 'Faites connaissance avec votre binôme';

describe.each(databaseKinds)('pair messages on Teams, one delivery per member, on %s', (kind) => {
  let env: TeamsHarness;
  afterEach(async () => { await env?.dispose(); });

  /** Mia (mentee) and Omar (mentor) installed the app; their pair is active and its intro decided as the core does. */
  async function introduced(): Promise<{ mia: TeamsUser; omar: TeamsUser; pair: Pair; program: Program; ids: [string, string] }> {
    env = await createTeamsHarness(kind, { start: new Date('2027-03-03T09:00:00Z') });
    const { program, round } = await openTeamsRound(env);
    const mia = env.user('Mia');
    const omar = env.user('Omar', { locale: 'fr-FR' });
    await mia.install();
    await omar.install();
    const ids: [string, string] = [await personIdOf(env, mia), await personIdOf(env, omar)];
    const db = env.database.db;
    const now = env.clock.now();
    const proposed = await insertProposedPair(db, {
      workspaceId: round.workspaceId, programId: round.programId, roundId: round.id, menteeId: ids[0], mentorId: ids[1], score: 80, reasons: [], source: 'round',
    }, now, new Date(now.getTime() + 72 * 3_600_000));
    const pair = (await transitionPair(db, proposed.id, { from: ['proposed'], to: 'active', patch: { activated_at: now }, actorId: null, at: now }))!;
    return { mia, omar, pair, program, ids };
  }

  async function sendIntro(pair: Pair, ids: readonly string[]): Promise<void> {
    const key = `pair.intro:${pair.id}`;
    await claimDelivery(env.database.db, {
      workspaceId: pair.workspaceId, idempotencyKey: key, kind: 'pair.intro', personId: null, matchId: pair.id,
      payload: { matchId: pair.id, recipients: ids.join(',') },
    });
    await env.scheduler.schedule(deliveryJob(key));
    await env.runDueJobs();
  }

  const intros = (user: TeamsUser) => user.messages().filter((m) => JSON.stringify(m.activity).includes(introTitle) || JSON.stringify(m.activity).includes(introTitleFr));

  it('records a blocked member (403) as undelivered with the reason and gives a member hit by a 503 the intro on retry, once', async () => {
    const { mia, omar, pair, program, ids } = await introduced();
    env.connector.blocked.add(mia.conversationId);
    env.connector.unavailable.set(omar.conversationId, 1);
    await sendIntro(pair, ids);

    const db = env.database.db;
    expect((await getDeliveryByKey(db, `pair.intro:${pair.id}`))?.status).toBe('split');
    expect(await getDeliveryByKey(db, copyKey(`pair.intro:${pair.id}`, ids[0]))).toMatchObject({ status: 'undeliverable', personId: ids[0], error: expect.stringContaining('teams.403') });
    expect(await getDeliveryByKey(db, copyKey(`pair.intro:${pair.id}`, ids[1]))).toMatchObject({ status: 'failed', attempts: 1, error: 'teams.send_failed.503' });
    expect(intros(omar)).toHaveLength(0);

    // The backoff runs out: Omar's copy is sent again (Teams cannot be asked whether the 503 got through; an intro is sent at least once).
    await env.advance(10_000);
    expect(await getDeliveryByKey(db, copyKey(`pair.intro:${pair.id}`, ids[1]))).toMatchObject({ status: 'sent', attempts: 2 });
    expect(intros(omar)).toHaveLength(1);
    await env.advance(10 * 60_000);
    expect(intros(omar)).toHaveLength(1);
    // Mia's copy ended at the first refusal: never tried again.
    expect(intros(mia)).toHaveLength(0);
    expect(await getDeliveryByKey(db, copyKey(`pair.intro:${pair.id}`, ids[0]))).toMatchObject({ status: 'undeliverable', attempts: 1 });
    // Leads see one undelivered message (Mia's), not the pair's message as a whole.
    expect(await countUndelivered(db, { programId: program.id })).toBe(1);
  });

  it('never sends a member their copy again while another member is retried, and writes each copy in its reader\'s language', async () => {
    const { mia, omar, pair, ids } = await introduced();
    env.connector.unavailable.set(omar.conversationId, 2);
    await sendIntro(pair, ids);
    expect(intros(mia)).toHaveLength(1);
    expect(intros(omar)).toHaveLength(0);

    await env.advance(60_000);
    expect(intros(omar)).toHaveLength(1);
    expect(intros(mia)).toHaveLength(1);
    // Asked again (a redelivered job, the sweep), nothing goes out a second time.
    for (const key of [`pair.intro:${pair.id}`, copyKey(`pair.intro:${pair.id}`, ids[0]), copyKey(`pair.intro:${pair.id}`, ids[1])]) {
      expect(['split', 'already_done']).toContain(await env.core.deliver(key));
    }
    expect(intros(mia)).toHaveLength(1);
    expect(intros(omar)).toHaveLength(1);
    // A personal copy is in its reader's language only.
    expect(JSON.stringify(intros(mia)[0]!.activity)).not.toContain(introTitleFr);
    expect(JSON.stringify(intros(omar)[0]!.activity)).not.toContain(introTitle);
    const copies = await env.database.db.selectFrom('deliveries').select(['person_id', 'status', 'attempts']).where('match_id', '=', pair.id).where('kind', '=', 'pair.intro').where('person_id', 'is not', null).orderBy('attempts').execute();
    expect(copies).toEqual([{ person_id: ids[0], status: 'sent', attempts: 1 }, { person_id: ids[1], status: 'sent', attempts: 3 }]);
  });
});
