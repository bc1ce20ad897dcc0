// Editing a program through Teams cards keeps 100 of the longest topics byte for byte: the
// topics are spread over several inputs by the core's form, as on Slack.
import { afterEach, describe, expect, it } from 'vitest';
import { json } from '../../../src/db/repositories/db.ts';
import { programSettingsSchema } from '../../../src/domain/program-settings.ts';
import { databaseKinds } from '../../support/databases.ts';
import { adaptiveCardProblems } from '../../support/teams-card-validator.ts';
import { createTeamsHarness, type TeamsHarness } from '../../support/teams-harness.ts';
import { longestTopics } from '../../support/topic-fixtures.ts';

describe.each(databaseKinds)('editing a program through Teams on %s', (kind) => {
  let env: TeamsHarness;
  afterEach(async () => { await env?.dispose(); });

  it('keeps 100 topics byte for byte through an unchanged edit of every step', { timeout: 120_000 }, async () => {
    env = await createTeamsHarness(kind, { leads: ['aad-lea'] });
    const lea = env.user('Lea');
    await lea.install();
    await lea.say('admin program create');
    await lea.click('Blank program');
    await lea.fill({ name: 'Big', topics: 'leadership | Leadership | Leadership', languages: ['en', 'fr'] });
    for (let step = 0; step < 3; step += 1) await lea.fill({});
    const db = env.database.db;
    const settings = programSettingsSchema.parse({ topics: longestTopics(), languages: ['en', 'fr'] });
    await db.updateTable('programs').set({ settings: json(settings) }).execute();

    await lea.say('admin program edit Big');
    const topicInputs = Object.entries(lea.openFormInputs()).filter(([id]) => id.startsWith('topics'));
    expect(topicInputs.length).toBeGreaterThan(1);
    for (const [, input] of topicInputs) expect(String(input.value ?? '').length).toBeLessThanOrEqual(Number(input.maxLength));
    // A part whose earlier parts are not known here (another process showed the form) is never
    // passed on alone: the lead is told to start again, and nothing changes.
    const submit = JSON.stringify(lea.cards().at(-1)).match(/"data":(\{"mentor":"submit".*?"parts":\d+\})/)![1]!;
    const { status } = await lea.post(lea.activity({
      type: 'invoke', name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb: 'mentor.submit', data: { ...JSON.parse(submit), form: 'program.elsewhere', name: 'Gone' } }, trigger: 'manual' },
    }));
    expect(status).toBe(200);
    expect(lea.lastText()).toContain('This form is no longer available');
    expect((await db.selectFrom('programs').select('name').executeTakeFirstOrThrow()).name).toBe('Big');

    // The first step, with 100 of the longest topics, is too big for one Teams card: it comes in parts.
    expect(await lea.fillStep({})).toBeGreaterThan(1);
    for (let step = 1; step < 4; step += 1) expect(await lea.fillStep({})).toBe(1);
    expect(lea.lastText()).toContain('Big');

    const row = await db.selectFrom('programs').select('settings').executeTakeFirstOrThrow();
    const topics = (typeof row.settings === 'string' ? JSON.parse(row.settings) : row.settings).topics;
    expect(JSON.stringify(topics)).toBe(JSON.stringify(longestTopics()));
    for (const card of lea.cards()) expect(adaptiveCardProblems(card)).toEqual([]);
  });
});
