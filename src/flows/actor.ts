// Who is acting, as an adapter knows them, and how the core turns that into a person of a
// workspace, with their language and role.
import type { Platform, Person, Workspace } from '../domain/model.ts';
import type { PlatformProfile } from '../ports/directory.ts';
import { findPersonByPlatformId, upsertPerson } from '../db/repositories/person.repository.ts';
import { addLead, isLead } from '../db/repositories/lead.repository.ts';
import { upsertWorkspace } from '../db/repositories/workspace.repository.ts';
import type { Db } from '../db/repositories/db.ts';
import type { Directory } from '../ports/directory.ts';
import type { Locale } from '../ui/i18n/catalog.ts';
import { resolveLocale } from '../ui/i18n/locale.ts';

export interface Actor {
  readonly platform: Platform;
  readonly workspaceExternalId: string;
  readonly workspaceName?: string;
  readonly platformUserId: string;
  /** What the request itself says about the person (Teams activities carry name and locale). */
  readonly profile?: Partial<Omit<PlatformProfile, 'platformUserId'>>;
}

export interface ResolvedActor {
  readonly workspace: Workspace;
  readonly person: Person;
  readonly locale: Locale;
  readonly isLead: boolean;
}

export const localeOf = (person: Person): Locale => resolveLocale(person.locale, person.localeOverride);

/**
 * Finds or creates the workspace and the person behind a request. A person met for the first
 * time is created from the platform profile (asked from the directory when the request does not
 * carry it). People listed in MENTOR_LEADS become leads of their workspace on first sight.
 */
export async function resolveActor(db: Db, directory: Directory, initialLeads: readonly string[], actor: Actor): Promise<ResolvedActor> {
  const workspace = await upsertWorkspace(db, { platform: actor.platform, externalId: actor.workspaceExternalId, name: actor.workspaceName ?? null });
  let person = await findPersonByPlatformId(db, workspace.id, actor.platformUserId);
  if (!person || (actor.profile?.displayName && actor.profile.displayName !== person.displayName)) {
    const known = person ? undefined : await directory.profile(actor.workspaceExternalId, actor.platformUserId, actor.platform);
    person = await upsertPerson(db, workspace.id, {
      platformUserId: actor.platformUserId,
      displayName: actor.profile?.displayName ?? known?.displayName ?? person?.displayName ?? actor.platformUserId,
      locale: actor.profile?.locale ?? known?.locale ?? person?.locale ?? null,
      timezone: actor.profile?.timezone ?? known?.timezone ?? person?.timezone ?? null,
      email: actor.profile?.email ?? known?.email ?? person?.email ?? null,
    });
  }
  let lead = await isLead(db, workspace.id, person.id);
  if (!lead && initialLeads.includes(actor.platformUserId)) {
    await addLead(db, workspace.id, person.id, null);
    lead = true;
  }
  return { workspace, person, locale: localeOf(person), isLead: lead };
}

/** A person named in a command or picked in a form, created from the directory if new. */
export async function resolvePlatformUser(db: Db, directory: Directory, workspace: Workspace, platformUserId: string): Promise<Person | undefined> {
  const existing = await findPersonByPlatformId(db, workspace.id, platformUserId);
  if (existing) return existing;
  const profile = await directory.profile(workspace.externalId, platformUserId, workspace.platform);
  if (!profile || profile.isBot) return undefined;
  return upsertPerson(db, workspace.id, {
    platformUserId, displayName: profile.displayName, locale: profile.locale ?? null,
    timezone: profile.timezone ?? null, email: profile.email ?? null,
  });
}
