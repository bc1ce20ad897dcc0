// Who the model's person ids are on Slack: mentions and person pickers carry internal ids, and
// Slack needs user ids. At most one query per rendered message, for the ids in it not already read.
import type { Db } from '../../src/db/repositories/db.ts';
import type { Person } from '../../src/domain/model.ts';
import { getPeople } from '../../src/db/repositories/person.repository.ts';
import type { MentionResolver } from './render/rich-text.ts';

/** Every person id a piece of content refers to (mentions, person-field initial values). */
export function personIdsIn(value: unknown, out: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) { for (const v of value) personIdsIn(v, out); return out; }
  if (typeof value !== 'object' || value === null) return out;
  const node = value as Record<string, unknown>;
  if (node.kind === 'mention' && typeof node.personId === 'string') out.add(node.personId);
  if (node.kind === 'person' && Array.isArray(node.initial)) for (const id of node.initial) if (typeof id === 'string') out.add(id);
  for (const v of Object.values(node)) if (typeof v === 'object') personIdsIn(v, out);
  return out;
}

export async function mentionResolver(db: Db, ...contents: unknown[]): Promise<MentionResolver> {
  return mentionResolverKnowing(db, [], ...contents);
}

/** As mentionResolver, reading only the people not already `known` (none when all are). */
export async function mentionResolverKnowing(db: Db, known: readonly Person[], ...contents: unknown[]): Promise<MentionResolver> {
  const ids = new Set<string>();
  for (const c of contents) personIdsIn(c, ids);
  const byId = new Map(known.filter((p) => ids.has(p.id)).map((p) => [p.id, p]));
  const missing = [...ids].filter((id) => !byId.has(id));
  for (const p of missing.length > 0 ? await getPeople(db, missing) : []) byId.set(p.id, p);
  return (personId) => {
    const person = byId.get(personId);
    if (!person || person.erasedAt) return { name: '…' };
    return { platformUserId: person.platformUserId, name: person.displayName };
  };
}
