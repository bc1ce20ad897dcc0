// The core's Messenger on Slack: a DM (conversations.open with one user), a group DM with the
// pair, or a circle's private channel (private-channel.ts), then chat.postMessage; chat.update
// after a click. A 429 is returned to the delivery
// queue with Slack's Retry-After; an unreachable person is reported, never retried, and never
// holds up anyone else's message.
import type { Db } from '../../src/db/repositories/db.ts';
import type { Person } from '../../src/domain/model.ts';
import { getPeople, setDeactivated } from '../../src/db/repositories/person.repository.ts';
import type { CopiesOutcome, LeaveSpaceOutcome, LookupOutcome, Messenger, Recipient, RemoveOutcome, SendOptions, SendOutcome, SentMessage, SpaceOutcome, SpaceRequest } from '../../src/ports/messenger.ts';
import type { UiContent } from '../../src/ui/model.ts';
import { contentBlocks, fallbackText } from './render/card.ts';
import { uploadFile } from './file-upload.ts';
import { mentionResolver, mentionResolverKnowing } from './people.ts';
import { openPrivateChannel } from './private-channel.ts';
import { classifySlackError } from './slack-errors.ts';
import type { SlackClients, WebClient } from './slack-clients.ts';

const DELIVERY_EVENT = 'mentor_delivery';
/** A lease is short; the message, if posted, is among the conversation's latest. */
const HISTORY_LOOKBACK = 50;

/** Slack returns message metadata only when asked (include_all_metadata). Oldest first (ts order). */
async function copiesIn(client: WebClient, channel: string, key: string): Promise<SentMessage[]> {
  const history = await client.conversations.history({ channel, limit: HISTORY_LOOKBACK, include_all_metadata: true });
  return (history.messages ?? [])
    .filter((m) => {
      const meta = (m as { metadata?: { event_type?: string; event_payload?: { key?: unknown } } }).metadata;
      return m.ts && meta?.event_type === DELIVERY_EVENT && meta.event_payload?.key === key;
    })
    .map((m) => ({ channelId: channel, messageId: m.ts! }))
    .sort((a, b) => Number(a.messageId) - Number(b.messageId));
}
/** A message's ts ("1700000000.000100"); a file posted by the bot is kept by its file id instead. */
const SLACK_TS = /^\d+\.\d+$/;
const ALREADY_GONE = new Set(['message_not_found', 'file_not_found', 'file_deleted']);
/** Slack will never let the bot remove it (the sweep stops asking). */
const REMOVAL_REFUSED = new Set(['cant_delete_message', 'cant_delete_file', 'compliance_exports_prevent_deletion']);

export interface SlackMessengerLogger { warn(obj: object, msg?: string): void }

export class SlackMessenger implements Messenger {
  readonly #clients: SlackClients;
  readonly #db: Db;
  readonly #logger: SlackMessengerLogger;
  readonly #now: () => Date;

  constructor(clients: SlackClients, db: Db, logger: SlackMessengerLogger, now: () => Date = () => new Date()) {
    this.#clients = clients;
    this.#db = db;
    this.#logger = logger;
    this.#now = now;
  }

