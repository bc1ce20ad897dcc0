// Every setting comes from the environment, is parsed once here, and is frozen. A bad value
// stops the process with a message naming the variable and saying what to do.
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { z } from 'zod';
import type { ProgramTemplate } from './domain/program-template.ts';
import { loadProgramTemplates, TemplateError } from './program-templates.ts';
import { parseSecretKey } from './secrets/secret-box.ts';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const optionalText = z.string().trim().min(1).optional();
const url = (protocols: readonly string[], example: string) => z.string().trim().refine((value) => {
  try {
    const parsed = new URL(value);
    return protocols.includes(parsed.protocol) && parsed.hostname.length > 0;
  } catch {
    return false;
  }
}, { message: `must be a URL like ${example}` });

const secretKeyText = z.string().trim().superRefine((value, ctx) => {
  const key = parseSecretKey(value);
  if (typeof key === 'string') ctx.addIssue({ code: 'custom', message: key });
});

/** A workspace administrator: may create programs and add or remove the leads of any program of that workspace. */
export interface WorkspaceAdmin { readonly workspaceExternalId: string; readonly platformUserId: string }

const ADMIN_ID = /^[A-Za-z0-9][A-Za-z0-9._:@-]*$/;
const ADMINS_FORMAT = 'write workspace:user,user;workspace:user (e.g. T0123ABC:U012ABC,U034DEF;T0456DEF:U056GHI), the workspace being the Slack team id or the Teams tenant id';

/**
 * `T0123:U1,U2;T0456:U9`. The workspace id ends at the first colon (neither Slack team ids nor
 * Teams tenant ids contain one; a Teams user id may). An entry without a workspace is refused:
 * an unscoped user id would make its owner an administrator of every workspace.
 */
function parseWorkspaceAdmins(raw: string, ctx: z.RefinementCtx): WorkspaceAdmin[] {
  const admins = new Map<string, WorkspaceAdmin>();
  for (const entry of raw.split(';').map((e) => e.trim()).filter(Boolean)) {
    const colon = entry.indexOf(':');
    const workspace = colon > 0 ? entry.slice(0, colon).trim() : '';
    const users = colon > 0 ? entry.slice(colon + 1).split(',').map((u) => u.trim()).filter(Boolean) : [];
    if (!workspace) {
      ctx.addIssue({ code: 'custom', message: `"${entry.slice(0, 40)}" names no workspace: administrators are now given per workspace; ${ADMINS_FORMAT}` });
      continue;
    }
    if (!ADMIN_ID.test(workspace) || users.length === 0 || !users.every((u) => ADMIN_ID.test(u))) {
      ctx.addIssue({ code: 'custom', message: `"${entry.slice(0, 40)}" is not valid: ${ADMINS_FORMAT}` });
      continue;
    }
    for (const user of users) admins.set(`${workspace}\u0000${user}`, { workspaceExternalId: workspace, platformUserId: user });
  }
  return [...admins.values()];
}

