// A local stand-in for Slack's Socket Mode endpoint, speaking the protocol as Slack documents it:
// apps.connections.open (on the fake Web API) hands out a single-use wss URL; on connecting, the
// server says `hello`; each request then arrives as an envelope
// `{ envelope_id, type, payload, accepts_response_payload, retry_attempt?, retry_reason? }` that the
// app acknowledges with `{ envelope_id, payload? }` within 3 seconds. The server can ask for a
// refresh (`{ type: "disconnect", reason: "refresh_requested" }`) or drop the TCP connection.
// Like Slack, it pings the client and answers its pings.
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import type { FakeSlackApi } from './slack-fake-api.ts';

export type EnvelopeType = 'slash_commands' | 'interactive' | 'events_api';

export interface Envelope {
  readonly envelope_id: string;
  readonly type: EnvelopeType;
  /** An object from Slack; anything at all in tests of malformed envelopes. */
  readonly payload: unknown;
  readonly accepts_response_payload: boolean;
  readonly retry_attempt?: number;
  readonly retry_reason?: string;
}

export interface Ack {
  readonly envelopeId: string;
  /** What the app put in its ack (`{}` for an empty ack). */
  readonly payload: Record<string, unknown>;
  /** Milliseconds from sending the envelope to its ack. */
  readonly ms: number;
}

export class NoAckError extends Error {}

/** Slack waits 3 seconds for an ack before it gives up on (or retries) a request. */
const ACK_DEADLINE_MS = 3_000;

export class FakeSlackSocket {
  readonly appToken: string;
  /** Every connection made (hello sent), oldest first; the last one is the live one. */
  readonly connections: WebSocket[] = [];
  /** Messages the app sent that were not acks of a known envelope (must stay empty). */
  readonly strays: unknown[] = [];
  readonly #tickets = new Set<string>();
  readonly #silenced = new Set<WebSocket>();
  readonly #unpinged = new Set<WebSocket>();
  readonly #pending = new Map<string, { sentAt: number; resolve: (ack: Ack) => void; reject: (err: Error) => void; timer: NodeJS.Timeout }>();
  readonly #waiters: Array<{ count: number; resolve: () => void }> = [];
  readonly #pingMs: number;
  #server: WebSocket.Server | undefined;
  #pinger: NodeJS.Timeout | undefined;
  #port = 0;

  constructor(o: { appToken: string; pingMs?: number }) {
    this.appToken = o.appToken;
    this.#pingMs = o.pingMs ?? 1_000;
  }

