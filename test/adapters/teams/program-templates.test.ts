// A program created from each template through Teams: the choice card with one button per
// template, the form cards filled from the template, and the program stored with its settings.
import { afterEach, describe, expect, it } from 'vitest';
import { listPrograms } from '../../../src/db/repositories/program.repository.ts';
import { builtInTemplates } from '../../../src/program-templates.ts';
import { databaseKinds } from '../../support/databases.ts';
import { createTeamsHarness, type TeamsHarness } from '../../support/teams-harness.ts';

describe.each(databaseKinds)('program templates through Teams on %s', (kind) => {
  let env: TeamsHarness;
  afterEach(async () => { await env?.dispose(); });

  it('creates a program from each template, its settings as the template gives them', { timeout: 120_000 }, async () => {
    env = await createTeamsHarness(kind, { leads: ['aad-lea'] });
    const lea = env.user('Lea');
    await lea.install();
    for (const template of builtInTemplates()) {
      await lea.say('admin program create');
      expect(lea.lastText()).toContain('Start a new program');
      await lea.click(template.title.en);
      for (let step = 0; step < 4; step += 1) await lea.fillStep({});
      expect(lea.text()).toContain(`Program “${template.name.en}” saved.`);
      const programs = await env.database.db.selectFrom('programs').select(['name', 'workspace_id']).execute();
      const workspaceId = programs[0]!.workspace_id;
      const program = (await listPrograms(env.database.db, workspaceId)).find((p) => p.name === template.name.en);
      expect(program?.settings, template.key).toEqual(template.settings);
    }
  });
});
