// Where a process's MENTOR_SECRET_KEY comes from.
//
// Set: from the environment (required with DATABASE_URL or Slack OAuth; config.ts says so).
// Unset, on the embedded database: the quickstart must run with no configuration, so the app
// generates a key once and keeps it in a file next to the database folder (`<DATA_DIR>.secret-key`,
// mode 0600). Next to, not inside: the database folder is what gets copied or dumped, and a key
// inside it would travel with the values it seals.
import { constants } from 'node:fs';
import { open as openFile, readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve, basename } from 'node:path';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import { generateSecretKeyText, parseSecretKey, type SecretKey, type SecretKeyring } from './secret-box.ts';

export class SecretKeyFileError extends Error {
  readonly code = 'secret_key.file';
}

export function secretKeyFilePath(dataDir: string): string {
  const dir = resolve(dataDir);
  return join(dirname(dir), `${basename(dir)}.secret-key`);
}

function parsed(text: string, origin: string): SecretKey {
  const key = parseSecretKey(text);
  if (typeof key === 'string') throw new SecretKeyFileError(`${origin}: ${key}`);
  return key;
}

export function keyringFromTexts(current: string, previous: readonly string[]): SecretKeyring {
  return { current: parsed(current, 'MENTOR_SECRET_KEY'), previous: previous.map((p) => parsed(p, 'MENTOR_SECRET_KEY_PREVIOUS')) };
}

async function readOrCreateKeyFile(path: string, logger: Logger): Promise<string> {
  try {
    const handle = await openFile(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
    const text = generateSecretKeyText();
    try {
      await handle.writeFile(`${text}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    logger.warn({ file: path }, 'generated a secret key for the embedded database; keep this file with your backups, or set MENTOR_SECRET_KEY');
    return text;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const info = await stat(path);
  if ((info.mode & 0o077) !== 0) {
    throw new SecretKeyFileError(`${path}: readable by other users (mode ${(info.mode & 0o777).toString(8)}); run chmod 600 on it`);
  }
  return readFile(path, 'utf8');
}

export async function resolveSecretKeyring(config: Pick<Config, 'secretKeys' | 'dataDir' | 'databaseUrl'>, logger: Logger): Promise<SecretKeyring> {
  if (config.secretKeys) return keyringFromTexts(config.secretKeys.current, config.secretKeys.previous);
  if (config.databaseUrl) throw new SecretKeyFileError('MENTOR_SECRET_KEY: required with DATABASE_URL');
  const path = secretKeyFilePath(config.dataDir);
  return { current: parsed(await readOrCreateKeyFile(path, logger), path), previous: [] };
}
