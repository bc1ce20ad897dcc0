// Parses a card with the official Adaptive Cards JavaScript library, as a Teams client would,
// and returns every parse or validation event it reports. The library's ES build omits file
// extensions that Node needs, so its UMD bundle is loaded instead.
import { createRequire } from 'node:module';

interface ValidationEventLike { readonly event: number; readonly message: string }
interface AdaptiveCardsModule {
  AdaptiveCard: new () => {
    parse(json: unknown, context: unknown): void;
    validateProperties(): { validationEvents: ValidationEventLike[] };
  };
  SerializationContext: new (version?: unknown) => { eventCount: number; getEventAt(i: number): ValidationEventLike };
  Versions: { v1_5: unknown };
}

const AC = createRequire(import.meta.url)('adaptivecards/dist/adaptivecards.js') as AdaptiveCardsModule;

export function adaptiveCardProblems(card: unknown): string[] {
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  const parsed = new AC.AdaptiveCard();
  parsed.parse(card, context);
  const events: ValidationEventLike[] = [];
  for (let i = 0; i < context.eventCount; i += 1) events.push(context.getEventAt(i));
  events.push(...parsed.validateProperties().validationEvents);
  return events.map((e) => `${e.event}: ${e.message}`);
}
