// A process serving Slack and Teams: a group message is sent as one copy per member only in a
// Teams workspace (its messenger says so); a Slack workspace keeps one shared message.
import { afterEach, describe, expect, it } from 'vitest';
import { upsertWorkspace } from '../../src/db/repositories/workspace.repository.ts';
import { routeMessenger } from '../../src/flows/platform-router.ts';
import type { Messenger } from '../../src/ports/messenger.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/databases.ts';

const unused = async () => ({ ok: false as const, reason: 'unreachable' as const, detail: 'not in this test' });

describe.each(databaseKinds)('messenger routing on %s', (kind) => {
  let database: TestDatabase;
  afterEach(async () => { await database?.dispose(); });

  it('asks the workspace\'s own platform whether a group gets one copy per member', async () => {
    database = await createTestDatabase(kind);
    const slack: Messenger = { send: unused, update: unused };
    const teams: Messenger = { send: unused, update: unused, copiesPerMember: async () => true };
    const router = routeMessenger(database.db, { slack, teams });
    const onSlack = await upsertWorkspace(database.db, { platform: 'slack', externalId: 'T1' });
    const onTeams = await upsertWorkspace(database.db, { platform: 'teams', externalId: 'tenant-1' });
    expect(await router.copiesPerMember!(onTeams.id)).toBe(true);
    expect(await router.copiesPerMember!(onSlack.id)).toBe(false);
    expect(await routeMessenger(database.db, { slack }).copiesPerMember!(onTeams.id)).toBe(false);
  });
});
