// One workspace member in the Slack tests: types /mentor, clicks buttons, fills modals and opens
// the Home tab through signed requests, and reads what the bot sent to Slack for them.
import type { SlackPlatform, PostResult } from './slack-platform.ts';
import {
  appHomeOpenedEnvelope, blockActionsPayload, interactivityBody, newTriggerId, slashCommandBody, viewSubmissionPayload, type UserRef,
} from './slack-requests.ts';
import type { SignOptions } from './slack-requests.ts';

type Json = Record<string, unknown>;
const FORM = 'application/x-www-form-urlencoded';

export interface SlackMessage { key: string; channel: string; ts: string; ephemeral: boolean; blocks: Json[]; text: string }

export class SlackTestUser {
  readonly platform: SlackPlatform;
  readonly user: UserRef;
  readonly triggers = new Set<string>();
  modal: Json | undefined;
  lastErrors: Record<string, string> | undefined;
  #eventCount = 0;

  constructor(platform: SlackPlatform, user: UserRef) {
    this.platform = platform;
    this.user = user;
  }

  get id(): string { return this.user.id; }

  /** The person id the bot gave this user (after their first request). */
  async personId(): Promise<string> {
    const row = await this.platform.database.db.selectFrom('people').select('id').where('platform_user_id', '=', this.id).executeTakeFirstOrThrow();
    return row.id;
  }

  #trigger(): string { const t = newTriggerId(); this.triggers.add(t); return t; }

  /** Types `/mentor <text>`; `sign` tampers with the request, `triggerId` replays one (a retry). */
  async command(text: string, o: { sign?: SignOptions; triggerId?: string } = {}): Promise<PostResult> {
    const triggerId = o.triggerId ?? this.#trigger();
    this.triggers.add(triggerId);
    const body = slashCommandBody(this.platform.team, this.user, text.replace(/^\/mentor\s*/, ''), this.platform.fake.responseUrl(this.id), triggerId);
    const result = await this.platform.post(body, FORM, o.sign);
    this.#syncModal();
    return result;
  }

  lastTrigger(): string { return [...this.triggers].at(-1) ?? ''; }

  /** Everything sent to this user's DMs, group DMs and ephemeral replies, oldest first. */
  messages(): SlackMessage[] {
    const byKey = new Map<string, SlackMessage>();
    for (const call of this.platform.fake.calls) {
      const a = call.args;
      if (call.method === 'chat.postMessage' && this.#mine(String(a.channel))) {
        const ts = String(call.result?.ts ?? '');
        byKey.set(`${a.channel}:${ts}`, { key: `${a.channel}:${ts}`, channel: String(a.channel), ts, ephemeral: false, blocks: (a.blocks ?? []) as Json[], text: String(a.text ?? '') });
      } else if (call.method === 'chat.update') {
        const found = [...byKey.values()].find((m) => m.channel === a.channel && m.ts === a.ts);
        if (found) { found.blocks = (a.blocks ?? []) as Json[]; found.text = String(a.text ?? ''); }
      } else if (call.method === 'respond' && a.user === this.id) {
        const path = String(a.path);
        const existing = byKey.get(path);
        if (a.replace_original === true || a.replace_original === 'true') {
          const target = byKey.get(String(a.of ?? path));
          if (target) { target.blocks = (a.blocks ?? []) as Json[]; target.text = String(a.text ?? ''); }
        } else {
          const key = existing ? `${path}#${byKey.size}` : path;
          byKey.set(key, { key, channel: '', ts: '', ephemeral: true, blocks: (a.blocks ?? []) as Json[], text: String(a.text ?? '') });
        }
      }
    }
    return [...byKey.values()];
  }

