// What a failed Web API call means for the caller: the person cannot be reached (do not retry),
// Slack asked us to slow down (retry after its delay), or something passing (retry later).
import { webApi } from '@slack/bolt';

/** Slack error codes that mean this person or conversation will not take our message. */
const UNREACHABLE = new Set([
  'user_disabled', 'user_not_found', 'account_inactive', 'cannot_dm_bot', 'is_archived', 'channel_not_found',
  'not_in_channel', 'messages_tab_disabled', 'user_not_visible', 'restricted_action', 'cannot_dm_user',
  'missing_scope', 'not_allowed_token_type', 'team_access_not_granted', 'invalid_users',
]);
/** Of those, the codes that mean the account itself is gone (the person is marked deactivated). */
const ACCOUNT_GONE = new Set(['user_disabled', 'user_not_found']);

export type ClassifiedError =
  | { readonly kind: 'rate_limited'; readonly retryAfterMs: number; readonly detail: string }
  | { readonly kind: 'unreachable'; readonly accountGone: boolean; readonly detail: string }
  | { readonly kind: 'transient'; readonly detail: string };

export function classifySlackError(err: unknown): ClassifiedError {
  const e = err as { code?: string; retryAfter?: number; data?: { error?: string }; message?: string };
  if (e?.code === webApi.ErrorCode.RateLimitedError) {
    const seconds = typeof e.retryAfter === 'number' && e.retryAfter >= 0 ? e.retryAfter : 1;
    return { kind: 'rate_limited', retryAfterMs: seconds * 1000, detail: 'ratelimited' };
  }
  if (e?.code === webApi.ErrorCode.PlatformError && typeof e.data?.error === 'string') {
    const code = e.data.error;
    if (UNREACHABLE.has(code)) return { kind: 'unreachable', accountGone: ACCOUNT_GONE.has(code), detail: code };
    return { kind: 'transient', detail: code };
  }
  return { kind: 'transient', detail: String(e?.code ?? e?.message ?? 'unknown error').slice(0, 200) };
}
