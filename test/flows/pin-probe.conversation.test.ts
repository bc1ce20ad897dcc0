// Attack: a curious lead pins a pair to learn whether one of them privately asked not to be
// paired with the other. Two worlds, identical except that Ada's private avoid list names Bo; in
// the other world the same pin fails for a reason the lead may know (Bo's only place is taken
// by an earlier pin). Everything the lead sees (replies, the preview card, the report, the pairs
// CSV, the audit log) must be the same in both worlds, whether the pin is set before or after the
// survey closes.
import { afterEach, describe, expect, it } from 'vitest';
import { listAudit } from '../../src/db/repositories/audit.repository.ts';
import { getProgram, listPrograms } from '../../src/db/repositories/program.repository.ts';
import { getRound, listRounds } from '../../src/db/repositories/round.repository.ts';
import { pinRefusal } from '../../src/domain/matching/pin-check.ts';
import { buildMatchInput } from '../../src/flows/matching/match-input.ts';
import { databaseKinds } from '../support/databases.ts';
import { createMemoryPlatform, type MemoryPlatform } from '../support/memory-platform.ts';
import { createProgramByForm, enroll, known, menteeAnswers, mentorAnswers, workspaceOf } from './lead-fixtures.ts';

const DAY = 86_400_000;

interface LeadView { readonly seen: string; readonly audit: string[]; readonly internalReason: string | undefined }

describe.each(databaseKinds)('a lead probing private avoid lists with pins, on %s', (kind) => {
  const envs: MemoryPlatform[] = [];
  afterEach(async () => { for (const env of envs.splice(0)) await env.dispose(); });

  async function world(adaAvoidsBo: boolean, pinWhile: 'open' | 'closed'): Promise<LeadView> {
    const env = await createMemoryPlatform(kind, { leads: ['U_LEA'] });
    envs.push(env);
    const lea = env.person('Lea');
    await createProgramByForm(lea);
    const [ada, bo, cy, dee] = ['Ada', 'Bo', 'Cy', 'Dee'].map((name) => env.person(name));
    env.directory.audiences.set('#mentoring', ['U_ADA', 'U_BO', 'U_CY', 'U_DEE']);
    await lea.type('/mentor admin round open');
    await lea.submit({ audience: '#mentoring' });
    const program = (await listPrograms(env.database.db, (await workspaceOf(env)).id))[0]!;
    const round = (await listRounds(env.database.db, program.id))[0]!;
    const [adaP, boP, cyP, deeP] = [await known(env, ada!), await known(env, bo!), await known(env, cy!), await known(env, dee!)];
    await enroll(env, round.id, adaP, 'mentee', menteeAnswers({ avoid: adaAvoidsBo ? [boP.id] : [] }));
    await enroll(env, round.id, cyP, 'mentee', menteeAnswers({ values: ['kindness'] }));
    await enroll(env, round.id, boP, 'mentor', mentorAnswers({ capacity: 1 }));
    await enroll(env, round.id, deeP, 'mentor', mentorAnswers({ capacity: 1, values: ['kindness'], yearsExperience: 6 }));

    const pins = async () => {
      await lea.type('/mentor admin pin @{U_CY} @{U_BO}');
      await lea.type('/mentor admin pin @{U_ADA} @{U_BO}');
      await lea.type('/mentor admin forbid @{U_CY} @{U_DEE}');
    };
    if (pinWhile === 'open') await pins();
    await env.advance(10 * DAY);
    if (pinWhile === 'closed') await pins();
    await lea.type('/mentor admin match');
    await lea.click('Run again');
    // What the matcher itself would say about the pin, which the lead must never learn.
    const closed = (await getRound(env.database.db, round.id))!;
    const built = await buildMatchInput(env.database.db, (await getProgram(env.database.db, program.id))!, closed, { now: env.clock.now() });
    const internalReason = pinRefusal({ ...built.input, pins: [{ menteeId: cyP.id, mentorId: boP.id }] }, { menteeId: adaP.id, mentorId: boP.id });
    await lea.type('/mentor admin publish');
    await lea.type('/mentor admin report');
    await lea.click('Pairs (CSV)');
    await lea.click('Audit log');

    const names = new Map([[adaP.id, 'Ada'], [boP.id, 'Bo'], [cyP.id, 'Cy'], [deeP.id, 'Dee'], [await lea.id(), 'Lea'], [program.id, 'program'], [round.id, 'round']]);
    // Each round draws its own tie-breaking seed, shown to the lead: random, it says nothing.
    const anonymise = (text: string) => [...names].reduce((s, [id, name]) => s.replaceAll(id, name), text)
      .replace(/Tie-breaking seed: \d+/g, 'Tie-breaking seed: (random)');
    const audit = (await listAudit(env.database.db, (await workspaceOf(env)).id, { limit: 500 }))
      .map((e) => anonymise(JSON.stringify([e.action, e.actorId, e.targetType, e.targetId, e.details, e.at])));
    // Rows of equal rank (the CSV's pairs proposed at the same instant) come in the order of their
    // random ids, which says nothing; the lines are compared as a sorted list.
    return { seen: anonymise(lea.text()).split('\n').sort().join('\n'), audit, internalReason };
  }

  for (const pinWhile of ['closed', 'open'] as const) {
    it(`shows the lead the same thing with and without the private avoid (pins set while the survey is ${pinWhile})`, async () => {
      const plain = await world(false, pinWhile);
      const secret = await world(true, pinWhile);
      // The two worlds differ where it matters: the matcher refuses the pin for different reasons.
      expect(plain.internalReason).toBe('capacity');
      expect(secret.internalReason).toBe('avoided');
      expect(secret.seen).toEqual(plain.seen);
      expect(secret.audit).toEqual(plain.audit);
      // And the lead was told, once, neutrally.
      expect(plain.seen).toContain('this pair cannot be formed');
      expect(plain.seen).not.toMatch(/asked not to be paired|no place left|avoid list/i);
      expect(plain.seen).toContain('Cy,Bo');
      expect(plain.seen).toContain('Ada,Dee');
    });
  }
});
