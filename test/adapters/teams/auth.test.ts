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

  it('is refused by the configuration itself in production, and unless NODE_ENV says development or test', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', TEAMS_ALLOW_UNAUTHENTICATED: 'true' })).toThrow(/TEAMS_ALLOW_UNAUTHENTICATED: refused when NODE_ENV=production/);
    expect(() => loadConfig({ TEAMS_ALLOW_UNAUTHENTICATED: 'true' })).toThrow(/TEAMS_ALLOW_UNAUTHENTICATED: only with NODE_ENV set to development or test explicitly/);
    expect(() => loadConfig({ NODE_ENV: ' ', TEAMS_ALLOW_UNAUTHENTICATED: 'true' })).toThrow(/only with NODE_ENV set/);
    expect(loadConfig({ NODE_ENV: 'development', TEAMS_ALLOW_UNAUTHENTICATED: 'true' }).teams.allowUnauthenticated).toBe(true);
    expect(loadConfig({ NODE_ENV: 'test', TEAMS_ALLOW_UNAUTHENTICATED: 'true' }).teams).toMatchObject({ allowUnauthenticated: true, allowedTenants: 'any' });
    expect(loadConfig({}).teams.allowUnauthenticated).toBe(false);
    // The adapter refuses it too, whatever built its settings.
    expect(() => createTeamsAuthentication(teamsConfig('none').teams, 'production', recorder().logger)).toThrow(/unless NODE_ENV is development or test/);
  });

  it('serves the registration\'s own tenant, the tenants listed, or any tenant only when told so', () => {
    const app = { MICROSOFT_APP_ID: 'app', MICROSOFT_APP_PASSWORD: 'pw' };
    expect(loadConfig({ ...app, MICROSOFT_APP_TENANT_ID: 'tenant-a' }).teams.allowedTenants).toEqual(['tenant-a']);
    expect(loadConfig({ ...app, MICROSOFT_APP_TENANT_ID: 'tenant-a', TEAMS_ALLOWED_TENANTS: 'tenant-a, tenant-b' }).teams.allowedTenants).toEqual(['tenant-a', 'tenant-b']);
    expect(loadConfig({ ...app, MICROSOFT_APP_TYPE: 'MultiTenant', TEAMS_ALLOWED_TENANTS: '*' }).teams.allowedTenants).toBe('any');
    expect(() => loadConfig({ ...app, MICROSOFT_APP_TYPE: 'MultiTenant' })).toThrow(/TEAMS_ALLOWED_TENANTS: required for a bot without MICROSOFT_APP_TENANT_ID/);
    expect(() => loadConfig({ ...app, MICROSOFT_APP_TENANT_ID: 't', TEAMS_ALLOWED_TENANTS: 'a,*' })).toThrow(/TEAMS_ALLOWED_TENANTS: must be a comma-separated list/);
    expect(() => loadConfig({ ...app, MICROSOFT_APP_TENANT_ID: 't', TEAMS_ALLOWED_TENANTS: 'a b' })).toThrow(/TEAMS_ALLOWED_TENANTS/);
  });
});
