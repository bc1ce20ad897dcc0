// Splits command text into words, keeping what the user typed (for program names) next to a
// folded form (lower case, no accents, straight apostrophes) used to recognise keywords.
import type { CommandInput } from './command.ts';

export interface Token {
  readonly raw: string;
  readonly folded: string;
  /** Set when the token is a normalised mention `@{platformUserId}`. */
  readonly mention?: string;
}

export function fold(word: string): string {
  return word.normalize('NFD').replace(/\p{M}/gu, '').replace(/[\u2018\u2019\u02bc`]/g, "'").toLowerCase();
}

const MENTION_TOKEN = /^@\{([^{}\s]+)\}$/;

/** Replaces each platform mention's text (in order) by its normalised token. */
function normaliseMentions(input: CommandInput): string {
  let text = input.text;
  let from = 0;
  for (const m of input.mentions ?? []) {
    if (!m.text || !m.platformUserId || /[{}\s]/.test(m.platformUserId)) continue;
    const at = text.indexOf(m.text, from);
    if (at < 0) continue;
    const token = ` @{${m.platformUserId}} `;
    text = text.slice(0, at) + token + text.slice(at + m.text.length);
    from = at + token.length;
  }
  return text;
}

export function tokenize(input: CommandInput): Token[] {
  const text = typeof input.text === 'string' ? normaliseMentions(input) : '';
  return text
    .replace(/[\u00a0\u202f]/g, ' ')
    .split(/\s+/)
    .filter((w) => w.length > 0)
    .map((raw) => {
      const mention = MENTION_TOKEN.exec(raw)?.[1];
      return mention ? { raw, folded: fold(raw), mention } : { raw, folded: fold(raw) };
    });
}
