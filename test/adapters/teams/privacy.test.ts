// `delete` on Teams: the erasure is confirmed in place, on the card whose button was pressed,
// with no button left (by the Action.Execute answer, or by updating the message for the
// Action.Submit fallback of older clients), though the person is no longer known afterwards.
import { afterEach, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../support/databases.ts';
import { createTeamsHarness, type TeamsHarness } from '../../support/teams-harness.ts';
import { personIdOf } from '../../support/teams-journey.ts';
import { messageText } from '../../support/teams-user.ts';

describe.each(databaseKinds)('erasing one\'s data in Teams on %s', (kind) => {
  let env: TeamsHarness;
  afterEach(async () => { await env?.dispose(); });

  it.each(['execute', 'submit'] as const)('confirms delete in place, with the confirmation and no button (%s)', async (style) => {
    env = await createTeamsHarness(kind);
    const eve = env.user('Eve');
    await eve.install();
    await eve.say('delete');
    const personId = await personIdOf(env, eve);
    const card = eve.messages().at(-1)!;
    expect(messageText(card.activity)).toContain('Erase your data');
    const before = eve.messages().length;

    await eve.click('Erase my data', style);
    if (style === 'execute') expect(eve.lastInvoke?.type).toBe('application/vnd.microsoft.card.adaptive');
    else expect(env.connector.calls.filter((c) => c.method === 'PUT' && c.activityId === card.id)).toHaveLength(1);
    const replaced = eve.messages().find((m) => m.id === card.id)!;
    expect(messageText(replaced.activity)).toContain('Your data is erased.');
    expect(JSON.stringify(replaced.activity)).not.toContain('Action.');
    // Nothing else was posted: no empty message, no second copy.
    expect(eve.messages()).toHaveLength(before);
    const person = await env.database.db.selectFrom('people').select(['erased_at', 'display_name']).where('id', '=', personId).executeTakeFirstOrThrow();
    expect(person.erased_at).not.toBeNull();
    expect(person.display_name).toBe('Former participant');
  });
});
