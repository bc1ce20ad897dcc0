// Wiring, end to end through the bot: people answer the survey, the org chart is imported, the
// lead previews and publishes the matching, and proposals go out. A mentee is never proposed to
// anyone in her management chain (her manager, his manager), nor to anyone below her (her direct
// report, his report), even though each of them fits her better than the one mentor left. A flow
// that stopped passing the org data (managerId) to the matcher fails here.
import { afterEach, describe, expect, it } from 'vitest';
import { importOrgRows } from '../../src/cli/org-import.ts';
import { addProgramLead } from '../../src/db/repositories/lead.repository.ts';
import { listPairs } from '../../src/db/repositories/pair.repository.ts';
import { listRounds, transitionRound } from '../../src/db/repositories/round.repository.ts';
import { databaseKinds } from '../support/databases.ts';
import { completeSurvey, menteeAnswers, mentorAnswers, openRound } from '../support/employee-fixtures.ts';
import { createMemoryPlatform, type MemoryPlatform } from '../support/memory-platform.ts';
import { known, workspaceOf } from './lead-fixtures.ts';

describe.each(databaseKinds)('hierarchy rules through the bot on %s', (kind) => {
  let env: MemoryPlatform;
  afterEach(async () => { await env?.dispose(); });

  it('never proposes a mentee to her managers above her nor to the people below her', async () => {
    env = await createMemoryPlatform(kind);
    const { program, round } = await openRound(env);
    const lea = env.person('Lea');
    await addProgramLead(env.database.db, program.id, (await known(env, lea)).id, null);
    const ines = env.person('Ines');
    // Above Ines: Mark (her manager) and Bea (Mark's manager). Below: Dave (her report), and Eve,
    // who reports to Nils (not in the program), who reports to Ines.
    const [mark, bea, dave, eve] = ['Mark', 'Bea', 'Dave', 'Eve'].map((name) => env.person(name));
    const outsider = env.person('Olga');
    await known(env, env.person('Nils'));

    await ines.type('/mentor find');
    await completeSurvey(ines, menteeAnswers);
    for (const m of [mark!, bea!, dave!, eve!]) {
      await m.type('/mentor offer');
      await completeSurvey(m, mentorAnswers(1));
    }
    // The one mentor outside her chain fits her least: working knowledge only, another domain.
    await outsider.type('/mentor offer');
    await completeSurvey(outsider, { ...mentorAnswers(1), expertise3: [], expertise1: ['leadership'], domain: 'sales', mentoringExperience: 'none' });
    expect(outsider.lastReply()).toContain('Thank you, your answers are saved.');

    // The org chart, as `npm run org:import` stores it (by platform user id).
    const workspace = await workspaceOf(env);
    const row = (line: number, user: string, manager: string | null) => ({ line, user, manager, department: null, level: null, location: null });
    const imported = await importOrgRows(env.database.db, workspace.id, [
      row(2, 'U_INES', 'U_MARK'), row(3, 'U_MARK', 'U_BEA'), row(4, 'U_DAVE', 'U_INES'), row(5, 'U_EVE', 'U_NILS'),
      row(6, 'U_NILS', 'U_INES'),
    ]);
    expect(imported).toEqual({ updated: 5, rejected: [] });

    // The survey closes (as its deadline job does).
    await transitionRound(env.database.db, round.id, ['open'], 'closed', { closed_at: env.clock.now() });
    expect((await listRounds(env.database.db, program.id))[0]!.state).toBe('closed');

    await lea.type('/mentor admin match');
    expect(lea.lastReply()).toContain('Matched: 1 of 1 mentees');
    await lea.type('/mentor admin publish');
    expect(lea.text()).toContain('Published: 1 proposal sent');
    expect(lea.text()).toMatch(/Tie-breaking seed: \d+/);
    await env.runDueJobs();

    const proposed = await listPairs(env.database.db, round.id, ['proposed']);
    expect(proposed.map((p) => [p.menteeId, p.mentorId])).toEqual([[await ines.id(), await outsider.id()]]);
    expect(ines.text()).toContain('You have a proposed mentor');
    expect(ines.text()).toContain('@Olga');
    for (const m of [mark!, bea!, dave!, eve!]) {
      expect(ines.text()).not.toContain(`@${m.name}`);
      expect(m.text()).not.toContain('You have a proposed mentee');
    }
    expect(outsider.text()).toContain('You have a proposed mentee');
  }, 120_000);
});
