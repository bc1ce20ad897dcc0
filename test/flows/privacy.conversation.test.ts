import { afterEach, describe, expect, it } from 'vitest';
import { deferView } from '../../adapters/slack/deferred-views.ts';
import { rememberConversation } from '../../adapters/teams/conversation-refs.ts';
import { FileOffers } from '../../adapters/teams/file-offers.ts';
import { FORM_KIND, FormCache } from '../../adapters/teams/form-cache.ts';
import { JOURNAL_KIND, saveJournal, type TurnOwner } from '../../adapters/teams/turn-journal.ts';
import { listCheckins } from '../../src/db/repositories/checkin.repository.ts';
import { addProgramLead } from '../../src/db/repositories/lead.repository.ts';
import { getPair } from '../../src/db/repositories/pair.repository.ts';
import { getPerson } from '../../src/db/repositories/person.repository.ts';
import { ensurePulse, listPulseAnswersForAggregation } from '../../src/db/repositories/pulse.repository.ts';
import type { Form } from '../../src/ui/form.ts';
import type { FileContent } from '../../src/ui/model.ts';
import { databaseKinds } from '../support/databases.ts';
import { activePair, enroll, openRound, snapshot } from '../support/employee-fixtures.ts';
import { createMemoryPlatform, type MemoryPlatform } from '../support/memory-platform.ts';
import { raceAtRow, valuesOf } from '../support/row-race.ts';

const DAY = 86_400_000;

/** A form as an adapter keeps it once shown, with what the person typed in it. */
const typedForm: Form = { kind: 'form', id: 'step-2', ref: 'ref-of-the-step', title: 'Find a mentor', submitLabel: 'Next', fields: [] };
const exportFile: FileContent = { kind: 'file', filename: 'my-data.json', mimeType: 'application/json', content: '{"person":"MIA"}', comment: 'Your data' };

