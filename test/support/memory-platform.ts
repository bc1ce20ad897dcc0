// The in-memory platform of the conversation tests: a real bot core on a real database, with
// fakes only for what lives outside (the chat platform, the queue, the clock). People type
// commands, fill forms and click buttons as they would in Slack or Teams, and read what the bot
// showed them as plain text.
import type { ProgramTemplate } from '../../src/domain/program-template.ts';
import { randomBytes } from 'node:crypto';
import type { DatabaseKind } from '../../src/db/connect.ts';
import { createActionRefSigner, type ActionRefSigner } from '../../src/domain/action-ref.ts';
import type { Platform } from '../../src/domain/model.ts';
import type { Actor, WorkspaceAdmin } from '../../src/flows/actor.ts';
import { createBotCore, RetryLaterError, type BotCore } from '../../src/flows/bot.ts';
import type { Effect, SubmitOutcome } from '../../src/flows/effects.ts';
import type { CoreMetrics } from '../../src/flows/context.ts';
import { allFlows } from '../../src/flows/index.ts';
import type { FlowModule } from '../../src/flows/registry.ts';
import { CalendarThrottledError, type CalendarPort } from '../../src/ports/calendar.ts';
import type { Directory, PlatformProfile } from '../../src/ports/directory.ts';
import type { LookupOutcome, Messenger, Recipient, SendOptions, SendOutcome, SentMessage, SpaceOutcome, SpaceRequest } from '../../src/ports/messenger.ts';
import type { ScheduledJob, Scheduler } from '../../src/ports/scheduler.ts';
import type { Form } from '../../src/ui/form.ts';
import type { ButtonAction, Card, UiContent } from '../../src/ui/model.ts';
import { renderCard, renderFile, renderForm, renderMessage } from '../../src/ui/render-text.ts';
import { createTestDatabase, type TestDatabase } from './databases.ts';