const TENANT_ID_SHAPE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
const TENANTS_FORMAT = 'must be a comma-separated list of Entra tenant ids (Directory (tenant) ID in Azure), or * for any tenant';

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number({ message: 'must be a port number' }).int('must be a whole number')
    .min(0, 'must be between 0 and 65535 (0 picks a free port)').max(65535, 'must be between 0 and 65535 (0 picks a free port)').default(3000),
  HOST: z.string().trim().refine((h) => isIP(h) !== 0 || /^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$/.test(h),
    'must be an IP address (127.0.0.1, 0.0.0.0, ::) or a host name (localhost)').optional(),
  DATA_DIR: z.string().trim().min(1).default('./data'),
  DATABASE_URL: url(['postgres:', 'postgresql:'], 'postgres://user:password@host:5432/mentor').optional(),
  REDIS_URL: url(['redis:', 'rediss:'], 'redis://host:6379').optional(),
  MENTOR_ROLE: z.enum(['all', 'web', 'worker'], { message: 'must be one of all, web, worker' }).default('all'),
  PUBLIC_URL: url(['http:', 'https:'], 'https://mentor.example.com').optional(),
  MENTOR_LEADS: z.string().default('').transform(parseWorkspaceAdmins),
  LOG_LEVEL: z.enum(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  SLACK_BOT_TOKEN: z.string().trim().regex(/^xoxb-/, 'must be a bot token starting with xoxb-').optional(),
  SLACK_SIGNING_SECRET: z.string().trim().min(16, 'must be the signing secret from the Slack app settings').optional(),
  SLACK_APP_TOKEN: z.string().trim().regex(/^xapp-/, 'must be an app-level token starting with xapp-').optional(),
  SLACK_API_URL: url(['http:', 'https:'], 'https://slack.com/api/').default('https://slack.com/api/'),
  SLACK_CLIENT_ID: optionalText,
  SLACK_CLIENT_SECRET: optionalText,
  SLACK_STATE_SECRET: z.string().trim().min(16, 'must be a random string of at least 16 characters').optional(),
  MICROSOFT_APP_ID: optionalText,
  MICROSOFT_APP_PASSWORD: optionalText,
  MICROSOFT_APP_TENANT_ID: optionalText,
  DELIVERY_LEASE_SECONDS: z.coerce.number({ message: 'must be a number of seconds' }).int('must be a whole number').min(5, 'must be between 5 and 3600').max(3600, 'must be between 5 and 3600').default(60),
  QUEUE_PREFIX: z.string().trim().regex(/^[A-Za-z0-9_-]{1,40}$/, 'letters, digits, - and _ only (at most 40)').default('mentor'),
  WORKER_CONCURRENCY: z.coerce.number({ message: 'must be a number' }).int('must be a whole number').min(1, 'must be between 1 and 100').max(100, 'must be between 1 and 100').default(10),
  DELIVERY_RATE_SLACK: z.coerce.number({ message: 'must be a number of messages per second' }).positive('must be above 0').max(1000).default(10),
  DELIVERY_RATE_TEAMS: z.coerce.number({ message: 'must be a number of messages per second' }).positive('must be above 0').max(1000).default(40),
  MICROSOFT_APP_TYPE: z.enum(['SingleTenant', 'MultiTenant', 'UserAssignedMSI'], {
    message: 'must be SingleTenant, MultiTenant or UserAssignedMSI',
  }).default('SingleTenant'),
  TEAMS_ALLOW_UNAUTHENTICATED: z.enum(['true', 'false'], { message: 'must be true or false' }).default('false'),
  TEAMS_ALLOWED_TENANTS: z.string().optional().transform((raw, ctx) => {
    if (raw === undefined) return undefined;
    const list = raw.split(',').map((t) => t.trim()).filter(Boolean);
    if (list.length === 1 && list[0] === '*') return '*' as const;
    if (list.length === 0 || list.length > 100 || !list.every((t) => TENANT_ID_SHAPE.test(t))) {
      ctx.addIssue({ code: 'custom', message: TENANTS_FORMAT });
      return z.NEVER;
    }
    return list;
  }),
  TEAMS_GRAPH_PEOPLE_SEARCH: z.enum(['true', 'false'], { message: 'must be true or false' }).default('false'),
  // A Teams group chat per mentoring circle, made through Graph (docs/teams.md); off: personal copies.
  TEAMS_CIRCLE_GROUP_CHATS: z.enum(['true', 'false'], { message: 'must be true or false' }).default('false'),
  TEAMS_APP_CATALOG_ID: z.string().trim().regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, 'must be the app\'s id in the Teams app catalog (a GUID, see docs/teams.md)').optional(),
  MICROSOFT_GRAPH_URL: url(['http:', 'https:'], 'https://graph.microsoft.com').default('https://graph.microsoft.com'),
  MICROSOFT_LOGIN_URL: url(['http:', 'https:'], 'https://login.microsoftonline.com').default('https://login.microsoftonline.com'),
  // "Find a time" with the organisation's calendar (docs/calendar.md); none: working hours and .ics files.
  CALENDAR_PROVIDER: z.enum(['none', 'microsoft', 'google'], { message: 'must be none, microsoft or google' }).default('none'),
  MICROSOFT_CALENDAR_TENANT_ID: z.string().trim().regex(TENANT_ID_SHAPE, 'must be a tenant id (the Directory (tenant) ID in Azure)').optional(),
  MICROSOFT_CALENDAR_CLIENT_ID: z.string().trim().min(1).optional(),
  MICROSOFT_CALENDAR_CLIENT_SECRET: z.string().min(1).optional(),
  GOOGLE_SERVICE_ACCOUNT_KEY: z.string().optional(),
  GOOGLE_OAUTH_TOKEN_URL: url(['http:', 'https:'], 'https://oauth2.googleapis.com/token').default('https://oauth2.googleapis.com/token'),
  GOOGLE_CALENDAR_URL: url(['http:', 'https:'], 'https://www.googleapis.com/calendar/v3').default('https://www.googleapis.com/calendar/v3'),
  MENTOR_SECRET_KEY: secretKeyText.optional(),
  MENTOR_SECRET_KEY_PREVIOUS: z.string().default('').transform((raw) => raw.split(',').map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(secretKeyText).max(10, 'at most 10 previous keys')),
  PROGRAM_TEMPLATES_DIR: optionalText,
});

