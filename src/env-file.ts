// `.env` in the working directory, read at start by `npm start` and the npm commands when present.
// A variable already in the environment wins over the file (even when set to an empty value), so a
// process manager or a shell can always override what the file says. Values are never logged.
import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';

export interface EnvFileResult {
  readonly file: string;
  /** Variables taken from the file. */
  readonly applied: readonly string[];
  /** Variables of the file left alone because the environment already had them. */
  readonly overridden: readonly string[];
}

/** Reads `file` into `env` for the variables `env` does not have; `undefined` when there is no such file. */
export function loadEnvFile(file = '.env', env: Record<string, string | undefined> = process.env): EnvFileResult | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`${file} could not be read: ${(err as Error).message}`, { cause: err });
  }
  const applied: string[] = [], overridden: string[] = [];
  for (const [name, value] of Object.entries(parseEnv(text))) {
    if (env[name] !== undefined) overridden.push(name);
    else { env[name] = value; applied.push(name); }
  }
  return { file, applied, overridden };
}
