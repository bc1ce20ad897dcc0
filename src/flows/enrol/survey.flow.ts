// `find` and `offer` (SPEC §3): the mentee or mentor survey of the open round, step by step.
// Each validated step is kept as a draft in the enrollment (so survey reminders know who
// started); the last step turns the merged values into answers and submits them. Running the
// command again while the round is open edits the answers, pre-filled. Outside a round the
// person joins the waitlist of the workspace's active programs.
import type { ActionRef } from '../../domain/action-ref.ts';
import type { Enrollment, Program, Role, Round } from '../../domain/model.ts';
import type { MenteeAnswers, MentorAnswers } from '../../domain/survey-answers.ts';
import { findEnrollment, startEnrollment, submitEnrollment } from '../../db/repositories/enrollment.repository.ts';
import { getPerson, updateOrgFields } from '../../db/repositories/person.repository.ts';
import { holdOffErasure } from '../../db/repositories/person-data.repository.ts';
import { getProgram, holdPrograms, listPrograms } from '../../db/repositories/program.repository.ts';
import { getRound, listRoundsInState } from '../../db/repositories/round.repository.ts';
import { addToWaitlist, removeFromWaitlist } from '../../db/repositories/waitlist.repository.ts';
import type { FormFlow, FormValues } from '../../ui/form.ts';
import { formatDateTime } from '../../ui/i18n/format.ts';
import { card, message, type Form } from '../../ui/model.ts';
import { richText } from '../../ui/rich-text.ts';
import { roundRefusalText } from '../../ui/state-refusal.ts';
import { FORM_ERROR } from '../../ui/validate-form.ts';
import { awaitApproval } from './approval.flow.ts';
import { optInFlashMentor } from '../../db/repositories/flash.repository.ts';
import { DEFAULT_FLASH_CAP, isFlashProgram } from '../../domain/flash.ts';
import { commandPrefixFor } from '../command-prefix.ts';
import type { ActorCtx } from '../context.ts';
import { openForm, reply, type Effect, type SubmitOutcome } from '../effects.ts';
import type { FlowModule } from '../registry.ts';
import { menteeAnswersFromValues, menteeSurvey, mentorAnswersFromValues, mentorSurvey, validateSurveyStep } from './survey-forms.ts';
import { platformIdsOf, resolvePickedPeople } from './survey-people.ts';

/** Key of the in-progress steps inside enrollments.answers; submitted answers never carry it. */
export const SURVEY_DRAFT_KEY = '_draft';

interface Draft { readonly steps: readonly string[]; readonly values: FormValues }

const isRole = (value: string | undefined): value is Role => value === 'mentee' || value === 'mentor';
const text = (body: string): Effect => reply(message(richText(body)));

function draftOf(enrollment: Enrollment | undefined): Draft {
  const raw = enrollment?.answers?.[SURVEY_DRAFT_KEY] as Partial<Draft> | undefined;
  return { steps: Array.isArray(raw?.steps) ? raw.steps : [], values: raw?.values && typeof raw.values === 'object' ? raw.values : {} };
}

function submittedAnswers(enrollment: Enrollment | undefined): Record<string, unknown> | undefined {
  if (enrollment?.status !== 'submitted' || !enrollment.answers) return undefined;
  const { [SURVEY_DRAFT_KEY]: _ignored, ...answers } = enrollment.answers;
  return answers;
}

/** The whole flow in the actor's language, pre-filled with their submitted answers, each step with its own reference. */
async function buildSurvey(ctx: ActorCtx, program: Program, round: Round, role: Role, enrollment: Enrollment | undefined, draft?: FormValues): Promise<FormFlow> {
  const previous = submittedAnswers(enrollment);
  const base = { settings: program.settings, locale: ctx.locale, timeZone: ctx.person.timezone, ref: '' };
  const avoid = previous ? await platformIdsOf(ctx, (previous.avoid as string[] | undefined) ?? []) : [];
  const flow = role === 'mentee'
    ? menteeSurvey(base, previous && ({ ...previous, avoid } as MenteeAnswers), (await platformIdsOf(ctx, ctx.person.managerId ? [ctx.person.managerId] : []))[0])
    : mentorSurvey(base, previous && ({ ...previous, avoid } as MentorAnswers), draft);
  return { ...flow, steps: flow.steps.map((step, i) => ({ ...step, ref: ctx.ref('survey.step', [round.id, role, String(i + 1)]) })) };
}

