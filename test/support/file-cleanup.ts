// Work a support module does at the end of every test file. A support module is evaluated once
// per test process, which runs several test files one after the other (vitest.config.ts), so an
// `afterAll` registered when it is first imported would only run for the first file; the setup
// file test/setup-file-cleanup.ts runs these after each file's own `afterAll` hooks instead.
type Cleanup = () => Promise<void> | void;

const registry = globalThis as typeof globalThis & { mentorFileCleanups?: Set<Cleanup> };

/** Runs `cleanup` at the end of each test file of this process (once per function). */
export function atEndOfEachFile(cleanup: Cleanup): void {
  (registry.mentorFileCleanups ??= new Set()).add(cleanup);
}

/** Runs every registered cleanup, in registration order; the first failure is thrown after all ran. */
export async function runFileCleanups(): Promise<void> {
  let failure: unknown;
  for (const cleanup of registry.mentorFileCleanups ?? []) {
    try { await cleanup(); } catch (err) { failure ??= err; }
  }
  if (failure) throw failure;
}

// Not 'exit': the logger's flush at exit is one listener per process that its library adds the
// first time and keeps (it holds only weak references), which changes nothing for the next file.
const EVENTS = ['SIGTERM', 'SIGINT', 'SIGHUP', 'unhandledRejection', 'uncaughtException'] as const;

/** What of the process a test file must leave as it found it: its environment and its listeners. */
export interface ProcessState { env: Record<string, string | undefined>; listeners: Map<string, number> }

export function processState(): ProcessState {
  return { env: { ...process.env }, listeners: new Map(EVENTS.map((event) => [event, process.listenerCount(event)])) };
}

/** What changed between two states, one phrase per change; empty when nothing did. */
export function processStateChanges(before: ProcessState, after: ProcessState): string[] {
  const changed: string[] = [];
  for (const name of new Set([...Object.keys(before.env), ...Object.keys(after.env)])) {
    if (before.env[name] !== after.env[name]) changed.push(`environment variable ${name}`);
  }
  for (const [event, count] of after.listeners) {
    const was = before.listeners.get(event) ?? 0;
    if (count !== was) changed.push(`process '${event}' listeners ${was} -> ${count}`);
  }
  return changed;
}