  async send(workspaceId: string, to: Recipient, content: UiContent, options: SendOptions = {}): Promise<SendOutcome> {
    const personIds = to.kind === 'person' ? [to.personId] : [...to.personIds];
    const known = options.people ?? [];
    const people = await this.#recipients(personIds, known);
    if (people.length !== personIds.length) return { ok: false, reason: 'unreachable', detail: 'unknown person' };
    // Until the post itself is under way, a failure means nothing went out.
    let posting = false;
    try {
      const { client } = await this.#clients.forWorkspace(workspaceId);
      const channel = await this.#conversation(client, to, people);
      if (!channel) return { ok: false, reason: 'retry', detail: 'conversations.open gave no channel' };
      const resolve = content.kind === 'file' ? undefined : await mentionResolverKnowing(this.#db, known, content);
      if (options.stillMine && !(await options.stillMine())) return { ok: false, reason: 'fenced', detail: 'lease taken over before the post' };
      posting = true;
      if (content.kind === 'file') {
        const fileId = await uploadFile(client, channel, content);
        return fileId ? { ok: true, sent: { channelId: channel, messageId: fileId } } : { ok: false, reason: 'retry', detail: 'files.uploadV2 gave no file', uncertain: true };
      }
      // The delivery key rides along as message metadata, so findSent can recognise the message.
      const metadata = options.key ? { metadata: { event_type: DELIVERY_EVENT, event_payload: { key: options.key } } } : {};
      const posted = await client.chat.postMessage({ channel, blocks: contentBlocks(content, resolve!), text: fallbackText(content, resolve!), ...metadata } as never);
      if (!posted.ts) return { ok: false, reason: 'retry', detail: 'chat.postMessage gave no ts', uncertain: true };
      return { ok: true, sent: { channelId: channel, messageId: posted.ts } };
    } catch (err) {
      return this.#failure(err, to.kind === 'person' ? to.personId : undefined, posting);
    }
  }

  /** A circle's channel as it is; otherwise the DM or group DM with the people (conversations.open). */
  async #conversation(client: WebClient, to: Recipient, people: readonly Person[]): Promise<string | undefined> {
    if (to.kind === 'space') return to.spaceId;
    const opened = await client.conversations.open({ users: people.map((p) => p.platformUserId).join(',') });
    return opened.channel?.id;
  }

  async openSpace(workspaceId: string, request: SpaceRequest): Promise<SpaceOutcome> {
    const userIds = new Map(request.people.filter((p) => !p.erasedAt && !p.deactivatedAt).map((p) => [p.id, p.platformUserId] as const));
    try {
      const { client } = await this.#clients.forWorkspace(workspaceId);
      return await openPrivateChannel(client, request, userIds);
    } catch (err) {
      // No installation for the workspace, or no client: try again later.
      return { status: 'failed', detail: `open space: ${(err as Error)?.message ?? String(err)}`.slice(0, 300) };
    }
  }

  /**
   * Takes a person out of a circle's private channel (conversations.kick; bot scope groups:write).
   * Someone already out is `absent`; a missing scope, a workspace rule, or a channel the bot no
   * longer sees (removed from it, archived) is refused for good; a rate limit or a passing failure is tried again by the job.
   */
  async removeFromSpace(workspaceId: string, spaceId: string, platformUserId: string): Promise<LeaveSpaceOutcome> {
    try {
      const { client } = await this.#clients.forWorkspace(workspaceId);
      await client.conversations.kick({ channel: spaceId, user: platformUserId });
      return { status: 'removed' };
    } catch (err) {
      const code = (err as { data?: { error?: string } })?.data?.error;
      // Already out (a retry after the kick went through), or an account that is gone.
      if (code === 'not_in_channel' || code === 'user_not_found') return { status: 'absent' };
      const failure = classifySlackError(err);
      if (failure.kind === 'rate_limited') return { status: 'failed', detail: `conversations.kick: ${failure.detail}`, retryAfterMs: failure.retryAfterMs };
      if (failure.kind === 'transient') return { status: 'failed', detail: `conversations.kick: ${failure.detail}` };
      return { status: 'refused', detail: `conversations.kick: ${failure.detail}` };
    }
  }

