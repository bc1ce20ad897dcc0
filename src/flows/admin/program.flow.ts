// `admin program create|edit|list`. Decision: the multi-step form stores each step as it is
// submitted (SubmitOutcome 'next' means "this step is stored"): the first step creates the
// program with the default rhythm, matching and privacy settings, and the next steps refine it.
// A lead who stops half-way leaves a valid program they can edit later; nothing half-valid is
// ever stored, since each step passes programSettingsSchema as a whole.
import type { Program } from '../../domain/model.ts';
import { DEFAULT_FLASH_CAP, isFlashProgram } from '../../domain/flash.ts';
import { createRound, transitionRound } from '../../db/repositories/round.repository.ts';
import { commandPrefixFor } from '../command-prefix.ts';
import { findTemplate, templateDraft, type ProgramTemplate } from '../../domain/program-template.ts';
import { builtInTemplates } from '../../program-templates.ts';
import { listProgramLeads, setProgramLeads } from '../../db/repositories/lead.repository.ts';
import { getPeople } from '../../db/repositories/person.repository.ts';
import { lockWorkspace } from '../../db/repositories/workspace.repository.ts';
import { createProgram, findProgramByName, listPrograms, updateProgram } from '../../db/repositories/program.repository.ts';
import { formatList, languageName } from '../../ui/i18n/format.ts';
import { card, type Card, type CardAction } from '../../ui/model.ts';
import { bold, paragraph, richText } from '../../ui/rich-text.ts';
import { roundStateLabel } from '../../ui/state-refusal.ts';
import { cadenceText } from '../pair/cadence-text.ts';
import type { ActorCtx } from '../context.ts';
import { openForm, reply, type Effect, type SubmitOutcome } from '../effects.ts';
import { leadAction, leadForm, programAt, say } from '../lead-guard.ts';
import { programChanges } from './program-changes.ts';
import { currentRound, pickProgram, programById } from '../program-pick.ts';
import { isProgramStep, programFormStep, PROGRAM_STEPS, readProgramStep, type ProgramDraft } from './program-forms.ts';
import { NEW_PROGRAM, type FlowModule, type LeadTarget } from '../registry.ts';

/**
 * A flash program has no matching rounds: one standing round, open from its creation with no
 * deadline, holds its mentors' surveys (`offer`), which opt them in to flash sessions.
 */
async function openFlashEnrolment(ctx: ActorCtx, program: Program): Promise<void> {
  const draft = await createRound(ctx.db, { workspaceId: program.workspaceId, programId: program.id, name: ctx.t('flash.intro.title'), createdBy: ctx.person.id });
  await transitionRound(ctx.db, draft.id, ['draft'], 'open', { opened_at: ctx.now, survey_deadline: null });
}

/** How many mentors enrolled in a flash program's standing round. */
async function flashMentorCount(ctx: ActorCtx, programId: string): Promise<number> {
  const row = await ctx.db.selectFrom('enrollments').innerJoin('rounds', 'rounds.id', 'enrollments.round_id')
    .select((eb) => eb.fn.countAll<number>().as('n')).where('rounds.program_id', '=', programId)
    .where('enrollments.role', '=', 'mentor').where('enrollments.status', '=', 'submitted').executeTakeFirstOrThrow();
  return Number(row.n);
}

const draftOf = (p: Program): ProgramDraft => ({ name: p.name, description: p.description, settings: p.settings });

