import { randomBytes } from 'node:crypto';
import type { Db } from './db.ts';

/**
 * A process-wide secret generated on first use and kept in the database, so every web and worker
 * process shares it (e.g. the key that signs action references and report links).
 */
export async function getOrCreateSecret(db: Db, name: string, bytes = 32): Promise<Buffer> {
  await db.insertInto('app_secrets').values({ name, value: randomBytes(bytes).toString('base64') })
    .onConflict((oc) => oc.column('name').doNothing()).execute();
  const row = await db.selectFrom('app_secrets').select('value').where('name', '=', name).executeTakeFirstOrThrow();
  return Buffer.from(row.value, 'base64');
}