/** A flash program takes mentors only: a mentee asks for a conversation instead. */
const flashFind = (ctx: ActorCtx, program: Program): Effect =>
  text(ctx.t('flash.program.find', { program: program.name, prefix: commandPrefixFor(ctx.workspace.platform) }));

async function openSurvey(ctx: ActorCtx, round: Round, role: Role): Promise<readonly Effect[]> {
  const program = await getProgram(ctx.db, round.programId);
  if (!program) return [text(ctx.t('action.refused'))];
  if (role === 'mentee' && isFlashProgram(program)) return [flashFind(ctx, program)];
  const enrollment = await findEnrollment(ctx.db, round.id, ctx.person.id, role);
  const flow = await buildSurvey(ctx, program, round, role, enrollment);
  const effects: Effect[] = [openForm(flow.steps[0] as Form)];
  if (enrollment?.status === 'submitted') effects.unshift(text(ctx.t('survey.editing')));
  return effects;
}

async function startSurvey(ctx: ActorCtx, role: Role, held = false): Promise<readonly Effect[]> {
  const rounds = [];
  let flash: Program | undefined;
  for (const round of await listRoundsInState(ctx.db, ctx.workspace.id, ['open'])) {
    const program = await getProgram(ctx.db, round.programId);
    // A flash program's standing round takes mentors only.
    if (program && role === 'mentee' && isFlashProgram(program)) { flash ??= program; continue; }
    if (program?.status === 'active') rounds.push({ round, program });
  }
  if (rounds.length === 1) return openSurvey(ctx, rounds[0]!.round, role);
  if (rounds.length > 1) {
    return [reply(card({
      header: { title: role === 'mentee' ? ctx.t('survey.pick.title_mentee') : ctx.t('survey.pick.title_mentor') },
      sections: [richText(ctx.t('survey.pick.body'))],
      actions: rounds.map(({ round, program }) => ({
        kind: 'button' as const, style: 'default' as const, label: `${program.name} · ${round.name}`,
        ref: ctx.ref('survey.open', [round.id, role]),
      })),
    }))];
  }
  // Flash programs keep no waitlist: their round is always open.
  const programs = (await listPrograms(ctx.db, ctx.workspace.id)).filter((p) => !isFlashProgram(p));
  if (programs.length === 0) return [flash ? flashFind(ctx, flash) : text(ctx.t('survey.no_program'))];
  // Before joining the waitlists, their programs are held and the rounds read again: a round
  // opening at this moment (it invites the waitlist) is either read open or waits for this entry.
  if (!held) {
    await holdPrograms(ctx.db, programs.map((p) => p.id));
    return startSurvey(ctx, role, true);
  }
  // A waitlist place is their first row there: an erasure of them at this moment erases it, or is
  // waited for and nothing is written.
  if (!(await holdOffErasure(ctx.db, ctx.person.id))) return [text(ctx.t('action.refused'))];
  for (const program of programs) await addToWaitlist(ctx.db, { programId: program.id, personId: ctx.person.id, role, reason: 'no_open_round' });
  return [text(role === 'mentee' ? ctx.t('survey.waitlisted_mentee') : ctx.t('survey.waitlisted_mentor'))];
}

/**
 * The round, if open. A step's answers are written under a share lock on it (`hold`): the survey
 * deadline closing the round at that moment waits for them, or they wait for it and are refused,
 * so an answer is never taken by a round that had closed without it (a "mentee chooses" round's
 * shortlists go out as it closes).
 */
