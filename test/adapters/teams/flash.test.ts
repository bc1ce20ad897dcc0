// A flash session through Teams (docs/flash.md), the mentor in French, on a topic whose label
// carries an emoji and accents: opt-in in the profile card,
// `ask <topic>` and the question card, the mentor's acceptance, the introduction in each personal
// chat, and a week later the one question; both want to continue but share no round yet, so each
// is told how to enrol, and "Pair us now" says plainly that nothing is shared yet. And a session
// booked through "Find a time" with Microsoft 365: the button on each one's copy of the intro
// (the mentor's in French), the times cards, an Outlook event with a Teams link in the mentor's
// calendar, a second booking that cancels the first event once (with a comment in the mentor's
// language), and the question an hour after the meeting's end.
import { afterEach, describe, expect, it } from 'vitest';
import { getProfile } from '../../../src/db/repositories/profile.repository.ts';
import { startLevel, type StartedLevel } from '../../support/calendar-levels.ts';
import type { FakeMicrosoftCalendar } from '../../support/calendar-fakes.ts';
import { databaseKinds } from '../../support/databases.ts';
import { adaptiveCardProblems } from '../../support/teams-card-validator.ts';
import { createTeamsHarness, type TeamsHarness } from '../../support/teams-harness.ts';
import { openTeamsRound, personIdOf } from '../../support/teams-journey.ts';
import type { TeamsUser } from '../../support/teams-user.ts';

const DAY = 86_400_000;
const mentorAnswers = {
  expertise3: ['leadership'], domain: 'product', yearsExperience: 12, mentoringExperience: 'some',
  capacity: '1', feedbackStyle: 'balanced', modes: ['video'], languages: ['en', 'fr'], consent: true,
};

async function answerSurvey(user: TeamsUser, answers: Record<string, unknown>): Promise<void> {
  for (let step = 0; step < user.formStepCount(); step += 1) {
    const ids = Object.keys(user.openFormInputs()).map((id) => id.replace(/__\d+$/, ''));
    await user.fill(Object.fromEntries(Object.entries(answers).filter(([id]) => ids.includes(id))));
  }
}

