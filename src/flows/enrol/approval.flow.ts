// Enrolment approval (docs/programs.md): in a program that asks for it, a submitted survey counts
// only once a program lead, or the person's manager, approves it with one click. The approver sees
// who asks and in which role, never the answers. Until then the enrolment is pending: it is left
// out of matching, reports and the "no match this round" notices. Approvers are reminded every two
// days while the survey is open (three times at most); the person is told the decision, and a
// refusal carries no reason. A refusal stands for the round: submitting the survey again does not
// ask again.
import { DEFAULT_FLASH_CAP, isFlashProgram } from '../../domain/flash.ts';
import { optInFlashMentor } from '../../db/repositories/flash.repository.ts';
import type { Enrollment, Person, Program, Role, Round } from '../../domain/model.ts';
import { decideEnrollmentApproval, getEnrollment, listEnrollments, requestEnrollmentApproval } from '../../db/repositories/enrollment.repository.ts';
import { listProgramLeads } from '../../db/repositories/lead.repository.ts';
import { getPeople, getPerson } from '../../db/repositories/person.repository.ts';
import { getProgram } from '../../db/repositories/program.repository.ts';
import { getRound } from '../../db/repositories/round.repository.ts';
import type { ScheduledJob } from '../../ports/scheduler.ts';
import { card, message, type Card } from '../../ui/model.ts';
import { mention, paragraph, richText } from '../../ui/rich-text.ts';
import type { ActorCtx, BaseCtx } from '../context.ts';
import { reply, updateSource, type Effect } from '../effects.ts';
import { idOrEmpty, readerOf, refFor, type Reader } from '../pair-members.ts';
import type { FlowModule } from '../registry.ts';

export const APPROVAL_REMINDER_MS = 2 * 86_400_000;
export const MAX_APPROVAL_REMINDERS = 3;

const active = (p: Person | undefined): p is Person => p !== undefined && !p.deactivatedAt && !p.erasedAt;

/** Who is asked for the person's approval: their manager, or the leads (in place of an unknown manager). */
export type Approvers = 'manager' | 'leads' | 'leads_for_manager';

/**
 * Who may decide, today: the program's leads, or the person's manager when the program asks for
 * the manager and one is known and active (else its leads). Never the person themselves.
 */
async function approvers(ctx: BaseCtx, program: Program, personId: string): Promise<{ ids: string[]; kind: Approvers }> {
  const askManager = program.settings.enrolmentApproval === 'manager';
  if (askManager) {
    const person = await getPerson(ctx.db, personId);
    const manager = person?.managerId ? await getPerson(ctx.db, person.managerId) : undefined;
    if (active(manager) && manager.id !== personId) return { ids: [manager.id], kind: 'manager' };
  }
  const leads = (await getPeople(ctx.db, await listProgramLeads(ctx.db, program.id))).filter(active);
  return { ids: leads.map((p) => p.id).filter((id) => id !== personId), kind: askManager ? 'leads_for_manager' : 'leads' };
}

export async function approversOf(ctx: BaseCtx, program: Program, personId: string): Promise<string[]> {
  return (await approvers(ctx, program, personId)).ids;
}

const reminderJob = (enrollmentId: string, count: number, at: Date): ScheduledJob => ({
  name: 'enrol.approval_reminder', key: `enrol.approval_reminder:${enrollmentId}:${count}`,
  runAt: new Date(at.getTime() + APPROVAL_REMINDER_MS), payload: { enrollmentId, count },
});

/** Asks each approver; says who they were (what the person is told). */
async function askApprovers(ctx: BaseCtx, program: Program, enrollment: Enrollment, kind: 'enrol.approval_request' | 'enrol.approval_reminder', count: number): Promise<Approvers> {
  const asked = await approvers(ctx, program, enrollment.personId);
  for (const approverId of asked.ids) {
    await ctx.notify({
      workspaceId: enrollment.workspaceId, kind, to: { kind: 'person', personId: approverId },
      key: `${kind}:${enrollment.id}:${approverId}:${count}`, payload: { enrollmentId: enrollment.id },
    });
  }
  return asked.kind;
}

/**
 * The next reminder of an approval asked for at `requestedAt`, as seen at `now` (for the reconcile
 * job, after a lost queue); undefined once every reminder is past.
 */
export function nextApprovalReminder(enrollmentId: string, requestedAt: Date, now: Date): ScheduledJob | undefined {
  const count = Math.max(1, Math.floor((now.getTime() - requestedAt.getTime()) / APPROVAL_REMINDER_MS) + 1);
  return count > MAX_APPROVAL_REMINDERS ? undefined : reminderJob(enrollmentId, count, new Date(requestedAt.getTime() + (count - 1) * APPROVAL_REMINDER_MS));
}