  #mine(channel: string): boolean {
    if (channel === `D-${this.id}`) return true;
    if (this.platform.fake.privateChannels.has(channel)) return (this.platform.fake.channels.get(channel) ?? []).includes(this.id);
    return channel.startsWith('G-') && channel.slice(2).split('+').includes(this.id);
  }

  /** All text this user can read in Slack (messages and the Home tab), as plain text. */
  text(): string {
    return [...this.messages().map((m) => blocksText(m.blocks, this.platform)), blocksText(this.homeBlocks(), this.platform)].join('\n---\n');
  }

  lastMessageText(): string {
    const last = this.messages().at(-1);
    return last ? blocksText(last.blocks, this.platform) : '';
  }

  homeBlocks(): Json[] {
    const last = this.platform.fake.calls.filter((c) => c.method === 'views.publish' && c.args.user_id === this.id).at(-1);
    return ((last?.args.view as Json | undefined)?.blocks ?? []) as Json[];
  }

  async openHome(o: { eventId?: string; sign?: SignOptions } = {}): Promise<PostResult> {
    const eventId = o.eventId ?? `Ev${this.id}${++this.#eventCount}${Date.now()}`;
    return this.platform.post(JSON.stringify(appHomeOpenedEnvelope(this.platform.team, this.user, eventId)), 'application/json', o.sign);
  }

  /** Clicks the newest button whose label contains `label`, in messages (or the Home tab). */
  async click(label: string, o: { from?: 'messages' | 'home'; sign?: SignOptions; replay?: Json } = {}): Promise<PostResult & { payload: Json }> {
    const payload = o.replay ?? this.#clickPayload(label, o.from ?? 'messages');
    const result = await this.platform.post(interactivityBody(payload), FORM, o.sign);
    this.#syncModal();
    return { ...result, payload };
  }

  #clickPayload(label: string, from: 'messages' | 'home'): Json {
    const trigger = this.#trigger();
    if (from === 'home') {
      const blocks = this.homeBlocks();
      const button = findButton(blocks, label);
      if (!button) throw new Error(`${this.user.name} sees no "${label}" on the Home tab:\n${blocksText(blocks, this.platform)}`);
      const published = this.platform.fake.calls.filter((c) => c.method === 'views.publish' && c.args.user_id === this.id).length;
      return blockActionsPayload(this.platform.team, this.user, button, { kind: 'view', view: { id: `VHOME${this.id}`, type: 'home', hash: `h${published}`, blocks } }, trigger);
    }
    for (const m of this.messages().reverse()) {
      const button = findButton(m.blocks, label);
      if (!button) continue;
      // Each click gets its own response_url; one from an ephemeral message still replaces that message.
      const responseUrl = this.platform.fake.responseUrl(this.id, m.ephemeral ? m.key : undefined);
      const ts = m.ts;
      return blockActionsPayload(this.platform.team, this.user, button, m.ephemeral
        ? { kind: 'message', channel: `D-${this.id}`, ts: `${Date.now()}.0`, ephemeral: true, blocks: m.blocks, responseUrl }
        : { kind: 'message', channel: m.channel, ts, ephemeral: false, blocks: m.blocks, responseUrl }, trigger);
    }
    throw new Error(`${this.user.name} sees no button "${label}". They see:\n${this.text()}`);
  }

  #syncModal(): void {
    const opened = this.platform.fake.calls.filter((c) => (c.method === 'views.open' || c.method === 'views.push') && this.triggers.has(String(c.args.trigger_id))).at(-1);
    if (opened && opened !== this.#lastOpened) {
      this.#lastOpened = opened;
      this.modal = { id: `V${this.platform.fake.calls.indexOf(opened)}`, hash: 'h0', ...(opened.args.view as Json) };
    }
  }

  #lastOpened: unknown;

  /** Submits the open modal with values by field id (ranked: a list, person: Slack user ids). */
  async submit(values: Record<string, unknown>, o: { sign?: SignOptions } = {}): Promise<PostResult> {
    if (!this.modal) throw new Error(`${this.user.name} has no modal open`);
    const state = stateValues(this.modal, values);
    const payload = viewSubmissionPayload(this.platform.team, this.user, this.modal, state, this.#trigger());
    const result = await this.platform.post(interactivityBody(payload), FORM, o.sign);
    this.lastErrors = undefined;
    const ack = result.body ? JSON.parse(result.body) as Json : {};
    if (ack.response_action === 'errors') this.lastErrors = ack.errors as Record<string, string>;
    else if (ack.response_action === 'update') this.modal = { id: this.modal.id, hash: `${String(this.modal.hash)}+`, ...(ack.view as Json) };
    else this.modal = undefined;
    this.#syncModal();
    return result;
  }
}