describe.each(databaseKinds)('privacy, export and delete on %s', (kind) => {
  let env: MemoryPlatform;
  afterEach(async () => { await env?.dispose(); });

  /** A pair one week in: both answered the check-in with a private note, and a pulse. */
  async function setup() {
    env = await createMemoryPlatform(kind, { start: new Date('2027-03-01T08:00:00Z') });
    const { round } = await openRound(env, { state: 'running', settings: { checkinCadence: 'P1W' } });
    const mia = env.person('Mia');
    const omar = env.person('Omar');
    await mia.type('/mentor help');
    await omar.type('/mentor help');
    await enroll(env, round, mia, 'mentee');
    await enroll(env, round, omar, 'mentor');
    const pair = await activePair(env, round, mia, omar);
    await env.advance(7 * DAY + 2 * 3_600_000);
    await mia.click('Answer');
    await mia.submit({ met: 'yes', usefulness: 5, privateNote: 'MIA-SECRET-NOTE' });
    await omar.click('Answer');
    await omar.submit({ met: 'yes', usefulness: 3, privateNote: 'OMAR-SECRET-NOTE' });
    const pulse = await ensurePulse(env.database.db, { roundId: round.id, kind: 'periodic', period: 1, opensAt: env.clock.now(), closesAt: new Date(env.clock.now().getTime() + 7 * DAY) });
    await env.core.runJob('pulse.open', { pulseId: pulse.id });
    await env.runDueJobs();
    await mia.click('Answer');
    await mia.submit({ satisfaction: 5, relationship: 5, progress: 4, recommend: 10, comment: 'MIA-PULSE-COMMENT' });
    return { mia, omar, pair, pulse };
  }

  it('explains in one screen what is stored and who sees what', async () => {
    env = await createMemoryPlatform(kind);
    const mia = env.person('Mia');
    await mia.type('/mentor privacy');
    expect(mia.lastReply()).toContain('Your partner sees');
    expect(mia.lastReply()).toContain('Program leads see');
    expect(mia.lastReply()).toContain('Retention');
  });

  it('exports my data as a JSON file, without my partner’s private notes', async () => {
    const { mia, pair } = await setup();
    const [effect] = await mia.type('/mentor export');
    expect(effect?.type).toBe('reply');
    const file = (effect as { content: FileContent }).content;
    expect(file).toMatchObject({ kind: 'file', mimeType: 'application/json' });
    expect(file.filename).toMatch(/\.json$/);
    const data = JSON.parse(file.content);
    expect(data.person.id).toBe(pair.menteeId);
    expect(data.enrollments).toHaveLength(1);
    expect(data.matches.map((m: { id: string }) => m.id)).toEqual([pair.id]);
    expect(data.checkins.every((c: { person_id: string }) => c.person_id === pair.menteeId)).toBe(true);
    expect(file.content).toContain('MIA-SECRET-NOTE');
    expect(file.content).toContain('MIA-PULSE-COMMENT');
    expect(file.content).not.toContain('OMAR-SECRET-NOTE');
  });

  it('deletes only after confirmation: anonymised, partner told neutrally, aggregates still count', async () => {
    const { mia, omar, pair, pulse } = await setup();
    await mia.type('/mentor delete');
    expect(mia.lastReply()).toContain('cannot be undone');
    expect((await getPerson(env.database.db, pair.menteeId))?.erasedAt).toBeNull();
    const [confirm] = await mia.click('Erase my data');
    expect(confirm?.type).toBe('update_source');
    await env.runDueJobs();

    const person = await getPerson(env.database.db, pair.menteeId);
    expect(person).toMatchObject({ displayName: 'Former participant', email: null });
    expect(person?.erasedAt).not.toBeNull();
    expect((await getPair(env.database.db, pair.id))?.state).toBe('ended');
    const checkins = await listCheckins(env.database.db, pair.id);
    expect(checkins.find((c) => c.personId === pair.menteeId)?.privateNote).toBeNull();
    expect(checkins.find((c) => c.personId === pair.mentorId)?.privateNote).toBe('OMAR-SECRET-NOTE');
    // The rating still counts in the aggregates; the free-text comment is gone.
    const answers = await listPulseAnswersForAggregation(env.database.db, pulse.id);
    expect(answers).toHaveLength(1);
    expect(answers[0]).toMatchObject({ satisfaction: 5, comment: null });
    const enrollments = await env.database.db.selectFrom('enrollments').select(['status', 'answers']).where('person_id', '=', pair.menteeId).execute();
    expect(enrollments).toEqual([{ status: 'withdrawn', answers: null }]);
    expect(omar.text()).toContain('has left the program');

    // The confirmation cannot be replayed (writing again makes the platform user a new person, nothing more).
    const tables = ['enrollments', 'matches', 'match_events', 'goals', 'checkins', 'pulse_answers', 'waitlist', 'deliveries'] as const;
    const before = await snapshot(env, tables);
    const card = mia.seen.find((c) => c.kind === 'card' && c.actions.some((a) => a.kind === 'button' && a.label === 'Erase my data'));
    const ref = card?.kind === 'card' && card.actions[0]?.kind === 'button' ? card.actions[0].ref : '';
    const replay = await env.core.action(mia.actor, ref);
    expect(JSON.stringify(replay)).toContain('not valid for you');
    expect(await snapshot(env, tables)).toBe(before);
  });

  // Two "Erase my data" cards confirmed at once (the command typed twice): the first is held at
  // Mia's enrolment (on PostgreSQL) while the second runs.
  it('erases once when two confirmations are clicked at once; the second is told it is done', async () => {
    const { mia, omar, pair } = await setup();
    await mia.type('/mentor delete');
    await mia.type('/mentor delete');
    const refs = mia.seen.flatMap((c) => (c.kind === 'card' ? c.actions : []))
      .flatMap((a) => (a.kind === 'button' && a.label === 'Erase my data' ? [a.ref] : []));
    expect(refs).toHaveLength(2);
    const [enrollment] = await env.database.db.selectFrom('enrollments').select('id').where('person_id', '=', pair.menteeId).execute();
    const [first, second] = valuesOf(await raceAtRow(env.database, 'enrollments', enrollment!.id, refs.map((ref) => () => env.core.action(mia.actor, ref))));
    expect(JSON.stringify(first)).toContain('Your data is erased');
    expect(JSON.stringify(second)).not.toContain('something went wrong');
    expect(JSON.stringify(second)).toMatch(kind === 'postgres' ? /already recorded/ : /not valid for you/);
    expect((await getPerson(env.database.db, pair.menteeId))?.erasedAt).not.toBeNull();
    await env.runDueJobs();
    expect(env.messenger.to(pair.mentorId).filter((d) => d.key === `pair.partner_left:${pair.id}`)).toHaveLength(1);
    expect(omar.text()).toContain('has left the program');
  });

  it.runIf(kind === 'postgres')('a report link asked for from another device as the lead’s erasure is confirmed: the erasure deletes its code', async () => {
    env = await createMemoryPlatform(kind, { publicUrl: 'https://mentor.example' });
    const { program } = await openRound(env, { state: 'running' });
    const lea = env.person('Lea');
    await lea.type('/mentor help');
    await addProgramLead(env.database.db, program.id, await lea.id(), null);
    await lea.type('/mentor delete');
    // Her report has read that she leads the program and waits for it (the link's code points to
    // it; the test holds it); her erasure, confirmed meanwhile, goes on after it.
    const [report] = valuesOf(await raceAtRow<unknown>(env.database, 'programs', program.id, [
      () => env.core.command(lea.actor, { text: 'admin report' }),
      () => lea.click('Erase my data'),
    ]));
    expect(JSON.stringify(report)).toContain('https://mentor.example/report?code=');
    expect((await getPerson(env.database.db, await lea.id()))?.erasedAt).not.toBeNull();
    expect(await env.database.db.selectFrom('report_codes').select('person_id').execute()).toEqual([]);
  });

  it.runIf(kind === 'postgres')('a conversation saved from another device as the person’s erasure is confirmed: the erasure deletes it', async () => {
    env = await createMemoryPlatform(kind);
    const { round } = await openRound(env, { state: 'running' });
    const mia = env.person('Mia');
    await mia.type('/mentor help');
    const miaId = await mia.id();
    await mia.type('/mentor delete');
    // Her message from a new chat has found who she is, and its conversation (her name and ids)
    // waits for the workspace (the test holds it); her erasure, confirmed meanwhile, goes on after it.
    const activity = {
      channelId: 'msteams', serviceUrl: 'https://smba.example/', conversation: { id: 'a:new-chat', isGroup: false, name: '', conversationType: 'personal' },
      from: { id: '29:mia', name: 'Mia', aadObjectId: 'U_MIA' }, recipient: { id: '28:bot', name: 'Mentor' },
    };
    valuesOf(await raceAtRow<unknown>(env.database, 'workspaces', round.workspaceId, [
      () => rememberConversation(env.database.db, round.workspaceId, miaId, activity),
      () => mia.click('Erase my data'),
    ]));
    expect((await getPerson(env.database.db, miaId))?.erasedAt).not.toBeNull();
    expect(await env.database.db.selectFrom('conversation_refs').select('person_id').execute()).toEqual([]);
  });

  /** Mia, known to the bot, her erasure asked for (the card to confirm it shown); her workspace and platform ids. */
  async function miaAboutToErase(options: { platform?: 'slack' } = {}) {
    env = await createMemoryPlatform(kind, options);
    const mia = env.person('Mia');
    await mia.type('/mentor help');
    const miaId = await mia.id();
    const { workspace_id: workspaceId } = await env.database.db.selectFrom('people').select('workspace_id').where('id', '=', miaId).executeTakeFirstOrThrow();
    await mia.type('/mentor delete');
    return { mia, miaId, owner: { workspaceId, platformUserId: mia.actor.platformUserId } };
  }

  it.runIf(kind === 'postgres')('a Teams form kept from another device as the person’s erasure is confirmed: the erasure deletes it', async () => {
    const { mia, miaId, owner } = await miaAboutToErase();
    const forms = new FormCache(env.database.db);
    // The same form kept earlier for nobody in particular (shown before the bot knew who saw it):
    // the test holds its row. Her turn, which found who she is, keeps the form shown to her and
    // waits for that row; her erasure, confirmed meanwhile, goes on after it.
    await forms.remember(typedForm);
    const { key } = await env.database.db.selectFrom('adapter_state').select('key').where('kind', '=', FORM_KIND).executeTakeFirstOrThrow();
    valuesOf(await raceAtRow<unknown>(env.database, 'adapter_state', { kind: FORM_KIND, key }, [
      () => forms.remember(typedForm, owner),
      () => mia.click('Erase my data'),
    ]));
    expect((await getPerson(env.database.db, miaId))?.erasedAt).not.toBeNull();
    expect(await env.database.db.selectFrom('adapter_state').select('user_id').where('user_id', '=', owner.platformUserId).execute()).toEqual([]);
  });

  /** Mia as a Teams turn names its person: her tenant (the workspace's own id) and her platform user id. */
  async function turnOwnerOf(owner: { workspaceId: string; platformUserId: string }): Promise<TurnOwner> {
    const workspace = await env.database.db.selectFrom('workspaces').select(['platform', 'external_id']).where('id', '=', owner.workspaceId).executeTakeFirstOrThrow();
    return { platform: workspace.platform, workspaceExternalId: workspace.external_id, platformUserId: owner.platformUserId };
  }

  /** What a turn of hers has left to send: her answers echoed back. */
  const herJournal = { operations: [{ op: 'send' as const, activity: { type: 'message', text: 'MIA-ANSWERS: lead a team' } }] };

  it.runIf(kind === 'postgres')('a Teams turn’s replies kept from another device as the person’s erasure is confirmed: the erasure deletes them', async () => {
    const { mia, miaId, owner } = await miaAboutToErase();
    const turnOwner = await turnOwnerOf(owner);
    // The same turn's journal, saved earlier for nobody in particular: the test holds its row. Her
    // turn, whose work committed, keeps what it has left to send and waits for that row; her
    // erasure, confirmed meanwhile on another device, goes on after it.
    expect(await saveJournal(env.database.db, 'teams:a:chat:1', { operations: [] }, undefined, new Date())).toBe(true);
    const { key } = await env.database.db.selectFrom('adapter_state').select('key').where('kind', '=', JOURNAL_KIND).executeTakeFirstOrThrow();
    const [kept] = valuesOf(await raceAtRow<unknown>(env.database, 'adapter_state', { kind: JOURNAL_KIND, key }, [
      () => saveJournal(env.database.db, 'teams:a:chat:1', herJournal, turnOwner, new Date()),
      () => mia.click('Erase my data'),
    ]));
    expect(kept).toBe(true);
    expect((await getPerson(env.database.db, miaId))?.erasedAt).not.toBeNull();
    expect(await env.database.db.selectFrom('adapter_state').select('user_id').where('kind', '=', JOURNAL_KIND).execute()).toEqual([]);
  });

  it('keeps no Teams turn’s replies for a person erased by the time the turn keeps them', async () => {
    const { mia, owner } = await miaAboutToErase();
    const turnOwner = await turnOwnerOf(owner);
    await mia.click('Erase my data');
    expect(await saveJournal(env.database.db, 'teams:a:chat:2', herJournal, turnOwner, new Date())).toBe(false);
    expect(await env.database.db.selectFrom('adapter_state').select('kind').execute()).toEqual([]);
  });

  it.runIf(kind === 'postgres')('a Slack form kept from another device as the person’s erasure is confirmed: the erasure deletes it', async () => {
    const { mia, miaId, owner } = await miaAboutToErase({ platform: 'slack' });
    // An expired form kept for someone else, which keeping hers sweeps first: the test holds it.
    // Her request, which found who she is, waits there; her erasure, confirmed meanwhile, goes on after it.
    await env.database.db.insertInto('slack_deferred_views')
      .values({ id: 'expired', team_id: 'T_ACME', user_id: 'U_BOB', view: '{}', expires_at: new Date(0) }).execute();
    const [id] = valuesOf(await raceAtRow<unknown>(env.database, 'slack_deferred_views', 'expired', [
      () => deferView(env.database.db, 'T_ACME', owner.platformUserId, { type: 'modal', typed: 'MIA-TYPED' }, new Date()),
      () => mia.click('Erase my data'),
    ]));
    expect(id).toEqual(expect.any(String));
    expect((await getPerson(env.database.db, miaId))?.erasedAt).not.toBeNull();
    expect(await env.database.db.selectFrom('slack_deferred_views').select('user_id').execute()).toEqual([]);
  });

  it('keeps nothing for a person erased by the time a request of theirs keeps a form or offers a file', async () => {
    const { mia, owner } = await miaAboutToErase();
    await mia.click('Erase my data');
    // A Teams turn that found who she was before her erasure committed: its form and its file offer.
    await new FormCache(env.database.db).remember(typedForm, owner);
    expect(await new FileOffers(env.database.db).offer(exportFile, owner)).toBeUndefined();
    expect(await env.database.db.selectFrom('adapter_state').select('kind').execute()).toEqual([]);
  });

  it('keeps no Slack form for a person erased by the time a request of theirs keeps it', async () => {
    const { mia, owner } = await miaAboutToErase({ platform: 'slack' });
    await mia.click('Erase my data');
    expect(await deferView(env.database.db, 'T_ACME', owner.platformUserId, { type: 'modal', typed: 'MIA-TYPED' }, new Date())).toBeUndefined();
    expect(await env.database.db.selectFrom('slack_deferred_views').select('user_id').execute()).toEqual([]);
  });
});