async function openRoundOf(ctx: ActorCtx, roundId: string | undefined, hold = false): Promise<{ ok: true; round: Round } | { ok: false; text: string }> {
  const round = roundId ? await getRound(ctx.db, roundId, hold ? 'share' : undefined) : undefined;
  if (!round || round.workspaceId !== ctx.workspace.id) return { ok: false, text: ctx.t('action.refused') };
  if (round.state !== 'open') return { ok: false, text: roundRefusalText(ctx.locale, round.state) };
  return { ok: true, round };
}

function confirmation(ctx: ActorCtx, role: Role, round: Round): string {
  const next = role === 'mentee' ? ctx.t('survey.done.next_mentee') : ctx.t('survey.done.next_mentor');
  const deadline = round.surveyDeadline
    ? ctx.t('survey.done.deadline', { date: formatDateTime(ctx.locale, round.surveyDeadline, ctx.person.timezone) })
    : ctx.t('survey.done.no_deadline');
  return `${ctx.t('survey.done.thanks')} ${next} ${deadline}`;
}

async function submitStep(ctx: ActorCtx, ref: ActionRef, raw: unknown): Promise<SubmitOutcome> {
  const [roundId, role, indexText] = ref.subjects;
  const open = await openRoundOf(ctx, roundId, true);
  if (!open.ok || !isRole(role)) return { type: 'done', effects: [text(open.ok ? ctx.t('action.refused') : open.text)] };
  const { round } = open;
  const program = await getProgram(ctx.db, round.programId);
  if (program && role === 'mentee' && isFlashProgram(program)) return { type: 'done', effects: [flashFind(ctx, program)] };
  // Held until this step is written: the same step sent twice at once (a double click, two
  // devices), or two steps, run one after the other, the second reading what the first wrote.
  const enrollment = await findEnrollment(ctx.db, round.id, ctx.person.id, role, true);
  // Their data erased meanwhile (confirmed on another device: the erasure withdrew this enrolment
  // and committed while this step waited for it): nothing of theirs is written again.
  if (enrollment?.status === 'withdrawn' && (await getPerson(ctx.db, ctx.person.id))?.erasedAt) {
    return { type: 'done', effects: [text(ctx.t('action.refused'))] };
  }
  // No enrolment yet to wait for (their first step): this step and an erasure confirmed on another
  // device at this moment run one after the other; the erasure withdraws the draft written here,
  // or this step finds them erased and writes nothing.
  if (!enrollment && !(await holdOffErasure(ctx.db, ctx.person.id))) {
    return { type: 'done', effects: [text(ctx.t('action.refused'))] };
  }
  const flow = program && await buildSurvey(ctx, program, round, role, enrollment, draftOf(enrollment).values);
  const index = Number(indexText);
  const form = flow?.steps[index - 1];
  if (!program || !flow || !form) return { type: 'done', effects: [text(ctx.t('action.refused'))] };

  const checked = validateSurveyStep(form, raw, ctx.locale);
  if (!checked.ok) return { type: 'errors', errors: checked.errors };
  const people = await resolvePickedPeople(ctx, checked.values);
  if (!people.ok) return { type: 'errors', errors: people.errors };

  const draft = draftOf(enrollment);
  // This step's fields replace what an earlier pass over it left (an optional field cleared is absent).
  const asked = new Set(form.fields.map((f) => f.id));
  const values = { ...Object.fromEntries(Object.entries(draft.values).filter(([id]) => !asked.has(id))), ...people.values };
  const steps = [...new Set([...draft.steps, form.id])];
  // The next step is built from what was just answered (the mentor's experience step asks the years for each topic picked).
  const nextForm = flow.steps[index] && (await buildSurvey(ctx, program, round, role, enrollment, values)).steps[index];
  if (nextForm) {
    await startEnrollment(ctx.db, {
      workspaceId: ctx.workspace.id, roundId: round.id, personId: ctx.person.id, role,
      draft: { ...submittedAnswers(enrollment), [SURVEY_DRAFT_KEY]: { steps, values } },
    });
    return { type: 'next', form: nextForm };
  }
  if (!flow.steps.every((s) => steps.includes(s.id))) return { type: 'errors', errors: { [FORM_ERROR]: ctx.t('survey.error.restart') } };
  const converted = role === 'mentee' ? menteeAnswersFromValues(values) : mentorAnswersFromValues(values);
  if (!converted.ok) return { type: 'errors', errors: { [FORM_ERROR]: ctx.t('survey.error.restart') } };
  const answers = converted.answers as Record<string, unknown>;
  const submitted = await submitEnrollment(ctx.db, {
    workspaceId: ctx.workspace.id, roundId: round.id, personId: ctx.person.id, role, answers,
    capacity: role === 'mentor' ? (converted.answers as MentorAnswers).capacity : null, at: ctx.now,
  });
  // The manager named here is the one asked when the program wants the manager's approval.
  const managerId = 'managerId' in converted ? converted.managerId : undefined;
  if (managerId) await updateOrgFields(ctx.db, ctx.person.id, { managerId });
  const approval = await awaitApproval(ctx, program, submitted);
  await removeFromWaitlist(ctx.db, program.id, ctx.person.id);
  if (approval === 'refused') return { type: 'done', effects: [text(ctx.t('approval.still_refused', { program: program.name }))] };
  // Who was asked, as it happened: a program asking the manager asks the leads of someone without one.
  const pending = typeof approval === 'object';
  const waitingText = { manager: 'approval.waiting_manager', leads: 'approval.waiting_lead', leads_for_manager: 'approval.waiting_lead_no_manager' } as const;
  const waiting = pending ? [text(ctx.t(waitingText[approval.pending]))] : [];
  // Opted in once the enrolment counts (a program asking for approval: not while it waits).
  const optedIn = role === 'mentor' && isFlashProgram(program) && enrollment?.status !== 'submitted' && !pending ? await optInToFlash(ctx, program) : [];
  // A flash program matches nobody: its mentors are asked for flash sessions on their topics.
  const done = isFlashProgram(program) ? `${ctx.t('survey.done.thanks')} ${ctx.t('flash.program.mentor_next')}` : confirmation(ctx, role, round);
  return { type: 'done', effects: [text(done), ...waiting, ...optedIn] };
}