  /** The recipients in the order given, read from the database only when not already known. */
  async #recipients(personIds: readonly string[], known: readonly Person[]): Promise<Person[]> {
    const byId = new Map(known.map((p) => [p.id, p]));
    const missing = personIds.filter((id) => !byId.has(id));
    for (const p of missing.length > 0 ? await getPeople(this.#db, missing) : []) byId.set(p.id, p);
    return personIds.flatMap((id) => byId.get(id) ?? []);
  }

  /**
   * Looks for a message posted with this delivery key among the conversation's latest ones. Slack
   * returns message metadata only when asked (include_all_metadata). Any failure to look is
   * reported as such, never as "not there".
   */
  async findSent(workspaceId: string, to: Recipient, key: string): Promise<LookupOutcome> {
    const personIds = to.kind === 'person' ? [to.personId] : [...to.personIds];
    const people = to.kind === 'space' ? [] : await getPeople(this.#db, personIds);
    try {
      const { client } = await this.#clients.forWorkspace(workspaceId);
      const channel = await this.#conversation(client, to, people);
      if (!channel) return { status: 'failed', detail: 'conversations.open gave no channel' };
      const copies = await copiesIn(client, channel, key);
      // The oldest copy is the delivered one; any later one is a second copy, removed by the core.
      const [first, ...others] = copies;
      return first ? { status: 'found', sent: first, ...(others.length > 0 ? { copies: others } : {}) } : { status: 'absent' };
    } catch (err) {
      const failure = classifySlackError(err);
      return { status: 'failed', detail: `lookup: ${failure.detail}`, ...(failure.kind === 'rate_limited' ? { retryAfterMs: failure.retryAfterMs } : {}) };
    }
  }

  /** Every message with this delivery key among the conversation's latest ones, oldest first. */
  async findCopies(workspaceId: string, channelId: string, key: string): Promise<CopiesOutcome> {
    try {
      const { client } = await this.#clients.forWorkspace(workspaceId);
      return { status: 'found', copies: await copiesIn(client, channelId, key) };
    } catch (err) {
      const failure = classifySlackError(err);
      return { status: 'failed', detail: `lookup: ${failure.detail}`, ...(failure.kind === 'rate_limited' ? { retryAfterMs: failure.retryAfterMs } : {}) };
    }
  }

  /**
   * Removes a second copy the bot posted (chat.delete; a bot token deletes only the bot's own
   * messages, which these are). A file shared by the bot is deleted with files.delete. Already
   * gone (message_not_found, file_not_found, file_deleted) counts as removed.
   */
  async remove(workspaceId: string, message: SentMessage): Promise<RemoveOutcome> {
    try {
      const { client } = await this.#clients.forWorkspace(workspaceId);
      if (SLACK_TS.test(message.messageId)) await client.chat.delete({ channel: message.channelId, ts: message.messageId });
      else await client.files.delete({ file: message.messageId });
      return { status: 'gone' };
    } catch (err) {
      const failure = classifySlackError(err);
      if (failure.kind !== 'rate_limited' && ALREADY_GONE.has(failure.detail)) return { status: 'gone' };
      return { status: 'failed', detail: `remove: ${failure.detail}`, permanent: failure.kind === 'permanent' || failure.kind === 'unreachable' || REMOVAL_REFUSED.has(failure.detail) };
    }
  }

  async update(workspaceId: string, message: SentMessage, content: UiContent): Promise<SendOutcome> {
    try {
      const { client } = await this.#clients.forWorkspace(workspaceId);
      const resolve = await mentionResolver(this.#db, content);
      await client.chat.update({ channel: message.channelId, ts: message.messageId, blocks: contentBlocks(content, resolve), text: fallbackText(content, resolve) } as never);
      return { ok: true, sent: message };
    } catch (err) {
      return this.#failure(err, undefined);
    }
  }

  async #failure(err: unknown, personId: string | undefined, posting = false): Promise<SendOutcome> {
    const failure = classifySlackError(err);
    if (failure.kind === 'rate_limited') return { ok: false, reason: 'retry', retryAfterMs: failure.retryAfterMs, detail: failure.detail };
    if (failure.kind === 'transient') return { ok: false, reason: 'retry', detail: failure.detail, ...(posting && failure.uncertain ? { uncertain: true } : {}) };
    this.#logger.warn({ detail: failure.detail, person: personId }, failure.kind === 'permanent' ? 'slack refused the message for good' : 'slack recipient unreachable');
    // A deactivated account will not come back for this program: later sends skip it at once.
    if (failure.kind === 'unreachable' && failure.accountGone && personId) await setDeactivated(this.#db, personId, this.#now());
    return { ok: false, reason: 'unreachable', detail: failure.detail };
  }
}