export class ManualClock {
  #now: Date;
  constructor(start: Date) { this.#now = new Date(start); }
  now(): Date { return new Date(this.#now); }
  set(at: Date): void { this.#now = new Date(at); }
  advance(ms: number): void { this.#now = new Date(this.#now.getTime() + ms); }
}

/** Jobs kept by key, like the real queue's deterministic ids; run when the test moves time. */
export class MemoryScheduler implements Scheduler {
  readonly jobs = new Map<string, ScheduledJob & { runAt: Date }>();
  readonly #clock: ManualClock;
  constructor(clock: ManualClock) { this.#clock = clock; }
  async schedule(job: ScheduledJob): Promise<void> {
    this.jobs.set(job.key, { ...job, runAt: job.runAt ?? this.#clock.now() });
  }
  async cancel(key: string): Promise<void> { this.jobs.delete(key); }
  due(now: Date): Array<ScheduledJob & { runAt: Date }> {
    return [...this.jobs.values()].filter((j) => j.runAt <= now).sort((a, b) => a.runAt.getTime() - b.runAt.getTime() || a.key.localeCompare(b.key));
  }
  pending(name?: string): Array<ScheduledJob & { runAt: Date }> {
    return [...this.jobs.values()].filter((j) => !name || j.name === name);
  }

  /**
   * Runs the jobs due now, those they schedule for now included, one at a time like the queue;
   * a job that asks to be retried later (RetryLaterError) is put back that much later.
   */
  async runDue(core: Pick<BotCore, 'runJob'>): Promise<void> {
    for (let guard = 0; guard < 10_000; guard += 1) {
      const [job] = this.due(this.#clock.now());
      if (!job) return;
      this.jobs.delete(job.key);
      try {
        await core.runJob(job.name, job.payload);
      } catch (err) {
        // As the queue's workers: a delivery asking for later, or a calendar answering 429, is put back.
        if (!(err instanceof RetryLaterError) && !(err instanceof CalendarThrottledError)) throw err;
        await this.schedule({ ...job, runAt: new Date(this.#clock.now().getTime() + (err.retryAfterMs ?? 1_000)) });
      }
    }
    throw new Error('memory scheduler: jobs keep scheduling jobs that are due at once');
  }

  /** Moves the clock forward by `ms`, running every job at the moment it was scheduled for. */
  async advance(ms: number, core: Pick<BotCore, 'runJob'>): Promise<void> {
    const target = this.#clock.now().getTime() + ms;
    for (;;) {
      await this.runDue(core);
      const next = [...this.jobs.values()].map((j) => j.runAt.getTime()).filter((t) => t <= target).sort((a, b) => a - b)[0];
      if (next === undefined) break;
      this.#clock.set(new Date(Math.max(next, this.#clock.now().getTime())));
    }
    this.#clock.set(new Date(target));
    await this.runDue(core);
  }
}

export class MemoryDirectory implements Directory {
  readonly profiles = new Map<string, PlatformProfile>();
  readonly audiences = new Map<string, string[]>();
  async profile(_workspace: string, platformUserId: string) { return this.profiles.get(platformUserId); }
  async members(_workspace: string, audience: string) { return this.audiences.get(audience) ?? []; }
}

export interface Delivered { to: Recipient; content: UiContent; sent: SentMessage; key: string | undefined }

export class MemoryMessenger implements Messenger {
  readonly delivered: Delivered[] = [];
  /** Person ids the platform refuses to reach, and ones that are rate limited for a while. */
  readonly unreachable = new Set<string>();
  readonly rateLimited = new Set<string>();
  /** Faults to come: posts recorded whose answer is lost, posts refused for now, look-ups that fail. */
  faults = { loseAnswers: 0, failSends: 0, failLookups: 0 };
  lookups = 0;
  /**
   * Conversations opened for groups (circles), by name, like a platform that finds its own
   * conversation again by name. `spaces: false`: the platform has none (Teams without Graph).
   * `failSpaces`: the next N openings fail for now; `loseSpaceAnswers`: the next N open the
   * conversation but their answer is lost.
   */
  readonly opened = new Map<string, { id: string; members: string[] }>();
  spaceCalls = 0;
  spaces = true;
  spaceFaults = { failSpaces: 0, loseSpaceAnswers: 0 };
  /** Freezes the next send before its post (or after it, before answering) until `until` settles. */
  hold: { when: 'before' | 'after'; until: Promise<void>; reached: () => void } | undefined;
  #next = 1;
  async #freeze(when: 'before' | 'after'): Promise<void> {
    const hold = this.hold;
    if (hold?.when !== when) return;
    this.hold = undefined;
    hold.reached();
    await hold.until;
  }
  async send(_workspaceId: string, to: Recipient, content: UiContent, options?: SendOptions): Promise<SendOutcome> {
    const ids = to.kind === 'person' ? [to.personId] : to.personIds;
    await this.#freeze('before');
    if (ids.some((id) => this.unreachable.has(id))) return { ok: false, reason: 'unreachable', detail: 'account_inactive' };
    if (ids.some((id) => this.rateLimited.has(id))) return { ok: false, reason: 'retry', retryAfterMs: 1_000, detail: 'ratelimited' };
    if (this.faults.failSends > 0) {
      this.faults.failSends -= 1;
      return { ok: false, reason: 'retry', detail: 'internal_error' };
    }
    if (options?.stillMine && !(await options.stillMine())) return { ok: false, reason: 'fenced', detail: 'lease taken over' };
    const sent = { channelId: to.kind === 'space' ? to.spaceId : ids.join('+'), messageId: String(this.#next++) };
    this.delivered.push({ to, content, sent, key: options?.key });
    await this.#freeze('after');
    if (this.faults.loseAnswers > 0) {
      this.faults.loseAnswers -= 1;
      return { ok: false, reason: 'retry', detail: 'timeout', uncertain: true };
    }
    return { ok: true, sent };
  }
  async findSent(_workspaceId: string, _to: Recipient, key: string): Promise<LookupOutcome> {
    this.lookups += 1;
    if (this.faults.failLookups > 0) {
      this.faults.failLookups -= 1;
      return { status: 'failed', detail: 'lookup: http_500' };
    }
    const sent = this.delivered.find((d) => d.key === key)?.sent;
    return sent ? { status: 'found', sent } : { status: 'absent' };
  }
  async openSpace(_workspaceId: string, request: SpaceRequest): Promise<SpaceOutcome> {
    this.spaceCalls += 1;
    if (!this.spaces) return { status: 'unsupported', detail: 'no group conversations here' };
    if (this.spaceFaults.failSpaces > 0) {
      this.spaceFaults.failSpaces -= 1;
      return { status: 'failed', detail: 'internal_error' };
    }
    const found = this.opened.get(request.name) ?? { id: `S${this.opened.size + 1}`, members: [] };
    found.members = [...new Set([...found.members, ...request.people.map((p) => p.id)])];
    this.opened.set(request.name, found);
    if (this.spaceFaults.loseSpaceAnswers > 0) {
      this.spaceFaults.loseSpaceAnswers -= 1;
      throw new Error('socket hang up');
    }
    return { status: 'opened', spaceId: found.id, name: request.name, left: [] };
  }
  async update(_workspaceId: string, message: SentMessage, content: UiContent): Promise<SendOutcome> {
    const found = this.delivered.find((d) => d.sent.messageId === message.messageId);
    if (found) found.content = content;
    return { ok: true, sent: message };
  }
  to(personId: string): Delivered[] {
    return this.delivered.filter((d) => (d.to.kind === 'person' ? d.to.personId === personId : d.to.personIds.includes(personId)));
  }
}

const silentLogger = { info: () => {}, warn: () => {}, error: () => {} };

export interface MemoryPlatformOptions {
  platform?: Platform;
  start?: Date;
  /** Workspace administrators (MENTOR_LEADS) of the platform's workspace, by platform user id. */
  leads?: readonly string[];
  /** Administrators of any workspace, as MENTOR_LEADS gives them (added to `leads`). */
  admins?: readonly WorkspaceAdmin[];
  flows?: readonly FlowModule[];
  /** What `admin program create` offers; the product's own templates when absent. */
  programTemplates?: readonly ProgramTemplate[];
  /** The organisation's calendar (a Graph or Google client against a local fake). */
  calendar?: CalendarPort;
  /** The server's public address: the report card then links to the report page. */
  publicUrl?: string;
  /** From this many mentee × mentor pairs a preview is matched by a job (the product's threshold when absent). */
  backgroundPreviewFromPairs?: number;
  /** What the core reports for /metrics (none when absent). */
  metrics?: CoreMetrics;
}

export interface MemoryPlatform {
  readonly core: BotCore;
  readonly database: TestDatabase;
  readonly clock: ManualClock;
  readonly scheduler: MemoryScheduler;
  readonly directory: MemoryDirectory;
  readonly messenger: MemoryMessenger;
  /** The core's reference signer, for tests that forge or hand-make button references. */
  readonly signer: ActionRefSigner;
  /** Display names of the people the tests have met, by person id (for rendering mentions). */
  readonly names: Map<string, string>;
  /** A person of the workspace, known to the directory; `platformUserId` defaults to a name-based id. */
  person(name: string, profile?: Partial<PlatformProfile>): TestPerson;
  /** Moves time forward and runs every job that falls due (jobs scheduled by jobs included). */
  advance(ms: number): Promise<void>;
  /** Runs the jobs already due without moving time. */
  runDueJobs(): Promise<void>;
  dispose(): Promise<void>;
}

export async function createMemoryPlatform(kind: DatabaseKind, options: MemoryPlatformOptions = {}): Promise<MemoryPlatform> {
  const database = await createTestDatabase(kind);
  const clock = new ManualClock(options.start ?? new Date('2027-03-01T09:00:00Z'));
  const scheduler = new MemoryScheduler(clock);
  const directory = new MemoryDirectory();
  const messenger = new MemoryMessenger();
  const signer = createActionRefSigner({ current: randomBytes(32) });
  const platform = options.platform ?? 'memory';
  const core = createBotCore({
    db: database.db, clock, scheduler, directory, signer, messenger,
    admins: [...(options.leads ?? []).map((platformUserId) => ({ workspaceExternalId: 'T_ACME', platformUserId })), ...(options.admins ?? [])], logger: silentLogger,
    ...(options.programTemplates ? { programTemplates: options.programTemplates } : {}),
    ...(options.calendar ? { calendar: options.calendar } : {}),
    ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
    ...(options.backgroundPreviewFromPairs !== undefined ? { backgroundPreviewFromPairs: options.backgroundPreviewFromPairs } : {}),
    ...(options.metrics ? { metrics: options.metrics } : {}),
  }, options.flows ?? allFlows);
  const names = new Map<string, string>();

  const runDueJobs = () => scheduler.runDue(core);

  const env: MemoryPlatform = {
    core, database, clock, scheduler, directory, messenger, signer, runDueJobs, names,
    person(name, profile = {}) {
      const platformUserId = profile.platformUserId ?? `U_${name.toUpperCase()}`;
      directory.profiles.set(platformUserId, {
        platformUserId, displayName: name, locale: 'en-US', timezone: 'Europe/Paris', email: `${name.toLowerCase()}@example.com`, ...profile,
      });
      return new TestPerson(env, { platform, workspaceExternalId: 'T_ACME', workspaceName: 'Acme', platformUserId }, name);
    },
    advance: (ms) => scheduler.advance(ms, core),
    dispose: () => database.dispose(),
  };
  return env;
}

/** What one person sees and does. Everything shown to them is kept, newest last. */
export class TestPerson {
  readonly seen: Array<UiContent | Form> = [];
  openForm: Form | undefined;
  lastErrors: Readonly<Record<string, string>> | undefined;
  readonly env: MemoryPlatform;
  readonly actor: Actor;
  readonly name: string;

  constructor(env: MemoryPlatform, actor: Actor, name: string) {
    this.env = env;
    this.actor = actor;
    this.name = name;
  }

  /** Types a command: "/mentor find" or "find". */
  async type(text: string): Promise<readonly Effect[]> {
    const effects = await this.env.core.command(this.actor, { text: text.replace(/^\/mentor\s*/, '') });
    await this.id();
    this.apply(effects);
    return effects;
  }

  /** Presses a button, found by its label (or a part of it), on the newest card that has it. */
  async click(label: string, value?: string): Promise<readonly Effect[]> {
    const button = this.findButton(label);
    const effects = await this.env.core.action(this.actor, button.ref, value);
    this.apply(effects);
    return effects;
  }

  /** Sends a raw reference, as a forged or replayed click would. */
  async clickRef(ref: string, value?: string): Promise<readonly Effect[]> {
    const effects = await this.env.core.action(this.actor, ref, value);
    await this.id();
    this.apply(effects);
    return effects;
  }

  /** Submits the open form with values by field id. */
  async submit(values: Record<string, unknown>): Promise<SubmitOutcome> {
    if (!this.openForm) throw new Error(`${this.name} has no open form`);
    const outcome = await this.env.core.submit(this.actor, this.openForm.ref, values);
    this.lastErrors = undefined;
    if (outcome.type === 'errors') this.lastErrors = outcome.errors;
    else if (outcome.type === 'next') { this.openForm = outcome.form; this.seen.push(outcome.form); }
    else { this.openForm = undefined; this.apply(outcome.effects); }
    return outcome;
  }

  async home(): Promise<readonly Card[]> {
    const cards = await this.env.core.home(this.actor);
    await this.id();
    return cards;
  }

  /** Cards and messages delivered to this person outside their own requests (DMs, group DMs). */
  inbox(): UiContent[] {
    const me = this.personId();
    return me ? this.env.messenger.to(me).map((d) => d.content) : [];
  }

  /** Everything this person has seen, as text: replies, forms and their inbox. */
  text(): string {
    return [...this.seen, ...this.inbox()].map((c) => render(c, this.env.names)).join('\n---\n');
  }

  lastReply(): string {
    const last = this.seen.at(-1);
    return last ? render(last, this.env.names) : '';
  }

  /** The person's id once the bot has met them (after their first request, or once mentioned). */
  personId(): string | undefined {
    return this.#personId;
  }

  #personId: string | undefined;

  /** Resolves this person's id in the database; fails if the bot has never met them. */
  async id(): Promise<string> {
    if (this.#personId) return this.#personId;
    const row = await this.env.database.db.selectFrom('people').select('id').where('platform_user_id', '=', this.actor.platformUserId).executeTakeFirstOrThrow();
    this.#personId = row.id;
    this.env.names.set(row.id, this.name);
    return row.id;
  }

  private apply(effects: readonly Effect[]): void {
    for (const effect of effects) {
      if (effect.type === 'open_form') { this.openForm = effect.form; this.seen.push(effect.form); }
      else this.seen.push(effect.content);
    }
  }

  private findButton(label: string): ButtonAction {
    const candidates = [...this.inbox(), ...this.seen].reverse();
    for (const content of candidates) {
      if (content.kind !== 'card') continue;
      const button = content.actions.find((a): a is ButtonAction => a.kind === 'button' && a.label.includes(label));
      if (button) return button;
    }
    throw new Error(`${this.name} sees no button "${label}". They see:\n${this.text()}`);
  }
}

function render(content: UiContent | Form, names: ReadonlyMap<string, string>): string {
  const options = { nameOf: (id: string) => names.get(id) ?? id };
  switch (content.kind) {
    case 'message': return renderMessage(content, options);
    case 'card': return renderCard(content, options);
    case 'file': return renderFile(content);
    case 'form': return renderForm(content, options);
  }
}
