// The app's signing keys (action references on buttons and forms), shared by every
// process through the database and stored sealed (see secret-box.ts).
//
// Rotation without breaking what was already sent: `secrets:rotate` adds a new key that starts
// signing a little later (ACTIVATION_DELAY_MS, long enough for every running process to have
// loaded it, so none meets a ref signed with a key it does not know), and gives the old key a
// `drop_after` date: the moment its last possible ref expires. Until then it still verifies; after
// it, it is deleted. Every ref signed here expires within its purpose's MAX_LIFETIME_MS (longer
// requests are shortened), which is what makes that date knowable.
import { randomBytes, randomUUID } from 'node:crypto';
import { createActionRefSigner, type ActionRefKeys, type ActionRefSigner } from '../domain/action-ref.ts';
import type { Db } from '../db/repositories/db.ts';
import { open, seal, secretKeyring, type SecretKeyring } from './secret-box.ts';

export type SigningPurpose = 'action-ref-key';
export const SIGNING_PURPOSES: readonly SigningPurpose[] = ['action-ref-key'];

const DAY_MS = 86_400_000;
/**
 * The longest a ref of each purpose stays valid. Buttons: the longest the app asks for is a
 * survey invitation (90 days) and a proposal answered late (30 days + a day of grace).
 */
export const MAX_LIFETIME_MS: Readonly<Record<SigningPurpose, number>> = {
  'action-ref-key': 100 * DAY_MS,
};

/** How often a running process reloads its keys; a new key signs only after twice that. */
export const REFRESH_EVERY_MS = 60_000;
export const ACTIVATION_DELAY_MS = 2 * REFRESH_EVERY_MS;
const KEY_BYTES = 32;

/** Associated data binding a sealed key to its row, so keys cannot be swapped between rows. */
export const signingKeyContext = (id: string, purpose: string): string => `signing_keys:${id}:${purpose}`;

interface LoadedKey { readonly id: string; readonly bytes: Buffer; readonly activeFrom: Date }

/** Creates the purpose's first key unless one is in service. Safe from concurrent starts. */
export async function ensureSigningKey(db: Db, purpose: SigningPurpose, now: Date, keyring: SecretKeyring = secretKeyring()): Promise<void> {
  const existing = await db.selectFrom('signing_keys').select('id').where('purpose', '=', purpose).where('retired_at', 'is', null).executeTakeFirst();
  if (existing) return;
  const id = randomUUID();
  // The partial unique index (one key in service per purpose) makes a concurrent creator lose.
  await db.insertInto('signing_keys')
    .values({ id, purpose, value: seal(keyring, randomBytes(KEY_BYTES), signingKeyContext(id, purpose)), created_at: now, active_from: now })
    .onConflict((oc) => oc.doNothing()).execute();
}

async function loadKeys(db: Db, purpose: SigningPurpose, now: Date, keyring: SecretKeyring): Promise<LoadedKey[]> {
  const rows = await db.selectFrom('signing_keys').select(['id', 'value', 'active_from'])
    .where('purpose', '=', purpose)
    .where((eb) => eb.or([eb('drop_after', 'is', null), eb('drop_after', '>', now)]))
    .orderBy('active_from', 'desc').orderBy('created_at', 'desc').execute();
  return rows.map((r) => ({ id: r.id, bytes: open(keyring, r.value, signingKeyContext(r.id, purpose)), activeFrom: r.active_from }));
}

/** The key that signs at `now` (the newest already active) and every other key still verifying. */
function keysAt(keys: readonly LoadedKey[], now: Date): ActionRefKeys {
  const current = keys.find((k) => k.activeFrom.getTime() <= now.getTime()) ?? keys[keys.length - 1];
  if (!current) throw new Error('signing_keys.none: no signing key loaded');
  return { current: current.bytes, previous: keys.filter((k) => k !== current).map((k) => k.bytes) };
}

