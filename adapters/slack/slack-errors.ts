// What a failed Web API call means for the caller:
// - unreachable: this person or conversation will not take our message (do not retry);
// - permanent: Slack refuses this message or this installation for good (do not retry);
// - rate_limited: Slack asked us to slow down (retry after its delay);
// - transient: something passing. `uncertain` when Slack may have acted all the same: no answer
//   (timeout, connection reset) or a server error, as opposed to an `ok: false` answer, which
//   says the call did nothing.
import { webApi } from '@slack/bolt';

/** Slack error codes that mean this person or conversation will not take our message. */
const UNREACHABLE = new Set([
  'user_disabled', 'user_not_found', 'cannot_dm_bot', 'is_archived', 'channel_not_found',
  'not_in_channel', 'messages_tab_disabled', 'user_not_visible', 'restricted_action', 'cannot_dm_user',
  'team_access_not_granted', 'invalid_users', 'user_is_restricted', 'user_is_ultra_restricted',
]);
/** Of those, the codes that mean the account itself is gone (the person is marked deactivated). */
const ACCOUNT_GONE = new Set(['user_disabled', 'user_not_found']);
/**
 * Codes that no retry will change: the message itself is refused, or the installation's token
 * no longer works. (A reinstall gives a new token; deliveries decided after it go out.)
 */
const PERMANENT = new Set([
  'invalid_blocks', 'invalid_blocks_format', 'invalid_attachments', 'msg_too_long', 'no_text', 'too_many_attachments',
  'invalid_metadata_format', 'invalid_metadata_schema', 'metadata_too_large', 'metadata_must_be_sent_from_app',
  'invalid_arguments', 'invalid_arg_name', 'invalid_array_arg', 'invalid_charset', 'invalid_form_data', 'invalid_post_type',
  'missing_post_type', 'too_many_users', 'duplicate_channel_not_found', 'ekm_access_denied', 'as_user_not_supported',
  'invalid_auth', 'not_authed', 'token_revoked', 'token_expired', 'account_inactive', 'no_permission', 'org_login_required',
  'missing_scope', 'not_allowed_token_type', 'app_missing_action_url', 'team_not_found', 'enterprise_is_restricted',
]);
/** `ok: false` codes that Slack gives when it failed on its side: the call may have taken effect. */
const SERVER_SIDE = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

export type ClassifiedError =
  | { readonly kind: 'rate_limited'; readonly retryAfterMs: number; readonly detail: string }
  | { readonly kind: 'unreachable'; readonly accountGone: boolean; readonly detail: string }
  | { readonly kind: 'permanent'; readonly detail: string }
  | { readonly kind: 'transient'; readonly uncertain: boolean; readonly detail: string };

export function classifySlackError(err: unknown): ClassifiedError {
  const e = err as { code?: string; retryAfter?: number; statusCode?: number; data?: { error?: string }; message?: string };
  if (e?.code === webApi.ErrorCode.RateLimitedError) {
    const seconds = typeof e.retryAfter === 'number' && e.retryAfter >= 0 ? e.retryAfter : 1;
    return { kind: 'rate_limited', retryAfterMs: seconds * 1000, detail: 'ratelimited' };
  }
  if (e?.code === webApi.ErrorCode.PlatformError && typeof e.data?.error === 'string') {
    const code = e.data.error;
    if (UNREACHABLE.has(code)) return { kind: 'unreachable', accountGone: ACCOUNT_GONE.has(code), detail: code };
    if (PERMANENT.has(code)) return { kind: 'permanent', detail: code };
    // An answer saying what went wrong: nothing was done, unless Slack failed on its side.
    return { kind: 'transient', uncertain: SERVER_SIDE.has(code), detail: code };
  }
  if (e?.code === webApi.ErrorCode.HTTPError) {
    // A 4xx other than 429 is an answer: the request was refused before it did anything.
    const status = e.statusCode ?? 0;
    return { kind: 'transient', uncertain: status === 0 || status >= 500, detail: `http_${status || 'error'}` };
  }
  // No answer at all (timeout, connection refused or reset): the call may have gone through.
  return { kind: 'transient', uncertain: true, detail: String(e?.code ?? e?.message ?? 'unknown error').slice(0, 200) };
}
