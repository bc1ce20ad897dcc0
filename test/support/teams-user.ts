// One Teams user in a personal chat with the bot, as their Teams client behaves: typing sends a
// message activity, pressing a card button sends an adaptiveCard/action invoke (or, as an older
// client, an Action.Submit message), and a card answered by the invoke is replaced in place.
// What they see is read back from the fake Bot Connector, updates applied.
import type { TeamsHarness } from './teams-harness.ts';
import { APP_ID, TENANT_ID } from './teams-harness.ts';

type Json = Record<string, unknown>;

export interface ShownMessage { id: string; activity: Json }

interface FoundAction { message: ShownMessage; action: Json }

function cardOf(activity: Json): Json | undefined {
  const attachments = activity.attachments as { contentType: string; content: Json }[] | undefined;
  return attachments?.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content;
}

function walk(node: unknown, visit: (n: Json) => void): void {
  if (Array.isArray(node)) { node.forEach((n) => walk(n, visit)); return; }
  if (!node || typeof node !== 'object') return;
  const n = node as Json;
  visit(n);
  for (const key of ['body', 'items', 'actions', 'columns']) walk(n[key], visit);
}

/** A card as the person reads it: texts, facts, input labels and button titles. */
export function cardText(card: Json): string {
  const lines: string[] = [];
  walk(card, (n) => {
    if (n.type === 'TextBlock') lines.push(String(n.text).replace(/\\(.)/g, '$1'));
    if (n.type === 'FactSet') for (const f of n.facts as { title: string; value: string }[]) lines.push(`${f.title}: ${f.value}`.replace(/\\(.)/g, '$1'));
    if (typeof n.type === 'string' && n.type.startsWith('Input.')) lines.push(`[${String(n.label ?? n.title ?? n.id)}]`);
    if (typeof n.type === 'string' && n.type.startsWith('Action.') && n.title) lines.push(`(${String(n.title)})`);
  });
  return lines.join('\n');
}

export function messageText(activity: Json): string {
  const card = cardOf(activity);
  return card ? cardText(card) : String(activity.text ?? '').replace(/\\(.)/g, '$1');
}

export class TeamsUser {
  readonly harness: TeamsHarness;
  readonly name: string;
  readonly aadObjectId: string;
  readonly userId: string;
  readonly conversationId: string;
  /** 'groupChat': this person looking at a group chat the bot is in (a circle's), not their own chat. */
  readonly conversationType: 'personal' | 'groupChat';
  readonly locale: string;
  /** Cards replaced on this client by invoke answers, by message id. */
  readonly #replaced = new Map<string, Json>();
  #sequence = 0;
  lastStatus = 0;
  lastInvoke: AdaptiveCardInvokeAnswer | undefined;

  constructor(harness: TeamsHarness, name: string, options: { locale?: string; aadObjectId?: string; conversationId?: string; conversationType?: 'personal' | 'groupChat' }) {
    this.harness = harness;
    this.name = name;
    this.aadObjectId = options.aadObjectId ?? `aad-${name.toLowerCase()}`;
    this.userId = `29:${name.toLowerCase()}`;
    this.conversationId = options.conversationId ?? `a:personal-${name.toLowerCase()}`;
    this.conversationType = options.conversationType ?? 'personal';
    this.locale = options.locale ?? 'en-US';
  }

  /** The same person, looking at a group chat (by its id) instead of their own chat with the bot. */
  inChat(chatId: string): TeamsUser {
    return new TeamsUser(this.harness, this.name, { locale: this.locale, aadObjectId: this.aadObjectId, conversationId: chatId, conversationType: 'groupChat' });
  }

  activity(extra: Json): Json {
    this.#sequence += 1;
    return {
      id: `${this.name}-${this.#sequence}`, channelId: 'msteams', serviceUrl: this.harness.connector.serviceUrl,
      timestamp: new Date().toISOString(), locale: this.locale, localTimezone: 'Europe/Paris',
      from: { id: this.userId, name: this.name, aadObjectId: this.aadObjectId },
      recipient: { id: `28:${APP_ID}`, name: 'Mentor bot' },
      conversation: { id: this.conversationId, conversationType: this.conversationType, tenantId: TENANT_ID, ...(this.conversationType === 'groupChat' ? { isGroup: true } : {}) },
      channelData: { tenant: { id: TENANT_ID } },
      ...extra,
    };
  }

