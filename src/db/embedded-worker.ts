// The worker thread that owns the embedded database (see embedded-engine.ts for why). It runs one
// PGlite and answers the main thread's messages; a transaction stays open across messages until
// the main thread ends it, holding PGlite's session exclusively as PGlite's own transaction() does.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, types as pgliteTypes, type PGliteOptions, type Transaction } from '@electric-sql/pglite';

/** A compiled WebAssembly module (the DOM's type is not in this project's libraries). */
export type WasmModule = NonNullable<PGliteOptions['pgliteWasmModule']>;

export interface EngineStart {
  dataDir?: string;
  template?: Uint8Array;
  settings: string[];
  pgliteModule: WasmModule;
  /** The memory PGlite starts with, in bytes: the minimum the module was rewritten to (wasm-memory.ts). */
  initialMemory?: number;
  /** Given only when the database does not exist yet: then initdb runs. */
  initdbModule?: WasmModule;
}

type Compression = 'none' | 'gzip' | 'auto';
export type EngineRequest =
  | { op: 'ready' }
  | { op: 'query'; text: string; params: unknown[]; numbersAsText: boolean; tx?: number }
  | { op: 'exec'; text: string; numbersAsText: boolean; tx?: number }
  | { op: 'begin' }
  | { op: 'rollback'; tx: number }
  | { op: 'end'; tx: number; commit: boolean }
  | { op: 'listen'; channel: string }
  | { op: 'unlisten'; listener: number }
  | { op: 'dump'; compression: Compression }
  | { op: 'close' };

export interface WireResults { rows: unknown[]; affectedRows?: number; fields: Array<{ name: string; dataTypeID: number }> }
/** A PostgreSQL error's message and fields (code, detail, constraint…): an Error's own fields do not cross threads. */
export interface SerializedError { name: string; message: string; fields: Record<string, unknown> }

export type EngineReply =
  | { kind: 'done'; id: number }
  | { kind: 'results'; id: number; results: WireResults }
  | { kind: 'resultList'; id: number; results: WireResults[] }
  | { kind: 'begun'; id: number; tx: number }
  | { kind: 'listening'; id: number; listener: number }
  | { kind: 'dump'; id: number; bytes: Uint8Array }
  | { kind: 'error'; id: number; error: SerializedError }
  | { kind: 'notification'; listeners: number[]; payload: string };

// Both drivers hand the app the same JS types (see connect.ts); the job store wants int8 and
// numeric as text, as node-postgres gives them.
const toNumber = (value: string) => Number(value);
const keepText = (value: string) => value;
const APP_PARSERS = { [pgliteTypes.INT8]: toNumber, [pgliteTypes.NUMERIC]: toNumber, [pgliteTypes.DATE]: keepText };
const TEXT_NUMBERS = { parsers: { [pgliteTypes.INT8]: keepText, [pgliteTypes.NUMERIC]: keepText } };

/**
 * Memory: PostgreSQL's defaults assume a server of its own (128 MB of shared buffers, all of it
 * inside PGlite's WebAssembly memory). A pilot's database is a few tens of megabytes and the OS
 * caches its files anyway.
 */
export const LEAN_SETTINGS = ['shared_buffers=16MB', 'wal_buffers=1MB', 'temp_buffers=2MB', 'maintenance_work_mem=16MB'];

function serializeError(err: unknown): SerializedError {
  if (!(err instanceof Error)) return { name: 'Error', message: String(err), fields: {} };
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(err)) {
    if (value === undefined || typeof value === 'function' || key === 'query' || key === 'params') continue;
    if (typeof value === 'object' && value !== null) continue;
    fields[key] = value;
  }
  return { name: err.name, message: err.message, fields };
}

const toWire = (r: { rows: unknown[]; affectedRows?: number; fields: Array<{ name: string; dataTypeID: number }> }): WireResults =>
  ({ rows: r.rows, fields: r.fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID })), ...(r.affectedRows === undefined ? {} : { affectedRows: r.affectedRows }) });

function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

