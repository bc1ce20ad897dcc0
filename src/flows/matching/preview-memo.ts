// A large preview is matched once, outside any transaction (match-preview.flow.ts): its job
// matches the round's input, and the card sent to the lead afterwards is written from the same
// result. It finds it here by the input's fingerprint; in another process (or after this one
// restarted, or once it is no longer kept) the same input is matched again, which gives the same
// result (same input, same seed).
import { createHash } from 'node:crypto';
import type { MatchInput, MatchResult } from '../../domain/matching/types.ts';
import type { BaseCtx } from '../context.ts';
import { timedMatch } from './timed-match.ts';

/** A result is kept this long after it was asked for: enough for its card to be sent. */
const KEEP_MS = 10 * 60_000;
/** Large results are large (every pair with its reasons): a few at most. */
const KEEP_AT_MOST = 2;

const kept = new Map<string, { result: Promise<MatchResult>; until: number }>();

const byJson = <T>(items: readonly T[]): T[] => items.map((x) => [JSON.stringify(x), x] as const)
  .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([, x]) => x);

/**
 * What the match depends on, as one string: the same for the same cohort read twice, whatever the
 * order of its lists (the matcher's result does not depend on it: tie-break.ts), different as
 * soon as anyone's answers, a rule, the seed or a setting differs.
 */
export function inputFingerprint(input: MatchInput): string {
  const canonical = {
    ...input,
    mentees: byJson(input.mentees), mentors: byJson(input.mentors), org: byJson(input.org ?? []),
    pastPairs: byJson(input.pastPairs ?? []), pins: byJson(input.pins ?? []), forbids: byJson(input.forbids ?? []),
    lockedPairs: byJson(input.lockedPairs ?? []), choices: byJson(input.choices ?? []),
  };
  return createHash('sha256').update(JSON.stringify(canonical)).digest('base64url');
}

/** The preview's match of `input` (whose fingerprint is `fingerprint`), matched at most once while kept. */
export function previewMatch(ctx: Pick<BaseCtx, 'deps'>, fingerprint: string, input: MatchInput): Promise<MatchResult> {
  const now = Date.now();
  for (const [key, entry] of kept) if (entry.until <= now) kept.delete(key);
  const found = kept.get(fingerprint);
  if (found) {
    found.until = now + KEEP_MS;
    return found.result;
  }
  const result = timedMatch(ctx, 'preview', input);
  kept.set(fingerprint, { result, until: now + KEEP_MS });
  // A failed match is not kept: the job's retry matches again.
  result.catch(() => { if (kept.get(fingerprint)?.result === result) kept.delete(fingerprint); });
  while (kept.size > KEEP_AT_MOST) kept.delete(kept.keys().next().value!);
  return result;
}

/** Drops every kept result, as a restart (or another process) would not have them. */
export function forgetKeptMatches(): void {
  kept.clear();
}