  /** POSTs an activity to the bot as Teams does; returns the HTTP status and body. */
  async post(activity: Json, token?: string): Promise<{ status: number; body: unknown }> {
    const authorization = token ?? (this.harness.auth === 'token'
      ? `Bearer ${this.harness.connector.token({ audience: APP_ID, serviceUrl: String(activity.serviceUrl) })}` : undefined);
    const response = await fetch(this.harness.endpoint, {
      method: 'POST', body: JSON.stringify(activity),
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    });
    const text = await response.text();
    this.lastStatus = response.status;
    if (text && activity.type === 'invoke') this.harness.connector.check(`invoke answer to ${this.name}`, text);
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  async install(): Promise<void> {
    await this.post(this.activity({ type: 'conversationUpdate', membersAdded: [{ id: `28:${APP_ID}` }, { id: this.userId }] }));
    await this.post(this.activity({ type: 'installationUpdate', action: 'add' }));
  }

  /** Adds the app to a team (the person is its owner): Teams tells the bot in the team's scope. */
  async addAppToTeam(team: { id: string; name: string }, change: 'added' | 'removed' = 'added'): Promise<void> {
    const { status } = await this.post(this.activity({
      type: 'conversationUpdate',
      conversation: { id: team.id, conversationType: 'channel', isGroup: true, tenantId: TENANT_ID },
      channelData: { tenant: { id: TENANT_ID }, team: { id: team.id, name: team.name }, eventType: change === 'added' ? 'teamMemberAdded' : 'teamMemberRemoved' },
      ...(change === 'added' ? { membersAdded: [{ id: `28:${APP_ID}` }] } : { membersRemoved: [{ id: `28:${APP_ID}` }] }),
    }));
    if (status !== 200) throw new Error(`${this.name}: the bot answered ${status} to the app ${change} in a team`);
  }

  async uninstall(): Promise<void> {
    await this.post(this.activity({ type: 'installationUpdate', action: 'remove' }));
  }

  async say(text: string): Promise<void> {
    const { status } = await this.post(this.activity({ type: 'message', text, textFormat: 'plain' }));
    if (status !== 200) throw new Error(`${this.name}: the bot answered ${status} to "${text}"`);
  }

  /** Every message the bot has shown this person, oldest first, edits applied. */
  messages(): ShownMessage[] {
    const shown = new Map<string, Json>();
    for (const call of this.harness.connector.inConversation(this.conversationId)) {
      if (call.method === 'DELETE') shown.delete(call.activityId);
      else shown.set(call.activityId, call.activity);
    }
    for (const [id, card] of this.#replaced) {
      if (shown.has(id)) shown.set(id, { ...shown.get(id), attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }] });
    }
    return [...shown].map(([id, activity]) => ({ id, activity }));
  }

  text(): string {
    return this.messages().map((m) => messageText(m.activity)).join('\n---\n');
  }

  lastText(): string {
    const last = this.messages().at(-1);
    return last ? messageText(last.activity) : '';
  }

  cards(): Json[] {
    return this.messages().map((m) => cardOf(m.activity)).filter((c): c is Json => Boolean(c));
  }

  #find(predicate: (action: Json) => boolean): FoundAction {
    for (const message of [...this.messages()].reverse()) {
      const card = cardOf(message.activity);
      let found: Json | undefined;
      walk(card, (n) => { if (!found && n.type === 'Action.Execute' && predicate(n)) found = n; });
      if (found) return { message, action: found };
    }
    throw new Error(`${this.name} sees no such action. They see:\n${this.text()}`);
  }

  async #invoke(found: FoundAction, data: Json, style: 'execute' | 'submit'): Promise<void> {
    if (style === 'submit') {
      const { status } = await this.post(this.activity({ type: 'message', value: data, replyToId: found.message.id }));
      if (status !== 200) throw new Error(`${this.name}: the bot answered ${status} to a submit`);
      return;
    }
    const { status, body } = await this.post(this.activity({
      type: 'invoke', name: 'adaptiveCard/action', replyToId: found.message.id,
      value: { action: { type: 'Action.Execute', verb: found.action.verb, data }, trigger: 'manual' },
    }));
    if (status !== 200) throw new Error(`${this.name}: the bot answered ${status} to an action`);
    this.lastInvoke = body as AdaptiveCardInvokeAnswer;
    if (this.lastInvoke?.type === 'application/vnd.microsoft.card.adaptive') this.#replaced.set(found.message.id, this.lastInvoke.value as Json);
  }

  /** Presses the newest button whose title contains `label`. */
  async click(label: string, style: 'execute' | 'submit' = 'execute'): Promise<void> {
    const found = this.#find((a) => String(a.title).includes(label) && a.verb === 'mentor.click');
    await this.#invoke(found, { ...(found.action.data as Json) }, style);
  }

  /** Fills the newest form card with values by field id, as the inputs would send them, and submits. */
  async fill(values: Record<string, unknown>, style: 'execute' | 'submit' = 'execute'): Promise<void> {
    const found = this.#find((a) => a.verb === 'mentor.submit');
    const data = found.action.data as Json & { shapes: Record<string, string> };
    // The client sends every input with its current value: what was pre-filled, then what was typed.
    const inputs: Json = {};
    walk(cardOf(found.message.activity), (n) => {
      if (typeof n.type === 'string' && n.type.startsWith('Input.') && n.value !== undefined) inputs[String(n.id)] = String(n.value);
    });
    for (const [id, value] of Object.entries(values)) {
      const shape = data.shapes[id];
      if (shape?.startsWith('ranked:')) (value as unknown[]).forEach((v, i) => { inputs[`${id}__${i + 1}`] = String(v); });
      else if (Array.isArray(value)) inputs[id] = value.join(',');
      else if (value !== undefined) inputs[id] = String(value);
    }
    await this.#invoke(found, { ...data, ...inputs }, style);
  }

  /**
   * Fills every part of the newest form step (a step too big for one Teams card comes in parts,
   * each with its own Next) with the values its inputs ask for, and submits the step.
   */
  async fillStep(values: Record<string, unknown>, style: 'execute' | 'submit' = 'execute'): Promise<number> {
    let parts = 0;
    for (;;) {
      const data = this.#find((a) => a.verb === 'mentor.submit').action.data as { part?: number; parts?: number };
      await this.fill(values, style);
      parts += 1;
      if (data.part === undefined || data.part === data.parts || parts > 20) return parts;
    }
  }

  /**
   * Types `text` in a type-ahead input of the newest form card (by input id), as Teams does: an
   * application/search invoke with the input's dataset. Returns the results the bot answered.
   */
  async search(inputId: string, text: string, options: { skip?: number; top?: number } = {}): Promise<{ title: string; value: string }[]> {
    const input = this.openFormInputs()[inputId];
    const query = input?.['choices.data'] as { dataset?: string } | undefined;
    if (!query?.dataset) throw new Error(`${this.name}: ${inputId} is not a type-ahead search`);
    const { status, body } = await this.post(this.activity({
      type: 'invoke', name: 'application/search',
      value: { queryText: text, queryOptions: { skip: options.skip ?? 0, top: options.top ?? 15 }, dataset: query.dataset },
    }));
    if (status !== 200) throw new Error(`${this.name}: the bot answered ${status} to a search`);
    const answer = body as { type: string; value: { results: { title: string; value: string }[] } };
    if (answer.type !== 'application/vnd.microsoft.search.searchResponse') throw new Error(`${this.name}: not a search answer: ${JSON.stringify(body)}`);
    return answer.value.results;
  }

  /**
   * How many steps the newest open form's flow has ("Become a mentor (1/5)" → 5; 1 for a single
   * form), or 0 once no form is open (the last step's card was replaced by its answer).
   */
  formStepCount(): number {
    let found: FoundAction;
    try { found = this.#find((a) => a.verb === 'mentor.submit'); } catch { return 0; }
    const step = /\((\d+)\/(\d+)\)/.exec(messageText(found.message.activity));
    return step ? Number(step[2]) : 1;
  }

  /** The newest form card's inputs, by id, with their initial values. */
  openFormInputs(): Record<string, Json> {
    const found = this.#find((a) => a.verb === 'mentor.submit');
    const inputs: Record<string, Json> = {};
    walk(cardOf(found.message.activity), (n) => { if (typeof n.type === 'string' && n.type.startsWith('Input.')) inputs[String(n.id)] = n; });
    return inputs;
  }
}

export interface AdaptiveCardInvokeAnswer { statusCode: number; type: string; value: unknown }
