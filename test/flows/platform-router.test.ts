// A process serving Slack and Teams: a group message is sent as one copy per member only in a
// Teams workspace (its messenger says so); a Slack workspace keeps one shared message. A circle's
// conversation is opened by the workspace's own platform.
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

  it('opens a circle\'s conversation on the workspace\'s own platform, or says why not', async () => {
    database = await createTestDatabase(kind);
    const asked: string[] = [];
    const slack: Messenger = {
      send: unused, update: unused,
      openSpace: async (workspaceId, request) => { asked.push(`${workspaceId}:${request.name}`); return { status: 'opened', spaceId: 'C1', name: request.name, left: [] }; },
    };
    const teams: Messenger = { send: unused, update: unused };
    const onSlack = await upsertWorkspace(database.db, { platform: 'slack', externalId: 'T1' });
    const onTeams = await upsertWorkspace(database.db, { platform: 'teams', externalId: 'tenant-1' });
    const request = { name: 'mentoring-circle-data-1234abcd', title: 'Data analysis', people: [] };
    expect(await routeMessenger(database.db, { slack, teams }).openSpace!(onSlack.id, request)).toEqual({ status: 'opened', spaceId: 'C1', name: request.name, left: [] });
    expect(asked).toEqual([`${onSlack.id}:${request.name}`]);
    // Teams without Graph opens none: each member gets their copy.
    expect((await routeMessenger(database.db, { slack, teams }).openSpace!(onTeams.id, request)).status).toBe('unsupported');
    // Slack not configured in this process: asked again later, never given up.
    expect((await routeMessenger(database.db, { teams }).openSpace!(onSlack.id, request)).status).toBe('failed');
    expect(asked).toHaveLength(1);
  });
});
