// The lead's preview says which rule blocked the mentees no mentor fits (the management chain
// either way, the program's same-team rule), and shows the round's tie-breaking seed, stored
// with the round so that every run of the preview breaks ties the same way.
import { afterEach, describe, expect, it } from 'vitest';
import { addProgramLead } from '../../src/db/repositories/lead.repository.ts';
import { updateOrgFields } from '../../src/db/repositories/person.repository.ts';
import { createProgram } from '../../src/db/repositories/program.repository.ts';
import { createRound, getRound, transitionRound } from '../../src/db/repositories/round.repository.ts';
import { databaseKinds } from '../support/databases.ts';
import { sampleSettings } from '../support/fixtures.ts';
import { createMemoryPlatform, type MemoryPlatform } from '../support/memory-platform.ts';
import { enroll, known, menteeAnswers, mentorAnswers, workspaceOf } from './lead-fixtures.ts';

describe.each(databaseKinds)('hierarchy rules in the preview on %s', (kind) => {
  let env: MemoryPlatform;
  afterEach(async () => { await env?.dispose(); });

  it('names the same-team rule and the reverse chain, in English and French, with the stored seed', async () => {
    env = await createMemoryPlatform(kind);
    const db = env.database.db;
    const workspace = await workspaceOf(env);
    const program = await createProgram(db, { workspaceId: workspace.id, name: 'Leadership', settings: sampleSettings({ sameTeamRule: true }), createdBy: null });
    const draft = await createRound(db, { workspaceId: workspace.id, programId: program.id, name: '1', createdBy: null });
    expect(draft.matchSeed).toBeGreaterThanOrEqual(0);
    expect(draft.matchSeed).toBeLessThanOrEqual(0xffff_ffff);
    const now = env.clock.now();
    await transitionRound(db, draft.id, ['draft'], 'open', { opened_at: now });
    await transitionRound(db, draft.id, ['open'], 'closed', { closed_at: now });

    const lea = env.person('Lea'), camille = env.person('Camille', { locale: 'fr-FR' });
    await addProgramLead(db, program.id, (await known(env, lea)).id, null);
    await addProgramLead(db, program.id, (await known(env, camille, 'fr-FR')).id, null);
    const mia = await known(env, env.person('Mia')), bob = await known(env, env.person('Bob'));
    const max = await known(env, env.person('Max')), nora = await known(env, env.person('Nora'));
    await updateOrgFields(db, mia.id, { managerId: bob.id });
    await updateOrgFields(db, max.id, { managerId: bob.id }); // Mia's team mate
    await updateOrgFields(db, nora.id, { managerId: mia.id }); // Mia's report
    await enroll(env, draft.id, mia, 'mentee', menteeAnswers());
    await enroll(env, draft.id, max, 'mentor', mentorAnswers());
    await enroll(env, draft.id, nora, 'mentor', mentorAnswers());

    await lea.type('/mentor admin match');
    const preview = lea.lastReply();
    const seed = (await getRound(db, draft.id))!.matchSeed;
    expect(preview).toContain('Matched: 0 of 1 mentees');
    expect(preview).toContain('Rules that ruled out mentors for the mentees no mentor fits');
    expect(preview).toContain('the mentee manages the mentor, directly or higher up: 1 pair ruled out');
    expect(preview).toContain('same direct manager (program rule): 1 pair ruled out');
    expect(preview).toContain(`Tie-breaking seed: ${seed}`);

    await camille.type('/mentor admin apparier');
    const fr = camille.lastReply();
    expect(fr).toContain('même manager direct (règle du programme)\u00a0: 1 binôme écarté');
    expect(fr).toContain('le mentoré est dans la hiérarchie du mentor (direct ou au-dessus)\u00a0: 1 binôme écarté');
    expect(fr).toContain(`Graine de départage: ${seed}`);
  }, 120_000);

  it('never counts a private avoid list among the rules it names', async () => {
    env = await createMemoryPlatform(kind);
    const db = env.database.db;
    const workspace = await workspaceOf(env);
    const program = await createProgram(db, { workspaceId: workspace.id, name: 'Leadership', settings: sampleSettings(), createdBy: null });
    const draft = await createRound(db, { workspaceId: workspace.id, programId: program.id, name: '1', createdBy: null });
    const now = env.clock.now();
    await transitionRound(db, draft.id, ['draft'], 'open', { opened_at: now });
    await transitionRound(db, draft.id, ['open'], 'closed', { closed_at: now });
    const lea = env.person('Lea');
    await addProgramLead(db, program.id, (await known(env, lea)).id, null);
    const mia = await known(env, env.person('Mia')), max = await known(env, env.person('Max'));
    await enroll(env, draft.id, mia, 'mentee', menteeAnswers({ avoid: [max.id] }));
    await enroll(env, draft.id, max, 'mentor', mentorAnswers());

    await lea.type('/mentor admin match');
    const preview = lea.lastReply();
    expect(preview).toContain('Matched: 0 of 1 mentees');
    // The only thing keeping them apart is Mia's private answer: the lead gets the generic
    // reason every unmatched mentee gets, and no rule is named or counted.
    expect(preview).toContain('no mentor passes the constraints');
    expect(preview).not.toContain('Rules that ruled out mentors');
    expect(preview).not.toContain('pair ruled out');
  }, 120_000);
});
