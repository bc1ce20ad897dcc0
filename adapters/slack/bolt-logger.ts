// Bolt's Logger interface over the product's JSON logger, so Bolt's own messages (signature
// failures, unhandled requests) land in the same log with the same redaction.
import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';

export interface ProductLogger {
  debug?(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

const text = (msgs: unknown[]) => msgs.map((m) => (m instanceof Error ? m.message : typeof m === 'string' ? m : JSON.stringify(m))).join(' ');

export function boltLogger(logger: ProductLogger): BoltLogger {
  let level: LogLevel = LogLevel.INFO;
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

/**
 * For the bot's own Web API clients. Their messages ("http request failed", a 429) repeat a
 * failure the call also throws, which the adapter handles and logs in its own words (retried,
 * looked up, given up), so they go to debug, in the product's log, rather than to the console.
 */
export function webApiLogger(logger: ProductLogger): BoltLogger {
  const debug = (...msgs: unknown[]) => logger.debug?.({ source: 'slack-web-api' }, text(msgs));
  return { ...boltLogger(logger), debug, info: debug, warn: debug, error: debug };
}
