// The bot core's one entry point. Adapters hand it commands, clicks, form submissions and home
// views; the job layer hands it timed work and deliveries. Each call runs in one transaction,
// and the work it schedules is queued only after that transaction has committed.
import type { ActionRef } from '../domain/action-ref.ts';
import type { CommandInput } from '../domain/commands/command.ts';
import { parseCommand } from '../domain/commands/parse-command.ts';
import type { Delivery, Person } from '../domain/model.ts';
import { QUIET_KINDS, quietHoldUntil } from '../domain/quiet-hours.ts';
import { inTransaction, type Db } from '../db/repositories/db.ts';
import {
  beginSending, cancelDelivery, getDeliveryWithPeople, holdsLease, markDeliveryFailed, recordDeliverySent, splitIntoCopies,
} from '../db/repositories/delivery.repository.ts';
import { listPairsOfPerson } from '../db/repositories/pair.repository.ts';
import { startedCirclesOf } from '../db/repositories/circle.repository.ts';
import { acceptedFlashIdsOf } from '../db/repositories/flash.repository.ts';
import { consumeActionNonce, releaseActionNonce } from '../db/repositories/request-dedup.repository.ts';
import type { LookupOutcome, Messenger, Recipient, SentMessage } from '../ports/messenger.ts';
import type { JobName, JobPayload, ScheduledJob } from '../ports/scheduler.ts';
import { cleanValue } from '../ui/clean-text.ts';
import { commandRefusalMessage, helpMessage } from '../ui/command-help.ts';
import { translator } from '../ui/i18n/t.ts';
import { message, type Card } from '../ui/model.ts';
import { richText } from '../ui/rich-text.ts';
import { resolveActor, type Actor } from './actor.ts';
import { commandPrefixFor } from './command-prefix.ts';
import { auditCopies, auditCopiesAt, extraCopiesFound, settleStrays, strayPosted } from './delivery-strays.ts';
import { AT_MOST_ONCE_KINDS, backoffMs, MAX_ATTEMPTS, MAX_THROTTLED_WAITS } from './delivery-policy.ts';
import { createActorCtx, createBaseCtx, deliveryJob, type ActorCtx, type BaseCtx, type CoreDeps } from './context.ts';
import { failedReply, reply, type Effect, type SubmitOutcome } from './effects.ts';
import { checkLeadTarget } from './lead-guard.ts';
import { buildRegistry, type FlowModule } from './registry.ts';

export interface BotCore {
  command(actor: Actor, input: CommandInput): Promise<readonly Effect[]>;
  /** A click: `ref` is the button's signed reference, `value` what a select or the button carried. */
  action(actor: Actor, ref: string, value?: string): Promise<readonly Effect[]>;
  /** A form step submitted: `ref` is the form's reference, `raw` the untrusted values by field id. */
  submit(actor: Actor, ref: string, raw: unknown): Promise<SubmitOutcome>;
  /** The person's home view (Slack App Home, Teams home card). */
  home(actor: Actor): Promise<readonly Card[]>;
  runJob(name: JobName, payload: JobPayload): Promise<void>;
  /** Sends one decided message (the `deliver` job); `admit` may hold it back for rate limits. */
  deliver(key: string, options?: DeliverOptions): Promise<DeliveryResult>;
}

export interface DeliverOptions {
  /**
   * Asked before sending with the delivery's workspace: 0 lets it go, a positive number of
   * milliseconds means "not yet" (the delivery is left untouched and RetryLaterError thrown).
   */
  admit?(workspaceId: string): Promise<number>;
}

/**
 * `superseded`: this sender's lease was taken over by another (it froze or ran past its lease);
 * it neither posted nor recorded anything, the new holder decides.
 */
export type DeliveryResult = 'sent' | 'already_done' | 'undeliverable' | 'cancelled' | 'missing' | 'superseded' | 'split';

/** Ends an attempt early with its result (failed for good, or the lease was lost). */
class DeliveryEndedError extends Error {
  readonly result: DeliveryResult;
  constructor(result: DeliveryResult) {
    super(result);
    this.result = result;
  }
}

/**
 * The recipient's next working morning when a prompt runs late into their night or weekend (see
 * domain/quiet-hours.ts). Its planned time is the payload's `plannedAt` when the flow knows it (a
 * check-in's due time: the prompt job itself may have run late), else when it was decided.
 */