  /** Starts listening and makes the fake Web API answer apps.connections.open for this app token. */
  async start(api: FakeSlackApi): Promise<this> {
    this.#server = new WebSocket.Server({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => this.#server!.once('listening', () => resolve()));
    this.#port = (this.#server.address() as AddressInfo).port;
    this.#server.on('connection', (ws, req) => this.#accept(ws, req.url ?? ''));
    api.handlers.set('apps.connections.open', (_args, token) => {
      // Only an app-level token may open a connection; Slack names the wrong kinds of token.
      if (!token) return { ok: false, error: 'not_authed' };
      if (!token.startsWith('xapp-')) return { ok: false, error: 'not_allowed_token_type' };
      if (token !== this.appToken) return { ok: false, error: 'invalid_auth' };
      return { ok: true, url: this.#issueUrl() };
    });
    this.#pinger = setInterval(() => {
      for (const ws of this.#open()) if (!this.#unpinged.has(ws)) ws.ping(`ping ${Date.now()}`);
    }, this.#pingMs);
    return this;
  }

  async stop(): Promise<void> {
    clearInterval(this.#pinger);
    for (const ws of this.connections) ws.terminate();
    for (const [id, p] of this.#pending) { clearTimeout(p.timer); p.reject(new NoAckError(`envelope ${id}: server stopped`)); }
    this.#pending.clear();
    if (this.#server) await new Promise<void>((resolve) => this.#server!.close(() => resolve()));
  }

  /** Connections that completed the hello. */
  get helloCount(): number { return this.connections.length; }

  /** The live connection, if any. */
  live(): WebSocket | undefined {
    const last = this.connections.at(-1);
    return last?.readyState === WebSocket.OPEN && !this.#silenced.has(last) ? last : undefined;
  }

  /** Resolves once `count` connections have been made in all (the first one is 1). */
  connected(count = 1, timeoutMs = 15_000): Promise<void> {
    if (this.helloCount >= count && this.live()) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no connection #${count} within ${timeoutMs} ms (${this.helloCount} so far)`)), timeoutMs);
      this.#waiters.push({ count, resolve: () => { clearTimeout(timer); resolve(); } });
    });
  }

  /**
   * Sends one envelope on the live connection and resolves with the app's ack, or rejects with
   * NoAckError after Slack's 3 seconds.
   */
  send(type: EnvelopeType, payload: unknown, o: { envelopeId?: string; retryAttempt?: number; retryReason?: string } = {}): Promise<Ack> {
    const ws = this.live();
    if (!ws) return Promise.reject(new NoAckError('no live Socket Mode connection'));
    const envelope: Envelope = {
      envelope_id: o.envelopeId ?? randomUUID(), type, payload,
      // Slack lets slash commands and view submissions answer in the ack.
      accepts_response_payload: type === 'slash_commands' || (payload as { type?: unknown } | null)?.type === 'view_submission',
      // Events always say which attempt they are; other envelopes only when redelivered.
      ...(type === 'events_api' || o.retryAttempt !== undefined ? { retry_attempt: o.retryAttempt ?? 0, retry_reason: o.retryReason ?? '' } : {}),
    };
    return new Promise<Ack>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(envelope.envelope_id);
        reject(new NoAckError(`envelope ${envelope.envelope_id} (${type}) not acknowledged within ${ACK_DEADLINE_MS} ms`));
      }, ACK_DEADLINE_MS);
      this.#pending.set(envelope.envelope_id, { sentAt: Date.now(), resolve, reject, timer });
      ws.send(JSON.stringify(envelope));
    });
  }

  /** Asks the app to reconnect, as Slack does before it recycles a connection. */
  disconnect(reason: 'refresh_requested' | 'warning' | 'link_disabled' = 'refresh_requested'): void {
    this.live()?.send(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'applink-fake' } }));
  }

  /** Drops the live connection's TCP socket with no close frame (a network failure). */
  drop(): void {
    const ws = this.live() as (WebSocket & { _socket?: { destroy(): void } }) | undefined;
    ws?._socket?.destroy();
  }

  /**
   * The live connection goes silent without closing (a half-open connection, as when a NAT or a
   * proxy forgets it): nothing it receives is read, so no pong, no close frame, no ack.
   */
  silence(): void {
    const ws = this.live() as (WebSocket & { _socket?: { pause(): void } }) | undefined;
    if (!ws) return;
    this.#silenced.add(ws);
    ws._socket?.pause();
  }

  /**
   * Slack stops pinging the live connection, though it still reads and answers it. Waits first
   * for the client to answer one ping, so the client has seen Slack ping before it stops.
   */
  async stopPinging(): Promise<void> {
    const ws = this.live();
    if (!ws) return;
    await new Promise<void>((resolve) => ws.once('pong', () => resolve()));
    this.#unpinged.add(ws);
  }

  #issueUrl(): string {
    const ticket = randomUUID();
    this.#tickets.add(ticket);
    return `ws://127.0.0.1:${this.#port}/link/?ticket=${ticket}&app_id=A123456`;
  }

  #open(): WebSocket[] { return this.connections.filter((ws) => ws.readyState === WebSocket.OPEN && !this.#silenced.has(ws)); }

  #accept(ws: WebSocket, url: string): void {
    // A URL from apps.connections.open works once.
    const ticket = new URL(url, 'ws://x').searchParams.get('ticket') ?? '';
    if (!this.#tickets.delete(ticket)) { ws.close(4001, 'invalid ticket'); return; }
    ws.on('message', (data) => this.#receive(data.toString()));
    ws.send(JSON.stringify({
      type: 'hello', num_connections: 1,
      debug_info: { host: 'applink-fake', build_number: 1, approximate_connection_time: 18_060 },
      connection_info: { app_id: 'A123456' },
    }));
    this.connections.push(ws);
    for (const w of this.#waiters.splice(0)) {
      if (this.connections.length >= w.count) w.resolve(); else this.#waiters.push(w);
    }
  }

  #receive(raw: string): void {
    let message: { envelope_id?: unknown; payload?: unknown };
    try { message = JSON.parse(raw) as typeof message; } catch { this.strays.push(raw); return; }
    const pending = typeof message.envelope_id === 'string' ? this.#pending.get(message.envelope_id) : undefined;
    if (!pending) { this.strays.push(message); return; }
    clearTimeout(pending.timer);
    this.#pending.delete(message.envelope_id as string);
    const payload = (message.payload && typeof message.payload === 'object' ? message.payload : {}) as Record<string, unknown>;
    pending.resolve({ envelopeId: message.envelope_id as string, payload, ms: Date.now() - pending.sentAt });
  }
}
