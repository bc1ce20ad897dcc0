// Person pickers in the surveys send platform user ids; answers store person ids. This maps
// both ways, refuses unknown users, bots and oneself, and creates people only once every pick
// is known to be valid (so a refused step stores nothing).
import { findPersonByPlatformId, getPeople } from '../../db/repositories/person.repository.ts';
import type { FormValues } from '../../ui/form.ts';
import type { ActorCtx } from '../context.ts';
import { resolvePlatformUser } from '../actor.ts';

export const PERSON_FIELDS = ['avoid', 'manager'] as const;

type Resolution = { readonly ok: true; readonly values: FormValues } | { readonly ok: false; readonly errors: Record<string, string> };

async function isKnownUser(ctx: ActorCtx, platformUserId: string): Promise<boolean> {
  if (await findPersonByPlatformId(ctx.db, ctx.workspace.id, platformUserId)) return true;
  const profile = await ctx.deps.directory.profile(ctx.workspace.externalId, platformUserId, ctx.workspace.platform);
  return profile !== undefined && !profile.isBot;
}

export async function resolvePickedPeople(ctx: ActorCtx, values: FormValues): Promise<Resolution> {
  const errors: Record<string, string> = {};
  for (const field of PERSON_FIELDS) {
    const picked = values[field];
    if (!Array.isArray(picked)) continue;
    if (picked.includes(ctx.person.platformUserId)) {
      errors[field] = field === 'avoid' ? ctx.t('survey.error.avoid_self') : ctx.t('survey.error.manager_self');
      continue;
    }
    for (const id of picked as readonly string[]) {
      if (!(await isKnownUser(ctx, id))) { errors[field] = ctx.t('survey.error.unknown_person'); break; }
    }
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const resolved: Record<string, FormValues[string]> = { ...values };
  for (const field of PERSON_FIELDS) {
    const picked = values[field];
    if (!Array.isArray(picked)) continue;
    const ids: string[] = [];
    for (const id of picked as readonly string[]) {
      const person = await resolvePlatformUser(ctx.db, ctx.deps.directory, ctx.workspace, id);
      if (person) ids.push(person.id);
    }
    resolved[field] = ids;
  }
  return { ok: true, values: resolved };
}

/** Person ids → platform user ids, for pre-filling a picker with earlier answers. */
export async function platformIdsOf(ctx: ActorCtx, personIds: readonly string[]): Promise<string[]> {
  if (personIds.length === 0) return [];
  const people = await getPeople(ctx.db, personIds);
  return people.filter((p) => !p.erasedAt).map((p) => p.platformUserId);
}
