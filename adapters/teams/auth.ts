// How the Teams endpoint proves a request comes from the Bot Framework, and how the bot signs
// its own calls to the Bot Connector. botbuilder's ConfigurationBotFrameworkAuthentication does
// both from the Azure bot registration (app id, secret, tenant, type). Without an app id
// botbuilder accepts any request (a local mode for emulators): this adapter allows that only
// when asked for explicitly, with NODE_ENV set to development or test (the configuration
// refuses it when NODE_ENV is unset), and says so loudly.
import { ConfigurationBotFrameworkAuthentication, type ConfigurationBotFrameworkAuthenticationOptions } from 'botbuilder';
import type { Config } from '../../src/config.ts';
import { botTokenUrl, DEFAULT_LOGIN_URL } from './token-check.ts';

export type TeamsSettings = Config['teams'];

/** Test seams: where token signing keys are published and how outbound calls are signed. */
export interface TeamsAuthOverrides {
  readonly options?: ConfigurationBotFrameworkAuthenticationOptions;
  readonly credentialsFactory?: ConstructorParameters<typeof ConfigurationBotFrameworkAuthentication>[1];
}

export class TeamsSetupError extends Error {
  readonly code: string;
  constructor(code: string, detail: string) {
    super(`${code}: ${detail}`);
    this.code = code;
  }
}

interface WarnLogger { warn(obj: object, msg?: string): void }

export const UNAUTHENTICATED_WARNING =
  'TEAMS ENDPOINT IS UNAUTHENTICATED: MICROSOFT_APP_ID is not set and TEAMS_ALLOW_UNAUTHENTICATED=true, so anyone who can ' +
  'reach POST /api/messages can act as any Teams user. Use this only with a local emulator; never expose it.';

// botbuilder spells the managed identity type differently from the Azure portal.
const APP_TYPE = { SingleTenant: 'SingleTenant', MultiTenant: 'MultiTenant', UserAssignedMSI: 'UserAssignedMsi' } as const;

export function createTeamsAuthentication(
  settings: TeamsSettings, nodeEnv: Config['env'], logger: WarnLogger, overrides: TeamsAuthOverrides = {},
): ConfigurationBotFrameworkAuthentication {
  if (!settings.appId) {
    if (!settings.allowUnauthenticated) {
      throw new TeamsSetupError('teams.no_app_id', 'set MICROSOFT_APP_ID (and its secret and tenant), or TEAMS_ALLOW_UNAUTHENTICATED=true for a local emulator');
    }
    if (nodeEnv !== 'development' && nodeEnv !== 'test') {
      throw new TeamsSetupError('teams.unauthenticated_in_production', 'TEAMS_ALLOW_UNAUTHENTICATED is refused unless NODE_ENV is development or test');
    }
    logger.warn({ platform: 'teams' }, UNAUTHENTICATED_WARNING);
    return new ConfigurationBotFrameworkAuthentication({ ...overrides.options }, overrides.credentialsFactory);
  }
  // Another sign-in authority (MICROSOFT_LOGIN_URL: a national cloud, a local stand-in) is where
  // botbuilder then asks for its Bot Connector token too, at the tenant the start check uses.
  const loginUrl = settings.loginUrl && settings.loginUrl !== DEFAULT_LOGIN_URL ? { ToChannelFromBotLoginUrl: botTokenUrl(settings).replace(/\/oauth2\/v2\.0\/token$/, '') } : {};
  return new ConfigurationBotFrameworkAuthentication({
    ...loginUrl,
    MicrosoftAppId: settings.appId,
    MicrosoftAppPassword: settings.appPassword,
    MicrosoftAppTenantId: settings.tenantId,
    MicrosoftAppType: APP_TYPE[settings.appType],
    ...overrides.options,
  }, overrides.credentialsFactory);
}
