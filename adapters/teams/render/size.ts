// Teams refuses a bot message (or an invoke answer) whose payload is over about 28 KB. Every
// card this adapter writes is measured as the activity that carries it, in UTF-8 bytes of its
// JSON, and must stay under a safety budget below that limit: the form renderer turns long option
// lists into type-ahead searches, then splits a step into parts, until each card fits.

/** Teams' documented limit for one message, in bytes. */
export const TEAMS_MESSAGE_LIMIT_BYTES = 28 * 1024;
/** What a card may take: the limit less room for what the connector adds (ids, addresses, timestamps). */
export const CARD_BUDGET_BYTES = 26 * 1024;

/** UTF-8 size of a value's JSON, as it goes over the wire. */
export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
}