function quietHold(delivery: { kind: string; payload: Record<string, unknown>; createdAt: Date }, people: readonly Person[], now: Date): Date | undefined {
  if (!QUIET_KINDS.has(delivery.kind) || people.length === 0) return undefined;
  const planned = typeof delivery.payload.plannedAt === 'string' ? new Date(delivery.payload.plannedAt) : undefined;
  const plannedAt = planned && !Number.isNaN(planned.getTime()) ? planned : delivery.createdAt;
  return quietHoldUntil(delivery.kind, plannedAt, now, people);
}

/** Who a delivery is for: its recipients (a group message lists several), else its person. */
const recipientIds = (delivery: Delivery): string[] => String(delivery.payload.recipients ?? delivery.personId ?? '').split(',').filter(Boolean);
/** The member a group message's copy is for (see splitIntoCopies); undefined for any other delivery. */
const copyFor = (delivery: Delivery): string | undefined => (typeof delivery.payload.copyFor === 'string' ? delivery.payload.copyFor : undefined);
/** The conversation the core opened for the group (a circle's), when the message goes there. */
const spaceOf = (delivery: Delivery): string | undefined => (typeof delivery.payload.space === 'string' ? delivery.payload.space : undefined);

/** Thrown by deliver() when the platform asked to try later; the job layer retries after the delay. */
export class RetryLaterError extends Error {
  readonly code = 'delivery.retry_later';
  readonly retryAfterMs: number | undefined;
  /** The workspace the platform pushed back on (a 429 slows that workspace's other sends too). */
  readonly workspaceId: string | undefined;
  /** True when the platform itself said "too many" (not our own limiter holding back). */
  readonly throttled: boolean;
  constructor(detail: string, retryAfterMs?: number, workspaceId?: string, throttled = false) {
    super(detail);
    this.retryAfterMs = retryAfterMs;
    this.workspaceId = workspaceId;
    this.throttled = throttled;
  }
}

/**
 * A delivery to a platform this process has no credentials for waits this long before it is looked
 * at again: once a restart brought the credentials, it goes out within this time.
 */
export const HELD_WITHOUT_CREDENTIALS_MS = 5 * 60_000;

/** A sender that dies mid-send frees the delivery after this long (deps.sendLeaseMs overrides). */
export const DEFAULT_SEND_LEASE_MS = 60_000;

/** How many times a piece of work runs when PostgreSQL cancels it for a conflict (see run below). */
export const TRANSACTION_ATTEMPTS = 3;

/** The SQLSTATE of a deadlock or a serialization failure, which running the transaction again resolves. */
function conflictCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '40P01' || code === '40001' ? code : undefined;
}

/** `target` whose every method call marks `outside` first. */
function marking<T extends object>(target: T, outside: { called: boolean }): T {
  return new Proxy(target, {
    get(t, key) {
      const value: unknown = Reflect.get(t, key, t);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => { outside.called = true; return (value as (...a: unknown[]) => unknown).apply(t, args); };
    },
  });
}

/** The dependencies as work sees them: a call to the calendar or the platform's conversations is noted. */
function watchingOutside<D extends CoreDeps>(deps: D, outside: { called: boolean }): D {
  return {
    ...deps,
    ...(deps.calendar ? { calendar: marking(deps.calendar, outside) } : {}),
    ...(deps.messenger ? { messenger: marking(deps.messenger, outside) } : {}),
  };
}

