import { describe, expect, it } from 'vitest';
import { createTeamsAuthentication, UNAUTHENTICATED_WARNING } from '../../../adapters/teams/auth.ts';
import { loadConfig } from '../../../src/config.ts';
import { teamsConfig } from '../../support/teams-harness.ts';

function recorder() {
  const warnings: string[] = [];
  return { warnings, logger: { warn: (_obj: object, msg?: string) => { warnings.push(msg ?? ''); } } };
}

describe('Teams authentication settings', () => {
  it('authenticates with the app registration when an app id is set, silently', () => {
    const { warnings, logger } = recorder();
    expect(createTeamsAuthentication(teamsConfig('token').teams, 'production', logger)).toBeDefined();
    expect(warnings).toEqual([]);
  });

  it('refuses to run without an app id unless the local mode is asked for', () => {
    const settings = { ...teamsConfig('none').teams, allowUnauthenticated: false };
    expect(() => createTeamsAuthentication(settings, 'development', recorder().logger)).toThrow(/teams.no_app_id/);
  });

  it('runs the local mode with a loud warning, never in production', () => {
    const { warnings, logger } = recorder();
    createTeamsAuthentication(teamsConfig('none').teams, 'development', logger);
    expect(warnings).toEqual([UNAUTHENTICATED_WARNING]);
    expect(() => createTeamsAuthentication(teamsConfig('none').teams, 'production', logger)).toThrow(/teams.unauthenticated_in_production/);
  });

  it('is refused by the configuration itself in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', TEAMS_ALLOW_UNAUTHENTICATED: 'true' })).toThrow(/TEAMS_ALLOW_UNAUTHENTICATED: refused when NODE_ENV=production/);
    expect(loadConfig({ TEAMS_ALLOW_UNAUTHENTICATED: 'true' }).teams.allowUnauthenticated).toBe(true);
    expect(loadConfig({}).teams.allowUnauthenticated).toBe(false);
  });
});
