// Which program (and round) a lead command is about: named in the command, the only one the
// actor leads, or a question back listing the names of theirs. A named program the actor does
// not lead gets the lead refusal (program names are no secret within a workspace). Ids from
// signed buttons must belong to the actor's workspace and to a program they lead.
import type { Program, Round } from '../domain/model.ts';
import type { Db } from '../db/repositories/db.ts';
import { findProgramByName, getProgram, listPrograms, type ProgramLock } from '../db/repositories/program.repository.ts';
import { getRound, listRounds } from '../db/repositories/round.repository.ts';
import type { ActorCtx } from './context.ts';
import type { Effect } from './effects.ts';
import { mayLead, notALead, say } from './lead-guard.ts';
import { isFlashProgram } from '../domain/flash.ts';
import { commandPrefixFor } from './command-prefix.ts';

/** What a round command says about a flash program (docs/programs.md#flash-sessions). */
export const flashNoRounds = (ctx: ActorCtx, program: Program): Effect[] =>
  say(ctx.t('flash.program.no_rounds', { program: program.name, prefix: commandPrefixFor(ctx.workspace.platform) }));

export type Picked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly effects: readonly Effect[] };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `scope: 'manage'` widens the choice to every program of the workspace for an administrator
 * (who manages leads without reading programs); otherwise only the programs the actor leads.
 */
export async function pickProgram(ctx: ActorCtx, typed: string | undefined, scope: 'lead' | 'manage' = 'lead'): Promise<Picked<Program>> {
  const allowed = (p: Program) => mayLead(ctx, p.id) || (scope === 'manage' && ctx.isAdmin);
  if (typed) {
    const program = UUID.test(typed) ? await getProgram(ctx.db, typed) : await findProgramByName(ctx.db, ctx.workspace.id, typed);
    if (!program || program.workspaceId !== ctx.workspace.id) return { ok: false, effects: say(ctx.t('program.not_found', { name: typed })) };
    return allowed(program) ? { ok: true, value: program } : { ok: false, effects: notALead(ctx) };
  }
  const all = await listPrograms(ctx.db, ctx.workspace.id);
  const programs = all.filter(allowed);
  if (programs.length === 1) return { ok: true, value: programs[0]! };
  if (programs.length === 0) return { ok: false, effects: all.length === 0 && ctx.isAdmin ? say(ctx.t('program.none')) : notALead(ctx) };
  return { ok: false, effects: say(ctx.t('program.which', { names: programs.map((p) => `“${p.name}”`).join(', ') })) };
}

/** A program of the actor's workspace that they lead (`lock`: locked, to be changed from what is read). */
export async function programById(ctx: ActorCtx, id: string | undefined, lock?: ProgramLock): Promise<Program | undefined> {
  const program = id && UUID.test(id) ? await getProgram(ctx.db, id, lock) : undefined;
  return program && program.workspaceId === ctx.workspace.id && mayLead(ctx, program.id) ? program : undefined;
}

/** A round of a program the actor leads. */
export async function roundById(ctx: ActorCtx, id: string | undefined): Promise<Round | undefined> {
  const round = id && UUID.test(id) ? await getRound(ctx.db, id) : undefined;
  return round && round.workspaceId === ctx.workspace.id && mayLead(ctx, round.programId) ? round : undefined;
}

/** The program's round in progress, or else its latest one. */
export async function currentRound(db: Db, programId: string): Promise<Round | undefined> {
  const rounds = await listRounds(db, programId);
  return rounds.filter((r) => r.state !== 'completed' && r.state !== 'cancelled').at(-1) ?? rounds.at(-1);
}

/** The current round of the program a command names (or the only program). */
export async function pickRound(ctx: ActorCtx, typed: string | undefined): Promise<Picked<{ program: Program; round: Round }>> {
  const picked = await pickProgram(ctx, typed);
  if (!picked.ok) return picked;
  // A flash program's only round is its standing enrolment: nothing to close, match or publish.
  if (isFlashProgram(picked.value)) return { ok: false, effects: flashNoRounds(ctx, picked.value) };
  const round = await currentRound(ctx.db, picked.value.id);
  if (!round) return { ok: false, effects: say(ctx.t('round.none', { program: picked.value.name })) };
  return { ok: true, value: { program: picked.value, round } };
}
