// Builds one process of the product from a Config: database, job layer, bot core, the Slack and
// Teams adapters that have credentials, the HTTP server and the workers, as MENTOR_ROLE asks.
// main.ts runs it; tests start it on port 0.
import type { Config } from './config.ts';
import { enabledPlatforms } from './config.ts';
import { openDatabase, type DatabaseHandle } from './db/connect.ts';
import { migrateToLatest } from './db/migrate.ts';
import { createBotCore, type BotCore } from './flows/bot.ts';
import { allFlows } from './flows/index.ts';
import { routeDirectory, routeMessenger } from './flows/platform-router.ts';
import { createHttpServer, type HttpServer, type ReadinessChecks } from './http/server.ts';
import { mountLegalPages } from './http/legal-pages.ts';
import { mountReportPage } from './http/report-page.ts';
import type { Logger } from './log.ts';
import { createMetrics, type Metrics } from './metrics.ts';
import { onRepeatedRequest } from './db/repositories/request-dedup.repository.ts';
import { systemClock } from './ports/clock.ts';
import { resolveSecretKeyring } from './secrets/key-setup.ts';
import { sealClearValues } from './secrets/reseal.ts';
import { installSecretKeyring } from './secrets/secret-box.ts';
import { liveSigner } from './secrets/signing-keys.ts';
import { closeMatchThread } from './flows/matching/match-thread.ts';
import { createCalendar } from '../adapters/calendar/index.ts';
import { openJobs, type JobsRuntime } from '../jobs/runtime.ts';

export interface App {
  readonly config: Config;
  readonly database: DatabaseHandle;
  readonly jobs: JobsRuntime;
  readonly core: BotCore;
  readonly http: HttpServer | undefined;
  readonly metrics: Metrics;
  /** The port the HTTP server listens on, when this process serves HTTP. */
  readonly port: number | undefined;
  stop(): Promise<void>;
}

export const NO_PLATFORM_HINT =
  'No Slack or Teams credentials are set, so no platform can reach the bot yet: set SLACK_BOT_TOKEN and ' +
  'SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN for Socket Mode), or MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD ' +
  '(see the README).';

export async function startApp(config: Config, logger: Logger): Promise<App> {
  const metrics = createMetrics();
  const database = await openDatabase({
    url: config.databaseUrl, dataDir: config.databaseUrl ? undefined : config.dataDir,
    onStaleLock: (holder) => logger.warn({ holder }, `took over the lock of DATA_DIR left by pid ${holder.pid} (started at ${holder.startedAt}), which is no longer running`),
  });
  // Undone in reverse order on stop or on a failed start.
  // The matching thread ends after the requests and jobs that may use it.
  const stops: Array<() => Promise<void>> = [() => database.close(), () => closeMatchThread()];
  const unwind = async () => { for (const stop of stops.splice(0).reverse()) await stop().catch((err: unknown) => logger.error({ err }, 'stop step failed')); };
  try {
    const { applied } = await migrateToLatest(database.db);
    logger.info({ database: database.kind, applied }, applied.length ? 'database migrated' : 'database schema up to date');
    const keyring = await resolveSecretKeyring(config, logger);
    installSecretKeyring(keyring);
    const sealed = await sealClearValues(database.db, keyring);
    if (sealed.installations + sealed.signingKeys > 0) logger.info(sealed, 'secrets left in clear by an older version are now sealed');

    // Request keys read `slack:<cmd|event|action|view>:…` or `teams:<conversation>:<activity>`.
    const stopCounting = onRepeatedRequest((key) => {
      const [platform = 'unknown', kind = 'unknown'] = key.split(':');
      metrics.repeatedRequest(platform, platform === 'slack' ? kind : 'activity');
    });
    stops.push(async () => stopCounting());

    const jobs = await openJobs({
      metrics,
      redisUrl: config.redisUrl, databaseUrl: config.databaseUrl, embedded: database.embedded, db: database.db, logger,
      concurrency: config.jobs.concurrency, prefix: config.jobs.prefix,
      deliveryRates: { slack: config.jobs.deliveryRate.slack, teams: config.jobs.deliveryRate.teams, memory: 1_000 },
    });
    stops.push(() => jobs.close());
    logger.info({ queues: jobs.store.kind }, 'job queues ready');

    const platforms = enabledPlatforms(config);
    // Each adapter is loaded only when its platform is configured: Bolt and botbuilder with their
    // dependencies weigh about 40 and 60 MB of memory.
    const slack = platforms.slack ? (await import('../adapters/slack/index.ts')).createSlackAdapter({ db: database.db, config: config.slack, logger, ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}) }) : undefined;
    const teams = platforms.teams ? (await import('../adapters/teams/index.ts')).createTeams({ db: database.db, config, logger }) : undefined;
    // Said before the server listens, so it is among the first lines an operator sees.
    if (!slack && !teams) logger.warn(NO_PLATFORM_HINT);
    const signer = await liveSigner(database.db, 'action-ref-key', { onError: (err) => logger.warn({ err }, 'signing keys could not be reloaded') });
    stops.push(async () => signer.stop());
    const calendar = createCalendar(config.calendar);
    if (calendar) logger.info({ calendar: calendar.source }, 'find a time reads free/busy from and books in the organisation\'s calendar');
    const core = createBotCore({
      db: database.db, clock: systemClock, scheduler: jobs.scheduler, signer, logger, admins: config.admins,
      sendLeaseMs: config.jobs.sendLeaseMs,
      messenger: routeMessenger(database.db, { slack: slack?.messenger, teams: teams?.messenger }, { logger, metrics }),
      metrics,
      ...(calendar ? { calendar } : {}),
      directory: routeDirectory({ slack: slack?.directory, teams: teams?.directory }),
      ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}),
      programTemplates: config.programTemplates,
    }, allFlows);

    let http: HttpServer | undefined;
    let port: number | undefined;
    if (config.role !== 'worker') {
      const readiness: ReadinessChecks = {
        database: () => database.ping(), queue: () => jobs.store.ping(),
        ...(slack ? { slack: () => slack.ready() } : {}),
        ...(teams ? { teams: () => teams.ready() } : {}),
      };
      http = createHttpServer({ logger, metrics, readiness });
      mountLegalPages(http);
      mountReportPage(http, { db: database.db, clock: systemClock, ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}) });
      if (slack) await slack.mount({ http, core });
      teams?.mount(http, core);
      port = await http.listen(config.port, config.host);
      const server = http;
      // First stop taking requests, then let the acknowledged ones finish.
      stops.push(async () => { await slack?.stop(); await teams?.stop(); });
      stops.push(() => server.close());
      logger.info({ port, host: config.host ?? 'all interfaces', role: config.role, slack: slack?.mode ?? 'off', teams: teams ? 'on' : 'off' }, 'http server listening');
    } else if (slack?.mode === 'socket') {
      logger.warn('MENTOR_ROLE=worker does not receive Slack events; run a web or all process for Socket Mode');
    }
    if (config.role !== 'web') {
      await jobs.startWorkers(core);
      logger.info({ concurrency: config.jobs.concurrency }, 'job workers started');
    }

    let stopped = false;
    return {
      config, database, jobs, core, http, metrics, port,
      async stop() {
        if (stopped) return;
        stopped = true;
        await unwind();
      },
    };
  } catch (err) {
    await unwind();
    throw err;
  }
}