function clampedSigner(keys: ActionRefKeys, purpose: SigningPurpose, now: () => Date): ActionRefSigner {
  const inner = createActionRefSigner(keys);
  return {
    sign(input) {
      const latest = now().getTime() + MAX_LIFETIME_MS[purpose];
      return inner.sign(input.expiresAt.getTime() > latest ? { ...input, expiresAt: new Date(latest) } : input);
    },
    verify: (ref, actingPersonId, at) => inner.verify(ref, actingPersonId, at),
  };
}

/** A signer over the purpose's keys as they are now in the database (creating the first one). */
export async function loadSigner(db: Db, purpose: SigningPurpose, now: Date = new Date()): Promise<ActionRefSigner> {
  const keyring = secretKeyring();
  let keys = await loadKeys(db, purpose, now, keyring);
  if (keys.length === 0) {
    await ensureSigningKey(db, purpose, now, keyring);
    keys = await loadKeys(db, purpose, now, keyring);
  }
  return clampedSigner(keysAt(keys, now), purpose, () => now);
}

export interface LiveSigner extends ActionRefSigner {
  /** Reloads the keys now (also done every REFRESH_EVERY_MS). */
  refresh(): Promise<void>;
  stop(): void;
}

/**
 * A signer for a long-running process: it reloads the keys every minute, and picks the signing
 * key at each signature, so a rotated key takes over on time in every process.
 */
export async function liveSigner(db: Db, purpose: SigningPurpose, options: { clock?: () => Date; onError?: (err: unknown) => void } = {}): Promise<LiveSigner> {
  const clock = options.clock ?? (() => new Date());
  const keyring = secretKeyring();
  await ensureSigningKey(db, purpose, clock(), keyring);
  let keys = await loadKeys(db, purpose, clock(), keyring);
  const refresh = async () => { keys = await loadKeys(db, purpose, clock(), keyring); };
  const timer = setInterval(() => { refresh().catch((err: unknown) => options.onError?.(err)); }, REFRESH_EVERY_MS);
  timer.unref();
  const signer = () => clampedSigner(keysAt(keys, clock()), purpose, clock);
  return {
    sign: (input) => signer().sign(input),
    verify: (ref, actingPersonId, at) => signer().verify(ref, actingPersonId, at),
    refresh,
    stop: () => clearInterval(timer),
  };
}

export interface RotatedKey { readonly purpose: SigningPurpose; readonly activeFrom: Date; readonly previousDropAfter: Date | null }

/**
 * Puts a new key in service for `purpose`: it signs from `now + ACTIVATION_DELAY_MS`; the key it
 * replaces verifies until its last ref has expired, then is dropped.
 */
export async function rotateSigningKey(db: Db, purpose: SigningPurpose, now: Date, keyring: SecretKeyring = secretKeyring()): Promise<RotatedKey> {
  return db.transaction().execute(async (trx) => {
    const activeFrom = new Date(now.getTime() + ACTIVATION_DELAY_MS);
    const dropAfter = new Date(activeFrom.getTime() + MAX_LIFETIME_MS[purpose]);
    const retired = await trx.updateTable('signing_keys').set({ retired_at: activeFrom, drop_after: dropAfter })
      .where('purpose', '=', purpose).where('retired_at', 'is', null).executeTakeFirst();
    const id = randomUUID();
    await trx.insertInto('signing_keys')
      .values({ id, purpose, value: seal(keyring, randomBytes(KEY_BYTES), signingKeyContext(id, purpose)), created_at: now, active_from: activeFrom })
      .execute();
    return { purpose, activeFrom, previousDropAfter: retired.numUpdatedRows > 0n ? dropAfter : null };
  });
}

/** Deletes keys whose every ref has expired; returns how many. */
export async function dropExpiredSigningKeys(db: Db, now: Date): Promise<number> {
  const result = await db.deleteFrom('signing_keys').where('drop_after', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}
