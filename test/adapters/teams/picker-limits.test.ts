// A people picker's value is a comma-separated list of ids that the Teams client fills from the
// people chosen; a submission carrying far more ids than any picker allows (a crafted invoke, up
// to the endpoint's 1 MB) is refused like any other wrong answer: a clear message, the form shown
// again, nothing saved, and the bot answers the next message.
import { afterEach, describe, expect, it } from 'vitest';
import { findEnrollment } from '../../../src/db/repositories/enrollment.repository.ts';
import { CARD_BUDGET_BYTES } from '../../../adapters/teams/render/size.ts';
import { MAX_AVOID } from '../../../src/ui/forms/survey-fields.ts';
import { databaseKinds } from '../../support/databases.ts';
import { createTeamsHarness, type TeamsHarness } from '../../support/teams-harness.ts';
import { MENTEE_ANSWERS, answerSteps, openTeamsRound, personIdOf } from '../../support/teams-journey.ts';

describe.each(databaseKinds)('people pickers at their limits in Teams on %s', (kind) => {
  let env: TeamsHarness | undefined;
  afterEach(async () => {
    await env?.dispose();
    env = undefined;
  });

  it('refuses a picker value of 150 000 ids with a message, saves nothing, keeps serving, and takes the step once corrected', { timeout: 120_000 }, async () => {
    env = await createTeamsHarness(kind, { start: new Date('2027-03-03T09:00:00Z') });
    const { round } = await openTeamsRound(env);
    const mia = env.user('Mia');
    await mia.install();
    await mia.say('find');
    await answerSteps(mia, MENTEE_ANSWERS, 3);
    expect(Object.keys(mia.openFormInputs())).toContain('avoid');
    const db = env.database.db;
    const menteeId = await personIdOf(env, mia);
    const refused = async (ids: string[], message: string): Promise<void> => {
      await mia.fill({ avoid: ids, consent: true });
      // The step is shown again with the error, the first 50 ids still picked; the card stays small.
      expect(mia.lastText()).toContain(message);
      const avoid = mia.openFormInputs().avoid as { choices: unknown[]; value: string };
      expect(avoid.choices).toHaveLength(MAX_AVOID);
      expect(avoid.value.split(',')).toEqual(ids.slice(0, MAX_AVOID));
      expect(JSON.stringify(mia.cards().at(-1)).length).toBeLessThan(CARD_BUDGET_BYTES);
      // Nothing of the step is stored: the enrolment is still the draft of the steps before.
      const saved = await findEnrollment(db, round.id, menteeId, 'mentee');
      expect(saved?.status).toBe('started');
      expect(JSON.stringify(saved?.answers)).not.toContain('avoid');
    };
    const many = Array.from({ length: 150_000 }, (_, i) => `p${i.toString(36)}`);
    // One more than the picker takes, then about as many as the endpoint's 1 MB lets through.
    await refused(many.slice(0, MAX_AVOID + 1), `Pick at most ${MAX_AVOID} options.`);
    await refused(many, 'I could not read this answer. Please try again.');
    // Corrected (nobody to avoid), the same step goes through: the refusals left nothing in the way.
    await mia.fill({ avoid: [], consent: true });
    expect(mia.lastText()).toContain('Thank you, your answers are saved.');
    expect((await findEnrollment(db, round.id, menteeId, 'mentee'))?.status).toBe('submitted');
    const shown = mia.messages().length;
    await mia.say('help');
    expect(mia.messages().length).toBeGreaterThan(shown);
  });
});