export async function programCard(ctx: ActorCtx, program: Program): Promise<Card> {
  if (isFlashProgram(program)) {
    // No rounds to show or open: its topics, its mentors, and how people use it.
    const s = program.settings;
    return card({
      header: { title: program.name, ...(program.description ? { subtitle: program.description } : {}) },
      sections: [richText(ctx.t('flash.program.fact', { count: await flashMentorCount(ctx, program.id) }))],
      facts: [
        { label: ctx.t('program.fact.topics'), value: String(s.topics.length) },
        { label: ctx.t('program.fact.languages'), value: formatList(ctx.locale, s.languages.map((l) => languageName(ctx.locale, l))) },
        { label: ctx.t('program.fact.round'), value: ctx.t('flash.program.no_rounds', { program: program.name, prefix: commandPrefixFor(ctx.workspace.platform) }) },
      ],
      actions: [{ kind: 'button', label: ctx.t('program.action.edit'), style: 'default', ref: ctx.ref('lead.program.edit', [program.id]) }],
    });
  }
  const round = await currentRound(ctx.db, program.id);
  const s = program.settings;
  const live = round && round.state !== 'completed' && round.state !== 'cancelled';
  const leads = (await getPeople(ctx.db, await listProgramLeads(ctx.db, program.id))).map((p) => p.displayName).sort();
  return card({
    header: { title: program.name, ...(program.description ? { subtitle: program.description } : {}) },
    facts: [
      { label: ctx.t('program.fact.topics'), value: String(s.topics.length) },
      { label: ctx.t('program.fact.languages'), value: formatList(ctx.locale, s.languages.map((l) => languageName(ctx.locale, l))) },
      { label: ctx.t('program.fact.rhythm'), value: ctx.t('program.fact.rhythm_value', { cadence: cadenceText(ctx.locale, s.checkinCadence), minutes: s.sessionMinutes, count: s.durationDays }) },
      { label: ctx.t('program.fact.round'), value: round ? roundStateLabel(ctx.locale, round.state) : ctx.t('program.fact.no_round') },
      { label: ctx.t('program.fact.leads'), value: formatList(ctx.locale, leads) },
    ],
    actions: [
      { kind: 'button', label: ctx.t('program.action.edit'), style: 'default', ref: ctx.ref('lead.program.edit', [program.id]) },
      ...(live
        ? [{ kind: 'button' as const, label: ctx.t('round.action.status'), style: 'default' as const, ref: ctx.ref('lead.round.status', [round.id]) }]
        : [{ kind: 'button' as const, label: ctx.t('round.action.open'), style: 'primary' as const, ref: ctx.ref('lead.round.open', [program.id]) }]),
    ],
  });
}

const editForm = (ctx: ActorCtx, program: Program): Effect[] =>
  [openForm(programFormStep(ctx.locale, 'identity', ctx.ref('lead.program.form', ['identity', program.id]), draftOf(program)))];

const templatesOf = (ctx: ActorCtx): readonly ProgramTemplate[] => ctx.deps.programTemplates ?? builtInTemplates();

const blankForm = (ctx: ActorCtx): Effect[] => [openForm(programFormStep(ctx.locale, 'identity', ctx.ref('lead.program.form', ['identity'])))];

/** The creation form filled from a template; its first step creates the program from the template's settings. */
const templateForm = (ctx: ActorCtx, template: ProgramTemplate): Effect[] =>
  [openForm(programFormStep(ctx.locale, 'identity', ctx.ref('lead.program.template_form', [template.key]), templateDraft(template, ctx.locale), 'create'))];

/** One card: each template with what it presets, a button to start from it, and a blank program. */
function templateChoice(ctx: ActorCtx, templates: readonly ProgramTemplate[]): Card {
  const actions: CardAction[] = [
    ...templates.map((t) => ({ kind: 'button' as const, label: t.title[ctx.locale], style: 'default' as const, ref: ctx.ref('lead.program.template', [t.key]) })),
    { kind: 'button', label: ctx.t('program.template.blank'), style: 'default', ref: ctx.ref('lead.program.blank', []) },
  ];
  return card({
    header: { title: ctx.t('program.template.title') },
    sections: [richText(ctx.t('program.template.intro')), ...templates.map((t) => richText(paragraph(bold(t.title[ctx.locale])), paragraph(t.summary[ctx.locale])))],
    actions,
  });
}