function findButton(blocks: Json[], label: string): Json | undefined {
  for (const b of [...blocks].reverse()) {
    if (b.type !== 'actions') continue;
    const found = (b.elements as Json[]).find((e) => e.type === 'button' && e.value && String((e.text as Json).text).includes(label));
    // Slack names the block a clicked button sits in (one it made up when the message gave none).
    if (found) return { ...found, block_id: b.block_id ?? 'b1' };
  }
  return undefined;
}

export function blocksText(blocks: Json[], platform: SlackPlatform): string {
  const inline = (e: Json): string => {
    if (e.type === 'text' || e.type === 'link') return String(e.text ?? '');
    if (e.type === 'user') return `@${platform.fake.users.get(String(e.user_id))?.name ?? String(e.user_id)}`;
    if (Array.isArray(e.elements)) return (e.elements as Json[]).map(inline).join(e.type === 'rich_text_list' ? '\n' : '');
    return '';
  };
  return blocks.map((b) => {
    switch (b.type) {
      case 'header': return `== ${String((b.text as Json).text)} ==`;
      case 'context': return (b.elements as Json[]).map((e) => String(e.text)).join(' ');
      case 'rich_text': return (b.elements as Json[]).map(inline).join('\n');
      case 'actions': return (b.elements as Json[]).map((e) => `[${String((e.text as Json).text)}]`).join(' ');
      case 'input': return `${String((b.label as Json).text)}:`;
      default: return '';
    }
  }).join('\n');
}

function initialOf(element: Json): unknown {
  if (element.initial_value !== undefined) return element.initial_value;
  if (element.initial_option !== undefined) return (element.initial_option as Json).value;
  if (element.initial_options !== undefined) return element.type === 'checkboxes' ? true : (element.initial_options as Json[]).map((o) => o.value);
  if (element.initial_date !== undefined) return element.initial_date;
  if (element.initial_user !== undefined) return element.initial_user;
  if (element.initial_users !== undefined) return element.initial_users;
  return undefined;
}

function stateValues(view: Json, values: Record<string, unknown>): Json {
  const state: Json = {};
  for (const block of (view.blocks ?? []) as Json[]) {
    if (block.type !== 'input') continue;
    const blockId = String(block.block_id);
    const element = block.element as Json;
    const [fieldId, rank] = blockId.split('#') as [string, string | undefined];
    // Like Slack, a field left untouched submits what the view pre-filled.
    const typed = rank ? (values[fieldId] as unknown[] | undefined)?.[Number(rank) - 1] : values[fieldId];
    const given = Object.hasOwn(values, fieldId) ? typed : initialOf(element);
    const options = ((element.options ?? (element.option_groups as Json[] | undefined)?.flatMap((g) => g.options as Json[]) ?? []) as Json[]);
    const pick = (v: unknown) => options.find((o) => o.value === String(v)) ?? { text: { type: 'plain_text', text: String(v) }, value: String(v) };
    let s: Json;
    switch (element.type) {
      case 'plain_text_input': case 'number_input': s = { value: given === undefined ? null : String(given) }; break;
      case 'static_select': s = { selected_option: given === undefined ? null : pick(given) }; break;
      case 'multi_static_select': s = { selected_options: ((given ?? []) as unknown[]).map(pick) }; break;
      case 'datepicker': s = { selected_date: given ?? null }; break;
      case 'users_select': s = { selected_user: given ?? null }; break;
      case 'multi_users_select': s = { selected_users: given ?? [] }; break;
      case 'checkboxes': s = { selected_options: given ? options : [] }; break;
      default: s = {};
    }
    state[blockId] = { [String(element.action_id)]: { type: element.type, ...s } };
  }
  return state;
}
