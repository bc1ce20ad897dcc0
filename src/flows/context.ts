// What every flow handler works with: the ports, the current transaction, the time, and helpers
// to sign action references, schedule work after commit, and decide to send a message.
import type { ActionRefSigner } from '../domain/action-ref.ts';
import type { ProgramTemplate } from '../domain/program-template.ts';
import type { Db } from '../db/repositories/db.ts';
import { recordAudit } from '../db/repositories/audit.repository.ts';
import { claimDelivery } from '../db/repositories/delivery.repository.ts';
import type { CalendarPort } from '../ports/calendar.ts';
import type { Clock } from '../ports/clock.ts';
import type { Directory } from '../ports/directory.ts';
import type { Messenger, Recipient } from '../ports/messenger.ts';
import type { ScheduledJob, Scheduler } from '../ports/scheduler.ts';
import type { Translate } from '../ui/i18n/t.ts';
import type { ResolvedActor, WorkspaceAdmin } from './actor.ts';

export interface CoreLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** What the core reports for /metrics (src/metrics.ts implements it); optional for tests. */
export interface CoreMetrics {
  /** One send attempt's outcome on a platform (`held_no_credentials`: not tried, the platform is not configured). */
  sendOutcome(platform: string, outcome: string): void;
  /** The platform answered 429. */
  rateLimitedBy(platform: string): void;
  /** A message given up for good. */
  undelivered(kind: string): void;
  matchRun(purpose: 'preview' | 'publish' | 'rematch', seconds: number): void;
  /** A repeated inbound request (or replayed one-shot click) that was not acted on again. */
  repeatedRequest(platform: string, kind: string): void;
}

export interface CoreDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly scheduler: Scheduler;
  readonly directory: Directory;
  readonly signer: ActionRefSigner;
  /** Workspace administrators (MENTOR_LEADS), each for one workspace id. */
  readonly admins: readonly WorkspaceAdmin[];
  readonly logger: CoreLogger;
  /** Public base URL of this server, for links (report pages); undefined when unknown. */
  readonly publicUrl?: string;
  /** What `admin program create` offers; the product's own templates when absent. */
  readonly programTemplates?: readonly ProgramTemplate[];
  readonly metrics?: CoreMetrics;
  /** The organisation's calendar (Microsoft 365 or Google Workspace), when one is configured. */
  readonly calendar?: CalendarPort;
  /** The platform's own conversations for a group (a circle's private channel or group chat). */
  readonly messenger?: Pick<Messenger, 'openSpace' | 'removeFromSpace'>;
  /** From this many mentee × mentor pairs a preview is matched by a job (match-preview.flow.ts); tests lower it. */
  readonly backgroundPreviewFromPairs?: number;
}

/** One message the core decided to send; its key makes it happen once, whoever asks again. */
export interface Notification {
  readonly workspaceId: string;
  /** Delivery kind, the name of the composer that writes it (see flows/registry.ts). */
  readonly kind: string;
  readonly to: Recipient;
  /** Idempotency key, e.g. `checkin:<checkinId>` or `proposal:<matchId>:<personId>`. */
  readonly key: string;
  /** Ids the composer needs; never message text. */
  readonly payload?: Readonly<Record<string, string | number | boolean | null>>;
  readonly matchId?: string | null;
  /** Send later rather than now. */
  readonly sendAt?: Date;
}

export interface BaseCtx {
  readonly deps: CoreDeps;
  /** The current transaction: use this, never deps.db, inside a handler. */
  readonly db: Db;
  readonly now: Date;
  /** Schedules work once the current transaction has committed. */
  later(job: ScheduledJob): void;
  /** Records the decision to send (in the transaction) and queues the delivery after commit. */
  notify(notification: Notification): Promise<void>;
  audit(entry: { workspaceId: string; actorId: string | null; action: string; targetType?: string; targetId?: string; details?: Record<string, unknown> }): Promise<void>;
}

export interface ActorCtx extends BaseCtx, ResolvedActor {
  readonly t: Translate;
  /** A signed reference for a button or form, usable only by this actor. */
  ref(kind: string, subjects: readonly string[], ttlHours?: number): string;
}

const DEFAULT_REF_TTL_HOURS = 24 * 45;

/**
 * A signed reference for a button on a message both members of a pair read together (a group
 * DM): either member may press it (bot.ts accepts it from a member of the pair).
 */
export function pairRef(base: BaseCtx, pairId: string, kind: string, subjects: readonly string[], ttlHours = DEFAULT_REF_TTL_HOURS): string {
  return base.deps.signer.sign({ kind, subjects, personId: pairId, expiresAt: new Date(base.now.getTime() + ttlHours * 3_600_000) });
}

/** `fresh`: the delivery row was created just now, so no job can exist under its key yet. */
export function deliveryJob(key: string, sendAt?: Date, fresh = false): ScheduledJob {
  return { name: 'deliver', key: `deliver:${key}`, payload: { key }, ...(sendAt ? { runAt: sendAt } : {}), ...(fresh ? { fresh } : {}) };
}

export function createBaseCtx(deps: CoreDeps, db: Db, now: Date, pending: ScheduledJob[]): BaseCtx {
  return {
    deps, db, now,
    later: (job) => { pending.push(job); },
    async notify(n) {
      const personIds = n.to.kind === 'person' ? [n.to.personId] : [...n.to.personIds];
      const { created, delivery } = await claimDelivery(db, {
        workspaceId: n.workspaceId, idempotencyKey: n.key, kind: n.kind,
        personId: n.to.kind === 'person' ? n.to.personId : null, matchId: n.matchId ?? null,
        // The planned time of a message sent later is its send time (quiet hours measure lateness from it).
        payload: {
          ...(n.sendAt ? { plannedAt: n.sendAt.toISOString() } : {}), ...n.payload, recipients: personIds.join(','),
          ...(n.to.kind === 'space' ? { space: n.to.spaceId } : {}),
        },
        createdAt: now,
      });
      if (created || delivery.status !== 'sent') pending.push(deliveryJob(n.key, n.sendAt, created));
    },
    async audit(entry) {
      await recordAudit(db, { ...entry, at: now });
    },
  };
}

export function createActorCtx(base: BaseCtx, actor: ResolvedActor, t: Translate): ActorCtx {
  return {
    ...base, ...actor, t,
    ref: (kind, subjects, ttlHours = DEFAULT_REF_TTL_HOURS) => base.deps.signer.sign({
      kind, subjects, personId: actor.person.id, expiresAt: new Date(base.now.getTime() + ttlHours * 3_600_000),
    }),
  };
}
