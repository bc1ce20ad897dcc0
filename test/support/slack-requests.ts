// Signed Slack requests, shaped like Slack's documented examples: a slash command (form
// encoded), interactivity payloads (block_actions, view_submission, form field `payload`) and
// Events API callbacks (JSON). Signing follows Slack's v0 scheme: HMAC-SHA256 of
// "v0:<timestamp>:<body>" with the signing secret.
import { createHmac, randomBytes } from 'node:crypto';

export interface SignOptions {
  /** Seconds since the epoch; defaults to now. */
  readonly timestamp?: number;
  /** Replace the computed signature (tampering), or omit the headers (null). */
  readonly signature?: string | null;
  readonly retryNum?: number;
}

export function sign(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SignedRequest { readonly body: string; readonly headers: Record<string, string> }

export function signedRequest(secret: string, body: string, contentType: string, o: SignOptions = {}): SignedRequest {
  const timestamp = o.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = { 'content-type': contentType };
  if (o.signature !== null) {
    headers['x-slack-request-timestamp'] = String(timestamp);
    headers['x-slack-signature'] = o.signature ?? sign(secret, timestamp, body);
  }
  if (o.retryNum !== undefined) { headers['x-slack-retry-num'] = String(o.retryNum); headers['x-slack-retry-reason'] = 'http_timeout'; }
  return { body, headers };
}

export const newTriggerId = (): string => `${Date.now()}.${randomBytes(4).readUInt32BE()}.${randomBytes(16).toString('hex')}`;

export interface TeamRef { readonly id: string; readonly domain: string }
export interface UserRef { readonly id: string; readonly name: string; readonly teamId: string }

/** https://docs.slack.dev/interactivity/implementing-slash-commands — the fields Slack posts. */
export function slashCommandBody(team: TeamRef, user: UserRef, text: string, responseUrl: string, triggerId: string): string {
  return new URLSearchParams({
    token: 'gIkuvaNzQIHg97ATvDxqgjtO', team_id: team.id, team_domain: team.domain, channel_id: 'C2147483705', channel_name: 'test',
    user_id: user.id, user_name: user.name, command: '/mentor', text, api_app_id: 'A123456', is_enterprise_install: 'false',
    response_url: responseUrl, trigger_id: triggerId,
  }).toString();
}

export const interactivityBody = (payload: unknown): string => new URLSearchParams({ payload: JSON.stringify(payload) }).toString();

const userObject = (user: UserRef) => ({ id: user.id, username: user.name.toLowerCase(), name: user.name.toLowerCase(), team_id: user.teamId });

/** A block_actions payload for a button in a message (channel + ts) or a view (home, modal). */
export function blockActionsPayload(team: TeamRef, user: UserRef, button: Record<string, unknown>, where:
  | { kind: 'message'; channel: string; ts: string; ephemeral: boolean; blocks: unknown[]; responseUrl: string }
  | { kind: 'view'; view: Record<string, unknown> }, triggerId: string): Record<string, unknown> {
  const action = { type: 'button', block_id: button.block_id ?? 'b1', action_id: button.action_id, text: button.text, value: button.value, action_ts: `${Date.now() / 1000}` };
  const common = {
    type: 'block_actions', user: userObject(user), api_app_id: 'A123456', token: 'gIkuvaNzQIHg97ATvDxqgjtO', trigger_id: triggerId,
    team: { id: team.id, domain: team.domain }, enterprise: null, is_enterprise_install: false, state: { values: {} }, actions: [action],
  };
  if (where.kind === 'message') {
    return {
      ...common,
      container: { type: 'message', message_ts: where.ts, channel_id: where.channel, is_ephemeral: where.ephemeral },
      channel: { id: where.channel, name: 'directmessage' },
      message: { type: 'message', user: 'UBOT', ts: where.ts, bot_id: 'BBOT', text: '', blocks: where.blocks },
      response_url: where.responseUrl,
    };
  }
  return { ...common, container: { type: 'view', view_id: where.view.id }, view: where.view };
}

/** A view_submission payload for a modal with its state values. */
export function viewSubmissionPayload(team: TeamRef, user: UserRef, view: Record<string, unknown>, values: Record<string, unknown>, triggerId: string): Record<string, unknown> {
  return {
    type: 'view_submission', team: { id: team.id, domain: team.domain }, user: userObject(user), api_app_id: 'A123456',
    token: 'gIkuvaNzQIHg97ATvDxqgjtO', trigger_id: triggerId, enterprise: null, is_enterprise_install: false, response_urls: [],
    view: { ...view, team_id: team.id, state: { values }, app_id: 'A123456', bot_id: 'BBOT', root_view_id: view.id, previous_view_id: null },
  };
}

/** An Events API envelope around app_home_opened. */
export function appHomeOpenedEnvelope(team: TeamRef, user: UserRef, eventId: string): Record<string, unknown> {
  const ts = `${Date.now() / 1000}`;
  return {
    token: 'gIkuvaNzQIHg97ATvDxqgjtO', team_id: team.id, api_app_id: 'A123456', type: 'event_callback', event_id: eventId,
    event_time: Math.floor(Date.now() / 1000), authorizations: [{ team_id: team.id, user_id: 'UBOT', is_bot: true, is_enterprise_install: false }],
    event: { type: 'app_home_opened', user: user.id, channel: `D_${user.id}`, tab: 'home', event_ts: ts },
  };
}
