// A slash command's text → the core's CommandInput. With "escape channels, users and links" on
// (manifest.yml), Slack writes a mention as <@U123|name>; each one is handed over with the exact
// text it occupies so the core's parser can replace it by a token.
import type { CommandInput } from '../../src/domain/commands/command.ts';

const MENTION = /<@([UW][A-Z0-9_]+)(?:\|[^>]*)?>/g;
const MAX_TEXT = 2000;

export function commandInput(text: unknown): CommandInput {
  const raw = typeof text === 'string' ? text.slice(0, MAX_TEXT) : '';
  const mentions = [...raw.matchAll(MENTION)].map((m) => ({ platformUserId: m[1] as string, text: m[0] }));
  return { text: raw, mentions };
}
