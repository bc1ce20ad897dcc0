import { afterEach, describe, expect, it } from 'vitest';
import { listGoals } from '../../src/db/repositories/goal.repository.ts';
import { getPair } from '../../src/db/repositories/pair.repository.ts';
import { ensurePulse } from '../../src/db/repositories/pulse.repository.ts';
import type { ButtonAction, UiContent } from '../../src/ui/model.ts';
import { databaseKinds } from '../support/databases.ts';
import { activePair, openRound, proposePair, snapshot } from '../support/employee-fixtures.ts';
import { createMemoryPlatform, type MemoryPlatform, type TestPerson } from '../support/memory-platform.ts';

const DAY = 86_400_000;

function refOf(person: TestPerson, label: string): string {
  const contents: UiContent[] = [...person.inbox(), ...person.seen.filter((c): c is UiContent => c.kind !== 'form')].reverse();
  for (const c of contents) {
    const button = c.kind === 'card' ? c.actions.find((a): a is ButtonAction => a.kind === 'button' && a.label.includes(label)) : undefined;
    if (button) return button.ref;
  }
  throw new Error(`no button ${label}`);
}

describe.each(databaseKinds)('goals, check-ins and pulses on %s', (kind) => {
  let env: MemoryPlatform;
  afterEach(async () => { await env?.dispose(); });

  async function setup() {
    env = await createMemoryPlatform(kind, { start: new Date('2027-03-01T08:00:00Z') });
    const { round } = await openRound(env, { state: 'running', settings: { checkinCadence: 'P1W' } });
    const mia = env.person('Mia', { locale: 'fr-FR' });
    const omar = env.person('Omar');
    await mia.type('/mentor aide');
    await omar.type('/mentor help');
    const pair = await activePair(env, round, mia, omar);
    return { mia, omar, pair, round };
  }

  it('edits, moves forward and completes goals; the partner is told once a day', async () => {
    const { mia, omar, pair } = await setup();
    await omar.type('/mentor goals');
    await omar.click('Add a goal');
    await omar.submit({ title: 'Negotiate a budget', measure: 'Budget approved', targetDate: '2027-05-01' });
    await omar.click('Edit 1');
    expect(omar.openForm?.fields.find((f) => f.id === 'title')?.initial).toBe('Negotiate a budget');
    await omar.submit({ title: 'Negotiate the 2028 budget', measure: 'Budget approved', targetDate: '2027-05-01' });
    await omar.click('Progress 1');
    await omar.submit({ progress: 60 });
    await env.runDueJobs();
    expect(mia.inbox().filter((c) => c.kind === 'message' && JSON.stringify(c).includes('objectifs communs'))).toHaveLength(1);
    await mia.type('/mentor objectifs');
    expect(mia.lastReply()).toContain('Negotiate the 2028 budget');
    expect(mia.lastReply()).toContain('60\u00a0%');
    await mia.click('Atteint 1');
    const [goal] = await listGoals(env.database.db, pair.id);
    expect(goal).toMatchObject({ status: 'done', progress: 100, updatedBy: pair.menteeId });
  });

  it('refuses bad goal, check-in and pulse input field by field, in the person’s language, storing nothing', async () => {
    const { mia, omar, round } = await setup();
    await mia.type('/mentor objectifs');
    await mia.click('Ajouter un objectif');
    let before = await snapshot(env);
    const goal = await mia.submit({ title: 'x'.repeat(201), measure: '', targetDate: '2026-01-01' });
    expect(goal.type === 'errors' && goal.errors).toMatchObject({
      title: expect.stringMatching(/^200\s?caractères au maximum/u), measure: 'Ce champ est obligatoire.', targetDate: expect.stringContaining('La date doit'),
    });
    expect(await snapshot(env)).toBe(before);

    await env.advance(7 * DAY + 2 * 3_600_000);
    await mia.click('Répondre');
    before = await snapshot(env);
    const checkin = await mia.submit({ met: 'perhaps', usefulness: 9 });
    expect(checkin.type === 'errors' && checkin.errors).toMatchObject({ met: 'Merci de choisir parmi les options proposées.', usefulness: expect.stringContaining('5') });
    expect(await snapshot(env)).toBe(before);

    const pulse = await ensurePulse(env.database.db, { roundId: round.id, kind: 'periodic', period: 1, opensAt: env.clock.now(), closesAt: new Date(env.clock.now().getTime() + DAY) });
    await env.core.runJob('pulse.open', { pulseId: pulse.id });
    await env.runDueJobs();
    await omar.click('Answer');
    before = await snapshot(env);
    const answer = await omar.submit({ satisfaction: 6, relationship: 3, progress: 3 });
    expect(answer.type === 'errors' && Object.keys(answer.errors).sort()).toEqual(['recommend', 'satisfaction']);
    expect(await snapshot(env)).toBe(before);
  });

  it('changes nothing for a forged, tampered or replayed reference', async () => {
    const { mia, omar } = await setup();
    await omar.type('/mentor goals');
    await omar.click('Add a goal');
    await omar.submit({ title: 'Speak at the all-hands', measure: 'Talk given', targetDate: '2027-05-01' });
    await env.advance(7 * DAY + 2 * 3_600_000);
    const before = await snapshot(env);

    // Mia's check-in button used by Omar: refused.
    await omar.clickRef(refOf(mia, 'Répondre'));
    expect(omar.lastReply()).toContain('not valid for you');
    // A tampered "Done" button: refused.
    const done = refOf(omar, 'Done 1');
    await omar.clickRef(`${done.slice(0, 20)}${done[20] === 'A' ? 'B' : 'A'}${done.slice(21)}`);
    expect(omar.lastReply()).toContain('not valid for you');
    // Garbage: refused.
    await omar.clickRef('not-a-reference');
    expect(omar.lastReply()).toContain('not valid for you');
    expect(await snapshot(env)).toBe(before);

    // A one-shot button pressed twice: the second press changes nothing.
    await omar.clickRef(done);
    const afterFirst = await snapshot(env);
    await omar.clickRef(done);
    expect(omar.lastReply()).toContain('already recorded');
    expect(await snapshot(env)).toBe(afterFirst);

    // A check-in answered twice: the second answer is refused politely.
    await omar.click('Answer');
    const form = omar.openForm!;
    await omar.submit({ met: 'not_yet' });
    omar.openForm = form;
    const afterAnswer = await snapshot(env);
    await omar.submit({ met: 'yes', usefulness: 5 });
    expect(omar.lastReply()).toContain('already answered');
    expect(await snapshot(env)).toBe(afterAnswer);
  });

  it('shows status and the home view: pair, goals, next check-in in my zone, and says when nothing is due', async () => {
    const { mia, omar } = await setup();
    await omar.type('/mentor checkin');
    expect(omar.lastReply()).toContain('The next one is on 8 March 2027 at 10:00');
    await omar.type('/mentor status');
    expect(omar.lastReply()).toContain('Pairing with Mia');
    expect(omar.lastReply()).toContain('Next check-in: 8 March 2027 at 10:00');
    const home = await mia.home();
    expect(home.map((c) => c.header.title)).toContain('Binôme avec Omar');
  });

  it('lists a pending proposal in status with a working Accept button', async () => {
    env = await createMemoryPlatform(kind);
    const { round } = await openRound(env, { state: 'running' });
    const mia = env.person('Mia');
    const omar = env.person('Omar');
    await mia.type('/mentor help');
    await omar.type('/mentor help');
    const pair = await proposePair(env, round, mia, omar);
    await mia.type('/mentor status');
    expect(mia.lastReply()).toContain('Proposal: Omar');
    await mia.click('Accept');
    expect(mia.lastReply()).toContain('as soon as the other person accepts');
    await mia.type('/mentor status');
    expect(mia.lastReply()).not.toContain('[1] Accept');
    await omar.type('/mentor status');
    await omar.click('Accept');
    expect((await getPair(env.database.db, pair.id))?.state).toBe('active');
  });
});
