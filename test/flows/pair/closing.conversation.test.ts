import { afterEach, describe, expect, it } from 'vitest';
import { createGoal } from '../../../src/db/repositories/goal.repository.ts';
import { addProgramLead } from '../../../src/db/repositories/lead.repository.ts';
import type { Round } from '../../../src/domain/model.ts';
import type { FileContent } from '../../../src/ui/model.ts';
import { databaseKinds } from '../../support/databases.ts';
import { activePair, openRound } from '../../support/employee-fixtures.ts';
import { createMemoryPlatform, type MemoryPlatform, type TestPerson } from '../../support/memory-platform.ts';

const DAY = 86_400_000;
const MIA_WIN = 'MIA-WIN-I led my first project review';
const MIA_LEARNT = 'MIA-LEARNT-ask for feedback early';
const MIA_WORD = 'Thank you Omar, you changed how I work';
const OMAR_WIN = 'OMAR-WIN-I became a better listener';
const OMAR_WORD = 'Bravo Mia, keep going';

const everything = (p: TestPerson): string => JSON.stringify([...p.seen, ...p.inbox()]);
const closingCards = (p: TestPerson) => p.inbox().filter((c) => c.kind === 'card' && /time to look back|l’heure du bilan/u.test(c.header.title));
const lastFile = (p: TestPerson): FileContent => p.seen.filter((c): c is FileContent => c.kind === 'file').at(-1)!;

