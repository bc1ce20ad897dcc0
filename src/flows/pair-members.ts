// Small helpers the employee flows share about the two members of a pair, and about writing to
// someone other than the actor (composers and jobs sign buttons for their reader).
import type { Pair, Person, Role } from '../domain/model.ts';
import type { Locale } from '../ui/i18n/catalog.ts';
import { translator, type Translate } from '../ui/i18n/t.ts';
import { localeOf } from './actor.ts';
import type { Db } from '../db/repositories/db.ts';
import { getPair } from '../db/repositories/pair.repository.ts';
import type { BaseCtx } from './context.ts';

export const sideOf = (pair: Pair, personId: string): Role | undefined =>
  pair.menteeId === personId ? 'mentee' : pair.mentorId === personId ? 'mentor' : undefined;

export const partnerOf = (pair: Pair, personId: string): string =>
  (pair.menteeId === personId ? pair.mentorId : pair.menteeId);

export const membersOf = (pair: Pair): [string, string] => [pair.menteeId, pair.mentorId];

export interface Reader {
  readonly person: Person;
  readonly locale: Locale;
  readonly timeZone: string;
  readonly t: Translate;
}

export function readerOf(person: Person): Reader {
  const locale = localeOf(person);
  return { person, locale, timeZone: person.timezone, t: translator(locale) };
}

const DEFAULT_TTL_HOURS = 24 * 45;

/** A signed button reference for someone who is not the actor (a message's recipient). */
export function refFor(ctx: BaseCtx, personId: string, kind: string, subjects: readonly string[], ttlHours = DEFAULT_TTL_HOURS): string {
  return ctx.deps.signer.sign({ kind, subjects, personId, expiresAt: new Date(ctx.now.getTime() + ttlHours * 3_600_000) });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids read from job payloads and references, checked before they reach a uuid column. */
export const idOrEmpty = (value: unknown): string => (typeof value === 'string' && UUID.test(value) ? value : '');

/** The pair an untrusted id names, or undefined (never a database error for a malformed id). */
export async function pairById(db: Db, id: unknown): Promise<Pair | undefined> {
  const checked = idOrEmpty(id);
  return checked ? getPair(db, checked) : undefined;
}
