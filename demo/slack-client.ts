// A simulated Slack client for one person: it sends what Slack itself would send to the app's
// POST /slack/events (a slash command, a button click, a modal submission), signed with the
// signing secret, and reads what the app sent back through the fake Web API.
import { createHmac, randomBytes } from 'node:crypto';
import { findButton, modalState } from './blocks.ts';
import type { FakeCall, FakeSlack, FakeUser, Json, SlackMessage } from './fake-slack.ts';

export const TEAM = { id: 'T_DEMO', domain: 'acme-demo' } as const;

export interface SlackEndpoint {
  readonly eventsUrl: string;
  readonly signingSecret: string;
  readonly fake: FakeSlack;
  /** Requests the bot acknowledged after Slack's 3 seconds (a loaded machine); the run says how many. */
  lateAcks: number;
}

export async function postSigned(endpoint: SlackEndpoint, body: string, contentType: string): Promise<string> {
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac('sha256', endpoint.signingSecret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  const headers = { 'content-type': contentType, 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature };
  // A kept-alive connection the server has just closed fails at once; Slack sends such a request
  // again (the app recognises a repeat), and so does this client, once.
  const res = await fetch(endpoint.eventsUrl, { method: 'POST', body, headers })
    .catch(() => fetch(endpoint.eventsUrl, { method: 'POST', body, headers: { ...headers, 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_error' } }));
  const text = await res.text();
  // Bolt answers 404 to a request no listener acknowledged within Slack's 3 seconds, and the
  // listener goes on. Real Slack would show the person an error and they would try again, which
  // the bot takes as a repeat; here the person waits for what the request does, and whatever it
  // failed to do (a modal's next step comes in the acknowledgement) shows in the checks against
  // the database. The run counts these and says so.
  if (res.status === 404) {
    endpoint.lateAcks += 1;
    return '';
  }
  if (res.status !== 200) throw new Error(`POST /slack/events answered ${res.status}: ${text.slice(0, 200)}`);
  return text;
}

/** The delivery key the messenger puts in each message's metadata (proposal:…, checkin:…). */
export const deliveryKey = (m: SlackMessage): string => String(m.metadata?.event_payload?.key ?? '');

const FORM = 'application/x-www-form-urlencoded';
const interactivity = (payload: Json): string => new URLSearchParams({ payload: JSON.stringify(payload) }).toString();

/** The bot answered with a message where a modal was expected (a refusal, e.g. "This pulse is closed."). */
export class NoModalError extends Error {
  readonly reply: string;
  constructor(what: string, reply: string) {
    super(`${what} opened no modal; the bot answered: ${reply.slice(0, 300)}`);
    this.reply = reply;
  }
}

export interface Outcome {
  /** The modal the app opened for this request, if any. */
  readonly modal?: Json;
  /** Ephemeral replies posted to this request's response_url. */
  readonly replies: readonly SlackMessage[];
}

export class SlackPerson {
  readonly user: FakeUser;
  readonly #endpoint: SlackEndpoint;
  #modals = 0;
  /** Signed requests this person's client sent to the bot. */
  requests = 0;

  constructor(endpoint: SlackEndpoint, user: FakeUser) {
    this.#endpoint = endpoint;
    this.user = user;
    endpoint.fake.users.set(user.id, user);
  }

  get id(): string { return this.user.id; }
  get #fake(): FakeSlack { return this.#endpoint.fake; }
  #userObject(): Json { return { id: this.id, username: this.user.name, name: this.user.name, team_id: TEAM.id }; }
  #trigger(): string { return `${Date.now()}.${randomBytes(4).readUInt32BE()}.${randomBytes(8).toString('hex')}`; }

  /** Every message in this person's DM and group DMs with the bot, oldest first. */
  inbox(): SlackMessage[] {
    const mine = [...this.#fake.channels.entries()].filter(([channel]) => this.#mine(channel));
    return mine.flatMap(([, list]) => list).sort((a, b) => Number(a.ts) - Number(b.ts));
  }

  /**
   * The newest message whose delivery key (message metadata) starts with `prefix`, once it
   * arrives; with `skip`, the oldest one whose key is not in it.
   */
  async waitForMessage(prefix: string, timeoutMs?: number, skip?: ReadonlySet<string>): Promise<SlackMessage> {
    const find = () => {
      const matching = this.inbox().filter((m) => deliveryKey(m).startsWith(prefix));
      return skip ? matching.find((m) => !skip.has(deliveryKey(m))) : matching.at(-1);
    };
    const found = find();
    if (found) return found;
    // Woken by each message posted to this person's channels, rather than polling the inbox.
    const key = (c: FakeCall) => String(((c.args.metadata as Json | undefined)?.event_payload as Json | undefined)?.key ?? '');
    await this.#fake.waitForCall((c) => c.method === 'chat.postMessage' && this.#mine(String(c.args.channel)) && key(c).startsWith(prefix) && !skip?.has(key(c)),
      `a "${prefix}…" message to ${this.user.name}`, timeoutMs);
    return find()!;
  }

  #post(body: string, contentType: string): Promise<string> {
    this.requests += 1;
    return postSigned(this.#endpoint, body, contentType);
  }

  #mine(channel: string): boolean {
    return channel === `D-${this.id}` || (channel.startsWith('G-') && channel.slice(2).split('+').includes(this.id));
  }

  /** Types `/mentor <text>` and waits for the modal it opens or its first `replies` replies. */
  async command(text: string, expect: { modal?: boolean; replies?: number; settleMs?: number } = {}): Promise<Outcome> {
    const responseUrl = this.#fake.newResponseUrl();
    const triggerId = this.#trigger();
    await this.#post(new URLSearchParams({
      token: 'demo', team_id: TEAM.id, team_domain: TEAM.domain, channel_id: `D-${this.id}`, channel_name: 'directmessage',
      user_id: this.id, user_name: this.user.name, command: '/mentor', text, api_app_id: 'A_DEMO', is_enterprise_install: 'false',
      response_url: responseUrl, trigger_id: triggerId,
    }).toString(), FORM);
    return this.#await(triggerId, responseUrl, undefined, expect, `/mentor ${text} (${this.user.name})`);
  }

  /** Clicks the newest button whose label matches in the message, like the person would. */
  async click(message: SlackMessage, label: RegExp, expect: { modal?: boolean } = {}): Promise<Outcome> {
    const button = findButton(message.blocks, label);
    if (!button) throw new Error(`${this.user.name} sees no button ${String(label)} in: ${message.text.slice(0, 300)}`);
    const responseUrl = this.#fake.newResponseUrl();
    const triggerId = this.#trigger();
    await this.#post(interactivity({
      type: 'block_actions', user: this.#userObject(), api_app_id: 'A_DEMO', token: 'demo', trigger_id: triggerId,
      team: { id: TEAM.id, domain: TEAM.domain }, enterprise: null, is_enterprise_install: false, state: { values: {} },
      container: { type: 'message', message_ts: message.ts, channel_id: message.channel || `D-${this.id}`, is_ephemeral: message.channel === '' },
      channel: { id: message.channel || `D-${this.id}`, name: 'directmessage' },
      message: { type: 'message', user: 'UBOT', bot_id: 'BBOT', ts: message.ts, text: message.text, blocks: message.blocks },
      response_url: responseUrl,
      actions: [{ type: 'button', block_id: 'b', action_id: button.action_id, text: button.text, value: button.value, action_ts: `${Date.now() / 1000}` }],
    }), FORM);
    return this.#await(triggerId, responseUrl, message, expect, `a click on ${String(label)} (${this.user.name})`);
  }

  /**
   * Submits the modal with values by field id. Returns the next step when the app answers with
   * one; throws with the app's per-field messages when it refuses the values.
   */
  async submit(modal: Json, values: Readonly<Record<string, unknown>>): Promise<Json | undefined> {
    const view = { ...modal, id: modal.id ?? `V-${this.id}-${++this.#modals}`, hash: `h${++this.#modals}`, team_id: TEAM.id, app_id: 'A_DEMO', bot_id: 'BBOT' };
    const ack = await this.#post(interactivity({
      type: 'view_submission', team: { id: TEAM.id, domain: TEAM.domain }, user: this.#userObject(), api_app_id: 'A_DEMO',
      token: 'demo', trigger_id: this.#trigger(), enterprise: null, is_enterprise_install: false, response_urls: [],
      view: { ...view, state: { values: modalState(modal, values) }, root_view_id: view.id, previous_view_id: null },
    }), FORM);
    const answer = ack ? JSON.parse(ack) as Json : {};
    if (answer.response_action === 'errors') throw new Error(`${this.user.name}: the modal refused the answers: ${JSON.stringify(answer.errors)}`);
    if (answer.response_action === 'update') return { ...(answer.view as Json), id: view.id };
    return undefined;
  }

  async #await(triggerId: string, responseUrl: string, source: SlackMessage | undefined, expect: { modal?: boolean; replies?: number; settleMs?: number }, what: string): Promise<Outcome> {
    const path = new URL(responseUrl).pathname;
    const opened = (c: FakeCall) => (c.method === 'views.open' || c.method === 'views.push') && c.args.trigger_id === triggerId;
    const answered = (c: FakeCall) => (c.method === 'respond' && c.args.path === path) || (source !== undefined && c.method === 'chat.update' && c.args.ts === source.ts);
    if (expect.modal) {
      const call = await this.#fake.waitForCall((c) => opened(c) || (c.method === 'respond' && c.args.path === path), `a modal after ${what}`);
      if (!opened(call)) throw new NoModalError(what, String(call.args.text ?? ''));
      return { modal: { ...(call.args.view as Json), id: `V-${this.id}-${++this.#modals}` }, replies: this.#fake.responses.get(path) ?? [] };
    }
    const wanted = expect.replies ?? 1;
    let seen = 0;
    const first = await this.#fake.waitForCall((c) => opened(c) || (answered(c) && ++seen >= wanted), `an answer to ${what}`);
    const modal = opened(first) ? { ...(first.args.view as Json), id: `V-${this.id}-${++this.#modals}` } : undefined;
    // Replies are packed into as few posts as fit, so how many come is not known in advance: wait
    // until no new one has come for a while.
    if (expect.settleMs) {
      let count = -1, quietSince = Date.now();
      while (Date.now() - quietSince < expect.settleMs) {
        const now = this.#fake.responses.get(path)?.length ?? 0;
        if (now !== count) { count = now; quietSince = Date.now(); }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    return { ...(modal ? { modal } : {}), replies: this.#fake.responses.get(path) ?? [] };
  }
}
