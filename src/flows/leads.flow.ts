// `admin leads add|remove @person`: leads grant the role to others. The last lead of a
// workspace cannot be removed, so a workspace never ends up with nobody able to run it.
import type { MentionedUser } from '../domain/commands/command.ts';
import { addLead, listLeads, removeLead } from '../db/repositories/lead.repository.ts';
import { message } from '../ui/model.ts';
import { mention, paragraph, richText } from '../ui/rich-text.ts';
import { resolvePlatformUser } from './actor.ts';
import type { ActorCtx } from './context.ts';
import { reply, type Effect } from './effects.ts';
import { say } from './lead-guard.ts';
import type { FlowModule } from './registry.ts';

const about = (personId: string, text: string): Effect[] => [reply(message(richText(paragraph(mention(personId), ' ', text))))];

/** The registry types these commands' argument as never (their names share one variant); this is its shape. */
interface LeadsCommand { readonly user: MentionedUser }

async function change(ctx: ActorCtx, command: LeadsCommand, add: boolean): Promise<readonly Effect[]> {
  const person = await resolvePlatformUser(ctx.db, ctx.deps.directory, ctx.workspace, command.user.platformUserId);
  if (!person || person.erasedAt) return say(ctx.t('leads.unknown_person'));
  if (add) {
    if (!(await addLead(ctx.db, ctx.workspace.id, person.id, ctx.person.id))) return about(person.id, ctx.t('leads.already'));
  } else {
    const leads = await listLeads(ctx.db, ctx.workspace.id);
    if (!leads.includes(person.id)) return about(person.id, ctx.t('leads.not_a_lead'));
    if (leads.length <= 1) return say(ctx.t('leads.last'));
    await removeLead(ctx.db, ctx.workspace.id, person.id);
  }
  await ctx.audit({ workspaceId: ctx.workspace.id, actorId: ctx.person.id, action: add ? 'lead.add' : 'lead.remove', targetType: 'person', targetId: person.id });
  return about(person.id, add ? ctx.t('leads.added') : ctx.t('leads.removed'));
}

export const leadsFlow: FlowModule = {
  commands: {
    'admin.leads.add': (ctx, command) => change(ctx, command, true),
    'admin.leads.remove': (ctx, command) => change(ctx, command, false),
  },
};
