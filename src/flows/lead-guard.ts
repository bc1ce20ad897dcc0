// Lead rights are per program. `admin …` commands pick their program among those the actor leads
// (program-pick.ts); buttons and forms declare which program their reference targets (a
// LeadTarget), and the core checks it before the handler runs, so a lead of another program, a
// lead removed since the card was sent, or someone who never was a lead gets the same refusal
// and changes nothing.
import type { ActionRef } from '../domain/action-ref.ts';
import { getPair } from '../db/repositories/pair.repository.ts';
import { getProgram } from '../db/repositories/program.repository.ts';
import { getRiskAlert } from '../db/repositories/risk-alert.repository.ts';
import { getRound } from '../db/repositories/round.repository.ts';
import { message } from '../ui/model.ts';
import { richText } from '../ui/rich-text.ts';
import type { ActorCtx } from './context.ts';
import { reply, type Effect, type SubmitOutcome } from './effects.ts';
import { NEW_PROGRAM, type ActionHandler, type FormHandler, type LeadTarget } from './registry.ts';

export const notALead = (ctx: ActorCtx): Effect[] => [reply(message(richText(ctx.t('admin.not_a_lead'))))];

export const say = (text: string): Effect[] => [reply(message(richText(text)))];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const uuidOrUndefined = (id: string | undefined): string | undefined => (id && UUID.test(id) ? id : undefined);

/** Whether the actor may act on this program: they lead it (administrators create programs only). */
export function mayLead(ctx: Pick<ActorCtx, 'leadOf' | 'isLead'>, programId: string | undefined): boolean {
  if (programId === NEW_PROGRAM) return ctx.isLead;
  return programId !== undefined && ctx.leadOf.has(programId);
}

/** Runs a reference's lead check; undefined when allowed, else the refusal. */
export async function checkLeadTarget(ctx: ActorCtx, target: LeadTarget, ref: ActionRef): Promise<Effect[] | undefined> {
  return mayLead(ctx, await target(ctx, ref)) ? undefined : notALead(ctx);
}

/** The reference's subject `index` is a program id. */
export const programAt = (index: number): LeadTarget => async (ctx, ref) => {
  const id = uuidOrUndefined(ref.subjects[index]);
  const program = id ? await getProgram(ctx.db, id) : undefined;
  return program && program.workspaceId === ctx.workspace.id ? program.id : undefined;
};

/** The reference's subject `index` is a round id; its program is the target. */
export const roundAt = (index: number): LeadTarget => async (ctx, ref) => {
  const id = uuidOrUndefined(ref.subjects[index]);
  const round = id ? await getRound(ctx.db, id) : undefined;
  return round && round.workspaceId === ctx.workspace.id ? round.programId : undefined;
};

/** The reference's first subject is an at-risk alert; the program of its pair is the target. */
export const alertAt: LeadTarget = async (ctx, ref) => {
  const id = uuidOrUndefined(ref.subjects[0]);
  const alert = id ? await getRiskAlert(ctx.db, id) : undefined;
  const pair = alert && await getPair(ctx.db, alert.matchId);
  return pair && pair.workspaceId === ctx.workspace.id ? pair.programId : undefined;
};

export function leadAction(oneShot: boolean, target: LeadTarget, handle: (ctx: ActorCtx, ref: ActionRef, value: string | undefined) => Promise<readonly Effect[]>): ActionHandler {
  return { oneShot, lead: target, handle };
}

export function leadForm(target: LeadTarget, handle: (ctx: ActorCtx, ref: ActionRef, raw: unknown) => Promise<SubmitOutcome>): FormHandler {
  return Object.assign((ctx: ActorCtx, ref: ActionRef, raw: unknown) => handle(ctx, ref, raw), { lead: target });
}
