// Values sealed at rest: Slack installation tokens and the app's signing keys are stored encrypted
// with MENTOR_SECRET_KEY (AES-256-GCM), so a database dump or backup holds none of them in clear.
//
// Stored text: `mk1.<key id>.<nonce>.<ciphertext+tag>` (base64url parts). The key id names which
// MENTOR_SECRET_KEY sealed the value, so a key can be rotated: values sealed under a previous key
// still open while `secrets:rotate` re-seals them under the new one. The associated data names
// the value's row (e.g. `installations:<workspace id>`), so a sealed value copied into another
// row does not open there.
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

const PREFIX = 'mk1';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
export const SECRET_KEY_BYTES = 32;

export interface SecretKey {
  /** 16 hex characters derived from the key (never the key itself). */
  readonly id: string;
  readonly bytes: Buffer;
}

/** The key that seals new values, and older ones still accepted to open values. */
export interface SecretKeyring {
  readonly current: SecretKey;
  readonly previous: readonly SecretKey[];
}

export class SecretBoxError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'SecretBoxError';
    this.code = code;
  }
}

export function secretKeyFrom(bytes: Buffer): SecretKey {
  if (bytes.length !== SECRET_KEY_BYTES) throw new SecretBoxError('secret_key.size', `a secret key must be ${SECRET_KEY_BYTES} bytes, not ${bytes.length}`);
  const id = createHmac('sha256', bytes).update('mentor-bot/secret-key-id/v1').digest('hex').slice(0, 16);
  return { id, bytes: Buffer.from(bytes) };
}

/**
 * Reads a key as written in MENTOR_SECRET_KEY: 32 bytes as 64 hex digits or as base64 (44
 * characters, `openssl rand -base64 32`). Returns an error text for anything else.
 */
export function parseSecretKey(text: string): SecretKey | string {
  const value = text.trim();
  let bytes: Buffer | undefined;
  if (/^[0-9a-fA-F]{64}$/.test(value)) bytes = Buffer.from(value, 'hex');
  else if (/^[A-Za-z0-9+/_-]{43}=?$/.test(value)) bytes = Buffer.from(value.replaceAll('-', '+').replaceAll('_', '/'), 'base64');
  if (!bytes || bytes.length !== SECRET_KEY_BYTES) {
    return `must be ${SECRET_KEY_BYTES} random bytes written as 64 hex digits or 44 base64 characters (generate one with: openssl rand -base64 32)`;
  }
  return secretKeyFrom(bytes);
}

export function generateSecretKeyText(): string {
  return randomBytes(SECRET_KEY_BYTES).toString('base64');
}

export function isSealed(stored: string): boolean {
  return stored.startsWith(`${PREFIX}.`);
}

export function seal(keyring: SecretKeyring, plain: Buffer | string, context: string): string {
  const key = keyring.current;
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key.bytes, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(typeof plain === 'string' ? Buffer.from(plain, 'utf8') : plain), cipher.final(), cipher.getAuthTag()]);
  return [PREFIX, key.id, nonce.toString('base64url'), body.toString('base64url')].join('.');
}

/** The key id a stored value was sealed with, or undefined when it is not a sealed value. */
export function sealedKeyId(stored: string): string | undefined {
  const parts = stored.split('.');
  return parts.length === 4 && parts[0] === PREFIX ? parts[1] : undefined;
}

export function open(keyring: SecretKeyring, stored: string, context: string): Buffer {
  const parts = stored.split('.');
  if (parts.length !== 4 || parts[0] !== PREFIX) {
    throw new SecretBoxError('secret_box.not_sealed', `the value of ${context} is not sealed; start the app once (it seals values left in clear) or run npm run secrets:rotate`);
  }
  const [, keyId, nonceText, bodyText] = parts as [string, string, string, string];
  const key = [keyring.current, ...keyring.previous].find((k) => k.id === keyId);
  if (!key) {
    throw new SecretBoxError('secret_box.unknown_key', `the value of ${context} was sealed with a secret key (id ${keyId}) that is neither MENTOR_SECRET_KEY nor in MENTOR_SECRET_KEY_PREVIOUS`);
  }
  const nonce = Buffer.from(nonceText, 'base64url');
  const body = Buffer.from(bodyText, 'base64url');
  if (nonce.length !== NONCE_BYTES || body.length < TAG_BYTES) throw new SecretBoxError('secret_box.malformed', `the sealed value of ${context} is malformed`);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.bytes, nonce, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
    return Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]);
  } catch {
    throw new SecretBoxError('secret_box.tampered', `the sealed value of ${context} does not open: it was altered or belongs to another row`);
  }
}

// One MENTOR_SECRET_KEY per process, like the rest of the configuration: the app (or a CLI)
// installs it once at start, and the repositories that store secrets use it.
let installed: SecretKeyring | undefined;

export function installSecretKeyring(keyring: SecretKeyring): void {
  installed = keyring;
}

export function secretKeyring(): SecretKeyring {
  if (!installed) throw new SecretBoxError('secret_box.no_key', 'no secret key is installed: the app sets one from MENTOR_SECRET_KEY at start');
  return installed;
}
