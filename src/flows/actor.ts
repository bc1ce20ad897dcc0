// Who is acting, as an adapter knows them, and how the core turns that into a person of a
// workspace, with their language and role.
import type { Platform, Person, Workspace } from '../domain/model.ts';
import type { PlatformProfile } from '../ports/directory.ts';
import { findPersonByPlatformId, upsertPerson } from '../db/repositories/person.repository.ts';
import { listLedPrograms } from '../db/repositories/lead.repository.ts';
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
  /** A workspace administrator (MENTOR_LEADS for this workspace): creates programs, manages leads. */
  readonly isAdmin: boolean;
  /** The programs of this workspace the person leads: the only ones they may act on or read. */
  readonly leadOf: ReadonlySet<string>;
  /** Administrator or lead of at least one program: sees the admin commands and the lead home. */
  readonly isLead: boolean;
}

/** A workspace administrator, as configured (see config.ts). */
export interface WorkspaceAdmin { readonly workspaceExternalId: string; readonly platformUserId: string }

export const localeOf = (person: Person): Locale => resolveLocale(person.locale, person.localeOverride);

/**
 * Finds or creates the workspace and the person behind a request. A person met for the first
 * time is created from the platform profile (asked from the directory when the request does not
 * carry it). Administrators are those the configuration names for this very workspace.
 */
export async function resolveActor(db: Db, directory: Directory, admins: readonly WorkspaceAdmin[], actor: Actor): Promise<ResolvedActor> {
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
  const isAdmin = !person.erasedAt && admins.some((a) => a.workspaceExternalId === actor.workspaceExternalId && a.platformUserId === actor.platformUserId);
  const leadOf = new Set(person.erasedAt ? [] : await listLedPrograms(db, workspace.id, person.id));
  return { workspace, person, locale: localeOf(person), isAdmin, leadOf, isLead: isAdmin || leadOf.size > 0 };
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
