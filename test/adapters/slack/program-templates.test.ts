// A program created from each template through Slack: the choice as a message with one button per
// template, the modal filled from the template, and the program stored with the template's settings.
import { afterEach, describe, expect, it } from 'vitest';
import { listPrograms } from '../../../src/db/repositories/program.repository.ts';
import { findWorkspace } from '../../../src/db/repositories/workspace.repository.ts';
import { builtInTemplates } from '../../../src/program-templates.ts';
import { databaseKinds } from '../../support/databases.ts';
import { SlackPlatform } from '../../support/slack-platform.ts';

describe.each(databaseKinds)('program templates through Slack on %s', (kind) => {
  let env: SlackPlatform;
  afterEach(async () => { await env?.dispose(); });

  it('creates a program from each template, its settings as the template gives them', { timeout: 120_000 }, async () => {
    env = await SlackPlatform.start(kind, { leads: ['U_LEA'] });
    const lea = env.person('Lea');
    for (const template of builtInTemplates()) {
      await lea.command('/mentor admin program create');
      expect(lea.text()).toContain('Start a new program');
      await lea.click(template.title.en);
      expect(env.fake.callsOf('views.open').length).toBeGreaterThan(0);
      for (let step = 0; step < 4; step += 1) {
        const result = await lea.submit({});
        expect(lea.lastErrors, `${template.key} step ${step + 1}: ${result.body}`).toBeUndefined();
      }
      const workspace = await findWorkspace(env.database.db, 'slack', 'T_ACME');
      const program = (await listPrograms(env.database.db, workspace!.id)).find((p) => p.name === template.name.en);
      expect(program?.settings, template.key).toEqual(template.settings);
    }
  });
});
