// Round invitations by Teams team membership: the app added to a team remembers it; a lead who
// names the team (or pastes its link) in the invitation form invites its whole roster, read page
// by page from the Bot Connector (pagedmembers with continuationToken). People met only in the
// roster are created from it; those who have the app get the invitation card.
import { afterEach, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../support/databases.ts';
import { createTeamsHarness, TENANT_ID, type TeamsHarness } from '../../support/teams-harness.ts';
import type { RosterEntry } from '../../support/teams-connector.ts';
import { messageText } from '../../support/teams-user.ts';

const TOPICS = 'leadership | Leadership | Leadership\npublic-speaking | Public speaking | Prise de parole';
const ENGINEERING = { id: '19:engineering-general@thread.tacv2', name: 'Engineering' };
const member = (name: string): RosterEntry => ({
  id: `29:${name.toLowerCase()}`, name, aadObjectId: `aad-${name.toLowerCase()}`, email: `${name.toLowerCase()}@acme.example`,
  userPrincipalName: `${name.toLowerCase()}@acme.example`, tenantId: TENANT_ID, userRole: 'user',
});

describe.each(databaseKinds)('round invitations by Teams team on %s', (kind) => {
  let env: TeamsHarness;
  afterEach(async () => { await env?.dispose(); });

  it('invites the roster of a team the app was added to, read page by page, and says so when a team is unknown', async () => {
    env = await createTeamsHarness(kind, { leads: ['aad-lea'] });
    const lea = env.user('Lea');
    const mia = env.user('Mia');
    const max = env.user('Max');
    for (const u of [lea, mia, max]) await u.install();
    env.connector.rosters.set(ENGINEERING.id, ['Mia', 'Max', 'Nora', 'Omar', 'Pia'].map(member));
    env.connector.rosterPageLimit = 2;
    await lea.addAppToTeam(ENGINEERING);
    const db = env.database.db;
    expect(await db.selectFrom('teams_teams').select(['team_id', 'name']).execute()).toEqual([{ team_id: ENGINEERING.id, name: 'Engineering' }]);

    await lea.say('admin program create');
    await lea.click('Blank program');
    await lea.fill({ name: 'Leadership 2027', description: 'Grow leaders', topics: TOPICS, languages: ['en', 'fr'] });
    await lea.fill({ checkinCadence: 'P14D', sessionMinutes: '45', durationDays: '120', pulseEvery: 'P1M', proposalTimeoutHours: '48', surveyDays: '10' });
    await lea.fill({ defaultCapacity: '2', objective: 'participation', minScore: '30', minOverlapHours: '1.5' });
    await lea.fill({ minGroupSize: '6', retentionDays: '400' });
    await lea.say('admin round open');

    // The form asks for a team, with a Teams example (no Slack channel or user group).
    const inviteCard = () => JSON.stringify(lea.messages().find((m) => JSON.stringify(m.activity).includes('"id":"audience"'))!.activity);
    const form = inviteCard();
    expect(form).toContain('A team');
    expect(form).toContain('The name of a team the app was added to');
    expect(form).not.toContain('#general');

    await lea.fill({ audience: 'Marketing' });
    expect(inviteCard()).toContain('I found nobody in this team.');
    expect(env.connector.rosterCalls).toHaveLength(0);

    await lea.fill({ audience: 'engineering' });
    expect(lea.text()).toContain('5 people invited.');
    // Three pages of at most two: the first without a token, then each with the token Teams gave.
    expect(env.connector.rosterCalls.map((c) => c.teamId)).toEqual([ENGINEERING.id, ENGINEERING.id, ENGINEERING.id]);
    expect(env.connector.rosterCalls[0]).toMatchObject({ pageSize: '100', continuationToken: null });
    expect(env.connector.rosterCalls.slice(1).every((c) => typeof c.continuationToken === 'string')).toBe(true);
    // People met only in the roster are created from what it says.
    expect(await db.selectFrom('people').select(['display_name', 'email']).where('platform_user_id', '=', 'aad-nora').executeTakeFirstOrThrow())
      .toEqual({ display_name: 'Nora', email: 'nora@acme.example' });
    expect(await db.selectFrom('round_invitations').select('person_id').execute()).toHaveLength(5);

    // Pia blocked the bot: her chat opens, the post is refused (403).
    env.connector.blocked.add('a:personal-pia');
    await env.runDueJobs();
    expect(messageText(mia.messages().at(-1)!.activity)).toContain('Mentoring: Leadership 2027 is open');
    expect(messageText(max.messages().at(-1)!.activity)).toContain('Mentoring: Leadership 2027 is open');
    // Nora and Omar never installed the app: the bot opens their chat through the team, and keeps it.
    const nora = env.user('Nora');
    expect(messageText(nora.messages().at(-1)!.activity)).toContain('Mentoring: Leadership 2027 is open');
    expect(env.connector.createdConversations.map((c) => c.memberId).sort()).toEqual(['29:nora', '29:omar', '29:pia']);
    expect(env.connector.createdConversations.every((c) => c.tenantId === TENANT_ID)).toBe(true);
    const invites = await db.selectFrom('deliveries').innerJoin('people', 'people.id', 'deliveries.person_id')
      .select(['people.platform_user_id as who', 'deliveries.status']).where('deliveries.kind', '=', 'round.invite').orderBy('people.platform_user_id').execute();
    expect(invites).toEqual([
      { who: 'aad-max', status: 'sent' }, { who: 'aad-mia', status: 'sent' },
      { who: 'aad-nora', status: 'sent' }, { who: 'aad-omar', status: 'sent' }, { who: 'aad-pia', status: 'undeliverable' },
    ]);
    const noraRef = await db.selectFrom('conversation_refs').innerJoin('people', 'people.id', 'conversation_refs.person_id')
      .select('conversation_refs.reference').where('people.platform_user_id', '=', 'aad-nora').executeTakeFirstOrThrow();
    expect(noraRef.reference).toMatchObject({ conversation: { id: 'a:personal-nora' }, user: { id: '29:nora', aadObjectId: 'aad-nora' } });

    // The app removed from the team: the team is forgotten.
    await lea.addAppToTeam(ENGINEERING, 'removed');
    expect(await db.selectFrom('teams_teams').select('team_id').execute()).toEqual([]);
  });

  it('finds a team by its link and invites nobody from a team whose roster Teams refuses', async () => {
    env = await createTeamsHarness(kind, { leads: ['aad-lea'] });
    const lea = env.user('Lea');
    await lea.install();
    await lea.addAppToTeam(ENGINEERING);
    env.connector.rosters.set(ENGINEERING.id, [member('Mia')]);
    const directory = env.teams.directory;
    const link = `https://teams.microsoft.com/l/team/${encodeURIComponent(ENGINEERING.id)}/conversations?groupId=g-1&tenantId=${TENANT_ID}`;
    expect(await directory.members(TENANT_ID, link, 'teams')).toEqual(['aad-mia']);
    expect(await directory.profile(TENANT_ID, 'aad-mia', 'teams')).toMatchObject({ displayName: 'Mia', email: 'mia@acme.example' });
    expect(await directory.members(TENANT_ID, ENGINEERING.id, 'teams')).toEqual(['aad-mia']);
    // Another tenant's lead cannot reach this tenant's team.
    expect(await directory.members('tenant-other', 'Engineering', 'teams')).toEqual([]);
    env.connector.rosters.delete(ENGINEERING.id);
    expect(await directory.members(TENANT_ID, 'Engineering', 'teams')).toEqual([]);
  });
});