export function createBotCore(deps: CoreDeps & { readonly messenger: Messenger; readonly sendLeaseMs?: number }, modules: readonly FlowModule[]): BotCore {
  const registry = buildRegistry(modules);
  const sendLeaseMs = deps.sendLeaseMs ?? DEFAULT_SEND_LEASE_MS;
  const strayDeps = { db: deps.db, messenger: deps.messenger, logger: deps.logger, clock: deps.clock };

  /** Queues what a committed piece of work asked for: all at once when the scheduler can. */
  async function queue(pending: readonly ScheduledJob[]): Promise<void> {
    if (pending.length === 0) return;
    // The decision is committed; if queueing fails, reconciliation re-queues it from the database.
    const failed = (job: ScheduledJob) => (err: unknown) => deps.logger.error({ err, job: job.key }, 'could not queue job after commit');
    if (pending.length > 1 && deps.scheduler.scheduleMany) {
      const batched = await deps.scheduler.scheduleMany(pending).then(() => true, () => false);
      if (batched) return;
    }
    for (const job of pending) await deps.scheduler.schedule(job).catch(failed(job));
  }

  /**
   * Runs `work` in a transaction. One that PostgreSQL cancels to break a deadlock, or for a
   * serialization failure, is run again from the start (up to TRANSACTION_ATTEMPTS times), when the
   * work has not called anything outside the database yet (a calendar, a platform's conversations):
   * nothing of the cancelled attempt is left, and the person's request is not answered "something
   * went wrong" for a conflict with another request. Work that called outside is not repeated
   * (the call would be made twice): it fails as any database error does.
   */
  async function run<T>(work: (base: BaseCtx) => Promise<T>): Promise<T> {
    const now = deps.clock.now();
    for (let attempt = 1; ; attempt += 1) {
      const pending: ScheduledJob[] = [];
      const outside = { called: false };
      try {
        const result = await inTransaction(deps.db, (trx: Db) => work(createBaseCtx(watchingOutside(deps, outside), trx, now, pending)));
        await queue(pending);
        return result;
      } catch (err) {
        const code = conflictCode(err);
        if (!code || outside.called || attempt >= TRANSACTION_ATTEMPTS) throw err;
        deps.logger.warn({ code, attempt }, 'transaction cancelled by a conflict with another: run again');
      }
    }
  }

  /**
   * Reads outside a transaction (a composer only reads, at send time: one statement needs no
   * transaction around it); work it asks for is still queued afterwards.
   */
  async function read<T>(work: (base: BaseCtx) => Promise<T>): Promise<T> {
    const pending: ScheduledJob[] = [];
    const result = await work(createBaseCtx(deps, deps.db, deps.clock.now(), pending));
    await queue(pending);
    return result;
  }

  async function asActor<T>(from: Actor, work: (ctx: ActorCtx) => Promise<T>, onError: (ctx: ActorCtx | undefined) => T): Promise<T> {
    // Everything a platform says enters cleaned (clean-text.ts): a NUL would make PostgreSQL refuse the request.
    const actor = cleanValue(from);
    let ctx: ActorCtx | undefined;
    try {
      return await run(async (base) => {
        const resolved = await resolveActor(base.db, deps.directory, deps.admins, actor);
        ctx = createActorCtx(base, resolved, translator(resolved.locale));
        return work(ctx);
      });
    } catch (err) {
      deps.logger.error({ err, platform: actor.platform, user: actor.platformUserId }, 'request failed');
      return onError(ctx);
    }
  }

  const failure = (ctx: ActorCtx | undefined): Effect[] =>
    [failedReply(message(richText(translator(ctx?.locale ?? 'en')('error.unexpected'))))];

  async function verify(ctx: ActorCtx, refText: string): Promise<{ ok: true; ref: ActionRef } | { ok: false; effects: Effect[] }> {
    let verified = deps.signer.verify(refText, ctx.person.id, ctx.now);
    // A button on a message both members of a pair share (a Slack group DM) is signed for the
    // pair (see pairRef in context.ts): either member may press it, nobody else.
    if (!verified.ok && verified.reason === 'wrong_person') {
      for (const pair of await listPairsOfPerson(ctx.db, ctx.person.id)) {
        const forPair = deps.signer.verify(refText, pair.id, ctx.now);
        if (forPair.ok || forPair.reason !== 'wrong_person') { verified = forPair; break; }
      }
    }
    // A flash session's introduction (a Slack group DM) carries a button signed for the session.
    if (!verified.ok && verified.reason === 'wrong_person') {
      for (const sessionId of await acceptedFlashIdsOf(ctx.db, ctx.person.id)) {
        const forSession = deps.signer.verify(refText, sessionId, ctx.now);
        if (forSession.ok || forSession.reason !== 'wrong_person') { verified = forSession; break; }
      }
    }
    // A button in a circle's conversation is signed for the circle: any of its people may press it.
    if (!verified.ok && verified.reason === 'wrong_person') {
      for (const circle of await startedCirclesOf(ctx.db, ctx.person.id)) {
        const forCircle = deps.signer.verify(refText, circle.id, ctx.now);
        if (forCircle.ok || forCircle.reason !== 'wrong_person') { verified = forCircle; break; }
      }
    }
    if (verified.ok) return verified;
    deps.logger.warn({ reason: verified.reason, person: ctx.person.id }, 'action reference refused');
    const text = verified.reason === 'expired' ? ctx.t('action.expired') : ctx.t('action.refused');
    return { ok: false, effects: [reply(message(richText(text)))] };
  }

  /**
   * A group message on a platform without group conversations becomes one delivery per member
   * (splitIntoCopies), queued after commit: each member's copy is sent, retried with backoff or
   * reported undelivered on its own, and a member already reached is never sent it again.
   */
  async function sendAsCopies(delivery: Delivery, members: readonly string[], now: Date): Promise<DeliveryResult> {
    const lease = await beginSending(deps.db, delivery.id, now, sendLeaseMs);
    // Another sender is splitting it (or froze doing so): come back after its lease.
    if (!lease) throw new RetryLaterError('another sender holds this delivery', sendLeaseMs + 500, delivery.workspaceId);
    const keys = await inTransaction(deps.db, (trx: Db) => splitIntoCopies(trx, delivery, members, lease.token, lease.outcomeUnknown, deps.clock.now()));
    if (!keys) return 'superseded';
    for (const key of keys) {
      // The copies are committed; if queueing fails, the delivery sweep queues them.
      await deps.scheduler.schedule(deliveryJob(key)).catch((err: unknown) => deps.logger.error({ err, delivery: key }, 'could not queue a group message copy'));
    }
    return 'split';
  }

  return {
    command: (actor, input) => asActor(actor, async (ctx) => {
      const parsed = parseCommand(cleanValue(input));
      const options = { commandPrefix: commandPrefixFor(actor.platform), isLead: ctx.isLead, homeCommand: actor.platform === 'teams' };
      if (!parsed.ok) return [reply(commandRefusalMessage(ctx.locale, parsed, options))];
      const { command } = parsed;
      if (command.name.startsWith('admin.') && !ctx.isLead) {
        return [reply(message(richText(ctx.t('admin.not_a_lead'))))];
      }
      const handler = registry.commands.get(command.name);
      if (!handler) return [reply(helpMessage(ctx.locale, options))];
      return handler(ctx, command as never);
    }, failure),

    action: (actor, refText, value) => asActor(actor, async (ctx) => {
      const verified = await verify(ctx, refText);
      if (!verified.ok) return verified.effects;
      const handler = registry.actions.get(verified.ref.kind);
      if (!handler) return [reply(message(richText(ctx.t('action.refused'))))];
      // Before a one-shot reference is used up: a refused click leaves no trace.
      const refused = handler.lead && await checkLeadTarget(ctx, handler.lead, verified.ref);
      if (refused) return refused;
      if (handler.oneShot && !(await consumeActionNonce(ctx.db, verified.ref.nonce, ctx.person.id, verified.ref.expiresAt))) {
        deps.metrics?.repeatedRequest(actor.platform, 'one_shot_click');
        return [reply(message(richText(ctx.t('action.already_done'))))];
      }
      return handler.handle(ctx, verified.ref, value === undefined ? undefined : cleanValue(value));
    }, failure),

    submit: (actor, refText, raw) => asActor<SubmitOutcome>(actor, async (ctx) => {
      const verified = await verify(ctx, refText);
      if (!verified.ok) return { type: 'done', effects: verified.effects };
      const handler = registry.forms.get(verified.ref.kind);
      if (!handler) return { type: 'done', effects: [reply(message(richText(ctx.t('action.refused'))))] };
      const refused = handler.lead && await checkLeadTarget(ctx, handler.lead, verified.ref);
      if (refused) return { type: 'done', effects: refused };
      // A single-use form sent twice at once: the second waits on the first's record of the
      // reference, then finds it used.
      if (handler.oneShot && !(await consumeActionNonce(ctx.db, verified.ref.nonce, ctx.person.id, verified.ref.expiresAt))) {
        deps.metrics?.repeatedRequest(actor.platform, 'one_shot_form');
        return { type: 'done', effects: [reply(message(richText(ctx.t('action.already_done'))))] };
      }
      const outcome = await handler(ctx, verified.ref, cleanValue(raw));
      if (handler.oneShot && outcome.type === 'errors') await releaseActionNonce(ctx.db, verified.ref.nonce);
      return outcome;
    }, (ctx) => ({ type: 'done', effects: failure(ctx) })),

    home: (actor) => asActor(actor, async (ctx) => {
      const cards: Card[] = [];
      for (const section of registry.home) cards.push(...(await section(ctx)));
      return cards;
    }, () => []),

    async runJob(name, payload) {
      if (name === 'deliver') {
        await this.deliver(String(payload.key));
        return;
      }
      const handler = registry.jobs.get(name);
      if (!handler) throw new Error(`flows.unknown_job: no handler for job "${name}"`);
      await (handler.outsideTransaction ? read : run)((base) => handler(base, payload));
      // Second copies left by a process that died between posting and removing them (outside
      // the transaction: removing is a platform call).
      if (name === 'deliveries.sweep' || name === 'reconcile') {
        await settleStrays(strayDeps);
        await auditCopies(strayDeps);
      }
    },

    async deliver(key, options = {}) {
      const now = deps.clock.now();
      // The delivery with its recipients and the pair's members (whom the message may mention), in
      // one read; they are handed down: the quiet-hours check, the composer and the messenger read
      // no one again.
      const found = await getDeliveryWithPeople(deps.db, key);
      if (!found) return 'missing';
      const { delivery, people: known } = found;
      if (delivery.status === 'sent') return 'already_done';
      if (delivery.status === 'undeliverable' || delivery.status === 'cancelled' || delivery.status === 'split') return delivery.status;
      // No credentials for the workspace's platform in this process: held (no attempt used), not failed.
      const unavailable = await deps.messenger.unavailable?.(delivery.workspaceId);
      if (unavailable) throw new RetryLaterError(unavailable, HELD_WITHOUT_CREDENTIALS_MS, delivery.workspaceId);
      const ids = recipientIds(delivery);
      // A message to a space is one post in one conversation, never a copy per member.
      if (ids.length > 1 && !copyFor(delivery) && !spaceOf(delivery) && (await deps.messenger.copiesPerMember?.(delivery.workspaceId))) {
        return sendAsCopies(delivery, ids, now);
      }
      const byId = new Map(known.map((p) => [p.id, p]));
      // Each person's working hours; a group message waits for a time that suits all of them.
      const quietUntil = quietHold(delivery, (copyFor(delivery) ? [copyFor(delivery)!] : ids).flatMap((id) => byId.get(id) ?? []), now);
      if (quietUntil) throw new RetryLaterError('late prompt held for the recipient\'s working hours', quietUntil.getTime() - now.getTime(), delivery.workspaceId);
      const wait = (await options.admit?.(delivery.workspaceId)) ?? 0;
      if (wait > 0) throw new RetryLaterError('held back by the delivery rate limit', wait, delivery.workspaceId);
      const lease = await beginSending(deps.db, delivery.id, now, sendLeaseMs);
      if (!lease) {
        // Someone else is sending it. Come back when their lease ends: by then it is sent, or
        // they died and this attempt takes over (and checks the platform first).
        const leaseLeft = delivery.status === 'sending' ? sendLeaseMs - (now.getTime() - delivery.updatedAt.getTime()) : 1_000;
        throw new RetryLaterError('another sender holds this delivery', Math.max(1_000, leaseLeft + 500), delivery.workspaceId);
      }
      const { token } = lease;
      const at = () => deps.clock.now();
      // Records the delivered message; a stale sender's post recorded meanwhile is removed now.
      const recordSent = async (sent: SentMessage): Promise<boolean> => {
        // After an unsure attempt (a lost answer, a lease taken over) a copy no sender could record
        // may exist: the copies are audited later (delivery-strays.ts).
        const recorded = await recordDeliverySent(deps.db, delivery.id, sent, at(), token, lease.outcomeUnknown ? auditCopiesAt(at()) : undefined);
        if (recorded && recorded.strayPosts > 0) await settleStrays(strayDeps, delivery.id);
        return recorded !== undefined;
      };
      const giveUp = async (detail: string): Promise<DeliveryResult> => {
        deps.logger.warn({ delivery: delivery.idempotencyKey, detail }, 'delivery failed for good');
        deps.metrics?.undelivered(delivery.kind);
        return (await markDeliveryFailed(deps.db, delivery.id, detail, { final: true, token }, at())) ? 'undeliverable' : 'superseded';
      };
      // A passing failure uses an attempt and waits longer each time; the last one gives up.
      const failedAttempt = async (detail: string, outcomeUnknown: boolean): Promise<never> => {
        const attempts = lease.attempts + 1;
        if (attempts >= MAX_ATTEMPTS) {
          const result = await giveUp(`gave up after ${attempts} attempts: ${detail}${outcomeUnknown ? ' (the last one may have gone out)' : ''}`);
          throw new DeliveryEndedError(result);
        }
        if (!(await markDeliveryFailed(deps.db, delivery.id, detail, { final: false, outcomeUnknown, token }, at()))) throw new DeliveryEndedError('superseded');
        throw new RetryLaterError(detail, backoffMs(attempts), delivery.workspaceId);
      };
      // A 429 waits for the platform's delay without using an attempt, up to a ceiling.
      const throttled = async (detail: string, retryAfterMs: number, outcomeUnknown: boolean): Promise<never> => {
        if (lease.throttledWaits >= MAX_THROTTLED_WAITS) return failedAttempt(`${detail} (over ${MAX_THROTTLED_WAITS} rate-limit waits)`, outcomeUnknown);
        if (!(await markDeliveryFailed(deps.db, delivery.id, detail, { final: false, throttled: true, outcomeUnknown, token }, at()))) throw new DeliveryEndedError('superseded');
        throw new RetryLaterError(detail, retryAfterMs, delivery.workspaceId, true);
      };

      try {
        const people = ids.flatMap((id) => byId.get(id) ?? []);
        const reachable = people.filter((p: Person) => !p.erasedAt && !p.deactivatedAt);
        // A copy of a group message goes to its member only, written for the whole group.
        const member = copyFor(delivery);
        const reader = member === undefined ? undefined : reachable.find((p) => p.id === member);
        if (reachable.length === 0 || (member !== undefined && !reader)) return await giveUp('recipient erased or deactivated');
        const composer = registry.compose.get(delivery.kind);
        const content = composer
          ? await read((base) => composer(base, delivery, reachable, reader))
          : undefined;
        if (!content) {
          const cancelled = await cancelDelivery(deps.db, delivery.id, composer ? 'nothing to send any more' : `no composer for ${delivery.kind}`, now, token);
          return cancelled ? 'cancelled' : 'superseded';
        }
        const space = spaceOf(delivery);
        const to: Recipient = space ? { kind: 'space', spaceId: space, personIds: reachable.map((p) => p.id) }
          : reader ? { kind: 'person', personId: reader.id } : reachable.length === 1
          ? { kind: 'person', personId: reachable[0]!.id }
          : { kind: 'group', personIds: reachable.map((p) => p.id) };
        // An earlier attempt may have reached the platform (its answer was lost, or its sender
        // died or froze): look before posting again. A look-up that fails is retried later.
        if (lease.outcomeUnknown) {
          const looked = deps.messenger.findSent
            ? await deps.messenger.findSent(delivery.workspaceId, to, delivery.idempotencyKey)
                .catch((err: unknown): LookupOutcome => ({ status: 'failed', detail: `lookup: ${(err as Error)?.message ?? String(err)}` }))
            : { status: 'unsupported' as const };
          if (looked.status === 'found') {
            if (!(await recordSent(looked.sent))) return 'superseded';
            if (looked.copies?.length) await extraCopiesFound(strayDeps, delivery.id, looked.copies);
            return 'sent';
          }
          if (looked.status === 'failed') {
            return looked.retryAfterMs !== undefined ? await throttled(looked.detail, looked.retryAfterMs, true) : await failedAttempt(looked.detail, true);
          }
          if (looked.status === 'unsupported' && AT_MOST_ONCE_KINDS.has(delivery.kind)) {
            return await giveUp('outcome unknown and the platform cannot be asked: not sent again (at most once for this kind)');
          }
        }
        const outcome = await deps.messenger.send(delivery.workspaceId, to, content, {
          key: delivery.idempotencyKey,
          stillMine: () => holdsLease(deps.db, delivery.id, token),
          people: known,
        });
        if (outcome.ok) {
          if (await recordSent(outcome.sent)) return 'sent';
          // Posted after its lease was taken over (it froze past its last check): a stray.
          await strayPosted(strayDeps, delivery.id, outcome.sent);
          return 'superseded';
        }
        if (outcome.reason === 'fenced') return 'superseded';
        if (outcome.reason === 'unreachable') return await giveUp(outcome.detail);
        const unsure = outcome.uncertain === true;
        if (outcome.retryAfterMs !== undefined) return await throttled(outcome.detail, outcome.retryAfterMs, unsure);
        return await failedAttempt(outcome.detail, unsure);
      } catch (err) {
        if (err instanceof DeliveryEndedError) return err.result;
        throw err;
      }
    },
  };
}
