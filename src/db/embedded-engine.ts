// The embedded PostgreSQL (PGlite) runs in a worker thread of its own. PGlite computes every
// query on the thread that owns it, so in the server's thread a busy database (a job backlog, a
// migration) held the event loop: Slack's 3-second acks, /healthz and timers waited behind it.
// Here the server's thread only posts messages; the worker runs PGlite, and each answer arrives
// as a message, a turn of the event loop of its own.
//
// This object offers what Kysely's PGlite dialect and the embedded job store use of a PGlite
// instance (query, exec, transaction, listen, dumpDataDir, close), with the same semantics: one
// session, a transaction holds it exclusively and other statements wait for its end.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { withSmallerMemory } from './wasm-memory.ts';
import { compileBaselineOnlyGiants } from './wasm-tiering.ts';
import type { EngineRequest, EngineReply, EngineStart, SerializedError, WasmModule, WireResults } from './embedded-worker.ts';

export interface EngineQueryOptions {
  rowMode?: 'object' | 'array';
  /** Hand int8 and numeric over as text, as node-postgres does (the job store expects that). */
  numbersAsText?: boolean;
}

export interface EngineResults<T = Record<string, unknown>> {
  rows: T[];
  affectedRows?: number;
  fields: Array<{ name: string; dataTypeID: number }>;
}

export interface EngineTransaction {
  query<T>(text: string, params?: unknown[], options?: EngineQueryOptions): Promise<EngineResults<T>>;
  exec(text: string, options?: EngineQueryOptions): Promise<EngineResults[]>;
  rollback(): Promise<void>;
}

/** What the app and the job store use of the embedded database. */
export interface EmbeddedEngine {
  readonly ready: boolean;
  readonly closed: boolean;
  readonly waitReady: Promise<void>;
  query<T>(text: string, params?: unknown[], options?: EngineQueryOptions): Promise<EngineResults<T>>;
  exec(text: string, options?: EngineQueryOptions): Promise<EngineResults[]>;
  transaction<T>(work: (tx: EngineTransaction) => Promise<T>): Promise<T>;
  /** Calls `onPayload` for each NOTIFY on `channel`; the returned function stops listening. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  /** A tarball of the whole database (tests start other databases from it). */
  dumpDataDir(compression?: 'none' | 'gzip' | 'auto'): Promise<Blob>;
  /** Checkpoints and closes the database, then ends the worker. */
  close(): Promise<void>;
}

export interface EngineOptions {
  dataDir?: string | undefined;
  template?: Blob | undefined;
  /** PostgreSQL settings (`name=value`) given at start, after the defaults below. */
  settings?: readonly string[] | undefined;
}

/** The error a query gets once the worker is gone (closed, or died). */
export class EmbeddedDatabaseStoppedError extends Error {
  readonly code = 'embedded_db_stopped';
}

interface Pending { resolve(value: EngineReply): void; reject(err: Error): void; trace: Error }

// PGlite's WebAssembly compiled once per process and shared by every worker of it (tests open
// many databases): a compiled module can be posted to a worker.
let compiledPglite: Promise<{ module: WasmModule; initialMemory: number | undefined }> | undefined;
let compiledInitdb: Promise<WasmModule> | undefined;
const requireHere = createRequire(import.meta.url);
const pgliteFile = (file: string): Promise<Uint8Array> =>
  readFile(`${requireHere.resolve('@electric-sql/pglite').replace(/[^/\\]+$/, '')}${file}`);
// PostgreSQL's giant functions stay on V8's baseline compiler (wasm-tiering.ts), and its memory
// starts small (wasm-memory.ts): both for memory.
async function compilePglite(): Promise<{ module: WasmModule; initialMemory: number | undefined }> {
  const { bytes, initialMemory } = withSmallerMemory(await pgliteFile('pglite.wasm'));
  return { module: await compileBaselineOnlyGiants(bytes) as WasmModule, initialMemory };
}