/**
 * A mentor's first survey in a flash program opts them in to flash sessions with the program's
 * monthly limit; they change or stop it in their profile, and answering the survey again (editing)
 * leaves their choice alone.
 */
async function optInToFlash(ctx: ActorCtx, program: Program): Promise<Effect[]> {
  const cap = program.settings.flashMonthlyCap ?? DEFAULT_FLASH_CAP;
  await optInFlashMentor(ctx.db, ctx.person.id, cap);
  await ctx.audit({ workspaceId: ctx.workspace.id, actorId: ctx.person.id, action: 'flash.opt_in', targetType: 'program', targetId: program.id, details: { cap } });
  return [text(ctx.t('flash.program.opted_in', { program: program.name, count: cap, prefix: commandPrefixFor(ctx.workspace.platform) }))];
}

export const surveyFlow: FlowModule = {
  commands: {
    find: (ctx) => startSurvey(ctx, 'mentee'),
    offer: (ctx) => startSurvey(ctx, 'mentor'),
  },
  actions: {
    'survey.open': {
      oneShot: false,
      async handle(ctx, ref) {
        const [roundId, role] = ref.subjects;
        const open = await openRoundOf(ctx, roundId);
        if (!open.ok) return [text(open.text)];
        return isRole(role) ? openSurvey(ctx, open.round, role) : [text(ctx.t('action.refused'))];
      },
    },
  },
  forms: { 'survey.step': submitStep },
};
