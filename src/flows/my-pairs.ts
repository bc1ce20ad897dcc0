// The actor's own pairs, looked up from an untrusted id (a button's subject) or listed by state;
// every employee flow goes through here so nobody acts on a pair they are not a member of.
import type { Pair, PairState } from '../domain/model.ts';
import { getGoal } from '../db/repositories/goal.repository.ts';
import { listPairsOfPerson } from '../db/repositories/pair.repository.ts';
import type { Goal } from '../domain/model.ts';
import type { ActorCtx } from './context.ts';
import { idOrEmpty, pairById, sideOf } from './pair-members.ts';

export async function myPair(ctx: ActorCtx, id: unknown, states?: readonly PairState[]): Promise<Pair | undefined> {
  const pair = await pairById(ctx.db, id);
  if (!pair || pair.workspaceId !== ctx.workspace.id || !sideOf(pair, ctx.person.id)) return undefined;
  return !states || states.includes(pair.state) ? pair : undefined;
}

export async function myPairs(ctx: ActorCtx, states: readonly PairState[]): Promise<Pair[]> {
  return (await listPairsOfPerson(ctx.db, ctx.person.id, states)).filter((p) => p.workspaceId === ctx.workspace.id);
}

/** A goal of one of the actor's pairs in one of `states`. */
export async function myGoal(ctx: ActorCtx, id: unknown, states: readonly PairState[]): Promise<{ goal: Goal; pair: Pair } | undefined> {
  const checked = idOrEmpty(id);
  const goal = checked ? await getGoal(ctx.db, checked) : undefined;
  const pair = goal && await myPair(ctx, goal.matchId, states);
  return goal && pair ? { goal, pair } : undefined;
}