/**
 * Called once a survey is submitted: in a program that asks for approval, a new enrolment waits
 * for it (and its approvers are asked). Returns whether the enrolment is waiting, and on whom (what the person is told).
 */
export async function awaitApproval(ctx: BaseCtx, program: Program, enrollment: Enrollment): Promise<'none' | 'refused' | { pending: Approvers }> {
  if (enrollment.approval === 'refused') return 'refused';
  if (enrollment.approval === 'pending') return { pending: (await approvers(ctx, program, enrollment.personId)).kind };
  if (enrollment.approval === 'approved' || program.settings.enrolmentApproval === 'none') return 'none';
  const pending = await requestEnrollmentApproval(ctx.db, enrollment.id, ctx.now);
  if (!pending) return 'none';
  const asked = await askApprovers(ctx, program, pending, 'enrol.approval_request', 0);
  ctx.later(reminderJob(pending.id, 1, ctx.now));
  return { pending: asked };
}

interface Request { enrollment: Enrollment; program: Program; round: Round; person: Person }

async function requestOf(ctx: BaseCtx, enrollmentId: unknown): Promise<Request | undefined> {
  const enrollment = await getEnrollment(ctx.db, idOrEmpty(enrollmentId));
  const round = enrollment && await getRound(ctx.db, enrollment.roundId);
  const program = round && await getProgram(ctx.db, round.programId);
  const person = enrollment && await getPerson(ctx.db, enrollment.personId);
  return enrollment && round && program && person ? { enrollment, program, round, person } : undefined;
}

const roleLabel = (reader: Reader, role: Role): string => (role === 'mentee' ? reader.t('approval.role.mentee') : reader.t('approval.role.mentor'));

function requestCard(ctx: BaseCtx, r: Request, reader: Reader, reminder: boolean): Card {
  return card({
    header: { title: reminder ? reader.t('approval.reminder.title') : reader.t('approval.request.title'), subtitle: `${r.program.name} · ${r.round.name}` },
    sections: [
      richText(paragraph(mention(r.person.id), ' ', reader.t('approval.request.body', { program: r.program.name, role: roleLabel(reader, r.enrollment.role) }))),
      richText(reader.t('approval.request.private')),
    ],
    actions: [
      { kind: 'button', style: 'primary', label: reader.t('approval.approve'), ref: refFor(ctx, reader.person.id, 'enrol.approve', [r.enrollment.id]) },
      { kind: 'button', style: 'danger', label: reader.t('approval.refuse'), ref: refFor(ctx, reader.person.id, 'enrol.refuse', [r.enrollment.id]) },
    ],
  });
}

/** Why an enrolment no longer waits for a decision: who decided it, or that it was withdrawn. */
async function notPending(ctx: ActorCtx, enrollment: Enrollment): Promise<string> {
  if (enrollment.approval !== 'approved' && enrollment.approval !== 'refused') return ctx.t('approval.withdrawn');
  const by = enrollment.approvalBy ? await getPerson(ctx.db, enrollment.approvalBy) : undefined;
  return ctx.t(enrollment.approval === 'approved' ? 'approval.already_approved' : 'approval.already_refused', { name: by?.displayName ?? '—' });
}

function decide(decision: 'approved' | 'refused') {
  return async (ctx: ActorCtx, ref: { subjects: readonly string[] }): Promise<readonly Effect[]> => {
    const r = await requestOf(ctx, ref.subjects[0]);
    const say = (body: string): Effect[] => [reply(message(richText(body)))];
    if (!r || r.enrollment.workspaceId !== ctx.workspace.id) return say(ctx.t('action.refused'));
    // Whoever may decide today: a lead removed since the request, or a manager changed, may not.
    if (!(await approversOf(ctx, r.program, r.person.id)).includes(ctx.person.id)) return say(ctx.t('action.refused'));
    if (r.enrollment.approval !== 'pending' || r.enrollment.status !== 'submitted') return say(await notPending(ctx, r.enrollment));
    // The round is held open until this decision is committed: the survey closing at the same
    // moment either comes first (and this click is refused) or waits, so the person hears either
    // that they were approved or that it was not decided in time, never neither.
    if ((await getRound(ctx.db, r.round.id, 'share'))?.state !== 'open') return say(ctx.t('approval.round_closed'));
    const decided = await decideEnrollmentApproval(ctx.db, r.enrollment.id, decision, ctx.person.id, ctx.now);
    // Decided (or withdrawn) by someone else at the same moment: the answer a later click gets.
    if (!decided) {
      const now = await getEnrollment(ctx.db, r.enrollment.id);
      return say(now ? await notPending(ctx, now) : ctx.t('action.refused'));
    }
    await ctx.audit({
      workspaceId: ctx.workspace.id, actorId: ctx.person.id, action: decision === 'approved' ? 'enrollment.approve' : 'enrollment.refuse',
      targetType: 'round', targetId: r.round.id, details: { enrollmentId: decided.id, personId: r.person.id, role: decided.role },
    });
    // A mentor approved into a flash program takes flash sessions from now on, with its monthly limit.
    if (decision === 'approved' && decided.role === 'mentor' && isFlashProgram(r.program)) {
      await optInFlashMentor(ctx.db, decided.personId, r.program.settings.flashMonthlyCap ?? DEFAULT_FLASH_CAP);
    }
    await ctx.notify({
      workspaceId: decided.workspaceId, kind: decision === 'approved' ? 'enrol.approved' : 'enrol.refused',
      to: { kind: 'person', personId: decided.personId }, key: `enrol.decision:${decided.id}`, payload: { enrollmentId: decided.id },
    });
    const recorded = ctx.t(decision === 'approved' ? 'approval.done_approved' : 'approval.done_refused', { name: r.person.displayName });
    return [updateSource(card({ header: { title: ctx.t('approval.request.title'), subtitle: `${r.program.name} · ${r.round.name}` }, recorded }))];
  };
}

