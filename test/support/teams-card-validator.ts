// Parses a card with the official Adaptive Cards JavaScript library, as a Teams client would,
// and returns every parse or validation event it reports. The library's ES build omits file
// extensions that Node needs, so its UMD bundle is loaded instead.
// Teams' type-ahead search (`choices.data` of type Data.Query on an Input.ChoiceSet, in a 1.5
// card, with only the chosen values as static choices) is a Teams extension the library knows
// only from 1.6: such an input is checked here (a filtered style, a dataset), then handed to the
// library without the extension, so every other rule of 1.5 still applies to it.
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

type Node = Record<string, unknown>;

function withoutTypeahead(node: unknown, problems: string[]): unknown {
  if (Array.isArray(node)) return node.map((n) => withoutTypeahead(n, problems));
  if (!node || typeof node !== 'object') return node;
  const out: Node = {};
  for (const [key, value] of Object.entries(node as Node)) out[key] = withoutTypeahead(value, problems);
  const query = out['choices.data'] as Node | undefined;
  if (out.type === 'Input.ChoiceSet' && query !== undefined) {
    if (query.type !== 'Data.Query' || typeof query.dataset !== 'string' || query.dataset === '') problems.push(`typeahead: ${String(out.id)} has no Data.Query dataset`);
    if (out.style !== 'filtered') problems.push(`typeahead: ${String(out.id)} is not filtered`);
    delete out['choices.data'];
    if (!Array.isArray(out.choices) || out.choices.length === 0) out.choices = [{ title: '(search)', value: 'search' }];
  }
  return out;
}

export function adaptiveCardProblems(card: unknown): string[] {
  const problems: string[] = [];
  card = withoutTypeahead(card, problems);
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  const parsed = new AC.AdaptiveCard();
  parsed.parse(card, context);
  const events: ValidationEventLike[] = [];
  for (let i = 0; i < context.eventCount; i += 1) events.push(context.getEventAt(i));
  events.push(...parsed.validateProperties().validationEvents);
  return [...problems, ...events.map((e) => `${e.event}: ${e.message}`)];
}