/** The times on this user's newest times card (a button appears twice: Action.Execute and Action.Submit). */
function slotLabels(user: TeamsUser): string[] {
  const card = [...user.messages()].reverse().find((m) => /Find a time with|Trouver un créneau avec/.test(JSON.stringify(m.activity)));
  return [...new Set([...JSON.stringify(card?.activity ?? {}).matchAll(/"title":"([^"]*\d{2}:\d{2}–\d{2}:\d{2})"/g)].map((m) => m[1]!))];
}

describe.each(databaseKinds)('flash session through Teams on %s', (kind) => {
  let env: TeamsHarness;
  let started: StartedLevel | undefined;
  afterEach(async () => { await env?.dispose(); await started?.stop(); started = undefined; });

  it('goes from ask to the question afterwards', { timeout: 180_000 }, async () => {
    env = await createTeamsHarness(kind, { start: new Date('2027-03-03T09:00:00Z') });
    const { program } = await openTeamsRound(env);
    const asa = env.user('Asa');
    const mo = env.user('Mo', { locale: 'fr-FR' });
    await asa.install();
    await mo.install();

    await mo.say('proposer');
    await answerSurvey(mo, mentorAnswers);
    await mo.say('profil');
    await mo.fill({ flashOptIn: true, flashCap: 3 });
    expect(mo.text()).toContain('Oui, jusqu’à 3 par mois');
    expect(await getProfile(env.database.db, await personIdOf(env, mo))).toMatchObject({ flashOptIn: true, flashCap: 3 });

    await asa.say('ask leadership');
    await asa.fill({ question: 'How do I say no to my manager?' });
    expect(asa.text()).toContain('I’m asking a mentor for Leadership');
    await env.runDueJobs();
    expect(mo.text()).toContain('aimerait une conversation de 30\u00a0minutes avec vous sur Leadership');
    expect(mo.text()).toContain('How do I say no to my manager?');
    await mo.click('Accepter');
    await env.runDueJobs();
    expect(mo.text()).toContain('Accepté\u00a0: je vous présente à Asa.');
    expect(asa.text()).toContain('A 30-minute conversation on Leadership');
    expect(mo.text()).toContain('Une conversation de 30\u00a0minutes sur Leadership');
    // Each reads the introduction in their own language only.
    expect(asa.text()).not.toContain('Une conversation de 30');

    await env.advance(7 * DAY + 3_600_000);
    expect(asa.text()).toContain('Was your conversation with Mo on Leadership');
    expect(mo.text()).toContain('Votre conversation avec Asa sur Leadership');
    await asa.click('Useful, let’s continue as a pair');
    await mo.click('Utile, continuons en binôme');
    await env.runDueJobs();
    expect(asa.text()).toContain(`no round has you both enrolled yet. Open now: “${program.name}”`);
    await asa.click('Pair us now');
    expect(asa.lastText()).toContain('No round has you both enrolled yet');

    for (const card of [...asa.cards(), ...mo.cards()]) expect(adaptiveCardProblems(card)).toEqual([]);
  });

  it('books the session through Find a time in Outlook and asks the question after it', { timeout: 180_000 }, async () => {
    started = await startLevel('microsoft');
    const fake = started.fake as FakeMicrosoftCalendar;
    env = await createTeamsHarness(kind, { start: new Date('2027-03-22T07:00:00Z'), calendar: started.calendar! });
    await openTeamsRound(env);
    const asa = env.user('Asa');
    const mo = env.user('Mo', { locale: 'fr-FR' });
    await asa.install();
    await mo.install();
    await mo.say('proposer');
    await answerSurvey(mo, mentorAnswers);
    await mo.say('profil');
    await mo.fill({ flashOptIn: true, flashCap: 3 });
    const db = env.database.db;
    await db.updateTable('people').set({ email: 'asa@contoso.com', timezone: 'Europe/Paris' }).where('id', '=', await personIdOf(env, asa)).execute();
    await db.updateTable('people').set({ email: 'mo@contoso.com', timezone: 'Europe/Paris' }).where('id', '=', await personIdOf(env, mo)).execute();
    await asa.say('ask leadership');
    await asa.fill({ question: 'How do I say no to my manager?' });
    await env.runDueJobs();
    await mo.click('Accepter');
    await env.runDueJobs();
    // Each one's copy of the intro carries the button, in its reader's language.
    expect(mo.text()).toContain('Trouver un créneau');
    await mo.click('Trouver un créneau');
    expect(mo.text()).toContain('Je cherche trois créneaux');
    await env.runDueJobs();
    const [asaTimes, moTimes] = [slotLabels(asa), slotLabels(mo)];
    expect(asaTimes).toHaveLength(3);
    expect(moTimes).toHaveLength(3);
    expect(asa.text()).toContain('Both your Outlook calendars are free at these times.');
    expect(fake.callsTo(/getSchedule$/)).toHaveLength(1);
    await asa.click(asaTimes[0]!);
    await env.runDueJobs();
    expect(mo.text()).toContain('Asa a choisi un créneau');
    await mo.click(moTimes[0]!);
    await env.runDueJobs();

    expect(fake.events).toHaveLength(1);
    const event = fake.events[0]!;
    expect(event.owner).toBe('mo@contoso.com');
    expect(event.body.subject).toBe('Session flash\u00a0: Asa et Mo');
    expect(JSON.stringify(event.body)).not.toContain('say no to my manager');
    for (const user of [asa, mo]) expect(JSON.stringify(user.messages().at(-1)!.activity)).toMatch(/https:\/\/teams\.microsoft\.com\//);
    expect(asa.text()).toContain('After it, I’ll ask each of you one question about it.');
    const meeting = await db.selectFrom('meetings').selectAll().where('state', '=', 'booked').executeTakeFirstOrThrow();
    expect([meeting.provider, meeting.match_id]).toEqual(['microsoft', null]);

    // Mo books another time: the first Outlook event is cancelled by Mo's calendar, once, with a
    // comment in French (Mo organizes it), and Outlook tells Asa.
    env.clock.advance(60_000);
    await mo.say('creneau');
    await env.runDueJobs();
    await asa.click(slotLabels(asa)[0]!);
    await mo.click(slotLabels(mo)[0]!);
    await env.runDueJobs();
    expect(fake.events).toHaveLength(2);
    expect(fake.cancelled).toEqual([{ owner: 'mo@contoso.com', id: event.id, comment: 'Remplacé par un nouveau créneau que vous avez réservé tous les deux.' }]);
    expect(fake.callsTo(/\/cancel$/)).toHaveLength(1);
    const latest = await db.selectFrom('meetings').selectAll().where('state', '=', 'booked').executeTakeFirstOrThrow();
    expect(latest.external_ids[await personIdOf(env, mo)]).toBe(fake.events[1]!.id);

    await env.advance(latest.ends_at!.getTime() - env.clock.now().getTime() + 3_600_000 + 1000);
    expect(asa.text()).toContain('Was your conversation with Mo on Leadership');
    expect(mo.text()).toContain('Votre conversation avec Asa sur Leadership');
    for (const card of [...asa.cards(), ...mo.cards()]) expect(adaptiveCardProblems(card)).toEqual([]);
  });

  it('runs a program made from the flash template: no rounds, a mentor enrolling in French, an ask served', { timeout: 180_000 }, async () => {
    env = await createTeamsHarness(kind, { start: new Date('2027-03-03T09:00:00Z'), leads: ['aad-lea'] });
    const lea = env.user('Lea');
    await lea.install();
    await lea.say('admin program create flash');
    for (let step = 0; step < 4; step += 1) await lea.fillStep({});
    expect(lea.text()).toContain('It is a flash program: it has no matching rounds.');
    await lea.say('admin match');
    expect(lea.lastText()).toContain('is a flash program: it has no matching rounds to open, close, match or publish.');

    const mo = env.user('Mo', { locale: 'fr-FR' });
    const asa = env.user('Asa');
    await mo.install();
    await asa.install();
    await mo.say('proposer');
    await answerSurvey(mo, { ...mentorAnswers, expertise3: ['feedback'] });
    expect(mo.text()).toContain('Vous acceptez maintenant des sessions flash de «\u00a0Flash mentoring\u00a0»\u00a0: jusqu’à 3 par mois.');
    expect(await getProfile(env.database.db, await personIdOf(env, mo))).toMatchObject({ flashOptIn: true, flashCap: 3 });

    await asa.say('ask feedback');
    await asa.fill({ question: 'How do I tell a peer their work is late?' });
    expect(asa.text()).toContain('I’m asking a mentor for Giving hard feedback');
    await env.runDueJobs();
    expect(mo.text()).toContain('Faire un retour difficile');
    await mo.click('Accepter');
    await env.runDueJobs();
    expect(asa.text()).toContain('A 30-minute conversation on Giving hard feedback');
    expect(mo.text()).toContain('Un mot du programme');
    for (const card of [...lea.cards(), ...asa.cards(), ...mo.cards()]) expect(adaptiveCardProblems(card)).toEqual([]);
  });
});
