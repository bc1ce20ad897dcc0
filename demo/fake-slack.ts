// The demo's stand-in for the Slack Web API (the app reaches it through SLACK_API_URL) and for
// the response_url hooks. It answers what the Slack adapter calls, keeps every message it was
// sent per channel (updated in place by chat.update) so simulated people can read and click
// them, and lets the demo wait for a call it expects instead of sleeping.
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkBlocks, checkView } from '../adapters/slack/render/check-blocks.ts';
import { patience } from './wait.ts';

export type Json = Record<string, unknown>;

export interface FakeUser { readonly id: string; readonly name: string; readonly locale: string; readonly tz: string }

export interface FakeCall { readonly seq: number; readonly method: string; readonly args: Json }

/** A message as a person sees it in a channel (a DM, a group DM) or as an ephemeral reply. */
export interface SlackMessage {
  readonly channel: string;
  readonly ts: string;
  text: string;
  blocks: Json[];
  readonly metadata?: { event_type?: string; event_payload?: Json };
}

const JSON_ARGS = ['blocks', 'view', 'metadata', 'files'];

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function readArgs(req: IncomingMessage): Promise<Json> {
  const raw = await readBody(req);
  if (!raw) return {};
  if ((req.headers['content-type'] ?? '').includes('json')) return JSON.parse(raw) as Json;
  const args: Json = Object.fromEntries(new URLSearchParams(raw));
  for (const key of JSON_ARGS) if (typeof args[key] === 'string') args[key] = JSON.parse(args[key]);
  return args;
}

export class FakeSlack extends EventEmitter {
  readonly users = new Map<string, FakeUser>();
  readonly calls: FakeCall[] = [];
  /** Messages per channel, oldest first. */
  readonly channels = new Map<string, SlackMessage[]>();
  /** What was posted to each response_url path, oldest first. */
  readonly responses = new Map<string, SlackMessage[]>();
  /** Files shared in a channel (files.completeUploadExternal), with the bytes uploaded for them. */
  readonly files: Array<{ channel: string; title: string; comment: string; content: string }> = [];
  /** Uploaded bytes by file id, until the upload is completed. */
  readonly #uploads = new Map<string, string>();
  /** Private channels the bot created (conversations.create), with their purpose and members. */
  readonly privateChannels = new Map<string, { name: string; purpose: string; members: Set<string> }>();
  /** Block Kit problems found in what the app sent (a healthy run has none). */
  readonly problems: string[] = [];
  /**
   * Messages Slack acknowledges but nobody ever sees: the test that breaks a step on purpose sets
   * it, to prove the demo notices when the platform disagrees with the database.
   */
  lose: ((args: Json) => boolean) | undefined;
  #server: Server | undefined;
  #ts = 1_800_000_000;
  #ids = 0;
  url = '';

