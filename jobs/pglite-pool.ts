// BullMQ's PostgreSQL backend talks to a `pg.Pool`. On the embedded database there is no server
// to connect to, so this object plays that pool over the embedded engine (PGlite in its worker
// thread, one session shared with the app):
// - each queue operation runs in its own PGlite transaction, so it waits for the app's open
//   transactions instead of landing inside them (a socket to PGlite would share one session and
//   lose jobs on an app rollback);
// - the queue's schema is set per transaction (set_config(..., true)), leaving the app's session
//   search_path alone;
// - LISTEN maps to PGlite's own listen(), so workers wake on NOTIFY instead of polling;
// - BEGIN … COMMIT on a checked-out client (only the queue's migrations do that) holds one
//   PGlite transaction open until the client decides.
import { EventEmitter } from 'node:events';
import type { EmbeddedEngine, EngineTransaction } from '../src/db/embedded-engine.ts';

interface PgResult { rows: unknown[]; rowCount: number }
type Runner = Pick<EmbeddedEngine, 'query' | 'exec'> | EngineTransaction;

// node-postgres hands int8 and numeric over as text; BullMQ expects what node-postgres does.
const AS_TEXT = { numbersAsText: true };
const LISTEN = /^\s*LISTEN\s+"?(\w+)"?\s*;?\s*$/i;
/** BullMQ's LISTEN commands come from its SQL files, comment lines first. */
const COMMENT_LINES = /^\s*--.*$/gm;

async function execute(runner: Runner, text: string, params?: readonly unknown[]): Promise<PgResult> {
  if (params && params.length > 0) {
    const result = await runner.query(text, [...params], AS_TEXT);
    return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
  }
  // Parameterless text may hold several statements (migration files): the simple protocol runs them all.
  const results = await runner.exec(text, AS_TEXT);
  const last = results.at(-1);
  return { rows: last?.rows ?? [], rowCount: last?.affectedRows ?? last?.rows.length ?? 0 };
}

/** A transaction left open across calls, ended by commit() or rollback(). */
function heldTransaction(pglite: EmbeddedEngine): Promise<{ tx: EngineTransaction; end(commit: boolean): Promise<void> }> {
  return new Promise((resolveOpen, rejectOpen) => {
    let decide!: (commit: boolean) => void;
    const decision = new Promise<boolean>((resolve) => { decide = resolve; });
    let opened = false;
    const finished = pglite.transaction(async (tx) => {
      opened = true;
      resolveOpen({ tx, end: async (commit) => { decide(commit); await finished; } });
      if (!(await decision)) await tx.rollback();
    });
    finished.catch((err: unknown) => { if (!opened) rejectOpen(err); });
  });
}

class InProcessClient extends EventEmitter {
  readonly #pglite: EmbeddedEngine;
  readonly #inSchema: (text: string, params?: readonly unknown[]) => Promise<PgResult>;
  #held: { tx: EngineTransaction; end(commit: boolean): Promise<void> } | undefined;
  readonly #unlisten: Array<() => Promise<void>> = [];

  constructor(pglite: EmbeddedEngine, inSchema: (text: string, params?: readonly unknown[]) => Promise<PgResult>) {
    super();
    this.#pglite = pglite;
    this.#inSchema = inSchema;
  }

  async query(text: string, params?: readonly unknown[]): Promise<PgResult> {
    const channel = LISTEN.exec(text.replace(COMMENT_LINES, ''))?.[1];
    if (channel) {
      this.#unlisten.push(await this.#pglite.listen(channel, (payload) => this.emit('notification', { channel, payload })));
      return { rows: [], rowCount: 0 };
    }
    const verb = text.trimStart().slice(0, 8).toUpperCase();
    if (verb.startsWith('BEGIN') && !this.#held) {
      this.#held = await heldTransaction(this.#pglite);
      return { rows: [], rowCount: 0 };
    }
    if (this.#held && (verb.startsWith('COMMIT') || verb.startsWith('ROLLBACK'))) {
      const held = this.#held;
      this.#held = undefined;
      await held.end(verb.startsWith('COMMIT'));
      return { rows: [], rowCount: 0 };
    }
    return this.#held ? execute(this.#held.tx, text, params) : this.#inSchema(text, params);
  }

  release(): void {
    for (const stop of this.#unlisten.splice(0)) void stop().catch(() => undefined);
    if (this.#held) void this.#held.end(false).catch(() => undefined);
    this.#held = undefined;
  }
}

export interface InProcessPool extends EventEmitter {
  readonly options: { keepAlive: boolean };
  query(text: string, params?: readonly unknown[]): Promise<PgResult>;
  connect(): Promise<InProcessClient>;
  end(): Promise<void>;
}

export function createInProcessPool(pglite: EmbeddedEngine, schema: string): InProcessPool {
  const inSchema = (text: string, params?: readonly unknown[]) => pglite.transaction(async (tx) => {
    await tx.query(`select set_config('search_path', $1, true)`, [schema]);
    return execute(tx, text, params);
  });
  const pool = Object.assign(new EventEmitter(), {
    // Without keep-alive BullMQ caps a blocked wait at 10 s, a safe ceiling for an in-process link.
    options: { keepAlive: false },
    query: inSchema,
    connect: async () => new InProcessClient(pglite, inSchema),
    // The app owns the embedded database and closes it.
    end: async () => undefined,
  });
  // Every queue and worker adds an 'error' listener to the pool it is given and keeps it.
  pool.setMaxListeners(0);
  return pool;
}