type Env = z.infer<typeof envSchema>;

export interface Config {
  readonly env: Env['NODE_ENV'];
  readonly port: number;
  /** Address the HTTP server listens on; undefined = every interface (IPv4 and IPv6). */
  readonly host: string | undefined;
  readonly dataDir: string;
  readonly databaseUrl: string | undefined;
  readonly redisUrl: string | undefined;
  /** Public base URL of this server (Slack OAuth redirect, report links). */
  readonly publicUrl: string | undefined;
  readonly role: Env['MENTOR_ROLE'];
  /** Workspace administrators (MENTOR_LEADS): they create programs and manage each program's leads. */
  readonly admins: readonly WorkspaceAdmin[];
  readonly logLevel: Env['LOG_LEVEL'];
  readonly jobs: {
    /** Jobs one worker process runs at once. */
    readonly concurrency: number;
    /** Redis key prefix, so several deployments can share one Redis. */
    readonly prefix: string;
    /** How long a send may stay unfinished before another worker checks and takes it over. */
    readonly sendLeaseMs: number;
    /** Outbound messages per second per workspace (Slack) or tenant (Teams), shared by all processes. */
    readonly deliveryRate: { readonly slack: number; readonly teams: number };
  };
  readonly slack: {
    readonly botToken: string | undefined;
    readonly signingSecret: string | undefined;
    readonly appToken: string | undefined;
    readonly apiUrl: string;
    readonly oauth: { readonly clientId: string; readonly clientSecret: string; readonly stateSecret: string } | undefined;
  };
  readonly teams: {
    readonly appId: string | undefined;
    readonly appPassword: string | undefined;
    readonly tenantId: string | undefined;
    readonly appType: Env['MICROSOFT_APP_TYPE'];
    /** Local emulator mode without an app id; only with NODE_ENV set to development or test. */
    readonly allowUnauthenticated: boolean;
    /**
     * Tenants whose activities are served (TEAMS_ALLOWED_TENANTS, else the registration's own
     * tenant); 'any' only when TEAMS_ALLOWED_TENANTS=* or, in the local mode, when none is given.
     */
    readonly allowedTenants: readonly string[] | 'any';
    /**
     * People search in Microsoft Graph (TEAMS_GRAPH_PEOPLE_SEARCH=true, the app registration granted
     * User.ReadBasic.All): the Graph base URL and the sign-in authority the app token comes from.
     */
    readonly graph?: { readonly url: string; readonly loginUrl: string } | undefined;
    /**
     * A group chat per mentoring circle, made through Graph (TEAMS_CIRCLE_GROUP_CHATS=true, the app
     * registration granted Chat.Create and TeamsAppInstallation.ReadWriteSelfForChat.All): the Graph
     * base URL, the sign-in authority, and the bot's app id in the Teams app catalog.
     */
    readonly circleChats?: { readonly url: string; readonly loginUrl: string; readonly catalogAppId: string } | undefined;
    /** The Microsoft Entra sign-in authority's base URL (MICROSOFT_LOGIN_URL): the bot's Bot Connector token and the Graph token come from it. */
    readonly loginUrl?: string;
  };
  /** The calendar "Find a time" reads free/busy from and books in (CALENDAR_PROVIDER); undefined: none. */
  readonly calendar: CalendarConfig | undefined;
  /**
   * MENTOR_SECRET_KEY (seals tokens and signing keys at rest) and the keys it replaced, as
   * validated text. Unset only on the embedded database without Slack OAuth, where the app keeps
   * a generated key in DATA_DIR.
   */
  readonly secretKeys: { readonly current: string; readonly previous: readonly string[] } | undefined;
  /** The templates `admin program create` offers: the product's own, and a company's (PROGRAM_TEMPLATES_DIR). */
  readonly programTemplates: readonly ProgramTemplate[];
}

