// Structured JSON logs. Secrets never reach the output: known fields are redacted by path and
// anything shaped like a platform token is masked wherever it appears in a message.
import { pino, type Logger } from 'pino';

export type { Logger };

const SECRET_PATHS = [
  'token', 'botToken', 'appToken', 'password', 'secret', 'clientSecret', 'signingSecret', 'authorization',
  '*.token', '*.botToken', '*.appToken', '*.password', '*.secret', '*.clientSecret', '*.signingSecret',
  'headers.authorization', 'req.headers.authorization', 'req.headers["x-slack-signature"]',
  'headers["x-slack-signature"]', '*.headers.authorization', 'config.slack', 'config.teams', 'config.secretKeys',
];

const TOKEN_SHAPES = /\b(xox[abposr]-[A-Za-z0-9-]+|xapp-[A-Za-z0-9-]+|eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)/g;

export function maskTokens(text: string): string {
  return text.replace(TOKEN_SHAPES, (match) => `${match.slice(0, 5)}…[redacted]`);
}

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({
    level,
    base: { service: 'mentor-bot' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: SECRET_PATHS, censor: '[redacted]' },
    formatters: { level: (label) => ({ level: label }) },
    hooks: {
      logMethod(args, method) {
        method.apply(this, args.map((arg) => (typeof arg === 'string' ? maskTokens(arg) : arg)) as Parameters<typeof method>);
      },
    },
    serializers: {
      err: (err: unknown) => {
        const serialized = pino.stdSerializers.err(err as Error);
        if (serialized?.message) serialized.message = maskTokens(serialized.message);
        if (serialized?.stack) serialized.stack = maskTokens(serialized.stack);
        return serialized;
      },
    },
  }, destination);
}
