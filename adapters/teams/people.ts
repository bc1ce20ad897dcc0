// What rendering needs to know about people: the Teams user and name behind a mention, and the
// workspace's people a person field can offer. Read once per message, before rendering.
import { getPeople } from '../../src/db/repositories/person.repository.ts';
import type { Db } from '../../src/db/repositories/db.ts';
import { MAX_OPTIONS } from '../../src/ui/form.ts';
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

/** The people of a workspace a person field can offer: active, named, alphabetical. */
export async function pickablePeople(db: Db, workspaceId: string): Promise<MentionTarget[]> {
  const rows = await db.selectFrom('people').select(['platform_user_id', 'display_name'])
    .where('workspace_id', '=', workspaceId).where('erased_at', 'is', null).where('deactivated_at', 'is', null)
    .orderBy('display_name').limit(MAX_OPTIONS).execute();
  return rows.map((r) => ({ platformUserId: r.platform_user_id, displayName: r.display_name }));
}
