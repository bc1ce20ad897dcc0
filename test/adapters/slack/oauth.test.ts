// Several workspaces through OAuth: /slack/install sends the admin to Slack with a signed state,
// /slack/oauth_redirect exchanges the code (oauth.v2.access on the fake), and the installation is
// stored in the database; each workspace is then spoken to with its own token, and a workspace
// that never installed the app is refused. In Socket Mode the install routes are the same ones,
// served by the product's HTTP server, and requests then arrive over the socket.
import { afterEach, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../support/databases.ts';
import { SlackPlatform, slackTransports } from '../../support/slack-platform.ts';
import { slashCommandBody } from '../../support/slack-requests.ts';

const cases = databaseKinds.flatMap((kind) => slackTransports.map((transport) => [kind, transport] as const));

describe.each(cases)('Slack OAuth installs on %s over %s', (kind, transport) => {
  let env: SlackPlatform;
  afterEach(async () => { await env?.dispose(); });

  async function install(teamId: string, token: string): Promise<number> {
    env.fake.oauthGrants.set(`code-${teamId}`, { teamId, teamName: `Team ${teamId}`, token, installer: 'U_ADMIN' });
    const start = await fetch(`${env.url}/slack/install`, { redirect: 'manual' });
    expect(start.status).toBe(302);
    const location = new URL(start.headers.get('location') ?? '');
    expect(location.pathname).toBe('/oauth/v2/authorize');
    expect(location.searchParams.get('scope')).toContain('commands');
    const state = location.searchParams.get('state') ?? '';
    const cookie = (start.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const done = await fetch(`${env.url}/slack/oauth_redirect?code=code-${teamId}&state=${encodeURIComponent(state)}`, { headers: { cookie }, redirect: 'manual' });
    await done.text();
    return done.status;
  }

  it('stores each workspace\'s installation and uses its own token; refuses teams that never installed', async () => {
    env = await SlackPlatform.start(kind, { oauth: true, transport });
    expect(await install('T_ONE', 'xoxb-one')).toBe(200);
    expect(await install('T_TWO', 'xoxb-two')).toBe(200);
    const rows = await env.database.db.selectFrom('installations').innerJoin('workspaces', 'workspaces.id', 'installations.workspace_id')
      .select(['workspaces.external_id', 'installations.installer_platform_user_id']).execute();
    expect(rows.map((r) => r.external_id).sort()).toEqual(['T_ONE', 'T_TWO']);

    for (const [teamId, userId] of [['T_ONE', 'U_ANN'], ['T_TWO', 'U_BEN']] as const) {
      env.fake.addUser({ id: userId, name: userId.slice(2) });
      const body = slashCommandBody({ id: teamId, domain: teamId.toLowerCase() }, { id: userId, name: userId, teamId }, 'help', env.fake.responseUrl(userId), `trigger-${teamId}`);
      expect((await env.post(body, 'application/x-www-form-urlencoded')).status).toBe(200);
    }
    const tokens = Object.fromEntries(env.fake.callsOf('users.info').map((c) => [String(c.args.user), c.token]));
    expect(tokens).toEqual({ U_ANN: 'xoxb-one', U_BEN: 'xoxb-two' });

    env.fake.addUser({ id: 'U_EVE', name: 'Eve' });
    const stranger = slashCommandBody({ id: 'T_NEVER', domain: 'never' }, { id: 'U_EVE', name: 'Eve', teamId: 'T_NEVER' }, 'help', env.fake.responseUrl('U_EVE'), 'trigger-never');
    // Bolt finds no installation for the team: no listener runs (Bolt still answers the request).
    await env.post(stranger, 'application/x-www-form-urlencoded');
    expect(env.fake.callsOf('respond').filter((c) => c.args.user === 'U_EVE')).toEqual([]);
    const people = await env.database.db.selectFrom('people').select('platform_user_id').execute();
    expect(people.map((p) => p.platform_user_id).sort()).toEqual(['U_ANN', 'U_BEN']);
  });
});
