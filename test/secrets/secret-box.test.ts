// Sealing: AES-256-GCM under MENTOR_SECRET_KEY, a fresh nonce per value, the key id in the value
// (so a previous key still opens what it sealed) and the row in the associated data.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { open, parseSecretKey, seal, sealedKeyId, secretKeyFrom, type SecretKey } from '../../src/secrets/secret-box.ts';

const keyA = secretKeyFrom(randomBytes(32));
const keyB = secretKeyFrom(randomBytes(32));

describe('sealed values', () => {
  it('open to what was sealed, and never look alike twice', () => {
    const ring = { current: keyA, previous: [] };
    const one = seal(ring, 'xoxb-secret-token', 'installations:w1');
    const two = seal(ring, 'xoxb-secret-token', 'installations:w1');
    expect(one).not.toBe(two);
    expect(one).toMatch(/^mk1\.[0-9a-f]{16}\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
    expect(one).not.toContain('xoxb');
    expect(sealedKeyId(one)).toBe(keyA.id);
    expect(open(ring, one, 'installations:w1').toString()).toBe('xoxb-secret-token');
    expect(open(ring, two, 'installations:w1').toString()).toBe('xoxb-secret-token');
  });

  it('do not open in another row (no swapping values between rows)', () => {
    const ring = { current: keyA, previous: [] };
    const sealed = seal(ring, 'xoxb-one', 'installations:w1');
    expect(() => open(ring, sealed, 'installations:w2')).toThrow(expect.objectContaining({ code: 'secret_box.tampered' }));
  });

  it('refuse any altered byte', () => {
    const ring = { current: keyA, previous: [] };
    const sealed = seal(ring, 'xoxb-one', 'ctx');
    const parts = sealed.split('.');
    const body = Buffer.from(parts[3]!, 'base64url');
    for (const i of [0, body.length - 1]) {
      const altered = Buffer.from(body);
      altered[i] = altered[i]! ^ 1;
      expect(() => open(ring, [...parts.slice(0, 3), altered.toString('base64url')].join('.'), 'ctx')).toThrow(expect.objectContaining({ code: 'secret_box.tampered' }));
    }
    expect(() => open(ring, `${parts.slice(0, 3).join('.')}.AA`, 'ctx')).toThrow(expect.objectContaining({ code: 'secret_box.malformed' }));
  });

  it('open under a previous key while it is listed, and say which key is missing when it is not', () => {
    const sealedByA = seal({ current: keyA, previous: [] }, 'xoxb-one', 'ctx');
    expect(open({ current: keyB, previous: [keyA] }, sealedByA, 'ctx').toString()).toBe('xoxb-one');
    expect(() => open({ current: keyB, previous: [] }, sealedByA, 'ctx'))
      .toThrow(new RegExp(`sealed with a secret key \\(id ${keyA.id}\\) that is neither MENTOR_SECRET_KEY nor in MENTOR_SECRET_KEY_PREVIOUS`));
  });

  it('refuse a value left in clear, naming what to do', () => {
    expect(() => open({ current: keyA, previous: [] }, 'c2VjcmV0', 'signing_keys:x'))
      .toThrow(expect.objectContaining({ code: 'secret_box.not_sealed', message: expect.stringContaining('secrets:rotate') }));
  });
});

describe('MENTOR_SECRET_KEY text', () => {
  it('is 32 bytes as hex or base64 (standard or URL-safe); the id depends on the key only', () => {
    const bytes = randomBytes(32);
    const forms = [bytes.toString('hex'), bytes.toString('hex').toUpperCase(), bytes.toString('base64'), bytes.toString('base64url'), ` ${bytes.toString('base64')}\n`];
    const ids = forms.map((f) => (parseSecretKey(f) as SecretKey).id);
    expect(new Set(ids)).toEqual(new Set([secretKeyFrom(bytes).id]));
    for (const bad of ['', 'x', bytes.subarray(0, 31).toString('base64'), bytes.subarray(0, 31).toString('hex'), Buffer.concat([bytes, bytes]).toString('base64')]) {
      expect(parseSecretKey(bad)).toMatch(/^must be 32 random bytes/);
    }
  });
});
