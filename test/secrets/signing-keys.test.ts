// Rotating the signing keys: buttons signed before a rotation keep working until
// they expire, a rotated key takes over in every process without a restart, and an old key is
// deleted once everything it signed has expired (after which it verifies nothing).
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createActionRefSigner } from '../../src/domain/action-ref.ts';
import { open, secretKeyring } from '../../src/secrets/secret-box.ts';
import {
  ACTIVATION_DELAY_MS, dropExpiredSigningKeys, liveSigner, loadSigner, MAX_LIFETIME_MS, REFRESH_EVERY_MS, rotateSigningKey,
  signingKeyContext, type LiveSigner,
} from '../../src/secrets/signing-keys.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/databases.ts';

const DAY = 86_400_000;
const T0 = new Date('2027-05-03T10:00:00Z');
const person = randomUUID();
const at = (ms: number) => new Date(T0.getTime() + ms);

describe.each(databaseKinds)('signing keys on %s', (kind) => {
  let database: TestDatabase;
  let now: Date;
  const signers: LiveSigner[] = [];
  beforeEach(async () => { database = await createTestDatabase(kind); now = T0; });
  afterEach(async () => { for (const s of signers.splice(0)) s.stop(); await database?.dispose(); });
  const db = () => database.db;
  const live = async () => { const s = await liveSigner(db(), 'action-ref-key', { clock: () => now }); signers.push(s); return s; };
  const button = (signer: { sign: LiveSigner['sign'] }, days: number) => signer.sign({ kind: 'proposal.accept', subjects: [randomUUID()], personId: person, expiresAt: at(days * DAY) });
  const rawKeys = async (purpose: string) => (await db().selectFrom('signing_keys').select(['id', 'value', 'retired_at']).where('purpose', '=', purpose).orderBy('active_from').execute())
    .map((r) => ({ retired: r.retired_at !== null, bytes: open(secretKeyring(), r.value, signingKeyContext(r.id, purpose)) }));

  it('a button signed before a rotation works until it expires; after the old key\'s window it is refused', async () => {
    const web = await live(), worker = await live();
    const before = button(web, 30);
    const [oldKey] = await rawKeys('action-ref-key');

    const rotated = await rotateSigningKey(db(), 'action-ref-key', now);
    expect(rotated.activeFrom).toEqual(at(ACTIVATION_DELAY_MS));
    expect(rotated.previousDropAfter).toEqual(at(ACTIVATION_DELAY_MS + MAX_LIFETIME_MS['action-ref-key']));
    // Every process reloads within REFRESH_EVERY_MS, before the new key signs anything.
    expect(REFRESH_EVERY_MS).toBeLessThan(ACTIVATION_DELAY_MS);
    await worker.refresh();
    const stillOld = button(worker, 30);
    expect(web.verify(stillOld, person, now).ok).toBe(true);

    now = at(ACTIVATION_DELAY_MS);
    await web.refresh();
    const after = button(worker, 30);
    expect(createActionRefSigner({ current: oldKey!.bytes }).verify(after, person, now)).toEqual({ ok: false, reason: 'tampered' });
    for (const signer of [web, worker]) {
      expect(signer.verify(after, person, now).ok).toBe(true);
      expect(signer.verify(before, person, at(29 * DAY)).ok).toBe(true);
    }
    const [, newKey] = await rawKeys('action-ref-key');
    expect(createActionRefSigner({ current: newKey!.bytes }).verify(after, person, now).ok).toBe(true);

    // One second before its window closes the old key is kept; then it is dropped, and a ref it
    // signs (a stolen old key, say) no longer verifies, whatever expiry it claims.
    now = new Date(rotated.previousDropAfter!.getTime() - 1000);
    expect(await dropExpiredSigningKeys(db(), now)).toBe(0);
    const forged = createActionRefSigner({ current: oldKey!.bytes }).sign({ kind: 'proposal.accept', subjects: [], personId: person, expiresAt: at(400 * DAY) });
    await web.refresh();
    expect(web.verify(forged, person, now).ok).toBe(true);
    now = rotated.previousDropAfter!;
    expect(await dropExpiredSigningKeys(db(), now)).toBe(1);
    await web.refresh();
    expect(web.verify(forged, person, now)).toEqual({ ok: false, reason: 'tampered' });
    expect(web.verify(web.sign({ kind: 'proposal.accept', subjects: [], personId: person, expiresAt: new Date(now.getTime() + DAY) }), person, now).ok).toBe(true);
    expect((await rawKeys('action-ref-key')).map((k) => k.retired)).toEqual([false]);
  });

  it('no ref outlives its key\'s window: a longer expiry is cut to the purpose\'s longest lifetime', async () => {
    const signer = await live();
    const ref = button(signer, 365);
    const verified = signer.verify(ref, person, now);
    expect(verified.ok && verified.ref.expiresAt).toEqual(at(MAX_LIFETIME_MS['action-ref-key']));
    expect(signer.verify(ref, person, at(MAX_LIFETIME_MS['action-ref-key']))).toEqual({ ok: false, reason: 'expired' });
  });

  it('concurrent first starts create one key per purpose', async () => {
    const signers = await Promise.all(Array.from({ length: 4 }, () => loadSigner(db(), 'action-ref-key', now)));
    const ref = button(signers[0]!, 1);
    for (const s of signers) expect(s.verify(ref, person, now).ok).toBe(true);
    expect(await rawKeys('action-ref-key')).toHaveLength(1);
  });

  it('a sealed key copied into another row does not open there', async () => {
    await loadSigner(db(), 'action-ref-key', now);
    const first = await db().selectFrom('signing_keys').select('value').where('purpose', '=', 'action-ref-key').executeTakeFirstOrThrow();
    const rotated = await rotateSigningKey(db(), 'action-ref-key', now);
    // The new key's row now holds the old key's sealed value: it must not open there.
    await db().updateTable('signing_keys').set({ value: first.value }).where('active_from', '=', rotated.activeFrom).execute();
    await expect(loadSigner(db(), 'action-ref-key', now)).rejects.toThrow(expect.objectContaining({ code: 'secret_box.tampered' }));
  });
});
