import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clip, ELLIPSIS, graphemesOf } from '../../src/ui/clip.ts';

const FAMILY = '👨‍👩‍👧‍👦'; // four people joined by ZWJ: 11 code units, one grapheme
const FLAG = '🇫🇷'; // two regional indicators: 4 code units, one grapheme
const THUMB = '👍🏽'; // emoji + skin tone modifier
const E_ACUTE = 'e\u0301'; // e + combining acute accent
const isWellFormed = (s: string): boolean => !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);

describe('clip', () => {
  it('leaves text that fits untouched, without an ellipsis', () => {
    expect(clip('Leadership', 10)).toBe('Leadership');
    expect(clip(FAMILY, 11)).toBe(FAMILY);
  });

  it('cuts between graphemes and says so with an ellipsis', () => {
    expect(clip('Leadership 2027', 8)).toBe('Leaders…');
    // Each emoji sequence is kept whole or dropped whole, never split into invalid Unicode.
    expect(clip(`ab${FAMILY}cd`, 12)).toBe('ab…');
    expect(clip(`ab${FAMILY}cd`, 14)).toBe(`ab${FAMILY}…`);
    expect(clip(`${FLAG}${FLAG}${FLAG}`, 9)).toBe(`${FLAG}${FLAG}…`);
    expect(clip(`${THUMB}${THUMB}`, 5)).toBe(`${THUMB}…`);
    expect(clip(`caf${E_ACUTE}${E_ACUTE}${E_ACUTE}`, 6)).toBe(`caf${E_ACUTE}…`);
    expect(clip(`caf${E_ACUTE}${E_ACUTE}`, 5)).toBe('caf…');
  });

  it('trims the space before the ellipsis and returns nothing when not even the ellipsis fits', () => {
    expect(clip('Public speaking', 8)).toBe('Public…');
    expect(clip('abc', 0)).toBe('');
  });

  it('counts and never cuts an escape applied grapheme by grapheme', () => {
    const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
    expect(clip('a&b<c', 7, escape)).toBe('a&amp;…');
    expect(clip('a&b', 20, escape)).toBe('a&amp;b');
  });

  it('always fits, keeps a prefix of whole graphemes and stays well-formed Unicode', () => {
    const pieces = fc.constantFrom('a', ' ', 'é', E_ACUTE, FAMILY, FLAG, THUMB, '漢', '\u{1F600}', '\n');
    fc.assert(fc.property(fc.array(pieces, { maxLength: 40 }), fc.integer({ min: 1, max: 60 }), (parts, max) => {
      const text = parts.join('');
      const out = clip(text, max);
      expect(out.length).toBeLessThanOrEqual(max);
      expect(isWellFormed(out)).toBe(true);
      if (out === text) return;
      expect(out.endsWith(ELLIPSIS)).toBe(true);
      const kept = graphemesOf(out.slice(0, -ELLIPSIS.length));
      expect(graphemesOf(text).slice(0, kept.length).join('').trimEnd()).toBe(kept.join(''));
    }), { numRuns: 500 });
  });
});