async function submitStep(ctx: ActorCtx, subjects: readonly string[], raw: unknown, template?: ProgramTemplate): Promise<SubmitOutcome> {
  const [step, programId] = subjects;
  // Locked: a step saved at the same moment elsewhere is read before this one is written over it.
  // For update when the name, part of the program's unique key, may change (the identity step).
  const existing = programId ? await programById(ctx, programId, step === 'identity' ? 'update' : 'no key update') : undefined;
  // Only the first step may create; later steps always name the program they refine.
  if (!isProgramStep(step) || (programId && !existing) || (!existing && step !== 'identity')) {
    return { type: 'done', effects: say(ctx.t('action.refused')) };
  }
  // A new program from a template starts from the template's settings (the form shows them).
  const base = existing ? draftOf(existing) : template && templateDraft(template, ctx.locale);
  const read = readProgramStep(ctx.locale, step, raw, base);
  if (!read.ok) return { type: 'errors', errors: read.errors };
  const { draft } = read;
  // Names are unique case aside, which no index says: the workspace is locked while one is checked and written.
  if (step === 'identity') await lockWorkspace(ctx.db, ctx.workspace.id);
  const sameName = step === 'identity' ? await findProgramByName(ctx.db, ctx.workspace.id, draft.name) : undefined;
  if (sameName && sameName.id !== existing?.id) return { type: 'errors', errors: { name: ctx.t('program.error.name_taken') } };

  let program: Program;
  if (existing) {
    program = (await updateProgram(ctx.db, existing.id, draft)) ?? existing;
    const changes = programChanges(draftOf(existing), draftOf(program));
    if (Object.keys(changes).length > 0) {
      await ctx.audit({ workspaceId: ctx.workspace.id, actorId: ctx.person.id, action: 'program.edit', targetType: 'program', targetId: program.id, details: { step, changes } });
    }
  } else {
    program = await createProgram(ctx.db, { workspaceId: ctx.workspace.id, name: draft.name, description: draft.description, settings: draft.settings, createdBy: ctx.person.id });
    // Its creator is its first lead; more are added per program (leads.flow.ts).
    await setProgramLeads(ctx.db, program.id, [ctx.person.id], ctx.person.id);
    await ctx.audit({ workspaceId: ctx.workspace.id, actorId: ctx.person.id, action: 'program.create', targetType: 'program', targetId: program.id, details: { name: program.name, settings: program.settings } });
    if (isFlashProgram(program)) await openFlashEnrolment(ctx, program);
  }
  const next = PROGRAM_STEPS[PROGRAM_STEPS.indexOf(step) + 1];
  if (next) return { type: 'next', form: programFormStep(ctx.locale, next, ctx.ref('lead.program.form', [next, program.id]), draftOf(program)) };
  const flash = isFlashProgram(program)
    ? say(ctx.t('flash.program.saved', { prefix: commandPrefixFor(ctx.workspace.platform), count: program.settings.flashMonthlyCap ?? DEFAULT_FLASH_CAP }))
    : [];
  return { type: 'done', effects: [...say(ctx.t('program.saved', { name: program.name })), ...flash, reply(await programCard(ctx, program))] };
}

const newProgram: LeadTarget = async () => NEW_PROGRAM;

/** The form's first step without a program creates one; every other step names its program. */
const programForm: LeadTarget = async (ctx, ref) => (ref.subjects[1] === undefined ? NEW_PROGRAM : programAt(1)(ctx, ref));

export const programFlow: FlowModule = {
  commands: {
    'admin.program.create': async (ctx, command) => {
      const templates = templatesOf(ctx);
      if (command.template !== undefined) {
        const template = findTemplate(templates, command.template);
        if (template) return templateForm(ctx, template);
        return say(ctx.t('program.template.unknown', { typed: command.template, keys: templates.map((t) => t.key).join(', ') }));
      }
      return templates.length > 0 ? [reply(templateChoice(ctx, templates))] : blankForm(ctx);
    },
    'admin.program.edit': async (ctx, command) => {
      const picked = await pickProgram(ctx, command.program);
      return picked.ok ? editForm(ctx, picked.value) : picked.effects;
    },
    'admin.program.list': async (ctx) => {
      const all = await listPrograms(ctx.db, ctx.workspace.id);
      const programs = all.filter((p) => ctx.leadOf.has(p.id));
      // An administrator manages the leads of programs they do not lead: their names only.
      const others = ctx.isAdmin ? all.filter((p) => !ctx.leadOf.has(p.id)) : [];
      if (programs.length === 0 && others.length === 0) return say(ctx.t('program.none'));
      const cards: Card[] = [];
      for (const p of programs) cards.push(await programCard(ctx, p));
      const sections = [richText(ctx.t('program.list.intro', { count: programs.length }))];
      if (others.length > 0) sections.push(richText(ctx.t('program.list.others', { names: others.map((p) => `“${p.name}”`).join(', ') })));
      return [reply(card({ header: { title: ctx.t('program.list.title') }, sections })), ...cards.map(reply)];
    },
  },
  actions: {
    'lead.program.template': leadAction(false, newProgram, async (ctx, ref) => {
      const template = templatesOf(ctx).find((t) => t.key === ref.subjects[0]);
      // A template removed from the folder since the card was sent.
      return template ? templateForm(ctx, template) : say(ctx.t('program.template.gone'));
    }),
    'lead.program.blank': leadAction(false, newProgram, async (ctx) => blankForm(ctx)),
    'lead.program.edit': leadAction(false, programAt(0), async (ctx, ref) => {
      const program = await programById(ctx, ref.subjects[0]);
      return program ? editForm(ctx, program) : say(ctx.t('action.refused'));
    }),
  },
  forms: {
    'lead.program.form': leadForm(programForm, (ctx, ref, raw) => submitStep(ctx, ref.subjects, raw)),
    'lead.program.template_form': leadForm(newProgram, async (ctx, ref, raw) => {
      const template = templatesOf(ctx).find((t) => t.key === ref.subjects[0]);
      if (!template) return { type: 'done', effects: say(ctx.t('program.template.gone')) };
      return submitStep(ctx, ['identity'], raw, template);
    }),
  },
};