// Generous: the embedded database's first start is slow on a busy machine.
describe.each(databaseKinds)('closing with the wins on %s', { timeout: 120_000 }, (kind) => {
  let env: MemoryPlatform;
  afterEach(async () => { await env?.dispose(); });

  /** Mia (mentee, French) and Omar (mentor), paired; Nora is not in the pair; Lea leads; the round ends in 30 days. */
  async function setup() {
    env = await createMemoryPlatform(kind, { start: new Date('2027-03-01T08:00:00Z') });
    const { program, round } = await openRound(env, { state: 'running', settings: { checkinCadence: 'P1W' } });
    const mia = env.person('Mia', { locale: 'fr-FR' });
    const omar = env.person('Omar');
    const nora = env.person('Nora');
    const lea = env.person('Lea');
    for (const p of [mia, omar, nora, lea]) await p.type('/mentor help');
    await addProgramLead(env.database.db, program.id, await lea.id(), null);
    const pair = await activePair(env, round, mia, omar);
    await createGoal(env.database.db, { matchId: pair.id, title: 'Run a project review', measure: 'one review', targetDate: '2027-03-25', createdBy: await mia.id() });
    const endsAt = new Date(env.clock.now().getTime() + 30 * DAY);
    await env.database.db.updateTable('rounds').set({ ends_at: endsAt }).where('id', '=', round.id).execute();
    return { mia, omar, nora, lea, pair, round: { ...round, endsAt } as Round, endsAt };
  }

  /** The round's end, as the queue would run it: check-ins on the way, then round.complete. */
  async function roundEnds(endsAt: Date) {
    await env.scheduler.schedule({ name: 'round.complete', key: 'round.complete:test', runAt: endsAt, payload: { roundId: (await env.database.db.selectFrom('rounds').select('id').executeTakeFirstOrThrow()).id } });
    await env.advance(endsAt.getTime() - env.clock.now().getTime() + 60_000);
  }

  it('the end of the program period asks both; wins stay private, the word is shared, the log exports; duplicate and late answers change nothing', async () => {
    const { mia, omar, nora, endsAt } = await setup();
    await roundEnds(endsAt);
    expect(closingCards(mia)).toHaveLength(1);
    expect(closingCards(omar)).toHaveLength(1);
    expect(JSON.stringify(closingCards(omar))).toContain('Your wins and what you learnt stay private');

    await mia.click('Noter mes réussites');
    const labels = mia.openForm!.fields.map((f) => f.label);
    expect(labels).toEqual(['Mes réussites (privé)', 'Ce que j’ai appris (privé)', 'Un mot pour Omar (partagé avec Omar)']);
    const form = mia.openForm!;
    // Malformed: a missing required field, a number for a text, too long a text: errors, nothing stored.
    expect((await mia.submit({ wins: '' })).type).toBe('errors');
    expect((await mia.submit({ wins: 42, learnt: 'x'.repeat(5000) })).type).toBe('errors');
    expect(await env.database.db.selectFrom('closings').select('answered_at').where('answered_at', 'is not', null).execute()).toHaveLength(0);

    await mia.submit({ wins: MIA_WIN, learnt: MIA_LEARNT, partnerWord: MIA_WORD });
    expect(mia.lastReply()).toContain('Omar recevra votre mot');
    await env.runDueJobs();
    const words = omar.inbox().filter((c) => c.kind === 'card' && c.header.title === 'A word from Mia');
    expect(words).toHaveLength(1);
    expect(JSON.stringify(words)).toContain(MIA_WORD);

    // The same form submitted again (a double click, a retry): recorded once, the word sent once.
    const again = await env.core.submit(mia.actor, form.ref, { wins: 'second', learnt: '', partnerWord: 'second word' });
    expect(JSON.stringify(again)).toContain('déjà enregistrée');
    await env.runDueJobs();
    const rows = await env.database.db.selectFrom('closings').selectAll().where('person_id', '=', await mia.id()).execute();
    expect(rows.map((r) => r.wins)).toEqual([MIA_WIN]);
    expect(omar.inbox().filter((c) => c.kind === 'card' && c.header.title === 'A word from Mia')).toHaveLength(1);

    // A non-member presses Mia's button, or submits her form: refused, nothing changes.
    const miaButton = JSON.stringify(closingCards(mia)).match(/"ref":"([^"]+)"/u)![1]!;
    await nora.clickRef(miaButton);
    expect(nora.lastReply()).toContain('not valid for you');
    expect(JSON.stringify(await env.core.submit(nora.actor, form.ref, { wins: 'NORA' }))).not.toContain('Thank you');

    await omar.click('Write my wins');
    await omar.submit({ wins: OMAR_WIN, partnerWord: OMAR_WORD });
    expect(omar.lastReply()).toContain('Mia will receive your word');
    await env.runDueJobs();

    // Mia's log: goals, her wins, what she learnt, both words; never Omar's wins.
    await mia.click('Exporter mon bilan');
    const log = lastFile(mia);
    expect(log.filename).toMatch(/^bilan-reussites-\d{4}-\d{2}-\d{2}\.md$/u);
    expect(log.mimeType).toBe('text/markdown');
    expect(log.content).toContain('# Bilan des réussites\u00a0: Mia');
    expect(log.content).toContain('Run a project review\u00a0: 0\u00a0% (en cours');
    expect(log.content).toContain(MIA_WIN);
    expect(log.content).toContain(MIA_LEARNT);
    expect(log.content).toContain(`> ${MIA_WORD}`);
    expect(log.content).toContain(`> ${OMAR_WORD}`);
    expect(log.content).not.toContain(OMAR_WIN);
    // Omar's, by command, in English: his own wins, never Mia's.
    await omar.type('/mentor wins export');
    const his = lastFile(omar);
    expect(his.filename).toMatch(/^wins-log-/u);
    expect(his.content).toContain(OMAR_WIN);
    expect(his.content).toContain('mentoring Mia');
    expect(his.content).not.toContain(MIA_WIN);
    expect(his.content).not.toContain(MIA_LEARNT);
    expect(everything(omar)).not.toContain(MIA_WIN);
    expect(everything(omar)).not.toContain(MIA_LEARNT);

    // Export when nothing recorded: Nora has no pair.
    await nora.type('/mentor wins');
    expect(nora.lastReply()).toContain('no mentoring pair yet');
  });

  it('a late answer after the window is refused and stores nothing; the lead sees counts once the window is over, and comparing two reports gives no one away', async () => {
    const { mia, omar, lea, endsAt } = await setup();
    await roundEnds(endsAt);
    await mia.click('Noter mes réussites');
    await mia.submit({ wins: MIA_WIN });
    await omar.click('Write my wins');
    const late = omar.openForm!;

    // Within the window the lead sees no count at all.
    await lea.type('/mentor admin report');
    expect(lea.lastReply()).toContain('counted once the closing window is over');

    await env.advance(31 * DAY);
    const answer = await env.core.submit(omar.actor, late.ref, { wins: OMAR_WIN });
    expect(JSON.stringify(answer)).toContain('closing form closed on');
    await omar.click('Write my wins');
    expect(omar.lastReply()).toContain('closing form closed on');
    const row = await env.database.db.selectFrom('closings').selectAll().where('person_id', '=', await omar.id()).executeTakeFirstOrThrow();
    expect(row.answered_at).toBeNull();
    expect(row.wins).toBeNull();
    // The log still exports, saying the wins were not written.
    await omar.type('/mentor wins');
    expect(lastFile(omar).content).toContain('My wins');

    // One pair, two members: below the minimum group size, the round is withheld whole.
    await lea.type('/mentor admin report');
    const first = lea.lastReply();
    expect(first).toContain('1 round not shown: fewer than 5 answers or non-answers');
    expect(first).not.toMatch(/\b1 of 2\b/u);
    // A late answer refused, then an erasure: the lead's next report is the same.
    await env.core.submit(omar.actor, late.ref, { wins: OMAR_WIN });
    await mia.type('/mentor supprimer');
    await mia.click('Effacer mes données');
    await lea.type('/mentor admin report');
    const second = lea.lastReply();
    const closingLine = (text: string) => text.split('\n').find((l) => l.includes('Closing conversations'));
    expect(closingLine(second)).toBe(closingLine(first));
    expect(everything(lea)).not.toContain(MIA_WIN);
    // Erasure removed Mia's words; the row that counts stays.
    const mine = await env.database.db.selectFrom('closings').selectAll().where('person_id', '=', await mia.id()).executeTakeFirstOrThrow();
    expect([mine.wins, mine.learnt, mine.partner_word, mine.answered_at !== null]).toEqual([null, null, null, true]);
  });

  it('`end` asks both members; a chemistry "not the right fit" does not; export carries my closing and only the word shared with me', async () => {
    const { mia, omar, pair } = await setup();
    await omar.type('/mentor end');
    await omar.click('End the pairing');
    await omar.submit({ reason: 'OMAR-PRIVATE-REASON' });
    await env.runDueJobs();
    expect(closingCards(mia)).toHaveLength(1);
    expect(closingCards(omar)).toHaveLength(1);
    await omar.click('Write my wins');
    await omar.submit({ wins: OMAR_WIN, learnt: 'OMAR-LEARNT', partnerWord: OMAR_WORD });
    await env.runDueJobs();

    const [effect] = await omar.type('/mentor export');
    const data = JSON.parse((effect as { content: FileContent }).content.content);
    expect(data.closings).toHaveLength(1);
    expect(data.closings[0]).toMatchObject({ match_id: pair.id, wins: OMAR_WIN, learnt: 'OMAR-LEARNT', partner_word: OMAR_WORD });
    const [hers] = await mia.type('/mentor exporter');
    const herData = JSON.parse((hers as { content: FileContent }).content.content);
    expect(herData.closings[0]).toMatchObject({ wins: null, answered_at: null });
    expect(herData.closingWordsForMe).toEqual([expect.objectContaining({ partner_word: OMAR_WORD })]);
    expect(JSON.stringify(herData)).not.toContain(OMAR_WIN);
    expect(JSON.stringify(herData)).not.toContain('OMAR-LEARNT');

    // A pair ended by the chemistry check gets no closing.
    const nora = env.person('Nora');
    const zoe = env.person('Zoe');
    await nora.type('/mentor help');
    await zoe.type('/mentor help');
    const round = await env.database.db.selectFrom('rounds').selectAll().executeTakeFirstOrThrow();
    const second = await activePair(env, { id: round.id, workspaceId: round.workspace_id, programId: round.program_id } as Round, zoe, nora);
    await env.core.runJob('pair.first_meeting_nudge', { matchId: second.id });
    await env.runDueJobs();
    await nora.click('Not the right fit');
    await env.runDueJobs();
    expect(closingCards(zoe)).toHaveLength(0);
    expect(closingCards(nora)).toHaveLength(0);
  });

  it('reminds a week before the form closes, only who has not answered, once; a lost queue brings the reminder back', async () => {
    const { mia, omar, endsAt } = await setup();
    await roundEnds(endsAt);
    expect(env.scheduler.pending('closing.reminder')).toHaveLength(2);
    await mia.click('Noter mes réussites');
    await mia.submit({ wins: MIA_WIN });
    env.scheduler.jobs.clear();
    await env.advance(22 * DAY);
    await env.core.runJob('reconcile', {});
    expect(env.scheduler.pending('closing.reminder')).toHaveLength(1);
    await env.advance(2 * DAY);
    const reminders = (p: TestPerson) => p.inbox().filter((c) => c.kind === 'card' && /A week left|Plus qu’une semaine/u.test(c.header.title));
    expect(reminders(omar)).toHaveLength(1);
    expect(reminders(mia)).toHaveLength(0);
    // Reconciled again (a retry, another worker): still one.
    await env.core.runJob('reconcile', {});
    await env.advance(DAY);
    expect(reminders(omar)).toHaveLength(1);
    await omar.click('Write my wins');
    expect(omar.openForm).toBeDefined();
  });

  it('a lost queue loses no closing: reconcile brings back the round end, and the closing messages it decided', async () => {
    const { mia, omar, round, endsAt } = await setup();
    // The queue store is flushed: nothing is queued any more.
    env.scheduler.jobs.clear();
    env.clock.set(new Date(endsAt.getTime() - 3_600_000));
    await env.core.runJob('reconcile', {});
    expect(env.scheduler.pending('round.complete').map((j) => j.payload.roundId)).toEqual([round.id]);
    await env.advance(2 * 3_600_000);
    expect(closingCards(mia)).toHaveLength(1);
    expect(closingCards(omar)).toHaveLength(1);

    // Decided, then lost before sending: the second round of the program ends with its queue flushed after the job ran.
    const nora = env.person('Nora');
    const zoe = env.person('Zoe');
    await nora.type('/mentor help');
    await zoe.type('/mentor help');
    const next = await openRound(env, { state: 'running', name: 'Autumn 2027' });
    const pair = await activePair(env, next.round, zoe, nora);
    await env.database.db.updateTable('rounds').set({ ends_at: env.clock.now() }).where('id', '=', next.round.id).execute();
    await env.core.runJob('round.complete', { roundId: next.round.id });
    env.scheduler.jobs.clear();
    expect(closingCards(zoe)).toHaveLength(0);
    await env.core.runJob('reconcile', {});
    await env.runDueJobs();
    expect(closingCards(zoe)).toHaveLength(1);
    expect(closingCards(nora)).toHaveLength(1);
    // Asked again (a retried job): no second card.
    await env.core.runJob('round.complete', { roundId: next.round.id });
    await env.core.runJob('reconcile', {});
    await env.runDueJobs();
    expect(closingCards(zoe)).toHaveLength(1);
    expect(await env.database.db.selectFrom('closings').select('id').where('match_id', '=', pair.id).execute()).toHaveLength(2);
  });
});
