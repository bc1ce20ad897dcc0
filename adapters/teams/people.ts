// What rendering needs to know about people: the Teams user and name behind a mention, the names
// of people already picked in a person field, and the search a person field runs over everyone
// the bot knows in the workspace (any number of them: the card never lists them).
import { sql } from 'kysely';
import { getPeople } from '../../src/db/repositories/person.repository.ts';
import type { Db } from '../../src/db/repositories/db.ts';
import type { Form, UiContent } from '../../src/ui/model.ts';
import type { Inline, RichText } from '../../src/ui/rich-text.ts';
import type { MentionLookup, MentionTarget } from './render/rich-text.ts';

function mentionsIn(text: RichText | undefined, into: Set<string>): void {
  for (const block of text?.blocks ?? []) {
    const runs: readonly (readonly Inline[])[] = block.kind === 'paragraph' ? [block.content] : block.items;
    for (const run of runs) for (const part of run) if (part.kind === 'mention') into.add(part.personId);
  }
}

/** Every person id mentioned (or pre-filled in a person field) in these contents and forms. */
export function mentionedPeople(items: readonly (UiContent | Form)[]): string[] {
  const ids = new Set<string>();
  for (const item of items) {
    if (item.kind === 'message') mentionsIn(item.body, ids);
    else if (item.kind === 'card') item.sections.forEach((s) => mentionsIn(s, ids));
    else if (item.kind === 'file') continue;
    else {
      mentionsIn(item.intro, ids);
      for (const field of item.fields) if (field.kind === 'person') field.initial?.forEach((id) => ids.add(id));
    }
  }
  return [...ids];
}

const PERSON_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function mentionLookup(db: Db, ids: readonly string[]): Promise<MentionLookup> {
  // Person fields may be pre-filled with platform user ids, which are not person ids.
  const personIds = ids.filter((id) => PERSON_ID.test(id));
  const people = personIds.length > 0 ? await getPeople(db, personIds) : [];
  const byId = new Map(people.filter((p) => !p.erasedAt).map((p) => [p.id, { platformUserId: p.platformUserId, displayName: p.displayName }]));
  return (id) => byId.get(id);
}

/** Names of the workspace's people by platform user id (people already picked in a person field). */
export async function personNames(db: Db, workspaceId: string, platformUserIds: readonly string[]): Promise<Map<string, string>> {
  const ids = [...new Set(platformUserIds)].filter((id) => id.length > 0 && id.length <= 200);
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('people').select(['platform_user_id', 'display_name'])
    .where('workspace_id', '=', workspaceId).where('erased_at', 'is', null).where('platform_user_id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.platform_user_id, r.display_name]));
}

export interface PeopleQuery {
  readonly text: string;
  readonly skip: number;
  readonly top: number;
  /** The person searching: never offered (nobody avoids or manages themself). */
  readonly excludePlatformUserId?: string;
}

const likePattern = (text: string): string => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * The workspace's active people whose name contains the text (any case), names that start with
 * it first, then alphabetical; a page of them. An empty text lists everyone, a page at a time.
 */
export async function searchKnownPeople(db: Db, workspaceId: string, query: PeopleQuery): Promise<MentionTarget[]> {
  const text = query.text.trim().toLowerCase();
  let q = db.selectFrom('people').select(['platform_user_id', 'display_name'])
    .where('workspace_id', '=', workspaceId).where('erased_at', 'is', null).where('deactivated_at', 'is', null);
  if (query.excludePlatformUserId) q = q.where('platform_user_id', '<>', query.excludePlatformUserId);
  if (text) q = q.where(sql<boolean>`lower(display_name) like ${likePattern(text)}`);
  const rows = await q
    .orderBy(sql`case when lower(display_name) like ${likePattern(text).slice(1)} then 0 else 1 end`)
    .orderBy('display_name').orderBy('platform_user_id')
    .offset(query.skip).limit(query.top).execute();
  return rows.map((r) => ({ platformUserId: r.platform_user_id, displayName: r.display_name }));
}
