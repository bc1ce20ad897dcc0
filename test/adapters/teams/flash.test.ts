// A flash session through Teams (docs/flash.md), the mentor in French, on a topic whose label
// carries an emoji and accents: opt-in in the profile card,
// `ask <topic>` and the question card, the mentor's acceptance, the introduction in each personal
// chat, and a week later the one question; both want to continue but share no round yet, so each
// is told how to enrol, and "Pair us now" says plainly that nothing is shared yet.
import { afterEach, describe, expect, it } from 'vitest';
import { getProfile } from '../../../src/db/repositories/profile.repository.ts';
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

describe.each(databaseKinds)('flash session through Teams on %s', (kind) => {
  let env: TeamsHarness;
  afterEach(async () => { await env?.dispose(); });

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
});
