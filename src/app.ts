// Builds one process of the product from a Config: database, HTTP server and (with their
// issues) the platform adapters and job workers. main.ts runs it; tests start it on port 0.
import type { Config } from './config.ts';
import { enabledPlatforms } from './config.ts';
import { openDatabase, type DatabaseHandle } from './db/connect.ts';
import { migrateToLatest } from './db/migrate.ts';
import { createHttpServer, type HttpServer, type ReadinessChecks } from './http/server.ts';
import type { Logger } from './log.ts';
import { createMetrics, type Metrics } from './metrics.ts';
import { createRedisConnection, pingRedis } from '../jobs/redis-connection.ts';

export interface App {
  readonly config: Config;
  readonly database: DatabaseHandle;
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
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.databaseUrl ? undefined : config.dataDir });
  const stops: Array<() => Promise<void>> = [() => database.close()];
  try {
    const { applied } = await migrateToLatest(database.db);
    logger.info({ database: database.kind, applied }, applied.length ? 'database migrated' : 'database schema up to date');

    const readiness: ReadinessChecks = { database: () => database.ping() };
    if (config.redisUrl) {
      const redis = createRedisConnection(config.redisUrl);
      redis.on('error', (err) => logger.warn({ err: err.message }, 'redis connection problem'));
      readiness.queue = () => pingRedis(redis);
      stops.unshift(async () => { redis.disconnect(); });
    } else {
      // Without Redis the queues live in the same database, so its check covers them.
      readiness.queue = () => database.ping();
    }

    let http: HttpServer | undefined;
    let port: number | undefined;
    if (config.role !== 'worker') {
      http = createHttpServer({ logger, metrics, readiness });
      port = await http.listen(config.port);
      stops.unshift(() => http!.close());
      logger.info({ port, role: config.role }, 'http server listening');
    }
    const platforms = enabledPlatforms(config);
    if (!platforms.slack && !platforms.teams) logger.warn(NO_PLATFORM_HINT);

    let stopped = false;
    return {
      config, database, http, metrics, port,
      async stop() {
        if (stopped) return;
        stopped = true;
        for (const stop of stops) await stop();
      },
    };
  } catch (err) {
    for (const stop of stops) await stop().catch(() => undefined);
    throw err;
  }
}
