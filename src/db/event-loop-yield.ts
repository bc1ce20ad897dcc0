// The embedded database (PGlite) runs in this thread and never waits on I/O: a query's promise
// settles in a microtask, so a chain of awaited queries (a reconcile over thousands of rows, a
// worker draining a backlog) never lets the event loop turn. Timers, HTTP requests (/healthz
// included) and sockets then starve for as long as the chain runs: tens of seconds for a backlog
// of a few hundred due prompts. Each embedded query passes through here first: once the current
// turn of the event loop has run longer than the budget, it waits for the next turn.
import { performance } from 'node:perf_hooks';
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';

/** How long one turn may run on database work before the event loop gets a turn. */
export const TURN_BUDGET_MS = 20;

let turnStart = performance.now();
let markerQueued = false;

/** Notes the start of a new turn whenever the event loop gets round to it. */
function markNextTurn(): void {
  if (markerQueued) return;
  markerQueued = true;
  setImmediate(() => { markerQueued = false; turnStart = performance.now(); });
}

/**
 * Resolves at once while the current turn is within budget, else in a later turn that still has
 * budget left. Many queries wait here at once (every worker slot, every request); the ones that
 * resume together share one budget, so a turn never runs them all back to back.
 */
export async function yieldIfBusy(): Promise<void> {
  markNextTurn();
  while (performance.now() - turnStart >= TURN_BUDGET_MS) {
    await new Promise<void>((resolve) => { setImmediate(resolve); });
    markNextTurn();
  }
}

/** Kysely plugin for the embedded database: every query result waits its turn when the turn is spent. */
export const yieldingPlugin: KyselyPlugin = {
  transformQuery: (args: PluginTransformQueryArgs): RootOperationNode => args.node,
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    await yieldIfBusy();
    return args.result;
  },
};
