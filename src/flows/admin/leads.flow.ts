// `admin leads add|remove @person [program]`: the leads of one program are managed by its leads
// and by the workspace administrators (MENTOR_LEADS); nobody becomes an administrator this way.
// The last lead of a program cannot be removed, so a program never ends up with nobody able to
// run it. The manager of someone taking part in a program cannot lead it: a lead sees who takes
// part and how the program goes, which a manager should not learn about their own people.
import type { MentionedUser } from '../../domain/commands/command.ts';
import { addProgramLead, listProgramLeads, managesParticipantOf, removeProgramLead } from '../../db/repositories/lead.repository.ts';
import { getProgram } from '../../db/repositories/program.repository.ts';
import { message } from '../../ui/model.ts';
import { mention, paragraph, richText } from '../../ui/rich-text.ts';
import { resolvePlatformUser } from '../actor.ts';
import type { ActorCtx } from '../context.ts';
import { reply, type Effect } from '../effects.ts';
import { say } from '../lead-guard.ts';
import { pickProgram } from '../program-pick.ts';
import type { FlowModule } from '../registry.ts';

const about = (personId: string, text: string): Effect[] => [reply(message(richText(paragraph(mention(personId), ' ', text))))];

/** The registry types these commands' argument as never (their names share one variant); this is its shape. */
interface LeadsCommand { readonly user: MentionedUser; readonly program?: string }

async function change(ctx: ActorCtx, command: LeadsCommand, add: boolean): Promise<readonly Effect[]> {
  const picked = await pickProgram(ctx, command.program, 'manage');
  if (!picked.ok) return picked.effects;
  const program = picked.value;
  const person = await resolvePlatformUser(ctx.db, ctx.deps.directory, ctx.workspace, command.user.platformUserId);
  if (!person || person.erasedAt) return say(ctx.t('leads.unknown_person'));
  if (add) {
    if (await managesParticipantOf(ctx.db, program.id, person.id)) return about(person.id, ctx.t('leads.manager_refused', { program: program.name }));
    if (!(await addProgramLead(ctx.db, program.id, person.id, ctx.person.id))) return about(person.id, ctx.t('leads.already', { program: program.name }));
  } else {
    // The program is locked while its leads are counted: two leads removing each other at the
    // same moment run one after the other, and the second finds the first one's removal.
    await getProgram(ctx.db, program.id, 'no key update');
    const leads = await listProgramLeads(ctx.db, program.id);
    if (!leads.includes(person.id)) return about(person.id, ctx.t('leads.not_a_lead', { program: program.name }));
    if (leads.length <= 1) return say(ctx.t('leads.last', { program: program.name }));
    await removeProgramLead(ctx.db, program.id, person.id);
  }
  await ctx.audit({
    workspaceId: ctx.workspace.id, actorId: ctx.person.id, action: add ? 'lead.add' : 'lead.remove',
    targetType: 'program', targetId: program.id, details: { personId: person.id, asAdmin: !ctx.leadOf.has(program.id) },
  });
  return about(person.id, add ? ctx.t('leads.added', { program: program.name }) : ctx.t('leads.removed', { program: program.name }));
}

export const leadsFlow: FlowModule = {
  commands: {
    'admin.leads.add': (ctx, command) => change(ctx, command, true),
    'admin.leads.remove': (ctx, command) => change(ctx, command, false),
  },
};