  async start(): Promise<this> {
    // Every simulated person may be waiting for a message at once.
    this.setMaxListeners(0);
    this.#server = createServer((req, res) => {
      void this.#handle(req).then((body) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      }, (err: unknown) => { res.writeHead(500); res.end(String(err)); });
    });
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    if (!this.#server) return;
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server!.close(() => resolve()));
  }

  get apiUrl(): string { return `${this.url}/api/`; }

  newResponseUrl(): string { return `${this.url}/respond/${++this.#ids}`; }

  /** Resolves with the first call (already made or to come) that matches, or fails after `ms`. */
  waitForCall(match: (call: FakeCall) => boolean, what: string, ms = patience.ms): Promise<FakeCall> {
    const found = this.calls.find(match);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => { this.off('call', listener); reject(new Error(`Slack never received ${what} within ${ms / 1000} s`)); }, ms);
      const listener = (call: FakeCall) => {
        if (!match(call)) return;
        clearTimeout(timer);
        this.off('call', listener);
        resolve(call);
      };
      this.on('call', listener);
    });
  }

  #record(method: string, args: Json): void {
    const call = { seq: this.calls.length, method, args };
    this.calls.push(call);
    this.emit('call', call);
  }

  async #handle(req: IncomingMessage): Promise<unknown> {
    const path = (req.url ?? '').split('?')[0] ?? '';
    if (path.startsWith('/upload/')) {
      // files.uploadV2's second step: the file's bytes (multipart) to the URL the first step gave.
      const fileId = path.slice('/upload/'.length);
      this.#uploads.set(fileId, await readBody(req));
      this.#record('upload', { file_id: fileId });
      return 'OK';
    }
    const args = await readArgs(req);
    if (args.blocks !== undefined) for (const p of checkBlocks(args.blocks, 'message')) this.problems.push(`${path} ${p}`);
    if (args.view !== undefined) for (const p of checkView(args.view)) this.problems.push(`${path} ${p}`);
    if (path.startsWith('/respond/')) {
      const list = this.responses.get(path) ?? [];
      const message = { channel: '', ts: '', text: String(args.text ?? ''), blocks: (args.blocks ?? []) as Json[] };
      const replace = args.replace_original === true || args.replace_original === 'true';
      if (replace && list.length > 0) list[list.length - 1] = message; else list.push(message);
      this.responses.set(path, list);
      this.#record('respond', { ...args, path });
      return { ok: true };
    }
    const method = path.replace(/^\/api\//, '');
    if (method === 'chat.postMessage' && this.lose?.(args)) return { ok: true, channel: args.channel, ts: `${++this.#ts}.000100` };
    const answer = this.#answer(method, args);
    this.#record(method, args);
    return answer;
  }

  #answer(method: string, args: Json): unknown {
    switch (method) {
      case 'auth.test': return { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T_DEMO', user: 'mentor' };
      case 'users.info': {
        const user = this.users.get(String(args.user));
        if (!user) return { ok: false, error: 'user_not_found' };
        return {
          ok: true,
          user: {
            id: user.id, name: user.name.toLowerCase().replace(/\W+/g, '.'), real_name: user.name, deleted: false, is_bot: false, tz: user.tz,
            ...(args.include_locale ? { locale: user.locale } : {}),
            profile: { display_name: user.name, real_name: user.name, email: `${user.id.toLowerCase()}@demo.example` },
          },
        };
      }
      case 'conversations.open': {
        const users = String(args.users ?? '').split(',').filter(Boolean).sort();
        if (users.some((u) => !this.users.has(u))) return { ok: false, error: 'user_not_found' };
        return { ok: true, channel: { id: users.length === 1 ? `D-${users[0]}` : `G-${users.join('+')}` } };
      }
      case 'chat.postMessage': case 'chat.postEphemeral': {
        const channel = method === 'chat.postEphemeral' ? `D-${String(args.user)}` : String(args.channel);
        const ts = `${++this.#ts}.000100`;
        const list = this.channels.get(channel) ?? [];
        list.push({ channel, ts, text: String(args.text ?? ''), blocks: (args.blocks ?? []) as Json[], ...(args.metadata ? { metadata: args.metadata as Json } : {}) });
        this.channels.set(channel, list);
        return { ok: true, channel, ts, message_ts: ts };
      }
      case 'chat.update': {
        const found = this.channels.get(String(args.channel))?.find((m) => m.ts === args.ts);
        if (found) { found.text = String(args.text ?? ''); found.blocks = (args.blocks ?? []) as Json[]; }
        return found ? { ok: true, channel: args.channel, ts: args.ts } : { ok: false, error: 'message_not_found' };
      }
      case 'conversations.history': {
        const newestFirst = [...(this.channels.get(String(args.channel)) ?? [])].reverse();
        return { ok: true, messages: newestFirst.slice(0, Number(args.limit ?? 100)), has_more: false };
      }
      case 'views.open': case 'views.push': case 'views.update': case 'views.publish':
        return { ok: true, view: { id: `V${++this.#ids}`, hash: `h${this.#ids}`, ...(args.view as Json) } };
      case 'files.getUploadURLExternal': return { ok: true, upload_url: `${this.url}/upload/F${++this.#ids}`, file_id: `F${this.#ids}` };
      case 'files.completeUploadExternal': {
        const files = Array.isArray(args.files) ? args.files as Json[] : [];
        for (const f of files) {
          this.files.push({ channel: String(args.channel_id ?? ''), title: String(f.title ?? ''), comment: String(args.initial_comment ?? ''), content: this.#uploads.get(String(f.id)) ?? '' });
        }
        return { ok: true, files: files.map((f) => ({ id: f.id, title: f.title })) };
      }
      case 'conversations.create': return this.#create(args);
      case 'conversations.invite': return this.#invite(args);
      case 'conversations.setPurpose': {
        const found = this.privateChannels.get(String(args.channel));
        if (!found) return { ok: false, error: 'channel_not_found' };
        found.purpose = String(args.purpose ?? '');
        return { ok: true, purpose: found.purpose };
      }
      // The bot sees the private channels it is in (it is in every one it created).
      case 'conversations.list': {
        const privateOnes = [...this.privateChannels].map(([id, c]) => ({ id, name: c.name, is_private: true }));
        return { ok: true, channels: String(args.types ?? '').includes('private_channel') ? privateOnes : [], response_metadata: { next_cursor: '' } };
      }
      case 'usergroups.list': return { ok: true, usergroups: [] };
      default: return { ok: false, error: 'unknown_method' };
    }
  }

  /** Slack's naming rules; a name already held answers name_taken. */
  #create(args: Json): unknown {
    const name = String(args.name ?? '');
    if (!name) return { ok: false, error: 'invalid_name_required' };
    if (name.length > 80) return { ok: false, error: 'invalid_name_maxlength' };
    if (!/^[a-z0-9_-]+$/.test(name)) return { ok: false, error: 'invalid_name_specials' };
    if ([...this.privateChannels.values()].some((c) => c.name === name)) return { ok: false, error: 'name_taken' };
    const isPrivate = args.is_private === true || args.is_private === 'true';
    const id = `C${String(++this.#ids).padStart(6, '0')}`;
    this.privateChannels.set(id, { name, purpose: '', members: new Set(['UBOT']) });
    this.channels.set(id, []);
    return { ok: true, channel: { id, name, is_private: isPrivate } };
  }

  /** Users comma-separated; with force the known ones are invited and the others listed in `errors`. */
  #invite(args: Json): unknown {
    const channel = this.privateChannels.get(String(args.channel));
    if (!channel) return { ok: false, error: 'channel_not_found' };
    const users = String(args.users ?? '').split(',').filter(Boolean);
    if (users.length === 0) return { ok: false, error: 'no_user' };
    const errors = users.flatMap((u) => (!this.users.has(u) ? [{ user: u, ok: false, error: 'user_not_found' }]
      : channel.members.has(u) ? [{ user: u, ok: false, error: 'already_in_channel' }] : []));
    const force = args.force === true || args.force === 'true';
    if (errors.length === users.length || (errors.length > 0 && !force)) return { ok: false, error: errors[0]!.error, errors };
    for (const u of users) if (this.users.has(u)) channel.members.add(u);
    return { ok: true, channel: { id: String(args.channel), name: channel.name, is_private: true }, ...(errors.length > 0 ? { errors } : {}) };
  }
}
