// Signed action references. Every button and form carries one, and a click is trusted only
// through it: the ref names what the click acts on (kind + subject ids) and the only person
// allowed to use it, so a forged or forwarded payload can never touch another pair, check-in
// or round.
//
// Layout (bytes, then base64url; ~110 characters with uuid ids, always < 200 for Slack):
//   version(1) | kindLen(1) kind | subjectCount(1) id* | personId | expiresAt u32 s | nonce(9) | mac(16)
//   id = 0x01 + 16-byte uuid  |  0x02 + len(1) + utf-8 (max 64 bytes)
// The MAC (HMAC-SHA256 truncated to 128 bits, key derived from the caller's secret) covers
// everything before it and is checked before anything is parsed, so a modified byte always
// reads as "tampered", never as some other valid ref.
import { createHmac, randomBytes as cryptoRandomBytes, timingSafeEqual } from 'node:crypto';

const VERSION = 1;
const MAC_BYTES = 16;
const NONCE_BYTES = 9;
const MAX_ID_BYTES = 64;
const MAX_SUBJECTS = 4;
export const MAX_REF_LENGTH = 200;
const KIND = /^[a-z][a-z0-9_.-]{0,39}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

export interface ActionRefInput {
  /** What the click does, e.g. "proposal.accept", "checkin.submit". */
  readonly kind: string;
  /** Ids of what it acts on (match id, check-in id, round id…), at most 4. */
  readonly subjects: readonly string[];
  /** The only person allowed to use it. */
  readonly personId: string;
  readonly expiresAt: Date;
}

export interface ActionRef extends ActionRefInput {
  /** Random, base64url. Store consumed nonces to make one-shot actions replay-proof. */
  readonly nonce: string;
}

export type VerifyFailure = 'tampered' | 'expired' | 'wrong_person' | 'malformed';
export type VerifyResult = { readonly ok: true; readonly ref: ActionRef } | { readonly ok: false; readonly reason: VerifyFailure };

export interface ActionRefKeys {
  /** Signs new refs and verifies. At least 32 bytes. */
  readonly current: Buffer;
  /** Still accepted for verification, so a key rotation does not break buttons already sent. */
  readonly previous?: readonly Buffer[];
}

export interface ActionRefSigner {
  sign(input: ActionRefInput): string;
  verify(ref: unknown, actingPersonId: string, now: Date): VerifyResult;
}

export class ActionRefError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'ActionRefError';
    this.code = code;
  }
}

function deriveKey(secret: Buffer): Buffer {
  if (secret.length < 32) throw new ActionRefError('action_ref.weak_secret', 'The action-ref secret must be at least 32 bytes.');
  // Domain separation: the same deployment secret may serve other purposes.
  return createHmac('sha256', secret).update('mentor-bot/action-ref/v1').digest();
}

function mac(key: Buffer, body: Buffer): Buffer {
  return createHmac('sha256', key).update(body).digest().subarray(0, MAC_BYTES);
}

function encodeId(id: string, what: string): Buffer {
  if (UUID.test(id)) return Buffer.concat([Buffer.of(1), Buffer.from(id.replaceAll('-', ''), 'hex')]);
  const bytes = Buffer.from(id, 'utf8');
  if (bytes.length === 0 || bytes.length > MAX_ID_BYTES) {
    throw new ActionRefError('action_ref.invalid_input', `${what} must be 1–${MAX_ID_BYTES} bytes.`);
  }
  return Buffer.concat([Buffer.of(2, bytes.length), bytes]);
}

class Reader {
  private offset = 0;
  private readonly buf: Buffer;
  constructor(buf: Buffer) { this.buf = buf; }
  take(n: number): Buffer {
    if (this.offset + n > this.buf.length) throw new RangeError('short');
    const out = this.buf.subarray(this.offset, this.offset + n);
    this.offset += n;
    return out;
  }
  byte(): number { return this.take(1)[0] as number; }
  id(): string {
    const tag = this.byte();
    if (tag === 1) {
      const h = this.take(16).toString('hex');
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
    }
    if (tag === 2) return this.take(this.byte()).toString('utf8');
    throw new RangeError('tag');
  }
  done(): boolean { return this.offset === this.buf.length; }
}

