// Entry point of `npm start`: one process whose role (web, worker or all) comes from MENTOR_ROLE.
import { startApp, type App } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { DataDirLockedError } from './db/data-dir-lock.ts';
import { loadEnvFile } from './env-file.ts';
import { createLogger } from './log.ts';
import { installProcessGuard } from './process-guard.ts';

async function main(): Promise<void> {
  let config;
  let envFile;
  try {
    envFile = loadEnvFile();
    config = loadConfig();
  } catch (err) {
    process.stderr.write(`${err instanceof ConfigError ? err.message : String((err as Error).message ?? err)}\n`);
    process.exit(78); // EX_CONFIG
  }
  const logger = createLogger(config.logLevel);
  if (envFile) logger.info({ file: envFile.file, applied: envFile.applied.length, overriddenByEnvironment: envFile.overridden.length }, 'read .env');
  let app: App | undefined;
  // Installed before anything starts, so a failure during start-up is reported the same way.
  installProcessGuard({ logger, close: async () => { await app?.stop(); } });
  // Signals are heard from the start: one that arrives while the process is still starting (the
  // workers catching up on a backlog) stops it cleanly once started, instead of killing it mid-way.
  const started = startApp(config, logger).then((a) => { app = a; return a; }, (err: unknown) => {
    // Another process on DATA_DIR is an operator's situation, not a bug: its message, no stack.
    if (err instanceof DataDirLockedError) logger.fatal({ event: 'data_dir_locked', holder: err.holder, lockFile: err.lockFile }, err.message);
    else logger.fatal({ err }, 'could not start');
    process.exit(1);
  });

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(130);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down');
    started.then((a) => a.stop()).then(
      () => { logger.info('stopped'); process.exit(0); },
      (err: unknown) => { logger.error({ err }, 'shutdown failed'); process.exit(1); },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  await started;
}

await main();
