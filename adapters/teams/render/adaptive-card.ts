// The slice of the Adaptive Cards 1.5 schema this adapter writes. Kept as plain JSON types so the
// renderer stays a pure function; the adaptivecards library checks the output in the tests.

export type Json = string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json | undefined };
export type AcElement = { readonly type: string; readonly [key: string]: Json | undefined };
export type AcAction = AcElement;

export interface MentionEntity {
  readonly type: 'mention';
  readonly text: string;
  readonly mentioned: { readonly id: string; readonly name: string };
}

export interface AdaptiveCard {
  readonly type: 'AdaptiveCard';
  readonly $schema: string;
  readonly version: '1.5';
  readonly body: readonly AcElement[];
  readonly actions?: readonly AcAction[];
  /** Teams extension: mentions in the card's text and full-width layout. */
  readonly msteams?: { readonly width?: 'Full'; readonly entities?: readonly MentionEntity[] };
  readonly [key: string]: Json | undefined | readonly AcElement[] | object;
}

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

export function adaptiveCard(body: readonly AcElement[], actions: readonly AcAction[], mentions: readonly MentionEntity[]): AdaptiveCard {
  const entities = dedupeMentions(mentions);
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body,
    ...(actions.length > 0 ? { actions } : {}),
    msteams: { width: 'Full', ...(entities.length > 0 ? { entities } : {}) },
  };
}

function dedupeMentions(mentions: readonly MentionEntity[]): MentionEntity[] {
  const seen = new Map<string, MentionEntity>();
  for (const m of mentions) seen.set(`${m.mentioned.id} ${m.text}`, m);
  return [...seen.values()];
}

/** Verbs of the actions this bot puts on cards; `mentor` in the data tells our cards from others. */
export const VERB_CLICK = 'mentor.click';
export const VERB_SUBMIT = 'mentor.submit';
