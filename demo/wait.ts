// Waiting on state instead of sleeping: a check is polled every few milliseconds until it holds,
// and a step that never happens fails the demo with what it was waiting for. The deadline is
// generous (a loaded machine is slow, not wrong); a healthy run never comes near it.
import { setTimeout as delay } from 'node:timers/promises';

export class DemoStepError extends Error {
  readonly code = 'demo.step_failed';
}

export const DEFAULT_PATIENCE_MS = 180_000;

/** How long any one wait may take before the demo gives up; a slow rhythm lengthens it. */
export const patience = { ms: DEFAULT_PATIENCE_MS };

export async function waitUntil<T>(check: () => Promise<T | undefined | false> | T | undefined | false, what: string | (() => string), timeoutMs = patience.ms, everyMs = 40): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new DemoStepError(`waited ${Math.round(timeoutMs / 1000)} s for ${typeof what === 'string' ? what : what()}, in vain`);
    await delay(everyMs);
  }
}

/** Runs `work` over the items, a few at a time, in order of start. */
export async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  });
  await Promise.all(lanes);
}
