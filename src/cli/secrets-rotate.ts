// `npm run secrets:rotate [-- --only reseal|signing-keys]`: two rotations, both by default.
//
// - Re-seal: every stored secret (installation tokens, signing keys) is decrypted with whichever
//   configured key sealed it (MENTOR_SECRET_KEY or one in MENTOR_SECRET_KEY_PREVIOUS) and sealed
//   again under MENTOR_SECRET_KEY; values an older version left in clear are sealed too. Run it
//   once every process runs with the new key and the old one as previous; afterwards the previous
//   key can be removed.
// - Signing keys: a new key for action refs (buttons, forms) and for report links takes over two
//   minutes later, once every running process has loaded it; the old keys keep verifying until the
//   last ref they signed has expired, then they are deleted (here or by the daily purge job).
//
// Exit codes: 0 done, 1 failure (nothing half-done: each step is one transaction), 2 bad
// arguments, 78 bad configuration.
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { loadConfig } from '../config.ts';
import { loadEnvFile } from '../env-file.ts';
import { openDatabase } from '../db/connect.ts';
import { migrateToLatest } from '../db/migrate.ts';
import type { Db } from '../db/repositories/db.ts';
import { createLogger } from '../log.ts';
import { resolveSecretKeyring } from '../secrets/key-setup.ts';
import { resealAll, type ResealCount } from '../secrets/reseal.ts';
import { installSecretKeyring, sealedKeyId, type SecretKeyring } from '../secrets/secret-box.ts';
import { dropExpiredSigningKeys, rotateSigningKey, SIGNING_PURPOSES, type RotatedKey } from '../secrets/signing-keys.ts';

export const USAGE = 'usage: npm run secrets:rotate [-- --only reseal|signing-keys]';

export type RotateScope = 'all' | 'reseal' | 'signing-keys';
const onlySchema = z.enum(['reseal', 'signing-keys']).optional();

export function parseRotateArgs(argv: readonly string[]): { scope: RotateScope } | { error: string } {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: { only: { type: 'string' } }, allowPositionals: false, strict: true });
  } catch (err) {
    return { error: (err as Error).message };
  }
  const only = onlySchema.safeParse(parsed.values.only);
  if (!only.success) return { error: `--only must be "reseal" or "signing-keys", not "${String(parsed.values.only)}"` };
  return { scope: only.data ?? 'all' };
}

export interface RotateSummary {
  readonly resealed: ResealCount | undefined;
  readonly rotated: readonly RotatedKey[];
  readonly dropped: number;
  /** Values still sealed under another key than MENTOR_SECRET_KEY (0 after a re-seal). */
  readonly underOtherKeys: number;
}

async function countUnderOtherKeys(db: Db, keyring: SecretKeyring): Promise<number> {
  const keys = await db.selectFrom('signing_keys').select('value').execute();
  const installs = await db.selectFrom('installations').select('data').execute();
  const values = [...keys.map((k) => k.value), ...installs.map((i) => (typeof i.data.sealed === 'string' ? i.data.sealed : ''))];
  return values.filter((v) => sealedKeyId(v) !== keyring.current.id).length;
}

export async function rotateSecrets(db: Db, keyring: SecretKeyring, scope: RotateScope, now: Date): Promise<RotateSummary> {
  const resealed = scope === 'signing-keys' ? undefined : await resealAll(db, keyring);
  const rotated: RotatedKey[] = [];
  if (scope !== 'reseal') for (const purpose of SIGNING_PURPOSES) rotated.push(await rotateSigningKey(db, purpose, now, keyring));
  const dropped = await dropExpiredSigningKeys(db, now);
  return { resealed, rotated, dropped, underOtherKeys: await countUnderOtherKeys(db, keyring) };
}

export function describeSummary(summary: RotateSummary): string[] {
  const lines: string[] = [];
  if (summary.resealed) lines.push(`re-sealed under MENTOR_SECRET_KEY: ${summary.resealed.installations} installation(s), ${summary.resealed.signingKeys} signing key(s)`);
  for (const r of summary.rotated) {
    lines.push(`${r.purpose}: a new key signs from ${r.activeFrom.toISOString()}` +
      (r.previousDropAfter ? `; the previous one verifies until ${r.previousDropAfter.toISOString()}, then is deleted` : ''));
  }
  if (summary.dropped > 0) lines.push(`deleted ${summary.dropped} signing key(s) whose links and buttons have all expired`);
  lines.push(summary.underOtherKeys === 0
    ? 'every secret is sealed under MENTOR_SECRET_KEY: MENTOR_SECRET_KEY_PREVIOUS can be removed'
    : `${summary.underOtherKeys} secret(s) are still sealed under another key: keep MENTOR_SECRET_KEY_PREVIOUS and run without --only signing-keys`);
  return lines;
}

async function main(argv: string[]): Promise<number> {
  const args = parseRotateArgs(argv);
  if ('error' in args) { process.stderr.write(`${args.error}\n${USAGE}\n`); return 2; }
  let config;
  try {
    loadEnvFile();
    config = loadConfig(process.env);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    return 78;
  }
  const logger = createLogger(config.logLevel);
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.databaseUrl ? undefined : config.dataDir });
  try {
    // The same schema the app brings itself to at start.
    await migrateToLatest(database.db);
    const keyring = await resolveSecretKeyring(config, logger);
    installSecretKeyring(keyring);
    const summary = await rotateSecrets(database.db, keyring, args.scope, new Date());
    for (const line of describeSummary(summary)) process.stdout.write(`${line}\n`);
    return 0;
  } catch (err) {
    process.stderr.write(`secrets:rotate failed, nothing was changed by the failing step: ${(err as Error).message}\n`);
    return 1;
  } finally {
    await database.close();
  }
}

if (import.meta.main) process.exitCode = await main(process.argv.slice(2)).catch((err: unknown) => { process.stderr.write(`${(err as Error).stack ?? String(err)}\n`); return 1; });