export type CalendarConfig =
  | { readonly provider: 'microsoft'; readonly graphUrl: string; readonly loginUrl: string; readonly tenantId: string; readonly clientId: string; readonly clientSecret: string }
  | { readonly provider: 'google'; readonly tokenUrl: string; readonly calendarUrl: string; readonly clientEmail: string; readonly privateKey: string };

/** The fields of a Google service account's JSON key the bot uses. */
const serviceAccountKey = z.object({ client_email: z.string().email(), private_key: z.string().includes('PRIVATE KEY') });

/** The calendar settings, or the problems that keep them from working. */
function calendarConfig(env: Env): { config: CalendarConfig | undefined; problems: string[] } {
  if (env.CALENDAR_PROVIDER === 'microsoft') {
    const tenantId = env.MICROSOFT_CALENDAR_TENANT_ID ?? env.MICROSOFT_APP_TENANT_ID;
    const clientId = env.MICROSOFT_CALENDAR_CLIENT_ID ?? env.MICROSOFT_APP_ID;
    const clientSecret = env.MICROSOFT_CALENDAR_CLIENT_SECRET ?? env.MICROSOFT_APP_PASSWORD;
    if (!tenantId || !clientId || !clientSecret) {
      return { config: undefined, problems: ['CALENDAR_PROVIDER=microsoft: needs MICROSOFT_CALENDAR_TENANT_ID, MICROSOFT_CALENDAR_CLIENT_ID and MICROSOFT_CALENDAR_CLIENT_SECRET (or the bot\'s MICROSOFT_APP_TENANT_ID, MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD) of an app registration granted Calendars.ReadWrite'] };
    }
    return { config: { provider: 'microsoft', graphUrl: env.MICROSOFT_GRAPH_URL.replace(/\/+$/, ''), loginUrl: env.MICROSOFT_LOGIN_URL.replace(/\/+$/, ''), tenantId, clientId, clientSecret }, problems: [] };
  }
  if (env.CALENDAR_PROVIDER === 'google') {
    const raw = env.GOOGLE_SERVICE_ACCOUNT_KEY?.trim();
    if (!raw) return { config: undefined, problems: ['CALENDAR_PROVIDER=google: needs GOOGLE_SERVICE_ACCOUNT_KEY (the service account\'s JSON key, or the path of its file)'] };
    let text = raw;
    if (!raw.startsWith('{')) {
      try {
        text = readFileSync(raw, 'utf8');
      } catch {
        return { config: undefined, problems: ['GOOGLE_SERVICE_ACCOUNT_KEY: no readable file at that path (give the JSON key itself, or the path of its file)'] };
      }
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const key = serviceAccountKey.safeParse(json);
    if (!key.success) return { config: undefined, problems: ['GOOGLE_SERVICE_ACCOUNT_KEY: not a service account JSON key (client_email and private_key expected)'] };
    return {
      config: { provider: 'google', tokenUrl: env.GOOGLE_OAUTH_TOKEN_URL, calendarUrl: env.GOOGLE_CALENDAR_URL.replace(/\/+$/, ''), clientEmail: key.data.client_email, privateKey: key.data.private_key },
      problems: [],
    };
  }
  return { config: undefined, problems: [] };
}

export class ConfigError extends Error {
  readonly code = 'config.invalid';
  readonly problems: readonly string[];
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}\nFix the variables above (see .env.example and the README's configuration table) and start again.`);
    this.problems = problems;
  }
}

