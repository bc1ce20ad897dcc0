// What a turn sends, held until the turn's work is over, so that the processed mark and the
// turn's effects go together. A turn whose work succeeded (the core committed) saves what it has
// to send (its journal, in adapter_state) before it is marked done, then sends it, crossing off
// each message sent. When a send fails (429s beyond botbuilder's retries, the Bot Connector
// down), Teams' redelivery finds the turn done and sends what is left, instead of running the
// work a second time (which would act twice, or find a finished survey gone). A turn whose work
// failed saved nothing: its messages ("nothing was changed") are sent as they are, and the
// redelivery runs it again.
import { createHash } from 'node:crypto';
import type { Activity, TurnContext } from 'botbuilder';
import type { Db } from '../../src/db/repositories/db.ts';
import { deleteAdapterState, getAdapterState, putAdapterState } from '../../src/db/repositories/adapter-state.repository.ts';
import { writeOwnedRow, type RowOwner } from '../../src/db/repositories/person-owned-state.repository.ts';
import { runRequestOnce, type RunOutcome } from '../../src/db/repositories/request-dedup.repository.ts';
import { actorOf } from './activity-actor.ts';

export const JOURNAL_KIND = 'teams.turn_output';
/** Teams gives up redelivering within minutes; a day is far beyond. */
export const JOURNAL_TTL_MS = 24 * 3_600_000;

type Operation = { readonly op: 'send' | 'update'; readonly activity: Partial<Activity> };

export interface Journal {
  readonly operations: readonly Operation[];
  /** The invoke's answer (the card replacing the clicked one), given again to a redelivery. */
  readonly answer?: unknown;
}

/** Holds every message and update the turn sends, until released. */
export class TurnBuffer {
  readonly operations: Operation[] = [];
  #holding = true;

  constructor(context: TurnContext) {
    context.onSendActivities(async (_context, activities, next) => {
      // The invoke's own answer and traces are not messages: they go as they come.
      if (!this.#holding || activities.some((a) => a.type === 'invokeResponse' || a.type === 'trace')) return next();
      for (const activity of activities) this.operations.push({ op: 'send', activity });
      return activities.map(() => ({ id: '' }));
    });
    context.onUpdateActivity(async (_context, activity, next) => {
      if (!this.#holding) return next();
      this.operations.push({ op: 'update', activity });
    });
  }

  release(): void { this.#holding = false; }
}

const keyOf = (requestKey: string): string => createHash('sha256').update(requestKey).digest('base64url');

/** The Teams person a turn is from: their tenant and platform user id. */
export type TurnOwner = Extract<RowOwner, { readonly platform: string }>;

/**
 * Saves (or replaces) what a turn has left to send. A turn of a person is saved under the lock that
 * holds off their erasure (person-owned-state.repository.ts): an erasure confirmed at this moment
 * on another device waits, then deletes it. False, and nothing is saved, when they are erased by
 * then (or nobody has their id any more): what the turn sends then goes once, without a journal.
 * Without an owner (an activity from nobody), it is saved as it is.
 */
export async function saveJournal(db: Db, requestKey: string, journal: Journal, owner: TurnOwner | undefined, now: Date): Promise<boolean> {
  const put = (trx: Db) => putAdapterState(trx, {
    kind: JOURNAL_KIND, key: keyOf(requestKey), userId: owner?.platformUserId ?? null,
    value: { ...journal }, expiresAt: new Date(now.getTime() + JOURNAL_TTL_MS),
  });
  if (!owner) {
    await put(db);
    return true;
  }
  return writeOwnedRow(db, owner, put);
}

export async function findJournal(db: Db, requestKey: string, now: Date): Promise<Journal | undefined> {
  const row = await getAdapterState(db, JOURNAL_KIND, keyOf(requestKey), now);
  return row?.value as Journal | undefined;
}

/**
 * Sends the operations in order. With `requestKey`, the saved journal is kept in step: after each
 * send it holds only what is left, and it goes once everything is sent (or once its person is
 * erased: an erasure in between deleted it, and it is not written again).
 */
export async function sendOperations(context: TurnContext, db: Db, operations: readonly Operation[], journaled?: { requestKey: string; answer?: unknown; owner: TurnOwner | undefined }): Promise<void> {
  let keep = journaled !== undefined;
  for (let i = 0; i < operations.length; i += 1) {
    const { op, activity } = operations[i]!;
    if (op === 'send') await context.sendActivity(activity);
    else await context.updateActivity(activity);
    const left = operations.slice(i + 1);
    if (keep && journaled && left.length > 0) {
      keep = await saveJournal(db, journaled.requestKey, { operations: left, answer: journaled.answer }, journaled.owner, new Date());
    }
  }
  if (journaled) await deleteAdapterState(db, JOURNAL_KIND, keyOf(journaled.requestKey));
}

interface OnceOptions {
  /** How long a turn holds its activity before a redelivery may take it over. */
  readonly leaseMs: number;
  readonly logger: { info(obj: object, msg?: string): void; warn(obj: object, msg?: string): void };
  /** Where the turn's messages go instead of its conversation, once released (a group chat's click). */
  readonly redirect?: (context: TurnContext) => void;
}

/**
 * Runs a turn's work once per activity (see the top of this file): `answer` gives the invoke's
 * answer once the work is over. `ran` is false for a redelivery that had nothing left to do;
 * `answer` is the saved answer when a redelivery sent what its turn could not.
 */
export async function runTurnOnce(
  context: TurnContext, db: Db, options: OnceOptions, work: () => Promise<RunOutcome>, answer: () => unknown,
): Promise<{ ran: boolean; answer?: unknown }> {
  const { id, conversation } = context.activity;
  const buffer = new TurnBuffer(context);
  // Registered after the buffer: what it releases passes through the redirect.
  options.redirect?.(context);
  if (!id) {
    try { await work(); } finally { buffer.release(); }
    await sendOperations(context, db, buffer.operations);
    return { ran: true };
  }
  const requestKey = `teams:${conversation?.id ?? ''}:${id}`;
  const actor = actorOf(context.activity);
  const owner: TurnOwner | undefined = actor && { platform: 'teams', workspaceExternalId: actor.workspaceExternalId, platformUserId: actor.platformUserId };
  let journaled = false;
  let status: Awaited<ReturnType<typeof runRequestOnce>>;
  try {
    status = await runRequestOnce(db, requestKey, {
      leaseMs: options.leaseMs,
      onLeaseLost: () => options.logger.warn({ platform: 'teams' }, 'teams activity outlived its lease: a redelivery may have run it too'),
    }, async () => {
      const outcome = await work();
      if (outcome === 'done' && buffer.operations.length > 0) {
        journaled = await saveJournal(db, requestKey, { operations: buffer.operations, answer: answer() }, owner, new Date());
      }
      return outcome;
    });
  } finally {
    buffer.release();
  }
  if (status === 'ran') {
    await sendOperations(context, db, buffer.operations, journaled ? { requestKey, answer: answer(), owner } : undefined);
    return { ran: true };
  }
  // Done before, but some of what it had to send did not go: it goes now.
  const left = status === 'done' ? await findJournal(db, requestKey, new Date()) : undefined;
  if (left) {
    options.logger.info({ platform: 'teams', messages: left.operations.length }, 'teams activity repeated: sending what its turn could not');
    await sendOperations(context, db, left.operations, { requestKey, answer: left.answer, owner });
    return { ran: true, answer: left.answer };
  }
  options.logger.info({ platform: 'teams', status }, 'teams activity repeated: ignored');
  return { ran: false };
}
