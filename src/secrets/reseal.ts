// Bringing every stored secret under the current MENTOR_SECRET_KEY.
//
// - At start-up, `sealClearValues` seals what an older version left in clear (installation data,
//   signing keys copied over by the 2026-12-06T16-00 migration, which could not encrypt: the key
//   is not in the database). It leaves values sealed under another key alone: processes still
//   running with the old key must keep reading them until `secrets:rotate` is run.
// - `resealAll` (run by `secrets:rotate`, once every process has the new key) also re-seals the
//   values sealed under a previous key, so that key can then be forgotten.
import type { Db } from '../db/repositories/db.ts';
import { json } from '../db/repositories/db.ts';
import { openInstallationData, sealInstallationData } from '../db/repositories/installation.repository.ts';
import { isSealed, open, seal, sealedKeyId, type SecretKeyring } from './secret-box.ts';
import { signingKeyContext } from './signing-keys.ts';

export interface ResealCount { readonly installations: number; readonly signingKeys: number }

type Mode = 'clear-only' | 'all';

async function reseal(db: Db, keyring: SecretKeyring, mode: Mode): Promise<ResealCount> {
  const stale = (stored: string) => !isSealed(stored) || (mode === 'all' && sealedKeyId(stored) !== keyring.current.id);
  let installations = 0, signingKeys = 0;
  await db.transaction().execute(async (trx) => {
    const keys = await trx.selectFrom('signing_keys').select(['id', 'purpose', 'value']).forNoKeyUpdate().execute();
    for (const key of keys) {
      if (!stale(key.value)) continue;
      const context = signingKeyContext(key.id, key.purpose);
      // Values left in clear by older versions are the key's bytes in base64.
      const bytes = isSealed(key.value) ? open(keyring, key.value, context) : Buffer.from(key.value, 'base64');
      await trx.updateTable('signing_keys').set({ value: seal(keyring, bytes, context) }).where('id', '=', key.id).execute();
      signingKeys += 1;
    }
    const rows = await trx.selectFrom('installations').select(['id', 'workspace_id', 'data']).forNoKeyUpdate().execute();
    for (const row of rows) {
      const sealed = typeof row.data.sealed === 'string' ? row.data.sealed : undefined;
      if (sealed !== undefined && !stale(sealed)) continue;
      const data = sealed === undefined ? row.data : openInstallationData(keyring, row.workspace_id, row.data);
      await trx.updateTable('installations').set({ data: json(sealInstallationData(keyring, row.workspace_id, data)) }).where('id', '=', row.id).execute();
      installations += 1;
    }
  });
  return { installations, signingKeys };
}

export const sealClearValues = (db: Db, keyring: SecretKeyring): Promise<ResealCount> => reseal(db, keyring, 'clear-only');
export const resealAll = (db: Db, keyring: SecretKeyring): Promise<ResealCount> => reseal(db, keyring, 'all');