function crossChecks(env: Env, nodeEnvGiven: boolean): string[] {
  const problems: string[] = [];
  const oauth = [env.SLACK_CLIENT_ID, env.SLACK_CLIENT_SECRET, env.SLACK_STATE_SECRET];
  if (oauth.some(Boolean) && !oauth.every(Boolean)) {
    problems.push('SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET: set all three for multi-workspace installs, or none');
  }
  if (env.SLACK_APP_TOKEN && !env.SLACK_BOT_TOKEN && !env.SLACK_CLIENT_ID) {
    problems.push('SLACK_APP_TOKEN: Socket Mode also needs SLACK_BOT_TOKEN (the xoxb- token from "OAuth & Permissions")');
  }
  if (env.SLACK_BOT_TOKEN && !env.SLACK_SIGNING_SECRET && !env.SLACK_APP_TOKEN) {
    problems.push('SLACK_SIGNING_SECRET: required with SLACK_BOT_TOKEN in HTTP mode (Slack app settings > Basic Information > Signing Secret)');
  }
  if (env.MICROSOFT_APP_ID && !env.MICROSOFT_APP_PASSWORD && env.MICROSOFT_APP_TYPE !== 'UserAssignedMSI') {
    problems.push('MICROSOFT_APP_PASSWORD: required with MICROSOFT_APP_ID (the client secret of the Azure bot registration)');
  }
  if (env.MICROSOFT_APP_ID && env.MICROSOFT_APP_TYPE === 'SingleTenant' && !env.MICROSOFT_APP_TENANT_ID) {
    problems.push('MICROSOFT_APP_TENANT_ID: required for a SingleTenant bot (the Directory (tenant) ID in Azure)');
  }
  if (!env.MENTOR_SECRET_KEY && env.SLACK_CLIENT_ID) {
    problems.push('MENTOR_SECRET_KEY: required with Slack OAuth (SLACK_CLIENT_ID): the bot tokens of installed workspaces are stored encrypted with it (generate one with: openssl rand -base64 32)');
  } else if (!env.MENTOR_SECRET_KEY && env.DATABASE_URL) {
    problems.push('MENTOR_SECRET_KEY: required with DATABASE_URL, so every process seals and opens secrets with the same key (generate one with: openssl rand -base64 32)');
  }
  if (env.MENTOR_SECRET_KEY_PREVIOUS.length > 0 && !env.MENTOR_SECRET_KEY) {
    problems.push('MENTOR_SECRET_KEY_PREVIOUS: only meaningful with MENTOR_SECRET_KEY (the new key)');
  }
  if (env.TEAMS_GRAPH_PEOPLE_SEARCH === 'true' && !(env.MICROSOFT_APP_ID && env.MICROSOFT_APP_PASSWORD && env.MICROSOFT_APP_TENANT_ID)) {
    problems.push('TEAMS_GRAPH_PEOPLE_SEARCH: needs MICROSOFT_APP_ID, MICROSOFT_APP_PASSWORD and MICROSOFT_APP_TENANT_ID (Graph gives the app a token for its own tenant)');
  }
  if (env.TEAMS_CIRCLE_GROUP_CHATS === 'true' && !(env.MICROSOFT_APP_ID && env.MICROSOFT_APP_PASSWORD && env.MICROSOFT_APP_TENANT_ID)) {
    problems.push('TEAMS_CIRCLE_GROUP_CHATS: needs MICROSOFT_APP_ID, MICROSOFT_APP_PASSWORD and MICROSOFT_APP_TENANT_ID (Graph gives the app a token for its own tenant)');
  }
  if (env.TEAMS_CIRCLE_GROUP_CHATS === 'true' && !env.TEAMS_APP_CATALOG_ID) {
    problems.push('TEAMS_APP_CATALOG_ID: required with TEAMS_CIRCLE_GROUP_CHATS=true (the app\'s id in the Teams app catalog, which the bot installs in each circle\'s chat)');
  }
  if (env.TEAMS_ALLOW_UNAUTHENTICATED === 'true' && env.NODE_ENV === 'production') {
    problems.push('TEAMS_ALLOW_UNAUTHENTICATED: refused when NODE_ENV=production (set MICROSOFT_APP_ID and its secret instead)');
  } else if (env.TEAMS_ALLOW_UNAUTHENTICATED === 'true' && !nodeEnvGiven) {
    problems.push('TEAMS_ALLOW_UNAUTHENTICATED: only with NODE_ENV set to development or test explicitly (it is unset here)');
  }
  if (env.MICROSOFT_APP_ID && env.MICROSOFT_APP_TYPE !== 'SingleTenant' && !env.MICROSOFT_APP_TENANT_ID && !env.TEAMS_ALLOWED_TENANTS) {
    problems.push('TEAMS_ALLOWED_TENANTS: required for a bot without MICROSOFT_APP_TENANT_ID: list the tenant ids whose people may use the bot, or * for any tenant');
  }
  return problems;
}

