// Bolt's Logger interface over the product's JSON logger, so Bolt's own messages (signature
// failures, unhandled requests) land in the same log with the same redaction.
import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';

export interface ProductLogger {
  debug?(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export function boltLogger(logger: ProductLogger): BoltLogger {
  let level: LogLevel = LogLevel.INFO;
  const text = (msgs: unknown[]) => msgs.map((m) => (m instanceof Error ? m.message : typeof m === 'string' ? m : JSON.stringify(m))).join(' ');
  return {
    debug: (...msgs) => logger.debug?.({ source: 'bolt' }, text(msgs)),
    info: (...msgs) => logger.info({ source: 'bolt' }, text(msgs)),
    warn: (...msgs) => logger.warn({ source: 'bolt' }, text(msgs)),
    error: (...msgs) => logger.error({ source: 'bolt' }, text(msgs)),
    setLevel: (l) => { level = l; },
    getLevel: () => level,
    setName: () => undefined,
  };
}