function revive(wire: SerializedError, trace: Error): Error {
  const err = new Error(wire.message) as Error & Record<string, unknown>;
  for (const [key, value] of Object.entries(wire.fields)) err[key] = value;
  err.name = wire.name;
  // Where the query was asked from, which is what a reader of the error wants to see.
  err.stack = `${wire.name}: ${wire.message}${trace.stack?.replace(/^[^\n]*/, '') ?? ''}`;
  return err;
}

class WorkerEngine implements EmbeddedEngine {
  readonly waitReady: Promise<void>;
  #ready = false;
  #closed = false;
  #stopped: Error | undefined;
  #closing: Promise<void> | undefined;
  readonly #worker: Worker;
  readonly #pending = new Map<number, Pending>();
  readonly #listeners = new Map<number, (payload: string) => void>();
  #nextId = 1;

  constructor(start: EngineStart) {
    // The template's bytes are a copy made for this worker: handed over, not copied again.
    const transferList = start.template ? [start.template.buffer as ArrayBuffer] : [];
    this.#worker = new Worker(new URL('./embedded-worker.ts', import.meta.url), { workerData: start, transferList });
    // Idle, the worker must not keep the process alive; a request under way does (see #send).
    this.#worker.unref();
    this.#worker.on('message', (message: EngineReply) => this.#onMessage(message));
    this.#worker.on('error', (err) => this.#stop(new EmbeddedDatabaseStoppedError(`db.embedded_stopped: the embedded database failed: ${err.message}`, { cause: err })));
    this.#worker.on('exit', (code) => this.#stop(new EmbeddedDatabaseStoppedError(
      this.#closing ? 'db.embedded_closed: the embedded database is closed' : `db.embedded_stopped: the embedded database's worker ended (exit code ${code})`,
    )));
    this.waitReady = this.#send({ op: 'ready' }).then(() => { this.#ready = true; });
    // A start that fails is reported to whoever awaits waitReady; this keeps it from being unhandled meanwhile.
    this.waitReady.catch(() => undefined);
  }

  get ready(): boolean { return this.#ready; }
  get closed(): boolean { return this.#closed; }

  async query<T>(text: string, params?: unknown[], options?: EngineQueryOptions): Promise<EngineResults<T>> {
    return this.#results(await this.#send({ op: 'query', text, params: params ?? [], numbersAsText: options?.numbersAsText === true })) as EngineResults<T>;
  }

  async exec(text: string, options?: EngineQueryOptions): Promise<EngineResults[]> {
    return this.#resultList(await this.#send({ op: 'exec', text, numbersAsText: options?.numbersAsText === true }));
  }

  async transaction<T>(work: (tx: EngineTransaction) => Promise<T>): Promise<T> {
    const begun = await this.#send({ op: 'begin' });
    if (begun.kind !== 'begun') throw new Error('db.embedded_protocol: no transaction id');
    const id = begun.tx;
    let open = true;
    const tx: EngineTransaction = {
      query: async <R>(text: string, params?: unknown[], options?: EngineQueryOptions) => {
        if (!open) throw new Error('db.transaction_closed: this transaction has ended');
        return this.#results(await this.#send({ op: 'query', text, params: params ?? [], numbersAsText: options?.numbersAsText === true, tx: id })) as EngineResults<R>;
      },
      exec: async (text: string, options?: EngineQueryOptions) => {
        if (!open) throw new Error('db.transaction_closed: this transaction has ended');
        return this.#resultList(await this.#send({ op: 'exec', text, numbersAsText: options?.numbersAsText === true, tx: id }));
      },
      rollback: async () => {
        if (!open) return;
        await this.#send({ op: 'rollback', tx: id });
      },
    };
    let result: T;
    try {
      result = await work(tx);
    } catch (err) {
      open = false;
      await this.#send({ op: 'end', tx: id, commit: false }).catch(() => undefined);
      throw err;
    }
    open = false;
    await this.#send({ op: 'end', tx: id, commit: true });
    return result;
  }

  async listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>> {
    const reply = await this.#send({ op: 'listen', channel });
    if (reply.kind !== 'listening') throw new Error('db.embedded_protocol: no listener id');
    const id = reply.listener;
    this.#listeners.set(id, onPayload);
    return async () => {
      if (!this.#listeners.delete(id) || this.#stopped) return;
      await this.#send({ op: 'unlisten', listener: id });
    };
  }

  async dumpDataDir(compression: 'none' | 'gzip' | 'auto' = 'auto'): Promise<Blob> {
    const reply = await this.#send({ op: 'dump', compression });
    if (reply.kind !== 'dump') throw new Error('db.embedded_protocol: no dump');
    return new Blob([reply.bytes]);
  }

  close(): Promise<void> {
    this.#closing ??= (async () => {
      if (!this.#stopped) {
        // The worker checkpoints, closes PGlite (everything written to DATA_DIR) and exits.
        const exited = new Promise<void>((resolve) => { this.#worker.once('exit', () => resolve()); });
        await this.#send({ op: 'close' }).catch(() => undefined);
        // Held until the thread is gone: the process waits for the files to be closed.
        this.#worker.ref();
        await exited;
      }
      this.#closed = true;
    })();
    return this.#closing;
  }

  #send(request: EngineRequest): Promise<EngineReply> {
    if (this.#stopped) return Promise.reject(this.#stopped);
    if (this.#closing && request.op !== 'close') return Promise.reject(new EmbeddedDatabaseStoppedError('db.embedded_closed: the embedded database is closed'));
    const id = this.#nextId++;
    const trace = new Error();
    return new Promise<EngineReply>((resolve, reject) => {
      if (this.#pending.size === 0) this.#worker.ref();
      this.#pending.set(id, { resolve, reject, trace });
      this.#worker.postMessage({ id, request });
    });
  }

  #onMessage(message: EngineReply): void {
    if (message.kind === 'notification') {
      for (const [id, onPayload] of this.#listeners) if (message.listeners.includes(id)) onPayload(message.payload);
      return;
    }
    const pending = this.#pending.get(message.id);
    if (!pending) return;
    this.#pending.delete(message.id);
    if (this.#pending.size === 0) this.#worker.unref();
    if (message.kind === 'error') pending.reject(revive(message.error, pending.trace));
    else pending.resolve(message);
  }

  #stop(reason: Error): void {
    this.#stopped ??= reason;
    this.#closed = true;
    for (const pending of this.#pending.values()) pending.reject(this.#stopped);
    this.#pending.clear();
    this.#listeners.clear();
  }

  #results(reply: EngineReply): EngineResults {
    if (reply.kind !== 'results') throw new Error('db.embedded_protocol: expected one result');
    return fromWire(reply.results);
  }

  #resultList(reply: EngineReply): EngineResults[] {
    if (reply.kind !== 'resultList') throw new Error('db.embedded_protocol: expected a list of results');
    return reply.results.map(fromWire);
  }
}

function fromWire(wire: WireResults): EngineResults {
  return { rows: wire.rows as Array<Record<string, unknown>>, fields: wire.fields, ...(wire.affectedRows === undefined ? {} : { affectedRows: wire.affectedRows }) };
}

/** Starts the embedded database in a worker thread; resolves once it accepts queries. */
export async function startEmbeddedEngine(options: EngineOptions): Promise<EmbeddedEngine> {
  compiledPglite ??= compilePglite();
  // initdb runs only for a database that does not exist yet (neither a dump nor a folder holding one).
  const fresh = !options.template && !(options.dataDir && existsSync(join(options.dataDir, 'PG_VERSION')));
  if (fresh) compiledInitdb ??= pgliteFile('initdb.wasm').then((bytes) => compileBaselineOnlyGiants(bytes) as Promise<WasmModule>);
  const pglite = await compiledPglite;
  const engine = new WorkerEngine({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.template ? { template: new Uint8Array(await options.template.arrayBuffer()) } : {}),
    settings: [...(options.settings ?? [])],
    pgliteModule: pglite.module,
    ...(pglite.initialMemory ? { initialMemory: pglite.initialMemory } : {}),
    ...(fresh && compiledInitdb ? { initdbModule: await compiledInitdb } : {}),
  });
  try {
    await engine.waitReady;
  } catch (err) {
    await engine.close();
    throw err;
  }
  return engine;
}