/** A request still waiting, in a round still open: what reminders and composers need. */
async function stillPending(ctx: BaseCtx, enrollmentId: unknown): Promise<Request | undefined> {
  const r = await requestOf(ctx, enrollmentId);
  return r && r.enrollment.approval === 'pending' && r.enrollment.status === 'submitted' && r.round.state === 'open' ? r : undefined;
}

/** When a round's survey closes: people whose enrolment is still waiting are told it was not decided in time. */
export async function tellUndecided(ctx: BaseCtx, roundId: string): Promise<void> {
  const round = await getRound(ctx.db, roundId);
  if (!round) return;
  for (const e of await listEnrollments(ctx.db, round.id, { status: 'submitted' })) {
    if (e.approval !== 'pending') continue;
    await ctx.notify({
      workspaceId: e.workspaceId, kind: 'enrol.undecided', to: { kind: 'person', personId: e.personId },
      key: `enrol.decision:${e.id}`, payload: { enrollmentId: e.id },
    });
  }
}

export const approvalFlow: FlowModule = {
  actions: {
    'enrol.approve': { oneShot: true, handle: decide('approved') },
    'enrol.refuse': { oneShot: true, handle: decide('refused') },
  },
  jobs: {
    'enrol.approval_reminder': async (ctx, payload) => {
      const r = await stillPending(ctx, payload.enrollmentId);
      const count = Number(payload.count);
      if (!r || !Number.isInteger(count) || count < 1 || count > MAX_APPROVAL_REMINDERS) return;
      await askApprovers(ctx, r.program, r.enrollment, 'enrol.approval_reminder', count);
      if (count < MAX_APPROVAL_REMINDERS) ctx.later(reminderJob(r.enrollment.id, count + 1, ctx.now));
    },
  },
  compose: {
    'enrol.approval_request': async (ctx, delivery, recipients) => {
      const r = await stillPending(ctx, delivery.payload.enrollmentId);
      return r && recipients[0] ? requestCard(ctx, r, readerOf(recipients[0]), false) : undefined;
    },
    'enrol.approval_reminder': async (ctx, delivery, recipients) => {
      const r = await stillPending(ctx, delivery.payload.enrollmentId);
      return r && recipients[0] ? requestCard(ctx, r, readerOf(recipients[0]), true) : undefined;
    },
    'enrol.approved': async (ctx, delivery, recipients) => {
      const r = await requestOf(ctx, delivery.payload.enrollmentId);
      const reader = recipients[0] && readerOf(recipients[0]);
      if (!r || !reader || r.enrollment.approval !== 'approved') return undefined;
      return message(richText(reader.t('approval.told_approved', { program: r.program.name, role: roleLabel(reader, r.enrollment.role) })));
    },
    'enrol.undecided': async (ctx, delivery, recipients) => {
      const r = await requestOf(ctx, delivery.payload.enrollmentId);
      const reader = recipients[0] && readerOf(recipients[0]);
      if (!r || !reader || r.enrollment.approval !== 'pending' || r.round.state === 'open') return undefined;
      return message(richText(reader.t('approval.told_undecided', { program: r.program.name })));
    },
    'enrol.refused': async (ctx, delivery, recipients) => {
      const r = await requestOf(ctx, delivery.payload.enrollmentId);
      const reader = recipients[0] && readerOf(recipients[0]);
      if (!r || !reader || r.enrollment.approval !== 'refused') return undefined;
      return message(richText(reader.t('approval.told_refused', { program: r.program.name })));
    },
  },
};
