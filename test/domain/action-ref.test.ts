import { describe, expect, it } from 'vitest';
import { createActionRefSigner, MAX_REF_LENGTH } from '../../src/domain/action-ref.ts';

const key = Buffer.alloc(32, 7);
const oldKey = Buffer.alloc(32, 3);
const otherKey = Buffer.alloc(32, 9);
const now = new Date('2026-03-01T10:00:00Z');
const expiresAt = new Date('2026-03-04T10:00:00Z');
const match = '0b4f8c7e-2a5d-4e8b-9c1a-3f6d2e7b8a90';
const alice = '5d1c9e2b-7f3a-4c6d-8e9b-0a1b2c3d4e5f';
const bob = '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b';
const input = { kind: 'proposal.accept', subjects: [match], personId: alice, expiresAt };
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

describe('action refs', () => {
  const signer = createActionRefSigner({ current: key });

  it('round-trips kind, subjects, person, expiry and a nonce', () => {
    const ref = signer.sign(input);
    const result = signer.verify(ref, alice, now);
    expect(result).toEqual({ ok: true, ref: { ...input, nonce: expect.stringMatching(/^[A-Za-z0-9_-]{12}$/) } });
  });

  it('stays compact: well under 200 characters even with four ids', () => {
    expect(signer.sign(input).length).toBeLessThan(120);
    const big = signer.sign({ ...input, kind: 'checkin.submit_answer', subjects: [match, bob, alice, 'round-2027-leadership'] });
    expect(big.length).toBeLessThanOrEqual(MAX_REF_LENGTH);
    expect(signer.verify(big, alice, now).ok).toBe(true);
  });

  it('accepts non-uuid ids', () => {
    const ref = signer.sign({ kind: 'round.publish', subjects: ['42', 'r_7'], personId: 'U123ABC', expiresAt });
    expect(signer.verify(ref, 'U123ABC', now)).toMatchObject({ ok: true, ref: { subjects: ['42', 'r_7'] } });
  });

  it('uses a fresh nonce per ref', () => {
    const a = signer.verify(signer.sign(input), alice, now);
    const b = signer.verify(signer.sign(input), alice, now);
    expect(a.ok && b.ok && a.ref.nonce !== b.ref.nonce).toBe(true);
  });

  it('detects a change to any character', () => {
    const ref = signer.sign(input);
    for (let i = 0; i < ref.length; i++) {
      const replacement = B64[(B64.indexOf(ref[i] as string) + 1 + (i % 60)) % 64] as string;
      const forged = ref.slice(0, i) + replacement + ref.slice(i + 1);
      const result = signer.verify(forged, alice, now);
      expect(result.ok, `position ${i}`).toBe(false);
      if (!result.ok) expect(['tampered', 'malformed']).toContain(result.reason);
    }
  });

  it('detects every flipped bit of the decoded bytes as tampering', () => {
    const bytes = Buffer.from(signer.sign(input), 'base64url');
    for (let i = 0; i < bytes.length; i++) {
      for (let bit = 0; bit < 8; bit++) {
        const forged = Buffer.from(bytes);
        forged[i] = (forged[i] as number) ^ (1 << bit);
        expect(signer.verify(forged.toString('base64url'), alice, now)).toEqual({ ok: false, reason: 'tampered' });
      }
    }
  });

  it('refuses truncated, extended and re-signed refs', () => {
    const ref = signer.sign(input);
    expect(signer.verify(ref.slice(0, -2), alice, now).ok).toBe(false);
    expect(signer.verify(`${ref}AA`, alice, now).ok).toBe(false);
    const foreign = createActionRefSigner({ current: otherKey }).sign(input);
    expect(signer.verify(foreign, alice, now)).toEqual({ ok: false, reason: 'tampered' });
  });

  it('refuses a click by another person', () => {
    expect(signer.verify(signer.sign(input), bob, now)).toEqual({ ok: false, reason: 'wrong_person' });
  });

  it('expires at the expiry instant', () => {
    const ref = signer.sign(input);
    expect(signer.verify(ref, alice, new Date(expiresAt.getTime() - 1000)).ok).toBe(true);
    expect(signer.verify(ref, alice, expiresAt)).toEqual({ ok: false, reason: 'expired' });
  });

  it('calls garbage malformed without throwing', () => {
    for (const junk of [undefined, null, 42, {}, '', '!!!', 'a'.repeat(500), 'AAAA', 'a b']) {
      expect(signer.verify(junk, alice, now)).toEqual({ ok: false, reason: expect.stringMatching(/malformed|tampered/) });
    }
    expect(signer.verify('AAAA', alice, now)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('keeps verifying refs signed with a previous key after rotation', () => {
    const before = createActionRefSigner({ current: oldKey }).sign(input);
    const rotated = createActionRefSigner({ current: key, previous: [oldKey] });
    expect(rotated.verify(before, alice, now).ok).toBe(true);
    expect(createActionRefSigner({ current: key }).verify(before, alice, now)).toEqual({ ok: false, reason: 'tampered' });
    expect(createActionRefSigner({ current: oldKey }).verify(rotated.sign(input), alice, now).ok).toBe(false);
  });

  it('refuses weak secrets and bad input with coded errors', () => {
    expect(() => createActionRefSigner({ current: Buffer.alloc(8) })).toThrow(expect.objectContaining({ code: 'action_ref.weak_secret' }));
    expect(() => signer.sign({ ...input, kind: 'Bad Kind' })).toThrow(expect.objectContaining({ code: 'action_ref.invalid_input' }));
    expect(() => signer.sign({ ...input, personId: '' })).toThrow(expect.objectContaining({ code: 'action_ref.invalid_input' }));
    expect(() => signer.sign({ ...input, subjects: ['x'.repeat(64), 'y'.repeat(64), 'z'.repeat(64)] })).toThrow(expect.objectContaining({ code: 'action_ref.too_long' }));
  });
});