/** Parses an environment (process.env by default) into a frozen Config, or throws ConfigError. */
export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  // An empty variable means "not set", as in most .env files.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.') || 'environment'}: ${issue.message}`));
  }
  const env = parsed.data;
  const calendar = calendarConfig(env);
  const problems = [...crossChecks(env, cleaned.NODE_ENV !== undefined), ...calendar.problems];
  if (problems.length > 0) throw new ConfigError(problems);
  let programTemplates: ProgramTemplate[];
  try {
    programTemplates = loadProgramTemplates(env.PROGRAM_TEMPLATES_DIR);
  } catch (error) {
    if (error instanceof TemplateError) throw new ConfigError([`PROGRAM_TEMPLATES_DIR: ${error.message}`]);
    throw error;
  }
  return deepFreeze({
    env: env.NODE_ENV,
    port: env.PORT,
    host: env.HOST,
    dataDir: env.DATA_DIR,
    databaseUrl: env.DATABASE_URL,
    redisUrl: env.REDIS_URL,
    publicUrl: env.PUBLIC_URL?.replace(/\/+$/, ''),
    role: env.MENTOR_ROLE,
    admins: env.MENTOR_LEADS,
    logLevel: env.LOG_LEVEL,
    jobs: {
      concurrency: env.WORKER_CONCURRENCY,
      prefix: env.QUEUE_PREFIX,
      sendLeaseMs: env.DELIVERY_LEASE_SECONDS * 1000,
      deliveryRate: { slack: env.DELIVERY_RATE_SLACK, teams: env.DELIVERY_RATE_TEAMS },
    },
    slack: {
      botToken: env.SLACK_BOT_TOKEN,
      signingSecret: env.SLACK_SIGNING_SECRET,
      appToken: env.SLACK_APP_TOKEN,
      apiUrl: env.SLACK_API_URL.endsWith('/') ? env.SLACK_API_URL : `${env.SLACK_API_URL}/`,
      oauth: env.SLACK_CLIENT_ID && env.SLACK_CLIENT_SECRET && env.SLACK_STATE_SECRET
        ? { clientId: env.SLACK_CLIENT_ID, clientSecret: env.SLACK_CLIENT_SECRET, stateSecret: env.SLACK_STATE_SECRET }
        : undefined,
    },
    teams: {
      appId: env.MICROSOFT_APP_ID,
      appPassword: env.MICROSOFT_APP_PASSWORD,
      tenantId: env.MICROSOFT_APP_TENANT_ID,
      appType: env.MICROSOFT_APP_TYPE,
      allowUnauthenticated: env.TEAMS_ALLOW_UNAUTHENTICATED === 'true',
      allowedTenants: allowedTenants(env),
      graph: env.TEAMS_GRAPH_PEOPLE_SEARCH === 'true'
        ? { url: env.MICROSOFT_GRAPH_URL.replace(/\/+$/, ''), loginUrl: env.MICROSOFT_LOGIN_URL.replace(/\/+$/, '') }
        : undefined,
      circleChats: env.TEAMS_CIRCLE_GROUP_CHATS === 'true' && env.TEAMS_APP_CATALOG_ID
        ? { url: env.MICROSOFT_GRAPH_URL.replace(/\/+$/, ''), loginUrl: env.MICROSOFT_LOGIN_URL.replace(/\/+$/, ''), catalogAppId: env.TEAMS_APP_CATALOG_ID }
        : undefined,
      loginUrl: env.MICROSOFT_LOGIN_URL.replace(/\/+$/, ''),
    },
    calendar: calendar.config,
    secretKeys: env.MENTOR_SECRET_KEY ? { current: env.MENTOR_SECRET_KEY, previous: env.MENTOR_SECRET_KEY_PREVIOUS } : undefined,
    programTemplates,
  });
}

function allowedTenants(env: Env): readonly string[] | 'any' {
  if (env.TEAMS_ALLOWED_TENANTS === '*') return 'any';
  if (env.TEAMS_ALLOWED_TENANTS) return env.TEAMS_ALLOWED_TENANTS;
  return env.MICROSOFT_APP_TENANT_ID ? [env.MICROSOFT_APP_TENANT_ID] : 'any';
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** Which platforms have enough settings to run; used for the one-line start-up hint. */
export function enabledPlatforms(config: Config): { slack: boolean; teams: boolean } {
  return {
    slack: Boolean(config.slack.oauth || config.slack.botToken),
    teams: Boolean(config.teams.appId) || config.teams.allowUnauthenticated,
  };
}