function parseBody(body: Buffer): ActionRef | undefined {
  try {
    const r = new Reader(body);
    if (r.byte() !== VERSION) return undefined;
    const kind = r.take(r.byte()).toString('ascii');
    const count = r.byte();
    if (!KIND.test(kind) || count > MAX_SUBJECTS) return undefined;
    const subjects = Array.from({ length: count }, () => r.id());
    const personId = r.id();
    const expiresAt = new Date(r.take(4).readUInt32BE(0) * 1000);
    const nonce = r.take(NONCE_BYTES).toString('base64url');
    return r.done() ? { kind, subjects, personId, expiresAt, nonce } : undefined;
  } catch {
    return undefined;
  }
}

export function createActionRefSigner(
  keys: ActionRefKeys,
  randomBytes: (size: number) => Buffer = cryptoRandomBytes,
): ActionRefSigner {
  const signingKey = deriveKey(keys.current);
  const verifyKeys = [signingKey, ...(keys.previous ?? []).map(deriveKey)];

  return {
    sign(input) {
      if (!KIND.test(input.kind)) throw new ActionRefError('action_ref.invalid_input', `Invalid action kind "${input.kind}".`);
      if (input.subjects.length > MAX_SUBJECTS) throw new ActionRefError('action_ref.invalid_input', `At most ${MAX_SUBJECTS} subjects.`);
      const seconds = Math.floor(input.expiresAt.getTime() / 1000);
      if (!Number.isInteger(seconds) || seconds <= 0 || seconds > 0xffffffff) {
        throw new ActionRefError('action_ref.invalid_input', 'expiresAt is out of range.');
      }
      const expiry = Buffer.alloc(4);
      expiry.writeUInt32BE(seconds, 0);
      const body = Buffer.concat([
        Buffer.of(VERSION, input.kind.length), Buffer.from(input.kind, 'ascii'),
        Buffer.of(input.subjects.length), ...input.subjects.map((s) => encodeId(s, 'A subject id')),
        encodeId(input.personId, 'The person id'),
        expiry,
        randomBytes(NONCE_BYTES),
      ]);
      const ref = Buffer.concat([body, mac(signingKey, body)]).toString('base64url');
      if (ref.length > MAX_REF_LENGTH) throw new ActionRefError('action_ref.too_long', `Action ref is ${ref.length} characters; keep ids shorter.`);
      return ref;
    },

    verify(ref, actingPersonId, now) {
      if (typeof ref !== 'string' || ref.length > MAX_REF_LENGTH || !BASE64URL.test(ref)) return { ok: false, reason: 'malformed' };
      const bytes = Buffer.from(ref, 'base64url');
      // Base64 has spare bits in its last character; refuse non-canonical spellings so that
      // one ref has exactly one accepted text (consumed-nonce bookkeeping relies on it).
      if (bytes.length <= MAC_BYTES || bytes.toString('base64url') !== ref) return { ok: false, reason: 'malformed' };
      const body = bytes.subarray(0, bytes.length - MAC_BYTES);
      const given = bytes.subarray(bytes.length - MAC_BYTES);
      let authentic = false;
      for (const key of verifyKeys) authentic = timingSafeEqual(mac(key, body), given) || authentic;
      if (!authentic) return { ok: false, reason: 'tampered' };
      const parsed = parseBody(body);
      if (!parsed) return { ok: false, reason: 'malformed' };
      if (parsed.personId !== actingPersonId) return { ok: false, reason: 'wrong_person' };
      if (now.getTime() >= parsed.expiresAt.getTime()) return { ok: false, reason: 'expired' };
      return { ok: true, ref: parsed };
    },
  };
}
