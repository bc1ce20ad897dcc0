// What the process does with an error nothing else caught, decided once for web and worker roles:
// - an unhandled promise rejection is a promise someone forgot to await; the process state is
//   intact, so it is logged with its context and the process keeps serving (Node would exit);
// - an uncaught exception may have left the process half-updated; it is logged, the process
//   stops taking work and closes what it holds (bounded in time), then exits with code 1 so the
//   supervisor (systemd, Kubernetes, Docker's restart policy) starts a fresh one.
import type { Logger } from './log.ts';

export interface ProcessGuardOptions {
  readonly logger: Pick<Logger, 'error' | 'fatal'>;
  /** Stops taking requests and jobs and closes connections; awaited at most `closeTimeoutMs`. */
  readonly close: () => Promise<void>;
  readonly closeTimeoutMs?: number;
  readonly exit?: (code: number) => void;
}

export const FATAL_EXIT_CODE = 1;
const DEFAULT_CLOSE_TIMEOUT_MS = 10_000;

const describe = (reason: unknown): Record<string, unknown> =>
  reason instanceof Error ? { err: reason } : { reason: typeof reason === 'string' ? reason : safeJson(reason) };

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Installs the handlers; returns a function that removes them. */
export function installProcessGuard(options: ProcessGuardOptions): () => void {
  const { logger } = options;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const closeTimeoutMs = options.closeTimeoutMs ?? DEFAULT_CLOSE_TIMEOUT_MS;
  let closing = false;

  const onRejection = (reason: unknown) => {
    logger.error({ ...describe(reason), event: 'unhandledRejection' }, 'unhandled promise rejection: logged, the process keeps serving');
  };

  const onException = (err: unknown, origin: string) => {
    logger.fatal({ ...describe(err), event: 'uncaughtException', origin }, 'uncaught exception: closing, then exiting with code 1 for a restart');
    if (closing) { exit(FATAL_EXIT_CODE); return; }
    closing = true;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => { timer = setTimeout(() => {
      logger.error({ closeTimeoutMs }, 'closing after an uncaught exception took too long: exiting now');
      resolve();
    }, closeTimeoutMs); });
    void Promise.race([options.close().catch((closeErr: unknown) => { logger.error({ ...describe(closeErr) }, 'closing after an uncaught exception failed'); }), deadline])
      .finally(() => { clearTimeout(timer); exit(FATAL_EXIT_CODE); });
  };

  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return () => {
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
  };
}