async function main(): Promise<void> {
  if (!parentPort) throw new Error('embedded-worker.ts runs as a worker thread');
  const port = parentPort;
  const start = workerData as EngineStart;
  const settings = [...LEAN_SETTINGS, ...start.settings];
  const opening = PGlite.create({
    ...(start.dataDir ? { dataDir: start.dataDir } : {}),
    ...(start.template ? { loadDataDir: new Blob([start.template]) } : {}),
    pgliteWasmModule: start.pgliteModule,
    ...(start.initialMemory ? { initialMemory: start.initialMemory } : {}),
    ...(start.initdbModule ? { initdbWasmModule: start.initdbModule } : {}),
    // initdb's own PostgreSQL runs with the lean settings too (with its default 128 MB of shared
    // buffers it touched about 110 MB more); they are also written in the new postgresql.conf.
    initDbStartParams: LEAN_SETTINGS.flatMap((setting) => ['-c', setting]),
    startParams: [...PGlite.defaultStartParams, ...settings.flatMap((setting) => ['-c', setting])],
    parsers: APP_PARSERS,
  });
  opening.catch(() => undefined);
  // Opening a new database runs initdb in a second PostgreSQL and keeps their WebAssembly
  // memories (about 350 MB before they started small, see wasm-memory.ts) until this thread's next full garbage collection, which an idle
  // thread may never reach: one is asked for once the database is open.
  opening.then(collectGarbage, () => undefined);

  const transactions = new Map<number, { tx: Transaction; decide(commit: boolean): void; finished: Promise<void> }>();
  const listeners = new Map<number, { channel: string; stop(): Promise<void> }>();
  let nextTx = 1;
  let nextListener = 1;
  let closing = false;

  const reply = (message: EngineReply) => port.postMessage(message);

  async function handle(id: number, request: EngineRequest): Promise<void> {
    const pglite = await opening;
    const runner = (tx?: number) => {
      if (tx === undefined) return pglite;
      const open = transactions.get(tx);
      if (!open) throw new Error('db.transaction_closed: this transaction has ended');
      return open.tx;
    };
    switch (request.op) {
      case 'ready':
        reply({ kind: 'done', id });
        return;
      case 'query': {
        const result = await runner(request.tx).query(request.text, request.params, request.numbersAsText ? TEXT_NUMBERS : undefined);
        reply({ kind: 'results', id, results: toWire(result) });
        return;
      }
      case 'exec': {
        const results = await runner(request.tx).exec(request.text, request.numbersAsText ? TEXT_NUMBERS : undefined);
        reply({ kind: 'resultList', id, results: results.map(toWire) });
        return;
      }
      case 'begin': {
        const txId = nextTx++;
        let begun = false;
        let decide!: (commit: boolean) => void;
        const decision = new Promise<boolean>((resolve) => { decide = resolve; });
        const entry = { decide, finished: Promise.resolve() };
        entry.finished = pglite.transaction(async (tx) => {
          begun = true;
          transactions.set(txId, { tx, ...entry });
          reply({ kind: 'begun', id, tx: txId });
          if (!(await decision)) await tx.rollback();
        });
        await entry.finished.catch((err: unknown) => { if (!begun) throw err; });
        return;
      }
      case 'rollback':
        await runner(request.tx).rollback();
        reply({ kind: 'done', id });
        return;
      case 'end': {
        const open = transactions.get(request.tx);
        if (!open) throw new Error('db.transaction_closed: this transaction has ended');
        transactions.delete(request.tx);
        open.decide(request.commit);
        await open.finished;
        reply({ kind: 'done', id });
        return;
      }
      case 'listen': {
        const listener = nextListener++;
        const stop = await pglite.listen(request.channel, (payload) => reply({ kind: 'notification', listeners: [listener], payload }));
        listeners.set(listener, { channel: request.channel, stop });
        reply({ kind: 'listening', id, listener });
        return;
      }
      case 'unlisten':
        await listeners.get(request.listener)?.stop();
        listeners.delete(request.listener);
        reply({ kind: 'done', id });
        return;
      case 'dump': {
        const dump = await pglite.dumpDataDir(request.compression);
        const bytes = new Uint8Array(await dump.arrayBuffer());
        port.postMessage({ kind: 'dump', id, bytes } satisfies EngineReply, [bytes.buffer]);
        return;
      }
      case 'close':
        if (closing) return;
        closing = true;
        // Open transactions are rolled back: their owners are gone or shutting down.
        for (const open of transactions.values()) open.decide(false);
        await Promise.allSettled([...transactions.values()].map((open) => open.finished));
        // A checkpoint first, so a restart replays no WAL; close() then writes everything out.
        await pglite.exec('checkpoint').catch(() => undefined);
        await pglite.close();
        reply({ kind: 'done', id });
        port.close();
        return;
    }
  }

  port.on('message', ({ id, request }: { id: number; request: EngineRequest }) => {
    handle(id, request).catch((err: unknown) => reply({ kind: 'error', id, error: serializeError(err) }));
  });
}

await main();
