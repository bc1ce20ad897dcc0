// How hard a delivery is tried, and what is done when an earlier attempt may have gone out on a
// platform that cannot be asked (Teams: bots have no history look-up in personal chats).
import type { Platform } from '../domain/model.ts';

/** Attempts before a delivery fails for good (reported to leads as undelivered). */
export const MAX_ATTEMPTS = 8;
/** First wait after a failed attempt; it doubles at each attempt (2 s, 4 s … 128 s, about 4 min in all). */
export const BACKOFF_BASE_MS = 2_000;
/**
 * 429 answers waited out (for the platform's Retry-After) without using an attempt. Past this,
 * each further 429 uses one, so a delivery the platform keeps refusing still ends.
 */
export const MAX_THROTTLED_WAITS = 20;

/**
 * The wait after `attempts` failed attempts: exponential from BACKOFF_BASE_MS, with jitter (a
 * random half of it taken off) so that a burst of failures does not retry in step.
 */
export function backoffMs(attempts: number, random: () => number = Math.random): number {
  const full = BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1);
  return Math.round(full * (1 - 0.5 * random()));
}

/**
 * Kinds sent at most once when an attempt's outcome is unknown and the platform cannot be asked:
 * reminders and nudges, where a second copy is worse than a miss (the next reminder, digest or
 * scan makes up for one lost). Every other kind (proposals, introductions, prompts, notices of
 * a change) is sent again: a missed one costs more than a duplicate.
 */
export const AT_MOST_ONCE_KINDS: ReadonlySet<string> = new Set([
  'proposal.reminder', 'survey.reminder', 'pair.first_meeting_nudge', 'risk.nudge', 'lead.digest', 'checkin.missed',
  'shortlist.reminder',
  // The first guide: `guide` shows it again at any time.
  'guide.first',
]);

/**
 * Platforms whose bots cannot open a group conversation (Teams): a message to a pair reaches each
 * member as their own copy (the messenger's copiesPerMember), so what the bot tells people about
 * such a message must not speak of a group message.
 */
export const pairMessagesAreCopies = (platform: Platform): boolean => platform === 'teams';
