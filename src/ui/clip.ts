// The one way text is shortened for display, on every platform: cut between graphemes (what a
// reader sees as one character: an emoji with its modifiers and joiners, a flag, a letter with
// its combining marks), never inside one, and marked with an ellipsis so the reader knows.
// Lengths are counted in UTF-16 code units, the stricter of the ways platforms count (Slack
// counts characters or code units depending on the field; a code point never takes fewer units).

export const ELLIPSIS = '…';

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** The graphemes of a text, in order. */
export function graphemesOf(text: string): string[] {
  return Array.from(graphemes.segment(text), (s) => s.segment);
}

/**
 * `text` if it fits in `max` code units, else as many whole graphemes as fit with an ellipsis
 * after them. `encode` (an escaping, say) is applied grapheme by grapheme and counted, so an
 * escape is never cut either.
 */
export function clip(text: string, max: number, encode: (part: string) => string = (part) => part): string {
  const whole = encode(text);
  if (whole.length <= max) return whole;
  if (max < ELLIPSIS.length) return '';
  let out = '';
  for (const grapheme of graphemesOf(text)) {
    const next = encode(grapheme);
    if (out.length + next.length > max - ELLIPSIS.length) break;
    out += next;
  }
  return `${out.trimEnd()}${ELLIPSIS}`;
}
