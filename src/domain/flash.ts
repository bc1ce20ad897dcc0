// Flash sessions (docs/flash.md): who may be asked for one 30-minute conversation, in which order,
// and which topics an `ask` names. Pure: the flow reads the people and passes them in.
// The hard rules are the matcher's (SPEC §5): never oneself, a shared language, nobody above or
// below the other in the management chain (walked with the matcher's own managementChain), and
// nobody on either side's avoid list; then the flash rules: opted in, room under the monthly cap,
// not already passed on this request.
import { fold } from './commands/tokenize.ts';
import { managementChain } from './matching/hard-constraints.ts';

export const FLASH_MINUTES = 30;

/** A program made from the flash template: no matching rounds, its topics offered to `ask`. */
export const isFlashProgram = (program: { readonly settings: { readonly format?: string } }): boolean => program.settings.format === 'flash';

/** The monthly limit a mentor enrolling in a flash program starts with, when the program sets none. */
export const DEFAULT_FLASH_CAP = 2;

export interface FlashAsker {
  readonly id: string;
  readonly languages: readonly string[];
  readonly avoid: readonly string[];
}

export interface FlashMentor {
  readonly id: string;
  readonly languages: readonly string[];
  readonly topics: readonly string[];
  readonly avoid: readonly string[];
  readonly cap: number;
  /** Sessions accepted in the current month. */
  readonly acceptedThisMonth: number;
  /** When they last accepted a flash session; null = never. */
  readonly lastAcceptedAt: Date | null;
}

/** The first instant of `now`'s calendar month, UTC: the cap counts sessions accepted since. */
export const monthStart = (now: Date): Date => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));

/** FNV-1a: a stable per-request tie-break, so equal mentors are not always taken in the same order. */
function tieBreak(seed: string, id: string): number {
  let h = 0x811c9dc5;
  for (const ch of `${seed}:${id}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return h;
}

/**
 * The mentors who may be asked for this request (seeded by its id), best first: the one whose
 * last flash session is the oldest (never first), then the fewest this month, then the tie-break.
 */
export function flashCandidates(input: {
  readonly requestId: string;
  readonly topic: string;
  readonly asker: FlashAsker;
  readonly mentors: readonly FlashMentor[];
  readonly passed: readonly string[];
  readonly managerOf: ReadonlyMap<string, string>;
}): FlashMentor[] {
  const { asker, managerOf } = input;
  const above = new Set(managementChain(asker.id, managerOf));
  return input.mentors.filter((m) => m.id !== asker.id
    && m.topics.includes(input.topic)
    && m.acceptedThisMonth < m.cap
    && !input.passed.includes(m.id)
    && m.languages.some((l) => asker.languages.includes(l))
    && !above.has(m.id) && !managementChain(m.id, managerOf).includes(asker.id)
    && !asker.avoid.includes(m.id) && !m.avoid.includes(asker.id))
    .sort((a, b) => (a.lastAcceptedAt?.getTime() ?? -1) - (b.lastAcceptedAt?.getTime() ?? -1)
      || a.acceptedThisMonth - b.acceptedThisMonth
      || tieBreak(input.requestId, a.id) - tieBreak(input.requestId, b.id));
}

export interface TopicLabel { readonly key: string; readonly label: { readonly en: string; readonly fr: string } }

/**
 * The topic an `ask` names: a key or label typed whole (accents and case ignored), else the one
 * topic whose key or label contains what was typed; undefined when none or several do.
 */
export function topicNamed(typed: string, topics: readonly TopicLabel[]): TopicLabel | undefined {
  const query = fold(typed.trim()).replace(/\s+/g, ' ');
  if (query.length === 0) return undefined;
  const names = (topic: TopicLabel) => [topic.key, topic.label.en, topic.label.fr].map((n) => fold(n));
  const exact = topics.find((topic) => names(topic).includes(query));
  if (exact) return exact;
  const partial = topics.filter((topic) => names(topic).some((n) => n.includes(query)));
  return partial.length === 1 ? partial[0] : undefined;
}
