// Flows register what they handle; bot.ts dispatches to them. Each flow file exports one
// FlowModule, so flows stay independent of each other and of the dispatcher.
import type { ActionRef } from '../domain/action-ref.ts';
import type { Command, CommandName } from '../domain/commands/command.ts';
import type { Delivery, Person } from '../domain/model.ts';
import type { JobName, JobPayload } from '../ports/scheduler.ts';
import type { Card, UiContent } from '../ui/model.ts';
import type { ActorCtx, BaseCtx } from './context.ts';
import type { Effect, SubmitOutcome } from './effects.ts';

export type CommandHandler<N extends CommandName = CommandName> =
  (ctx: ActorCtx, command: Extract<Command, { name: N }>) => Promise<readonly Effect[]>;

export interface ActionHandler {
  /**
   * One-shot actions (accept, decline, confirm delete…) consume their reference: a replayed or
   * double-clicked one changes nothing. Navigation buttons (open a form, show status) are not.
   */
  readonly oneShot: boolean;
  /** Set on lead-only actions: the program the reference targets, which the actor must lead. */
  readonly lead?: LeadTarget;
  handle(ctx: ActorCtx, ref: ActionRef, value: string | undefined): Promise<readonly Effect[]>;
}

/** A form submission; `ref` is the form's signed reference, `raw` the untrusted values. */
export type FormHandler = ((ctx: ActorCtx, ref: ActionRef, raw: unknown) => Promise<SubmitOutcome>) & {
  /** Set on lead-only forms: the program the form's reference targets, which the actor must lead. */
  readonly lead?: LeadTarget;
  /**
   * Single-use forms (one that creates something) consume their reference once accepted: the same
   * form sent twice (a double submit, two devices) creates one thing. A submission refused for its
   * values leaves the reference usable, so the person corrects and sends it again.
   */
  readonly oneShot?: true;
};

/** A form whose reference is used up once accepted (see FormHandler.oneShot). */
export const singleUse = (handle: (ctx: ActorCtx, ref: ActionRef, raw: unknown) => Promise<SubmitOutcome>): FormHandler =>
  Object.assign((ctx: ActorCtx, ref: ActionRef, raw: unknown) => handle(ctx, ref, raw), { oneShot: true as const });

/**
 * Which program a lead-only reference acts on (an id of the actor's workspace), NEW_PROGRAM for
 * a program being created, or undefined when the reference names nothing the actor can reach.
 * The core checks it before the handler runs and before a one-shot reference is used up.
 */
export type LeadTarget = (ctx: ActorCtx, ref: ActionRef) => Promise<string | undefined>;

export const NEW_PROGRAM = 'new-program';

export type JobHandler = ((ctx: BaseCtx, payload: JobPayload) => Promise<void>) & {
  /**
   * The handler calls the platform (which may read the database on its own connection): it runs
   * outside a transaction, ctx.db being the database itself, and each of its writes must be
   * idempotent on its own. On the embedded database (one connection) a platform call made inside
   * a transaction would wait for that very transaction.
   */
  readonly outsideTransaction?: true;
};

/**
 * Writes a decided message at send time, in its reader's language. `recipients` are the people
 * it goes to (one, or several for a group message). Undefined = nothing to send any more
 * (e.g. the proposal was withdrawn), and the delivery is closed without sending. `reader` is
 * set when a group message goes to each member as their own copy (Teams): the one member who
 * reads this copy, so it can be written in their language only. A composer only reads: it runs
 * outside a transaction (ctx.db is the database itself).
 */
export type Composer = (ctx: BaseCtx, delivery: Delivery, recipients: readonly Person[], reader?: Person) => Promise<UiContent | undefined>;

/** A part of the home view (Slack App Home, Teams home card), in display order. */
export type HomeSection = (ctx: ActorCtx) => Promise<readonly Card[]>;

export interface FlowModule {
  readonly commands?: { readonly [N in CommandName]?: CommandHandler<N> };
  readonly actions?: Readonly<Record<string, ActionHandler>>;
  readonly forms?: Readonly<Record<string, FormHandler>>;
  readonly jobs?: { readonly [J in JobName]?: JobHandler };
  readonly compose?: Readonly<Record<string, Composer>>;
  readonly home?: readonly HomeSection[];
}

export interface Registry {
  readonly commands: Map<CommandName, CommandHandler>;
  readonly actions: Map<string, ActionHandler>;
  readonly forms: Map<string, FormHandler>;
  readonly jobs: Map<JobName, JobHandler>;
  readonly compose: Map<string, Composer>;
  readonly home: HomeSection[];
}

/** Merges flow modules; a name claimed twice is a programming error caught at start. */
export function buildRegistry(modules: readonly FlowModule[]): Registry {
  const registry: Registry = { commands: new Map(), actions: new Map(), forms: new Map(), jobs: new Map(), compose: new Map(), home: [] };
  const add = <K, V>(map: Map<K, V>, what: string, entries: Iterable<[K, V]>) => {
    for (const [key, value] of entries) {
      if (map.has(key)) throw new Error(`flows.duplicate_handler: ${what} "${String(key)}" is registered twice`);
      map.set(key, value);
    }
  };
  for (const module of modules) {
    add(registry.commands, 'command', Object.entries(module.commands ?? {}) as [CommandName, CommandHandler][]);
    add(registry.actions, 'action', Object.entries(module.actions ?? {}));
    add(registry.forms, 'form', Object.entries(module.forms ?? {}));
    add(registry.jobs, 'job', Object.entries(module.jobs ?? {}) as [JobName, JobHandler][]);
    add(registry.compose, 'composer', Object.entries(module.compose ?? {}));
    registry.home.push(...(module.home ?? []));
  }
  return registry;
}
