// Requests of one workspace at once, through the bot on PostgreSQL: one person's request held at a
// row lock does not hold up another person's. (On the embedded database one transaction runs at a
// time by design: nothing to show there.)
import { afterEach, describe, expect, it } from 'vitest';
import { findEnrollment } from '../../src/db/repositories/enrollment.repository.ts';
import { databaseKinds } from '../support/databases.ts';
import { menteeAnswers, openRound, surveyValues } from '../support/employee-fixtures.ts';
import { createMemoryPlatform, type MemoryPlatform } from '../support/memory-platform.ts';
import { raceAtRow, valuesOf } from '../support/row-race.ts';

describe.runIf(databaseKinds.includes('postgres'))('requests of one workspace at once on postgres', () => {
  let env: MemoryPlatform;
  afterEach(async () => { await env?.dispose(); });

  it('answers a second person while the first one’s request waits for a row', async () => {
    env = await createMemoryPlatform('postgres');
    const { round } = await openRound(env);
    const mia = env.person('Mia');
    const omar = env.person('Omar');
    await omar.type('/mentor help');
    await mia.type('/mentor find');
    await mia.submit(surveyValues(mia.openForm!, menteeAnswers));
    const draft = await findEnrollment(env.database.db, round.id, await mia.id(), 'mentee');
    const ended: string[] = [];
    const values = surveyValues(mia.openForm!, menteeAnswers);
    // Mia's second step waits for her enrolment's row (held by the test) inside her request's
    // transaction; Omar's help is asked meanwhile, in the same workspace.
    valuesOf(await raceAtRow<unknown>(env.database, 'enrollments', draft!.id, [
      () => mia.submit(values).finally(() => ended.push('mia')),
      () => omar.type('/mentor help').finally(() => ended.push('omar')),
    ]));
    expect(ended).toEqual(['omar', 'mia']);
    expect(mia.openForm?.title).toBe('Find a mentor (3/4)');
    expect(omar.lastReply()).toContain('/mentor');
  });
});
