import { afterEach, describe, expect, it } from 'vitest';
import { listCheckins } from '../../../src/db/repositories/checkin.repository.ts';
import { addProgramLead } from '../../../src/db/repositories/lead.repository.ts';
import { getPair } from '../../../src/db/repositories/pair.repository.ts';
import type { FileContent } from '../../../src/ui/model.ts';
import { databaseKinds } from '../../support/databases.ts';
import { activePair, openRound, snapshot } from '../../support/employee-fixtures.ts';
import { createMemoryPlatform, type MemoryPlatform, type TestPerson } from '../../support/memory-platform.ts';

const DAY = 86_400_000;
const SHARED_NEXT = 'Draft the budget deck and send it to Omar by Friday';
const SHARED_ADVICE = 'Asked my manager for feedback early: it worked';
const PRIVATE = 'MIA-PRIVATE-I-feel-shy';

/** Everything one person was ever shown, forms and files included, as one string. */
const everything = (p: TestPerson): string => JSON.stringify([...p.seen, ...p.inbox()]);

// Generous: the embedded database's first start is slow on a busy machine.
describe.each(databaseKinds)('shared next steps and advice applied on %s', { timeout: 90_000 }, (kind) => {
  let env: MemoryPlatform;
  afterEach(async () => { await env?.dispose(); });

  /** Mia (mentee, French) and Omar (mentor, English), a week in: both check-ins are open. */
  async function setup() {
    env = await createMemoryPlatform(kind, { start: new Date('2027-03-01T08:00:00Z') });
    const { program, round } = await openRound(env, { state: 'running', settings: { checkinCadence: 'P1W' } });
    const mia = env.person('Mia', { locale: 'fr-FR' });
    const omar = env.person('Omar');
    const lea = env.person('Lea');
    await mia.type('/mentor aide');
    await omar.type('/mentor help');
    await lea.type('/mentor help');
    await addProgramLead(env.database.db, program.id, await lea.id(), null);
    const pair = await activePair(env, round, mia, omar);
    await env.advance(7 * DAY + 2 * 3_600_000);
    return { mia, omar, lea, pair, round };
  }

  const sharedCards = (p: TestPerson) => p.inbox().filter((c) => c.kind === 'card' && /wrote down what you agreed|a noté ce que vous avez convenu/u.test(c.header.title));

  it('the partner gets the next steps and the advice applied, never the private note; status quotes them on both sides', async () => {
    const { mia, omar } = await setup();
    await mia.click('Répondre');
    const labels = mia.openForm!.fields.map((f) => f.label);
    expect(labels).toContain('Ce que nous avons convenu de faire ensuite (partagé avec Omar)');
    expect(labels).toContain('Conseils appliqués, et ce que cela a donné (partagé avec Omar)');
    expect(labels).toContain('Note privée');
    await mia.submit({ met: 'yes', usefulness: 4, nextSteps: SHARED_NEXT, adviceApplied: SHARED_ADVICE, privateNote: PRIVATE });
    expect(mia.lastReply()).toContain('Omar verra ce que vous avez partagé');
    await env.runDueJobs();

    const [shared, ...more] = sharedCards(omar);
    expect(more).toHaveLength(0);
    expect(shared && JSON.stringify(shared)).toContain(SHARED_NEXT);
    expect(JSON.stringify(shared)).toContain(SHARED_ADVICE);
    expect(JSON.stringify(shared)).toContain('Mia wrote down what you agreed');

    // The mentor's form has the shared next steps but no "advice applied".
    await omar.click('Answer');
    const fields = omar.openForm!.fields.map((f) => f.id);
    expect(fields).toContain('nextSteps');
    expect(fields).not.toContain('adviceApplied');
    await omar.submit({ met: 'yes', usefulness: 5, nextSteps: 'Review the deck together', privateNote: 'OMAR-PRIVATE' });
    await env.runDueJobs();
    expect(JSON.stringify(sharedCards(mia))).toContain('Review the deck together');

    await omar.type('/mentor status');
    expect(omar.lastReply()).toContain('Agreed last time (shared):');
    expect(omar.lastReply()).toContain(`Mia (8 March 2027): ${SHARED_NEXT}`);
    expect(omar.lastReply()).toContain(`Mia applied (8 March 2027): ${SHARED_ADVICE}`);
    expect(omar.lastReply()).toContain('Omar (8 March 2027): Review the deck together');
    await mia.type('/mentor status');
    expect(mia.lastReply()).toContain('Convenu la dernière fois (partagé)');
    expect(mia.lastReply()).toContain('Omar (8 mars 2027)\u00a0: Review the deck together');
    expect(JSON.stringify(await omar.home())).toContain(SHARED_NEXT);

    expect(everything(omar)).not.toContain(PRIVATE);
    expect(everything(mia)).not.toContain('OMAR-PRIVATE');
  });

  it('status quotes the latest check-in that has shared lines, not an older one', async () => {
    const { mia, omar } = await setup();
    await mia.click('Répondre');
    await mia.submit({ met: 'yes', usefulness: 4, nextSteps: 'OLD STEP' });
    await omar.click('Answer');
    await omar.submit({ met: 'yes', usefulness: 4 });
    await env.advance(7 * DAY);
    await mia.click('Répondre');
    await mia.submit({ met: 'yes', usefulness: 4, nextSteps: 'NEW STEP' });
    await omar.type('/mentor status');
    expect(omar.lastReply()).toContain('NEW STEP');
    expect(omar.lastReply()).not.toContain('OLD STEP');
  });

  it('nothing shared: no message to the partner and no shared section', async () => {
    const { mia, omar } = await setup();
    await mia.click('Répondre');
    await mia.submit({ met: 'yes', usefulness: 4, privateNote: PRIVATE });
    expect(mia.lastReply()).toContain('votre note privée reste visible de vous seul');
    await env.runDueJobs();
    expect(sharedCards(omar)).toHaveLength(0);
    await omar.type('/mentor status');
    expect(omar.lastReply()).not.toContain('Agreed last time');
    expect(everything(omar)).not.toContain(PRIVATE);
  });

  it('a double submission stores one answer and tells the partner once', async () => {
    const { mia, omar, pair } = await setup();
    await mia.click('Répondre');
    const form = mia.openForm!;
    await Promise.all([
      env.core.submit(mia.actor, form.ref, { met: 'yes', usefulness: 4, nextSteps: SHARED_NEXT }),
      env.core.submit(mia.actor, form.ref, { met: 'yes', usefulness: 2, nextSteps: 'SECOND CLICK' }),
    ]);
    await env.runDueJobs();
    await env.runDueJobs();
    const answered = (await listCheckins(env.database.db, pair.id)).find((c) => c.personId === pair.menteeId);
    expect(answered?.status).toBe('answered');
    const cards = sharedCards(omar);
    expect(cards).toHaveLength(1);
    // The partner reads the answer that was stored, whichever click won.
    expect(JSON.stringify(cards)).toContain(answered!.nextSteps!);
    expect(JSON.stringify(cards)).not.toContain(answered!.nextSteps === SHARED_NEXT ? 'SECOND CLICK' : SHARED_NEXT);
  });

  it('a late answer after the pair ended is kept for its author and not passed on', async () => {
    const { mia, omar, pair } = await setup();
    await omar.type('/mentor end');
    await omar.click('End the pairing');
    await omar.submit({});
    await env.runDueJobs();
    expect((await getPair(env.database.db, pair.id))?.state).toBe('ended');
    const before = mia.inbox().length;
    await mia.type('/mentor checkin');
    await mia.submit({ met: 'yes', usefulness: 3, nextSteps: 'LATE STEP' });
    expect(mia.lastReply()).not.toContain('Omar verra');
    await env.runDueJobs();
    expect(omar.text()).not.toContain('LATE STEP');
    expect(mia.inbox()).toHaveLength(before);
    const late = (await listCheckins(env.database.db, pair.id)).find((c) => c.personId === pair.menteeId);
    expect(late).toMatchObject({ status: 'answered', nextSteps: 'LATE STEP' });
  });

  it('a message decided before the pair ended is not sent after it', async () => {
    const { mia, omar, pair } = await setup();
    await mia.click('Répondre');
    // Decided in the check-in's transaction; the end happens before the delivery job runs.
    await env.core.submit(mia.actor, mia.openForm!.ref, { met: 'yes', usefulness: 4, nextSteps: SHARED_NEXT });
    await env.database.db.updateTable('matches').set({ state: 'ended', ended_at: env.clock.now() }).where('id', '=', pair.id).execute();
    await env.runDueJobs();
    expect(sharedCards(omar)).toHaveLength(0);
  });

  it('leads never see the shared lines or the private note: report, CSVs, home', async () => {
    const { mia, omar, lea } = await setup();
    await mia.click('Répondre');
    await mia.submit({ met: 'yes', usefulness: 4, nextSteps: SHARED_NEXT, adviceApplied: SHARED_ADVICE, privateNote: PRIVATE });
    await omar.click('Answer');
    await omar.submit({ met: 'yes', usefulness: 4, nextSteps: 'OMAR-SHARED' });
    await env.advance(40 * DAY);
    await lea.type('/mentor admin report');
    await lea.click('Pairs (CSV)');
    await lea.click('Figures (CSV)');
    await lea.home();
    const seen = everything(lea) + JSON.stringify(await lea.home());
    expect(lea.seen.some((c) => c.kind === 'file')).toBe(true);
    for (const secret of [SHARED_NEXT, SHARED_ADVICE, PRIVATE, 'OMAR-SHARED']) expect(seen).not.toContain(secret);
  });

  it('export carries my shared lines and those my partner shared with me, erasure removes them on both sides', async () => {
    const { mia, omar, pair } = await setup();
    await mia.click('Répondre');
    await mia.submit({ met: 'yes', usefulness: 4, nextSteps: SHARED_NEXT, adviceApplied: SHARED_ADVICE, privateNote: PRIVATE });
    await omar.click('Answer');
    await omar.submit({ met: 'yes', usefulness: 4, nextSteps: 'OMAR-SHARED', privateNote: 'OMAR-PRIVATE' });
    const [effect] = await omar.type('/mentor export');
    const file = (effect as { content: FileContent }).content;
    const data = JSON.parse(file.content);
    expect(data.checkins[0]).toMatchObject({ next_steps: 'OMAR-SHARED', private_note: 'OMAR-PRIVATE' });
    expect(data.sharedWithMe).toEqual([expect.objectContaining({ next_steps: SHARED_NEXT, advice_applied: SHARED_ADVICE })]);
    expect(file.content).not.toContain(PRIVATE);

    await mia.type('/mentor supprimer');
    await mia.click('Effacer mes données');
    await env.runDueJobs();
    const after = await listCheckins(env.database.db, pair.id);
    expect(after.filter((c) => c.status === 'answered').map((c) => [c.nextSteps, c.adviceApplied])).toEqual([[null, null], [null, null]]);
    expect(after.find((c) => c.personId === pair.mentorId)?.privateNote).toBe('OMAR-PRIVATE');
    expect(await snapshot(env, ['checkins'])).not.toContain(SHARED_NEXT);
  });

  it('the retention purge of a completed round removes the shared lines with the private notes', async () => {
    const { mia, omar, pair, round } = await setup();
    await mia.click('Répondre');
    await mia.submit({ met: 'yes', usefulness: 4, nextSteps: SHARED_NEXT, adviceApplied: SHARED_ADVICE, privateNote: PRIVATE });
    await omar.click('Answer');
    await omar.submit({ met: 'yes', usefulness: 4, nextSteps: 'OMAR-SHARED' });
    const db = env.database.db;
    await db.updateTable('rounds').set({ state: 'completed', completed_at: env.clock.now() }).where('id', '=', round.id).execute();
    await db.updateTable('programs').set({ retention_days: 30 }).where('id', '=', round.programId).execute();
    await env.core.runJob('retention.purge', {});
    expect(await snapshot(env, ['checkins'])).toContain(SHARED_NEXT);
    await env.advance(31 * DAY);
    await env.core.runJob('retention.purge', {});
    const answered = (await listCheckins(db, pair.id)).filter((c) => c.status === 'answered');
    expect(answered.map((c) => [c.nextSteps, c.adviceApplied, c.privateNote])).toEqual([[null, null, null], [null, null, null]]);
  });
});
