import { afterEach, describe, expect, it } from 'vitest';
import { getAgreement } from '../../../src/db/repositories/agreement.repository.ts';
import { listGoals } from '../../../src/db/repositories/goal.repository.ts';
import type { Card, UiContent } from '../../../src/ui/model.ts';
import { databaseKinds } from '../../support/databases.ts';
import { activePair, enroll, openRound, snapshot } from '../../support/employee-fixtures.ts';
import { createMemoryPlatform, type MemoryPlatform, type TestPerson } from '../../support/memory-platform.ts';

const DAY = 86_400_000;
const cards = (p: TestPerson, title: RegExp): Card[] => p.inbox().filter((c): c is Card => c.kind === 'card' && title.test(c.header.title));
const refOf = (content: UiContent | undefined, label: string): string => {
  const button = content?.kind === 'card' ? content.actions.find((a) => a.kind === 'button' && a.label === label) : undefined;
  if (!button || button.kind !== 'button') throw new Error(`no button "${label}"`);
  return button.ref;
};

// Generous: the embedded database's first start is slow on a busy machine.
describe.each(databaseKinds)('the pair agreement on %s', { timeout: 90_000 }, (kind) => {
  let env: MemoryPlatform;
  afterEach(async () => { await env?.dispose(); });

  /** Mia (mentee, French) and Omar (mentor); Nora is in the workspace, not in the pair. */
  async function setup() {
    env = await createMemoryPlatform(kind, { start: new Date('2027-03-01T08:00:00Z') });
    const { round } = await openRound(env, { state: 'running', settings: { checkinCadence: 'P2W' } });
    const mia = env.person('Mia', { locale: 'fr-FR' });
    const omar = env.person('Omar');
    const nora = env.person('Nora');
    for (const p of [mia, omar, nora]) await p.type('/mentor help');
    await enroll(env, round, mia, 'mentee');
    await enroll(env, round, omar, 'mentor');
    const pair = await activePair(env, round, mia, omar);
    const intro = mia.inbox().find((c) => c.kind === 'card' && /Faites connaissance/u.test(c.header.title));
    return { mia, omar, nora, pair, intro };
  }

  it('the intro carries the agreement; each confirms once, the partner is told, and status shows who agreed when', async () => {
    const { mia, omar, pair, intro } = await setup();
    const introText = mia.text();
    for (const words of ['Votre accord', 'Pour arrêter', 'Confidentialité', 'Rythme', 'Your agreement', 'How to end', 'Confidentiality']) expect(introText).toContain(words);
    expect((await getAgreement(env.database.db, pair.id))).toMatchObject({ version: 1, menteeAgreedAt: null, mentorAgreedAt: null, agreedAt: null });

    // Nobody has agreed yet: status says who it waits for.
    await omar.type('/mentor status');
    expect(omar.lastReply()).toContain('Agreement: waiting for you and Mia');

    await mia.clickRef(refOf(intro, 'Je suis d’accord'));
    expect(mia.lastReply()).toContain('vous êtes d’accord. Je l’ai dit à Omar');
    expect(await getAgreement(env.database.db, pair.id)).toMatchObject({ agreedAt: null, mentorAgreedAt: null });
    expect((await getAgreement(env.database.db, pair.id))?.menteeAgreedAt).toBeInstanceOf(Date);

    // The duplicate click changes nothing and sends nothing more.
    const before = await snapshot(env);
    await mia.clickRef(refOf(intro, 'Je suis d’accord'));
    expect(mia.lastReply()).toContain('déjà confirmé cette version');
    expect(await snapshot(env)).toBe(before);

    await env.runDueJobs();
    expect(cards(omar, /^Mia agrees$/u)).toHaveLength(1);
    await mia.type('/mentor statut');
    expect(mia.lastReply()).toContain('Accord: à confirmer par Omar');
    expect(mia.lastReply()).toContain('Vous avez confirmé le 1er mars 2027');

    await omar.env.clock.advance(DAY);
    await omar.click('I agree');
    expect(omar.lastReply()).toContain('you both agree');
    const agreed = await getAgreement(env.database.db, pair.id);
    expect(agreed?.agreedAt?.toISOString()).toBe('2027-03-02T08:00:00.000Z');
    await env.runDueJobs();
    expect(cards(mia, /^Votre accord est enregistré$/u)).toHaveLength(1);
    expect(mia.text()).toContain('Omar et vous êtes d’accord depuis le 2 mars 2027');

    await omar.type('/mentor status');
    const status = omar.lastReply();
    expect(status).toContain('Agreement: agreed on 2 March 2027');
    expect(status).toContain('Mia agreed on 1 March 2027.');
    expect(status).toContain('You agreed on 2 March 2027.');
    expect(status).not.toContain('I agree');
    // Once recorded, a late click on the partner's card is harmless.
    const after = await snapshot(env);
    await omar.click('I agree');
    expect(omar.lastReply()).toContain('already agreed');
    expect(await snapshot(env)).toBe(after);
  });

  it('a suggested change re-opens it for both; a click on the old version records nothing; the form is validated', async () => {
    const { mia, omar, pair, intro } = await setup();
    await mia.clickRef(refOf(intro, 'Je suis d’accord'));
    await omar.type('/mentor status');
    await omar.click('Suggest a change');
    expect(omar.openForm?.title).toBe('Change the agreement');
    await omar.submit({ terms: '   ' });
    expect(omar.lastErrors?.terms).toBeDefined();
    await omar.submit({ terms: 'x'.repeat(501) });
    expect(omar.lastErrors?.terms).toBeDefined();
    await omar.submit({ terms: ['not', 'text'] });
    expect(omar.lastErrors?.terms).toBeDefined();
    expect((await getAgreement(env.database.db, pair.id))?.version).toBe(1);

    await omar.submit({ terms: 'We meet every two weeks, on Thursday mornings.' });
    expect(omar.lastReply()).toContain('Sent to Mia');
    expect(await getAgreement(env.database.db, pair.id)).toMatchObject({
      version: 2, menteeAgreedAt: null, mentorAgreedAt: null, agreedAt: null, terms: 'We meet every two weeks, on Thursday mornings.', termsBy: pair.mentorId,
    });
    await env.runDueJobs();
    const [proposal] = cards(mia, /^Omar propose de modifier votre accord$/u);
    expect(JSON.stringify(proposal)).toContain('Ajouté par Omar\u00a0: We meet every two weeks');
    expect(cards(omar, /^Your agreement with Mia$/u)).toHaveLength(1);

    // Mia's click on the intro (version 1) records nothing and shows the current version.
    const before = await snapshot(env);
    await mia.clickRef(refOf(intro, 'Je suis d’accord'));
    expect(mia.text()).toContain('L’accord a changé depuis ce message');
    expect(await snapshot(env)).toBe(before);

    await mia.clickRef(refOf(proposal, 'Je suis d’accord'));
    await omar.clickRef(refOf(cards(omar, /^Your agreement with Mia$/u)[0], 'I agree'));
    expect(omar.lastReply()).toContain('you both agree');
    expect((await getAgreement(env.database.db, pair.id))?.agreedAt).toBeInstanceOf(Date);
    // Two people suggesting at once: the second, on the old version, changes nothing.
    await omar.type('/mentor status');
    await omar.click('Suggest a change');
    const staleForm = omar.openForm!;
    await mia.type('/mentor statut');
    await mia.click('Proposer une modification');
    await mia.submit({ terms: 'Toutes les trois semaines.' });
    const result = await env.core.submit(omar.actor, staleForm.ref, { terms: 'Every week.' });
    expect(JSON.stringify(result)).toContain('The agreement has changed since that message');
    expect(await getAgreement(env.database.db, pair.id)).toMatchObject({ version: 3, terms: 'Toutes les trois semaines.' });
  });

  it('a non-member is refused, a late click after the end changes nothing, a malformed version is refused', async () => {
    const { mia, omar, nora, pair, intro } = await setup();
    const before = await snapshot(env);
    await nora.clickRef(refOf(intro, 'Je suis d’accord'));
    expect(nora.lastReply()).toMatch(/not|refus/iu);
    // A reference signed for Nora naming the pair: she is not a member.
    await nora.clickRef(env.signer.sign({ kind: 'agreement.confirm', subjects: [pair.id, '1'], personId: await nora.id(), expiresAt: new Date('2027-04-01T00:00:00Z') }));
    expect(await snapshot(env)).toBe(before);
    // A malformed version from a member.
    await mia.clickRef(env.signer.sign({ kind: 'agreement.confirm', subjects: [pair.id, '1e3'], personId: await mia.id(), expiresAt: new Date('2027-04-01T00:00:00Z') }));
    expect(await snapshot(env)).toBe(before);

    // Mia agreed, then the pair ends before Omar does: his late click and the pending notice change nothing.
    await mia.clickRef(refOf(intro, 'Je suis d’accord'));
    await omar.type('/mentor end');
    await omar.click('End the pairing');
    await omar.submit({ reason: '' });
    await env.runDueJobs();
    expect(cards(omar, /^Mia agrees$/u)).toHaveLength(0);
    const ended = await snapshot(env);
    await omar.clickRef(refOf(intro, 'Je suis d’accord'));
    expect(omar.lastReply()).toContain('nothing left to agree');
    expect(await snapshot(env)).toBe(ended);
    expect((await getAgreement(env.database.db, pair.id))?.mentorAgreedAt).toBeNull();
  });

  it('goals take the achievable and relevant answers, validated, and show them in status, preparation and the agreement; the preparation recalls an agreement not yet confirmed', async () => {
    const { mia, omar, pair } = await setup();
    await mia.type('/mentor objectifs');
    await mia.click('Ajouter un objectif');
    expect(JSON.stringify(mia.openForm)).toContain('Qu’est-ce qui le rend atteignable');
    const goal = { title: 'Présenter la feuille de route', measure: 'Présentation faite', targetDate: '2027-06-30' };
    await mia.submit({ ...goal, achievable: 'a'.repeat(301) });
    expect(mia.lastErrors?.achievable).toBeDefined();
    expect(await listGoals(env.database.db, pair.id)).toHaveLength(0);
    await mia.submit({ ...goal, achievable: 'Deux heures par semaine, avec l’accord de ma responsable', relevant: 'Je deviens cheffe d’équipe' });
    const [stored] = await listGoals(env.database.db, pair.id);
    expect(stored).toMatchObject({ achievable: 'Deux heures par semaine, avec l’accord de ma responsable', relevant: 'Je deviens cheffe d’équipe' });

    await omar.type('/mentor status');
    expect(omar.lastReply()).toContain('Achievable: Deux heures par semaine');
    expect(omar.lastReply()).toContain('Relevant: Je deviens cheffe d’équipe');
    expect(omar.lastReply()).toContain('Goals: “Présenter la feuille de route”');
    await omar.type('/mentor prepare');
    expect(omar.text()).toContain('Relevant: Je deviens cheffe d’équipe');
    // Not yet confirmed by either: the preparation says so, instead of reminders of its own.
    expect(omar.text()).toContain('Your agreement is still waiting for you and Mia');
    // Left empty: stored as nothing, and the line says nothing about it.
    await omar.type('/mentor goals');
    await omar.click('Edit 1');
    await omar.submit({ ...goal, achievable: '', relevant: '' });
    expect((await listGoals(env.database.db, pair.id))[0]).toMatchObject({ achievable: null, relevant: null });
    await omar.type('/mentor status');
    expect(omar.lastReply()).not.toContain('Achievable');

    // Either member erasing their data removes the pair's own terms and the goals' SMART answers, on both sides.
    await omar.click('Edit 1');
    await omar.submit({ ...goal, achievable: 'Une heure par semaine', relevant: 'Utile' });
    await omar.click('Suggest a change');
    await omar.submit({ terms: 'Le jeudi matin.' });
    await omar.type('/mentor delete');
    await omar.click('Erase my data');
    await env.runDueJobs();
    expect((await listGoals(env.database.db, pair.id))[0]).toMatchObject({ achievable: null, relevant: null });
    expect(await getAgreement(env.database.db, pair.id)).toMatchObject({ terms: null, termsBy: null });
  });
});
