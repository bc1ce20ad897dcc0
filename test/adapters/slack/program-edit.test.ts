// Editing a program through Slack modals never loses data: 100 of the longest topics (nearly
// 20,000 characters, where one Slack input holds 3,000) come back byte for byte after a lead
// clicks through the edit without changing anything.
import { addProgramLead } from '../../../src/db/repositories/lead.repository.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { json } from '../../../src/db/repositories/db.ts';
import { listPrograms } from '../../../src/db/repositories/program.repository.ts';
import { findWorkspace } from '../../../src/db/repositories/workspace.repository.ts';
import { programSettingsSchema } from '../../../src/domain/program-settings.ts';
import { databaseKinds } from '../../support/databases.ts';
import { SlackPlatform } from '../../support/slack-platform.ts';
import { longestTopics } from '../../support/topic-fixtures.ts';

type Json = Record<string, unknown>;

describe.each(databaseKinds)('editing a program through Slack on %s', (kind) => {
  let env: SlackPlatform;
  afterEach(async () => { await env?.dispose(); });

  it('keeps 100 topics byte for byte through an unchanged edit of every step', async () => {
    env = await SlackPlatform.start(kind, { leads: ['U_LEA'] });
    const lea = env.person('Lea', { locale: 'fr-FR' });
    await lea.command('/mentor help');
    const workspace = await findWorkspace(env.database.db, 'slack', env.team.id);
    const settings = programSettingsSchema.parse({ topics: longestTopics(), languages: ['en', 'fr'] });
    const now = env.clock.now();
    await env.database.db.insertInto('programs').values({
      workspace_id: workspace!.id, name: 'Big', settings: json(settings), checkin_cadence: settings.checkinCadence, session_minutes: 60, duration_days: 180,
      default_capacity: 1, min_group_size: 5, retention_days: 365, updated_at: now,
    }).returning('id').executeTakeFirstOrThrow().then((program) => lea.personId().then((id) => addProgramLead(env.database.db, program.id, id, null)));
    const before = JSON.stringify((await listPrograms(env.database.db, workspace!.id))[0]!.settings.topics);

    await lea.command('/mentor admin program edit Big');
    const inputs = ((lea.modal?.blocks ?? []) as Json[]).filter((b) => b.type === 'input' && String(b.block_id).startsWith('topics'));
    expect(inputs.length).toBeGreaterThan(1);
    for (const input of inputs) {
      const element = input.element as Json;
      expect(String(element.initial_value ?? '').length).toBeLessThanOrEqual(Number(element.max_length));
      expect(String(element.initial_value ?? '')).not.toContain('…');
    }
    for (let step = 0; step < 4; step += 1) {
      await lea.submit({});
      expect(lea.lastErrors).toBeUndefined();
    }
    expect(lea.modal).toBeUndefined();

    const after = (await listPrograms(env.database.db, workspace!.id))[0]!.settings.topics;
    expect(JSON.stringify(after)).toBe(before);
    expect(after).toEqual(longestTopics());
    expect(env.fake.problems).toEqual([]);
  });

  it('adds a topic typed in the empty input and says which line of which input is wrong', async () => {
    env = await SlackPlatform.start(kind, { leads: ['U_LEA'] });
    const lea = env.person('Lea');
    await lea.command('/mentor admin program create');
    await lea.click('Blank program');
    await lea.submit({ name: 'Small', topics: 'leadership | Leadership | Leadership', languages: ['en'] });
    for (let step = 0; step < 3; step += 1) await lea.submit({});
    await lea.command('/mentor admin program edit Small');
    await lea.submit({ topics_2: 'ok | Fine | Bien\nBad Key | Bad | Mauvais' });
    expect(lea.lastErrors).toEqual({ topics_2: 'Line 2: the key may only use lowercase letters, digits, - and _ (40 at most).' });
    await lea.submit({ topics_2: 'public-speaking | Public speaking 🎤 | Prise de parole 🎤' });
    expect(lea.lastErrors).toBeUndefined();
    const workspace = await findWorkspace(env.database.db, 'slack', env.team.id);
    const [program] = await listPrograms(env.database.db, workspace!.id);
    expect(program!.settings.topics.map((t) => t.label.fr)).toEqual(['Leadership', 'Prise de parole 🎤']);
    expect(env.fake.problems).toEqual([]);
  });
});
